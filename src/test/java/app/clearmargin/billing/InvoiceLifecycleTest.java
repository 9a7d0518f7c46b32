package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.assertAtClock;
import static app.clearmargin.support.Fixtures.assertStateConflict;
import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invoice send, void, frozen money fields and deletes (API.md §3 invoices, §4, §7), over HTTP. */
class InvoiceLifecycleTest extends ApiTest {

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Lifecycle Client");
    }

    // ------------------------------------------------------------------ send

    @Test
    void sendMovesDraftToSentAndSendingAgainSendsAgain() {
        clock.set(Instant.parse("2026-03-02T09:00:00Z"));
        String id = f.draftInvoice(client, 250).get("id").asString();

        JsonNode sent = f.send(id);
        assertThat(sent.get("status").asString()).isEqualTo("sent");
        assertAtClock(sent.get("sentAt"), "2026-03-02T09:00:00.000Z");

        clock.set(Instant.parse("2026-03-03T10:30:00Z"));
        JsonNode again = f.send(id);
        assertThat(again.get("status").asString()).isEqualTo("sent");
        assertAtClock(again.get("sentAt"), "2026-03-03T10:30:00.000Z");
        assertThat(f.eventTypes(id)).containsExactly("invoice_sent", "invoice_sent");
        JsonNode event = f.events(id).getFirst().get("data");
        assertThat(event.get("documentNumber").asString())
                .isEqualTo(sent.get("number").asString());
        assertThat(dec(event.get("amount"))).isEqualByComparingTo("250");
        assertThat(event.get("dueDate").asString())
                .isEqualTo(sent.get("dueDate").asString());
    }

    @Test
    void sendWithoutRecipientIsRefusedAndChangesNothing() {
        String lonely = f.clientWithoutContact("No Contact Co");
        String id = f.draftInvoice(lonely, 10).get("id").asString();
        assertStateConflict(api.post("/api/invoices/" + id + "/send", Map.of()), "draft");

        f.contact(lonely, "No Email Person", null); // primary, but without an e-mail
        assertStateConflict(api.post("/api/invoices/" + id + "/send", Map.of()), "draft");
        assertThat(f.get("invoices", id).get("status").asString()).isEqualTo("draft");
        assertThat(f.get("invoices", id).get("sentAt").isNull()).isTrue();
        assertThat(f.eventTypes(id)).isEmpty();

        // a contact with an e-mail on the invoice itself is a recipient
        String withEmail = f.contact(lonely, "Finance", "finance" + Fixtures.unique() + "@example.com");
        expect(200, api.patch("/api/invoices/" + id, Map.of("contact", withEmail)));
        assertThat(f.send(id).get("status").asString()).isEqualTo("sent");
    }

    @Test
    void sendIsRefusedOncePaidPartiallyPaidOrVoid() {
        String partial = f.sentInvoice(client, 100);
        f.pay(partial, 40);
        assertStateConflict(api.post("/api/invoices/" + partial + "/send", Map.of()), "partially_paid");

        String paid = f.sentInvoice(client, 100);
        f.pay(paid, null);
        assertStateConflict(api.post("/api/invoices/" + paid + "/send", Map.of()), "paid");

        String voided = f.draftInvoice(client, 100).get("id").asString();
        f.action(200, "invoices", voided, "void", Map.of());
        assertStateConflict(api.post("/api/invoices/" + voided + "/send", Map.of()), "void");
    }

    // ------------------------------------------------------------------ void

    @Test
    void draftSentAndOverdueInvoicesWithoutPaymentsCanBeVoided() {
        clock.set(Instant.parse("2026-04-10T08:00:00Z"));
        String draft = f.draftInvoice(client, 10).get("id").asString();
        JsonNode voidedDraft =
                f.action(200, "invoices", draft, "void", Map.of()).doc();
        assertThat(voidedDraft.get("status").asString()).isEqualTo("void");
        assertAtClock(voidedDraft.get("voidedAt"), "2026-04-10T08:00:00.000Z");

        String sent = f.sentInvoice(client, 10);
        assertThat(f.action(200, "invoices", sent, "void", Map.of())
                        .doc()
                        .get("status")
                        .asString())
                .isEqualTo("void");

        String overdue = overdueInvoice(10);
        assertThat(f.action(200, "invoices", overdue, "void", Map.of())
                        .doc()
                        .get("status")
                        .asString())
                .isEqualTo("void");
        assertStateConflict(api.post("/api/invoices/" + overdue + "/void", Map.of()), "void");
    }

    @Test
    void invoicesWithPaymentsCannotBeVoided() {
        String partial = f.sentInvoice(client, 100);
        f.pay(partial, 1);
        assertStateConflict(api.post("/api/invoices/" + partial + "/void", Map.of()), "partially_paid");

        String paid = f.sentInvoice(client, 100);
        f.pay(paid, null);
        assertStateConflict(api.post("/api/invoices/" + paid + "/void", Map.of()), "paid");

        // overdue again after a part payment: voidable by status, but it has a payment
        String overdue = overdueInvoice(100);
        f.pay(overdue, 30);
        runJobs();
        assertThat(f.get("invoices", overdue).get("status").asString()).isEqualTo("overdue");
        Api.Response refused = api.post("/api/invoices/" + overdue + "/void", Map.of());
        assertStateConflict(refused, "overdue");
        assertThat(refused.errorMessage()).contains("has payments");

        String refunded = f.sentInvoice(client, 100);
        f.refund(f.pay(refunded, null).doc().get("id").asString(), null);
        assertStateConflict(api.post("/api/invoices/" + refunded + "/void", Map.of()), "refunded");
    }

    // ------------------------------------------------------------------ money fields frozen after draft

    @Test
    void moneyFieldsChangeOnlyInDraft() {
        String id = f.draftInvoice(client, 100).get("id").asString();
        JsonNode edited = expect(
                        200,
                        api.patch(
                                "/api/invoices/" + id + "?depth=0",
                                Map.of("lineItems", List.of(line("A", 2, 50), line("B", 1, 25.5)), "taxRate", 10)))
                .doc();
        assertThat(dec(edited.get("subtotal"))).isEqualByComparingTo("125.5");
        assertThat(dec(edited.get("taxTotal"))).isEqualByComparingTo("12.55");
        assertThat(dec(edited.get("total"))).isEqualByComparingTo("138.05");
        assertThat(dec(edited.get("amountDue"))).isEqualByComparingTo("138.05");

        f.send(id);
        String other = f.client("Other Client");
        List<Map<String, Object>> frozen = List.of(
                Map.of("lineItems", List.of(line("A", 3, 50))),
                Map.of("taxRate", 20),
                Map.of("discount", Map.of("type", "percent", "value", 5)),
                Map.of("currency", "EUR"),
                Map.of("client", other));
        for (Map<String, Object> change : frozen) {
            assertStateConflict(api.patch("/api/invoices/" + id, change), "sent");
        }
        JsonNode after = f.get("invoices", id);
        assertThat(dec(after.get("total"))).isEqualByComparingTo("138.05");
        assertThat(after.get("lineItems").size()).isEqualTo(2);

        // what is not money can still change
        JsonNode noted = expect(200, api.patch("/api/invoices/" + id + "?depth=0", Map.of("notes", "Thanks!")))
                .doc();
        assertThat(noted.get("notes").asString()).isEqualTo("Thanks!");
        assertThat(noted.get("status").asString()).isEqualTo("sent");
    }

    @Test
    void totalsAndStatusAreReadOnly() {
        String id = f.draftInvoice(client, 100).get("id").asString();
        Api.Response r = api.patch("/api/invoices/" + id, Map.of("total", 1, "status", "paid", "amountPaid", 100));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactlyInAnyOrder("total", "status", "amountPaid");
    }

    // ------------------------------------------------------------------ delete

    @Test
    void onlyDraftsCanBeDeletedAndTheirNumbersAreNotReused() {
        Fixtures own = new Fixtures(newOrganization("Delete numbering").api());
        String c = own.client("Numbers");
        JsonNode first = own.draftInvoice(c, 10);
        String sent = own.sentInvoice(c, 20);
        assertStateConflict(own.api().delete("/api/invoices/" + sent), "sent");

        JsonNode deleted = expect(
                        200, own.api().delete("/api/invoices/" + first.get("id").asString() + "?depth=0"))
                .doc();
        assertThat(deleted.get("number").asString()).isEqualTo("INV-0001");
        assertThat(own.api().get("/api/invoices/" + first.get("id").asString()).status())
                .isEqualTo(404);
        assertThat(own.draftInvoice(c, 30).get("number").asString()).isEqualTo("INV-0003");

        String voided = own.sentInvoice(c, 5);
        own.action(200, "invoices", voided, "void", Map.of());
        assertStateConflict(own.api().delete("/api/invoices/" + voided), "void");
    }

    // ------------------------------------------------------------------ helpers

    /** A sent invoice whose due date has passed, marked overdue by the time sweep. */
    private String overdueInvoice(Object amount) {
        clock.set(Instant.parse("2026-04-10T08:00:00Z"));
        String id = f.draftInvoice(
                        client,
                        Map.of(
                                "issueDate",
                                "2026-03-01",
                                "dueDate",
                                "2026-03-31",
                                "lineItems",
                                List.of(line("Late", 1, amount))))
                .get("id")
                .asString();
        f.send(id);
        runJobs();
        JsonNode invoice = f.get("invoices", id);
        assertThat(invoice.get("status").asString()).isEqualTo("overdue");
        assertThat(f.eventTypes(id)).containsExactly("invoice_sent", "invoice_overdue");
        return id;
    }

    private void runJobs() {
        expect(200, api.post("/api/testing/run-jobs", Map.of()));
    }
}
