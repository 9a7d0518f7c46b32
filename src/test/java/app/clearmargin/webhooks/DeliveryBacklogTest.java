package app.clearmargin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A backlog of deliveries to one endpoint drains as fast as the endpoint answers, without anything
 * nudging the delivery loop: a sender that finishes wakes the loop to claim the endpoint's next
 * delivery. (Before, the loop claimed at most {@link EndpointSenders#PER_ENDPOINT} deliveries per
 * endpoint and then slept a second, so 80 queued events took about ten seconds.)
 */
class DeliveryBacklogTest extends ApiTest {

    private static final int EVENTS = 80;

    @Autowired
    DSLContext db;

    private HttpServer receiver;

    @AfterAll
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void queuedEventsDrainWithoutWaitingForTheLoopsTick() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            received.add(ex.getRequestHeaders().getFirst("X-Webhook-Id"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        assertThat(api.post("/api/webhooks", Map.of("url", url, "events", List.of("*")))
                        .status())
                .isEqualTo(201);

        // queued straight into the outbox, as events committed while the node was busy or down
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        var insert = db.insertInto(
                DSL.table("events"),
                DSL.field("organization_id"),
                DSL.field("id"),
                DSL.field("type"),
                DSL.field("document_type"),
                DSL.field("document_id"),
                DSL.field("data"),
                DSL.field("dispatched"),
                DSL.field("created_at"),
                DSL.field("updated_at"));
        for (int i = 0; i < EVENTS; i++) {
            insert = insert.values(
                    organization.id(),
                    UUID.randomUUID(),
                    "invoice_sent",
                    "invoice",
                    "inv_backlog" + i,
                    JSONB.valueOf("{\"documentType\":\"invoice\",\"documentId\":\"inv_backlog" + i + "\"}"),
                    false,
                    now.plusNanos(i * 1000L),
                    now.plusNanos(i * 1000L));
        }
        insert.execute();

        // one loop tick (≤ 1 s) dispatches them; at PER_ENDPOINT a second the rest would take ~10 s
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (received.size() < EVENTS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).hasSize(EVENTS);
    }
}
