package app.clearmargin.events;

import static app.clearmargin.support.BillingScenario.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.collections.WriteContext;
import app.clearmargin.collections.WriteContexts;
import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.webhooks.Deliveries;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Events are written in the transaction of the change that causes them (API.md §4, §5): a refused
 * or rolled-back action leaves no event, no delivery and nothing on the wire; a rolled-back
 * time-based event does not use up its "once".
 */
class OutboxTransactionTest extends ApiTest {

    @Autowired
    Events events;

    @Autowired
    WriteContexts contexts;

    @Autowired
    Deliveries deliveries;

    @Autowired
    DSLContext db;

    WebhookReceiver receiver;
    BillingScenario billing;

    @BeforeAll
    void subscribeToEverything() {
        receiver = WebhookReceiver.start();
        billing = new BillingScenario(api);
        createId("webhooks", Map.of("url", receiver.url("all"), "events", List.of("*")));
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** Nothing happened about {@code documentId}: no event stored, none queued, none sent, no audit entry. */
    private void assertNothingEmittedFor(String documentId, String requestId) {
        deliveries.runDue();
        Api.Response stored = api.get("/api/events/count" + Api.q("where[documentId][equals]", documentId));
        assertThat(stored.json().get("totalDocs").asInt())
                .as("events about %s", documentId)
                .isZero();
        assertThat(receiver.all()).noneMatch(r -> documentId.equals(r.documentId()));
        Api.Response audit = api.get("/api/audit-log/count" + Api.q("where[requestId][equals]", requestId));
        assertThat(audit.json().get("totalDocs").asInt())
                .as("audit entries of the refused request")
                .isZero();
    }

    /** How many events exist about a document. */
    private int eventsAbout(String documentId) {
        return api.get("/api/events/count" + Api.q("where[documentId][equals]", documentId))
                .json()
                .get("totalDocs")
                .asInt();
    }

    @Test
    void sendingWithoutARecipientIsRefusedAndEmitsNothing() {
        String client = billing.clientWithoutContact();
        String invoice =
                billing.draftInvoice(client, new BigDecimal("100.00")).get("id").asString();
        String proposal = billing.draftProposal(client, List.of(line("Design", 1, 100)), Map.of())
                .get("id")
                .asString();

        Api.Response invoiceSend = api.withHeader("X-Request-Id", "refused-invoice-send")
                .post("/api/invoices/" + invoice + "/send", Map.of());
        Api.Response proposalSend = api.withHeader("X-Request-Id", "refused-proposal-send")
                .post("/api/proposals/" + proposal + "/send", Map.of());

        assertThat(invoiceSend.status()).isEqualTo(409);
        assertThat(proposalSend.status()).isEqualTo(409);
        assertNothingEmittedFor(invoice, "refused-invoice-send");
        assertNothingEmittedFor(proposal, "refused-proposal-send");
        assertThat(api.get("/api/invoices/" + invoice).json().get("status").asString())
                .isEqualTo("draft");
    }

    @Test
    void refusedPaymentsEmitNothing() {
        BillingScenario.Party party = billing.clientWithContact();
        String draft = billing.draftInvoice(party.clientId(), new BigDecimal("100.00"))
                .get("id")
                .asString();
        Api.Response payDraft = api.withHeader("X-Request-Id", "refused-pay-draft")
                .post("/api/invoices/" + draft + "/payments", Map.of("method", "cash"));
        assertThat(payDraft.status()).isEqualTo(409);
        assertNothingEmittedFor(draft, "refused-pay-draft");

        String sent = billing.sentInvoice(party.clientId(), new BigDecimal("100.00"))
                .get("id")
                .asString();
        int afterSend = eventsAbout(sent);
        Api.Response overpay = api.withHeader("X-Request-Id", "refused-overpay")
                .post("/api/invoices/" + sent + "/payments", Map.of("method", "card", "amount", 100.01));
        Api.Response failedTooBig = api.withHeader("X-Request-Id", "refused-failed-overpay")
                .post(
                        "/api/invoices/" + sent + "/payments",
                        Map.of("method", "card", "amount", 500, "status", "failed", "failureReason", "x"));
        assertThat(overpay.status()).isEqualTo(400);
        assertThat(overpay.errorPaths()).containsExactly("amount");
        assertThat(failedTooBig.status()).isEqualTo(400);
        deliveries.runDue();
        assertThat(eventsAbout(sent))
                .as("only invoice_sent")
                .isEqualTo(afterSend)
                .isEqualTo(1);
        JsonNode invoice = api.get("/api/invoices/" + sent).json();
        assertThat(invoice.get("status").asString()).isEqualTo("sent");
        assertThat(invoice.get("amountPaid").decimalValue()).isZero();
        assertThat(api.get("/api/payments/count" + Api.q("where[invoice][equals]", sent))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }

    @Test
    void refusedRefundsAndTransitionsEmitNothing() {
        BillingScenario.Party party = billing.clientWithContact();
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("100.00"))
                .get("id")
                .asString();
        String payment = billing.pay(invoice, Map.of("method", "cash"))
                .get("doc")
                .get("id")
                .asString();
        deliveries.runDue();
        int before = eventsAbout(invoice);
        int receivedBefore = receiver.all().size();

        Api.Response tooMuch = api.post("/api/payments/" + payment + "/refund", Map.of("amount", 100.01));
        Api.Response voidPaid = api.post("/api/invoices/" + invoice + "/void", Map.of());
        Api.Response payPaid =
                api.post("/api/invoices/" + invoice + "/payments", Map.of("method", "cash", "amount", 1));
        api.post("/api/payments/" + payment + "/dispute", Map.of("reason", "first"));
        Api.Response disputeTwice = api.post("/api/payments/" + payment + "/dispute", Map.of("reason", "again"));

        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(voidPaid.status()).isEqualTo(409);
        assertThat(payPaid.status()).isEqualTo(409);
        assertThat(disputeTwice.status()).isEqualTo(409);
        deliveries.runDue();
        assertThat(eventsAbout(invoice)).as("only the one accepted dispute").isEqualTo(before + 1);
        assertThat(receiver.all().subList(receivedBefore, receiver.all().size()))
                .extracting(WebhookReceiver.Received::event)
                .containsExactly("invoice_disputed");
    }

    /**
     * The outbox write itself rolls back with its transaction: an action that failed after publishing
     * leaves neither the event nor a delivery, and nothing is sent.
     */
    @Test
    void anEventPublishedInARolledBackTransactionNeverExists() {
        String documentId = "inv_" + Ids.encode(UUID.randomUUID());
        String[] published = new String[1];

        assertThatThrownBy(() -> new Tenant(organization.id())
                        .run(() -> tx.executeWithoutResult(s -> {
                            WriteContext ctx = contexts.system("rolled-back");
                            published[0] = events.publish(
                                    ctx,
                                    EventTypes.INVOICE_SENT,
                                    EventData.of("invoice", documentId, "INV-9999", BigDecimal.TEN, "USD", null, null));
                            throw new IllegalStateException("the action fails after its event was written");
                        })))
                .hasMessageContaining("fails after");

        assertThat(published[0]).startsWith("evt_");
        assertThat(api.get("/api/events/" + published[0]).status()).isEqualTo(404);
        assertThat(db.fetchCount(
                        DSL.table("webhook_deliveries"),
                        DSL.field("event_id").eq(Ids.parse("evt", published[0]).orElseThrow())))
                .isZero();
        assertNothingEmittedFor(documentId, "no-such-request");
    }

    /** A time-based event claims its occurrence in the same transaction: a rollback gives the claim back. */
    @Test
    void aRolledBackTimeEventCanStillHappenOnce() {
        String documentId = "inv_" + Ids.encode(UUID.randomUUID());
        Map<String, Object> data = EventData.of("invoice", documentId, "INV-9998", BigDecimal.TEN, "USD", null, null);

        assertThatThrownBy(() -> new Tenant(organization.id())
                        .run(() -> tx.executeWithoutResult(s -> {
                            assertThat(events.publishOnce(
                                            contexts.system("sweep"), EventTypes.INVOICE_OVERDUE, "2026-03-04", data))
                                    .isTrue();
                            throw new IllegalStateException("the sweep fails for this invoice");
                        })))
                .hasMessageContaining("sweep fails");
        assertThat(eventsAbout(documentId)).isZero();

        boolean first = new Tenant(organization.id())
                .call(() -> tx.execute(s ->
                        events.publishOnce(contexts.system("sweep"), EventTypes.INVOICE_OVERDUE, "2026-03-04", data)));
        boolean again = new Tenant(organization.id())
                .call(() -> tx.execute(s ->
                        events.publishOnce(contexts.system("sweep"), EventTypes.INVOICE_OVERDUE, "2026-03-04", data)));
        boolean nextOccurrence = new Tenant(organization.id())
                .call(() -> tx.execute(s ->
                        events.publishOnce(contexts.system("sweep"), EventTypes.INVOICE_OVERDUE, "2026-04-04", data)));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(nextOccurrence).isTrue();
        assertThat(eventsAbout(documentId)).isEqualTo(2);
    }
}
