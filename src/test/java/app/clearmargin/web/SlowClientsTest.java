package app.clearmargin.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Clients that are slow or gone: one that closes the connection in the middle of an answer is not a server error. */
@ExtendWith(OutputCaptureExtension.class)
class SlowClientsTest extends ApiTest {

    @Autowired
    LoggingSystem logging;

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
        assertThat(next).as("one line, no stack trace: what follows is the next log line or nothing")
                .matches("(\\d{4}-\\d\\d-\\d\\dT.*)?");
    }

    private void requestAndReset(String target) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + api.key() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getInputStream().readNBytes(64);
        socket.setSoLinger(true, 0); // close with a reset, as a client that crashed or gave up
        socket.close();
    }
}
