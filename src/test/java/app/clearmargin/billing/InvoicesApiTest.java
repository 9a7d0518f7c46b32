package app.clearmargin.billing;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/invoices}: numbering, defaults, totals, frozen after draft (API.md §3 invoices, §7). */
class InvoicesApiTest extends ApiTest {

    String client;
    String contact;
    String project;

    @BeforeAll
    void dataset() {
        client = createId("clients", Map.of("name", "Invoice client", "paymentTermsDays", 14));
        contact = createId("contacts", Map.of("client", client, "name", "Ines", "email", "ines@client.example.com"));
        project = createId("projects", Map.of("client", client, "name", "Invoiced project"));
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/invoices?depth=0",
                        Map.of(
                                "client",
                                client,
                                "projects",
                                List.of(project),
                                "lineItems",
                                List.of(Map.of("description", "Design", "quantity", 2, "rate", 100)))),
                "Invoice");
        String id = created.path("id").asString();
        assertThat(id).startsWith("inv_");
        assertThat(created.path("number").asString()).matches("INV-\\d{4}");
        assertThat(created.path("status").asString()).isEqualTo("draft");
        assertThat(created.path("contact").asString())
                .as("the client's primary contact")
                .isEqualTo(contact);
        assertThat(created.path("currency").asString()).isEqualTo("USD");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(created.path("issueDate").asString())
                .isIn(today.toString(), today.minusDays(1).toString());
        assertThat(LocalDate.parse(created.path("dueDate").asString()))
                .isEqualTo(LocalDate.parse(created.path("issueDate").asString()).plusDays(14));
        JsonNode line = created.path("lineItems").get(0);
        assertThat(line.path("id").asString()).startsWith("li_");
        assertThat(line.path("amount").decimalValue()).isEqualByComparingTo("200");
        assertThat(line.path("taxable").asBoolean()).isTrue();
        assertThat(created.path("total").decimalValue()).isEqualByComparingTo("200");
        assertThat(created.path("amountDue").decimalValue()).isEqualByComparingTo("200");
        assertThat(created.path("amountPaid").decimalValue()).isEqualByComparingTo("0");

        assertThat(api.get("/api/invoices/" + id + "?depth=0").json()).isEqualTo(created);
        assertThat(api.get("/api/invoices"
                                + Api.q(
                                        "where[number][equals]",
                                        created.path("number").asString()))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();

        JsonNode patched =
                assertUpdated(api.patch("/api/invoices/" + id + "?depth=0", Map.of("notes", "Thanks", "taxRate", 10)));
        assertThat(patched.path("notes").asString()).isEqualTo("Thanks");
        assertThat(patched.path("taxTotal").decimalValue()).isEqualByComparingTo("20");
        assertThat(patched.path("total").decimalValue()).isEqualByComparingTo("220");
        assertThat(patched.path("lineItems").get(0).path("id").asString())
                .isEqualTo(line.path("id").asString());

        assertDeleted(api.delete("/api/invoices/" + id));
        assertNotFound(api.get("/api/invoices/" + id));
    }

    @Test
    void numbersAreSequentialAndADeletedDraftLeavesAGap() {
        int first = Integer.parseInt(create("invoices", Map.of("client", client))
                .path("number")
                .asString()
                .substring(4));
        JsonNode second = create("invoices", Map.of("client", client));
        assertThat(second.path("number").asString()).isEqualTo(String.format("INV-%04d", first + 1));
        assertDeleted(api.delete("/api/invoices/" + second.path("id").asString()));
        assertThat(create("invoices", Map.of("client", client)).path("number").asString())
                .isEqualTo(String.format("INV-%04d", first + 2));
    }

    @Test
    void totalsApplyTheDiscountBeforeTaxRoundedOnce() {
        JsonNode inv = create(
                "invoices",
                Map.of(
                        "client",
                        client,
                        "taxRate",
                        19,
                        "discount",
                        Map.of("type", "percent", "value", 10),
                        "lineItems",
                        List.of(
                                Map.of("description", "A", "quantity", 3, "rate", 33.33),
                                Map.of("description", "B", "quantity", 1, "rate", 50, "taxable", false))));
        // subtotal 99.99 + 50 = 149.99; discount 15.00 (14.999); tax on (99.99 - 9.999) × 19% = 17.09829 → 17.10
        assertThat(inv.path("subtotal").decimalValue()).isEqualByComparingTo("149.99");
        assertThat(inv.path("discountTotal").decimalValue()).isEqualByComparingTo("15");
        assertThat(inv.path("taxTotal").decimalValue()).isEqualByComparingTo("17.1");
        assertThat(inv.path("total").decimalValue()).isEqualByComparingTo("152.09");
    }

    @Test
    void validationPathsUseDotsAndIndexes() {
        String otherClient = createId("clients", Map.of("name", "Other invoice client"));
        String otherProject = createId("projects", Map.of("client", otherClient, "name", "Not yours"));
        Api.Response r = api.post(
                "/api/invoices",
                Map.of(
                        "client",
                        client,
                        "projects",
                        List.of(project, otherProject),
                        "taxRate",
                        101,
                        "status",
                        "paid",
                        "number",
                        "INV-9999",
                        "total",
                        5,
                        "lineItems",
                        List.of(
                                Map.of("description", "ok", "rate", 1.005),
                                Map.of("quantity", 2),
                                Map.of("description", "x", "amount", 3, "kind", "gift", "timeEntries", List.of()))));
        assertInvalid(
                r,
                "invoices",
                "projects.1",
                "taxRate",
                "status",
                "number",
                "total",
                "lineItems.0.rate",
                "lineItems.1.description",
                "lineItems.2.amount",
                "lineItems.2.kind",
                "lineItems.2.timeEntries");
        assertThat(messageAt(r, "projects.1")).isEqualTo("This project belongs to another client.");
        assertInvalid(api.post("/api/invoices", Map.of("lineItems", List.of())), "invoices", "client");
        assertInvalid(
                api.post("/api/invoices", Map.of("client", client, "issueDate", "2026-03-10", "dueDate", "2026-03-09")),
                "invoices",
                "dueDate");
        assertInvalid(
                api.post(
                        "/api/invoices",
                        Map.of(
                                "client",
                                client,
                                "contact",
                                createId("contacts", Map.of("client", otherClient, "name", "Wrong contact")))),
                "invoices",
                "contact");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "invoices",
                Map.of(
                        "client",
                        client,
                        "notes",
                        "n",
                        "terms",
                        "t",
                        "taxRate",
                        5,
                        "discount",
                        Map.of("type", "amount", "value", 1),
                        "projects",
                        List.of(project),
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 10))));
        JsonNode d = assertUpdated(
                api.patch(
                        "/api/invoices/" + id + "?depth=0",
                        "{\"notes\":null,\"terms\":null,\"taxRate\":null,\"discount\":null,\"projects\":null,\"lineItems\":null}"));
        assertThat(d.path("notes").isNull()).isTrue();
        assertThat(d.path("terms").isNull()).isTrue();
        assertThat(d.path("taxRate").isNull()).isTrue();
        assertThat(d.path("discount").isNull()).isTrue();
        assertThat(d.path("projects")).isEmpty();
        assertThat(d.path("lineItems")).isEmpty();
        assertThat(d.path("total").decimalValue()).isEqualByComparingTo("0");
        assertInvalid(api.patch("/api/invoices/" + id, "{\"client\":null}"), "invoices", "client");
    }

    @Test
    void aSentInvoiceKeepsItsMoneyAndCannotBeDeleted() {
        String id = createId(
                "invoices", Map.of("client", client, "lineItems", List.of(Map.of("description", "A", "rate", 10))));
        Api.Response sent = api.post("/api/invoices/" + id + "/send", Map.of());
        assertThat(sent.status()).as("%s", sent).isEqualTo(200);
        assertStateConflict(api.patch("/api/invoices/" + id, Map.of("lineItems", List.of())), "sent");
        assertStateConflict(api.patch("/api/invoices/" + id, Map.of("taxRate", 5)), "sent");
        assertThat(assertUpdated(api.patch("/api/invoices/" + id, Map.of("notes", "still editable")))
                        .path("notes")
                        .asString())
                .isEqualTo("still editable");
        assertStateConflict(api.delete("/api/invoices/" + id), "sent");
        assertThat(api.get("/api/invoices/" + id).status()).isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotExistIsAValidationError() {
        assertInvalid(
                api.post("/api/invoices", Map.of("client", "client_01kkmt9200e00r000000000001")), "invoices", "client");
        assertInvalid(
                api.post("/api/invoices", Map.of("client", client, "projects", List.of("project_nope"))),
                "invoices",
                "projects.0");
    }
}
