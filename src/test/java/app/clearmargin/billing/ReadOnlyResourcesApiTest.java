package app.clearmargin.billing;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Payments, receipts and payment schedules: written only by actions, readable and queryable (API.md §3). */
class ReadOnlyResourcesApiTest extends ApiTest {

    String invoice;
    String payment;
    String receipt;

    @BeforeAll
    void aPaidInvoice() {
        String client = createId("clients", Map.of("name", "Paying client"));
        createId("contacts", Map.of("client", client, "name", "Pat", "email", "pat@client.example.com"));
        invoice = createId(
                "invoices", Map.of("client", client, "lineItems", List.of(Map.of("description", "A", "rate", 100))));
        assertThat(api.post("/api/invoices/" + invoice + "/send", Map.of()).status())
                .isEqualTo(200);
        Api.Response paid = api.post(
                "/api/invoices/" + invoice + "/payments?depth=0",
                Map.of("amount", 40, "method", "card", "card", Map.of("brand", "visa", "last4", "4242")));
        assertThat(paid.status()).as("%s", paid).isEqualTo(201);
        payment = paid.doc().path("id").asString();
        assertThat(paid.json().path("invoice").path("amountPaid").decimalValue())
                .isEqualByComparingTo("40");
        receipt = api.get("/api/receipts" + Api.q("where[payment][equals]", payment, "depth", 0))
                .json()
                .path("docs")
                .path(0)
                .path("id")
                .asString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"payments", "receipts", "payment-schedules"})
    void createIsNotAllowed(String collection) {
        Api.Response r = api.post("/api/" + collection, Map.of());
        assertThat(r.status()).as("%s", r).isEqualTo(405);
    }

    @Test
    void paymentsAndReceiptsCannotBeChangedOrDeleted() {
        assertThat(api.patch("/api/payments/" + payment, Map.of("reference", "x"))
                        .status())
                .isEqualTo(405);
        assertThat(api.delete("/api/payments/" + payment).status()).isEqualTo(405);
        assertThat(api.patch("/api/receipts/" + receipt, "{\"sentAt\":null}").status())
                .isEqualTo(405);
        assertThat(api.delete("/api/receipts/" + receipt).status()).isEqualTo(405);
    }

    @Test
    void aPaymentIsReadableQueryableAndPopulated() {
        JsonNode p = api.get("/api/payments/" + payment).json();
        assertThat(p.path("amount").decimalValue()).isEqualByComparingTo("40");
        assertThat(p.path("status").asString()).isEqualTo("succeeded");
        assertThat(p.path("card").path("last4").asString()).isEqualTo("4242");
        assertThat(p.path("invoice").path("id").asString()).isEqualTo(invoice);
        assertThat(p.path("invoice").path("status").asString()).isEqualTo("partially_paid");
        assertThat(api.get("/api/payments"
                                + Api.q("where[invoice][equals]", invoice, "where[amount][greater_than_equal]", 40))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();
        assertThat(api.get("/api/payments" + Api.q("where[invoice.status][equals]", "partially_paid"))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();
    }

    @Test
    void aReceiptRecordsThePayment() {
        JsonNode r = api.get("/api/receipts/" + receipt + "?depth=0").json();
        assertThat(r.path("number").asString()).matches("RCPT-\\d{4}");
        assertThat(r.path("invoice").asString()).isEqualTo(invoice);
        assertThat(r.path("amount").decimalValue()).isEqualByComparingTo("40");
    }

    @Test
    void aPartlyPaidInvoiceCannotBeDeleted() {
        assertStateConflict(api.delete("/api/invoices/" + invoice), "partially_paid");
        assertThat(api.get("/api/invoices/" + invoice).status()).isEqualTo(200);
    }

    @Test
    void aPaymentScheduleIsCreatedByAcceptanceAndIsReadOnly() {
        String client = createId("clients", Map.of("name", "Schedule client"));
        createId("contacts", Map.of("client", client, "name", "Sam", "email", "sam@client.example.com"));
        String proposal = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "With schedule",
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 1000)),
                        "paymentTerms",
                        Map.of(
                                "installments",
                                List.of(
                                        Map.of("label", "Deposit", "type", "percent", "value", 25),
                                        Map.of("label", "Rest", "type", "remainder")))));
        assertThat(api.post("/api/proposals/" + proposal + "/send", Map.of()).status())
                .isEqualTo(200);
        assertThat(api.post("/api/proposals/" + proposal + "/accept", Map.of()).status())
                .isEqualTo(200);

        JsonNode schedules = api.get("/api/payment-schedules" + Api.q("where[proposal][equals]", proposal, "depth", 0))
                .json();
        assertThat(schedules.path("totalDocs").asInt()).isOne();
        JsonNode schedule = schedules.path("docs").get(0);
        assertThat(schedule.path("total").decimalValue()).isEqualByComparingTo("1000");
        assertThat(schedule.path("installments")).hasSize(2);
        assertThat(schedule.path("installments").get(0).path("amount").decimalValue())
                .isEqualByComparingTo("250");
        String id = schedule.path("id").asString();
        assertThat(api.patch("/api/payment-schedules/" + id, Map.of("status", "cancelled"))
                        .status())
                .isEqualTo(405);
        assertThat(api.delete("/api/payment-schedules/" + id).status()).isEqualTo(405);
    }
}
