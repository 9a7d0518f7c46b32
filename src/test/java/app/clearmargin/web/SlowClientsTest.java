package app.clearmargin.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Clients that are slow or gone: a request head dripped byte by byte is cut at the 20 s deadline,
 * and a client that closes the connection in the middle of an answer is not a server error.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowClientsTest extends ApiTest {

    @Autowired
    LoggingSystem logging;

    @Test
    void connectionDrippingItsHeadersIsClosedTwentySecondsAfterItsFirstByte() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Long closedAfterMillis = null;
            // one byte a second: each resets Tomcat's 20 s read timeout; bounded at 40 s
            while (closedAfterMillis == null && System.nanoTime() - start < 40_000_000_000L) {
                try {
                    out.write('a');
                    out.flush();
                    if (in.read() == -1) {
                        closedAfterMillis = (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // nothing to read yet: the connection is still open, drip the next byte
                } catch (IOException reset) {
                    closedAfterMillis = (System.nanoTime() - start) / 1_000_000;
                }
            }

            assertThat(closedAfterMillis)
                    .as("connection closed while the headers were dripping")
                    .isNotNull()
                    .isBetween(19_000L, 21_500L);
        }
    }

    @Test
    void clientClosingTheConnectionMidAnswerIsLoggedAtDebugInOneLine(CapturedOutput output) throws Exception {
        String notes = "n".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            createId("clients", Map.of("name", "Large " + i, "notes", notes));
        }
        logging.setLogLevel(ErrorResponder.class.getName(), LogLevel.DEBUG);
        try {
            // about 1 MB of answer against a 4 KiB receive window: the server is still writing when the reset comes
            for (int attempt = 0; attempt < 5 && !output.getOut().contains("client went away"); attempt++) {
                requestAndReset("/api/clients?limit=100&depth=0");
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!output.getOut().contains("client went away") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
        } finally {
            logging.setLogLevel(ErrorResponder.class.getName(), null);
        }

        String log = output.getOut() + output.getErr();
        assertThat(log).as("no ERROR line").doesNotContain(" ERROR ");
        assertThat(log).contains("client went away");
        String after = log.substring(log.indexOf("client went away"));
        String next = after.lines().skip(1).findFirst().orElse("");
        assertThat(next)
                .as("one line, no stack trace: what follows is the next log line or nothing")
                .matches("(\\d{4}-\\d\\d-\\d\\dT.*)?");
    }

    private void requestAndReset(String target) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.getOutputStream()
                .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.key()
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getInputStream().readNBytes(64);
        socket.setSoLinger(true, 0); // close with a reset, as a client that crashed or gave up
        socket.close();
    }
}
