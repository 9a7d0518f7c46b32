package app.clearmargin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Receivers drop idle keep-alive connections. When a delivery goes out on one the receiver has just
 * closed, no byte comes back: that is not the endpoint failing, and the delivery is sent again at
 * once on a new connection rather than recorded as a failure and retried a minute later.
 */
class StaleConnectionTest extends ApiTest {

    @Autowired
    WebhookSender sender;

    private ServerSocket server;

    @AfterEach
    void stopReceiver() throws IOException {
        server.close();
    }

    @Test
    void aDeliveryMeetingAConnectionTheReceiverClosedIsSentAgainOnANewOne() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // each connection answers its first request (keep-alive) and closes, unread, when the next arrives
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> answerOnceThenDrop(socket, answered));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        String url = "http://127.0.0.1:" + server.getLocalPort() + "/hook";
        LeasedDelivery first = delivery(url);
        LeasedDelivery second = delivery(url);

        Outcome one = sender.send(first);
        Outcome two = sender.send(second); // goes out on the kept-alive connection first

        assertThat(one.success()).as("first: %s", one).isTrue();
        assertThat(two.success()).as("second: %s", two).isTrue();
        assertThat(answered).hasValue(2);
    }

    private static LeasedDelivery delivery(String url) {
        String body =
                "{\"id\":\"evt_x\",\"event\":\"invoice_sent\",\"timestamp\":\"2026-03-02T09:00:00.000Z\",\"data\":{}}";
        return new LeasedDelivery(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "invoice_sent",
                0,
                body,
                Instant.now(),
                url,
                "whsec_0123456789");
    }

    private static void answerOnceThenDrop(Socket socket, AtomicInteger answered) {
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            int length = 0;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.skip(length);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answered.incrementAndGet();
            in.read(); // the next request on this connection arrives: drop the connection without answering
        } catch (IOException e) {
            // the client went away first
        }
    }
}
