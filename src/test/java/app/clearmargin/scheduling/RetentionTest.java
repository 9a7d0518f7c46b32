package app.clearmargin.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retention (API.md §3): events and their deliveries are kept 30 days, audit entries one year; an
 * event not yet dispatched is never purged, nor a delivery still due or attempted within 30 days.
 */
class RetentionTest extends ApiTest {

    @Autowired
    Retention retention;

    @Autowired
    DSLContext db;

    WebhookReceiver receiver;
    BillingScenario billing;
    String webhookId;

    @BeforeAll
    void subscribe() {
        receiver = WebhookReceiver.start();
        billing = new BillingScenario(api);
        webhookId = createId("webhooks", Map.of("url", receiver.url("kept"), "events", List.of("invoice_sent")));
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** Sends an invoice at {@code at}; returns its invoice_sent event once delivered. */
    private JsonNode invoiceSentAt(Instant at) {
        clock.set(at);
        try {
            String clientId = billing.clientWithContact().clientId();
            String invoice = billing.sentInvoice(clientId, new BigDecimal("10.00"))
                    .get("id")
                    .asString();
            Api.Response r = api.post("/api/testing/run-jobs", Map.of());
            assertThat(r.status()).isEqualTo(200);
            return api.get("/api/events" + Api.q("where[documentId][equals]", invoice, "depth", 0))
                    .json()
                    .get("docs")
                    .get(0);
        } finally {
            clock.set(null);
        }
    }

    private int deliveriesOf(JsonNode event) {
        return api.get("/api/webhook-deliveries/count"
                        + Api.q("where[event][equals]", event.get("id").asString()))
                .json()
                .get("totalDocs")
                .asInt();
    }

    private int auditEntriesOf(String documentId) {
        return api.get("/api/audit-log/count" + Api.q("where[documentId][equals]", documentId))
                .json()
                .get("totalDocs")
                .asInt();
    }

    @Test
    void eventsAndDeliveriesGoAfterThirtyDaysAuditEntriesAfterAYear() {
        Instant now = clock.instant();
        JsonNode old = invoiceSentAt(now.minus(Duration.ofDays(31)));
        JsonNode recent = invoiceSentAt(now.minus(Duration.ofDays(29)));
        clock.set(now.minus(Duration.ofDays(367)));
        String ancientClient = createId("clients", Map.of("name", "Long gone"));
        clock.set(now.minus(Duration.ofDays(364)));
        String oldClient = createId("clients", Map.of("name", "Still audited"));
        clock.set(null);
        assertThat(deliveriesOf(old)).isEqualTo(1);
        assertThat(auditEntriesOf(ancientClient)).isEqualTo(1);

        retention.purge();

        assertThat(api.get("/api/events/" + old.get("id").asString()).status()).isEqualTo(404);
        assertThat(deliveriesOf(old)).isZero();
        assertThat(api.get("/api/events/" + recent.get("id").asString()).status())
                .isEqualTo(200);
        assertThat(deliveriesOf(recent)).isEqualTo(1);
        assertThat(auditEntriesOf(ancientClient)).isZero();
        assertThat(auditEntriesOf(oldClient)).isEqualTo(1);
    }

    /** A delivery redelivered lately, or still to be attempted, stays in the log whatever its age. */
    @Test
    void aDeliveryIsKeptAMonthFromItsLastAttemptAndWhileItIsDue() {
        Instant now = clock.instant();
        JsonNode redelivered = invoiceSentAt(now.minus(Duration.ofDays(40)));
        JsonNode due = invoiceSentAt(now.minus(Duration.ofDays(40)));
        var deliveries = DSL.table("webhook_deliveries");
        db.update(deliveries)
                .set(DSL.field("last_attempt_at"), now.minus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC))
                .where(deliveryOf(redelivered))
                .execute();
        db.update(deliveries)
                .set(DSL.field("status"), "retrying")
                .set(
                        DSL.field("next_attempt_at"),
                        now.plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC))
                .where(deliveryOf(due))
                .execute();

        retention.purge();

        assertThat(deliveriesOf(redelivered)).isEqualTo(1);
        assertThat(deliveriesOf(due)).isEqualTo(1);
    }

    private Condition deliveryOf(JsonNode event) {
        return DSL.field("organization_id")
                .eq(organization.id())
                .and(DSL.field("event_id")
                        .eq(Ids.parse("evt", event.get("id").asString()).orElseThrow()));
    }

    /**
     * Checked inside one transaction that is rolled back afterwards, so the delivery loop never sees
     * the event as undispatched (it would dispatch it again at once).
     */
    @Test
    void anEventNotYetDispatchedIsKeptHoweverOld() {
        JsonNode old = invoiceSentAt(clock.instant().minus(Duration.ofDays(40)));
        var oldEvent = DSL.field("organization_id")
                .eq(organization.id())
                .and(DSL.field("id")
                        .eq(Ids.parse("evt", old.get("id").asString()).orElseThrow()));

        boolean kept = tx.execute(s -> {
            db.update(DSL.table("events"))
                    .set(DSL.field("dispatched"), false)
                    .where(oldEvent)
                    .execute();
            retention.purge();
            s.setRollbackOnly();
            return db.fetchExists(DSL.table("events"), oldEvent);
        });

        assertThat(kept).isTrue();
    }
}
