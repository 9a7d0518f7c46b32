package app.clearmargin.events;

import static app.clearmargin.support.BillingScenario.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.webhooks.Deliveries;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which events happen and who receives them (API.md §1 Tenancy, §3 webhooks.events, §4, §7): an
 * endpoint gets only the events it subscribed to, of its own organization, and only while enabled;
 * a re-send emits again; a partial payment is not {@code invoice_paid}.
 */
class EventRoutingTest extends ApiTest {

    @Autowired
    Deliveries deliveries;

    WebhookReceiver receiver;
    BillingScenario billing;
    BillingScenario.Party party;

    @BeforeAll
    void setUp() {
        receiver = WebhookReceiver.start();
        billing = new BillingScenario(api);
        party = billing.clientWithContact();
        createId("webhooks", Map.of("url", receiver.url("everything"), "events", List.of("*")));
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    private List<String> eventsDeliveredAbout(String path, String documentId) {
        deliveries.runDue();
        return receiver.received(path).stream()
                .filter(r -> documentId.equals(r.documentId()))
                .map(WebhookReceiver.Received::event)
                .toList();
    }

    private List<String> storedEventsAbout(String documentId) {
        return api.get("/api/events" + Api.q("where[documentId][equals]", documentId, "sort", "createdAt", "depth", 0))
                .json()
                .get("docs")
                .valueStream()
                .map(e -> e.get("type").asString())
                .toList();
    }

    @Test
    void reSendingEmitsTheEventAgainUnderANewId() {
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("50.00"))
                .get("id")
                .asString();
        billing.send("invoices", invoice);
        String proposal = billing.draftProposal(party.clientId(), List.of(line("Idea", 1, 10)), Map.of())
                .get("id")
                .asString();
        billing.send("proposals", proposal);
        billing.send("proposals", proposal);

        assertThat(storedEventsAbout(invoice)).containsExactly("invoice_sent", "invoice_sent");
        assertThat(storedEventsAbout(proposal)).containsExactly("proposal_sent", "proposal_sent");
        assertThat(eventsDeliveredAbout("everything", invoice)).containsExactly("invoice_sent", "invoice_sent");
        assertThat(receiver.received("everything").stream()
                        .filter(r -> invoice.equals(r.documentId()))
                        .map(r -> r.header("X-Webhook-Id"))
                        .distinct())
                .hasSize(2);
    }

    @Test
    void onlyThePaymentThatSettlesTheInvoiceIsInvoicePaid() {
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("300.00"))
                .get("id")
                .asString();
        billing.pay(invoice, Map.of("method", "cash", "amount", 100));
        assertThat(storedEventsAbout(invoice)).containsExactly("invoice_sent");
        billing.pay(invoice, Map.of("method", "cash"));
        assertThat(storedEventsAbout(invoice)).containsExactly("invoice_sent", "invoice_paid");
    }

    @Test
    void anEndpointGetsOnlyTheEventsItSubscribedTo() {
        createId("webhooks", Map.of("url", receiver.url("paid-only"), "events", List.of("invoice_paid")));
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("20.00"))
                .get("id")
                .asString();
        billing.pay(invoice, Map.of("method", "cash"));

        assertThat(eventsDeliveredAbout("paid-only", invoice)).containsExactly("invoice_paid");
        assertThat(eventsDeliveredAbout("everything", invoice)).contains("invoice_sent", "invoice_paid");
    }

    @Test
    void aDisabledEndpointGetsNothing() {
        String hook =
                createId("webhooks", Map.of("url", receiver.url("off"), "events", List.of("*"), "enabled", false));
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("20.00"))
                .get("id")
                .asString();

        assertThat(eventsDeliveredAbout("off", invoice)).isEmpty();
        assertThat(api.get("/api/webhook-deliveries/count" + Api.q("where[webhook][equals]", hook))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }

    @Test
    void eventsNeverCrossOrganizations() {
        TestOrg other = newOrganization("Other agency");
        other.api().post("/api/webhooks", Map.of("url", receiver.url("other-org"), "events", List.of("*")));
        String invoice = billing.sentInvoice(party.clientId(), new BigDecimal("20.00"))
                .get("id")
                .asString();

        assertThat(eventsDeliveredAbout("other-org", invoice)).isEmpty();
        assertThat(receiver.received("other-org")).isEmpty();
        List<String> stored = storedEventsAbout(invoice);
        assertThat(stored).containsExactly("invoice_sent");
        String eventId = api.get("/api/events" + Api.q("where[documentId][equals]", invoice))
                .json()
                .get("docs")
                .get(0)
                .get("id")
                .asString();
        assertThat(other.api().get("/api/events/" + eventId).status()).isEqualTo(404);
        assertThat(other.api()
                        .get("/api/events/count" + Api.q("where[documentId][equals]", invoice))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }
}
