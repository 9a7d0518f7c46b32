package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.assertAtClock;
import static app.clearmargin.support.Fixtures.assertInvalid;
import static app.clearmargin.support.Fixtures.assertStateConflict;
import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
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

/** Payments, refunds, disputes and receipts (API.md §3, §4, §7), over HTTP against the real database. */
class PaymentsTest extends ApiTest {

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Paying Client");
    }

    // ------------------------------------------------------------------ payments

    @Test
    void partialThenFullPaymentWithTheAmountDueAsDefault() {
        clock.set(Instant.parse("2026-05-04T12:00:00Z"));
        String id = f.sentInvoice(client, 100);

        Api.Response first = f.pay(id, 30);
        assertThat(first.json().get("message").asString()).isNotBlank();
        JsonNode payment = first.doc();
        assertThat(payment.get("id").asString()).startsWith("pay_");
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");
        assertThat(dec(payment.get("amount"))).isEqualByComparingTo("30");
        assertThat(payment.get("currency").asString()).isEqualTo("USD");
        assertAtClock(payment.get("paidAt"), "2026-05-04T12:00:00.000Z");
        JsonNode invoice = first.json().get("invoice");
        assertThat(invoice.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("30");
        assertThat(dec(invoice.get("amountDue"))).isEqualByComparingTo("70");
        assertThat(invoice.get("paidAt").isNull()).isTrue();

        Api.Response second = f.pay(id, null);
        assertThat(dec(second.doc().get("amount"))).isEqualByComparingTo("70");
        JsonNode paid = second.json().get("invoice");
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(dec(paid.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(dec(paid.get("amountDue"))).isZero();
        assertAtClock(paid.get("paidAt"), "2026-05-04T12:00:00.000Z");

        // invoice_paid once, when the balance reached 0, with the payment's amount and card
        assertThat(f.eventTypes(id)).containsExactly("invoice_sent", "invoice_paid");
        JsonNode paidEvent = f.events(id).get(1).get("data");
        assertThat(dec(paidEvent.get("amount"))).isEqualByComparingTo("70");
        assertThat(paidEvent.get("paymentMethod").asString()).isEqualTo("card");

        // each succeeded payment posts a revenue transaction and issues a receipt
        List<JsonNode> revenue =
                f.list("transactions", "payment", payment.get("id").asString());
        assertThat(revenue).hasSize(1);
        assertThat(revenue.getFirst().get("type").asString()).isEqualTo("revenue");
        assertThat(revenue.getFirst().get("source").asString()).isEqualTo("payment");
        assertThat(dec(revenue.getFirst().get("amount"))).isEqualByComparingTo("30");
        assertThat(f.list("receipts", "invoice", id)).hasSize(2);
    }

    @Test
    void payingMoreThanIsDueIsAValidationErrorOnAmount() {
        String id = f.sentInvoice(client, 100);
        assertInvalid(
                api.post("/api/invoices/" + id + "/payments", Map.of("method", "card", "amount", 100.01)), "amount");
        f.pay(id, 60);
        assertInvalid(
                api.post("/api/invoices/" + id + "/payments", Map.of("method", "card", "amount", 40.01)), "amount");
        assertInvalid(
                api.post("/api/invoices/" + id + "/payments", Map.of("method", "card", "amount", 1.001)), "amount");
        assertInvalid(api.post("/api/invoices/" + id + "/payments", Map.of("method", "card", "amount", 0)), "amount");
        assertInvalid(api.post("/api/invoices/" + id + "/payments", Map.of("amount", 1)), "method");
        JsonNode invoice = f.get("invoices", id);
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("60");
        assertThat(f.list("payments", "invoice", id)).hasSize(1);
    }

    @Test
    void draftVoidPaidAndRefundedInvoicesRefusePaymentsBeforeAnyAmountCheck() {
        Map<String, Object> tooMuch = Map.of("method", "card", "amount", 1_000_000);

        String draft = f.draftInvoice(client, 100).get("id").asString();
        assertStateConflict(api.post("/api/invoices/" + draft + "/payments", tooMuch), "draft");

        String voided = f.sentInvoice(client, 100);
        f.action(200, "invoices", voided, "void", Map.of());
        assertStateConflict(api.post("/api/invoices/" + voided + "/payments", tooMuch), "void");

        String paid = f.sentInvoice(client, 100);
        f.pay(paid, null);
        assertStateConflict(api.post("/api/invoices/" + paid + "/payments", tooMuch), "paid");
        assertStateConflict(api.post("/api/invoices/" + paid + "/payments", Map.of("method", "card")), "paid");

        String refunded = f.sentInvoice(client, 100);
        f.refund(f.pay(refunded, null).doc().get("id").asString(), null);
        assertStateConflict(api.post("/api/invoices/" + refunded + "/payments", tooMuch), "refunded");

        for (String id : List.of(draft, voided)) {
            assertThat(f.list("payments", "invoice", id)).isEmpty();
        }
    }

    @Test
    void aFailedPaymentChangesNothingButEmitsPaymentFailed() {
        String id = f.sentInvoice(client, 100);
        Api.Response r = f.action(
                201,
                "invoices",
                id,
                "payments",
                Map.of(
                        "method",
                        "card",
                        "amount",
                        100,
                        "status",
                        "failed",
                        "failureReason",
                        "card_declined",
                        "card",
                        Map.of("brand", "visa", "last4", "4242")));
        assertThat(r.doc().get("status").asString()).isEqualTo("failed");
        JsonNode invoice = r.json().get("invoice");
        assertThat(invoice.get("status").asString()).isEqualTo("sent");
        assertThat(dec(invoice.get("amountPaid"))).isZero();
        assertThat(dec(invoice.get("amountDue"))).isEqualByComparingTo("100");

        assertThat(f.eventTypes(id)).containsExactly("invoice_sent", "invoice_payment_failed");
        JsonNode failed = f.events(id).get(1).get("data");
        assertThat(failed.get("failureReason").asString()).isEqualTo("card_declined");
        assertThat(failed.get("last4").asString()).isEqualTo("4242");
        assertThat(f.list("receipts", "invoice", id)).isEmpty();
        assertThat(f.list("transactions", "payment", r.doc().get("id").asString()))
                .isEmpty();

        // a failed payment can be neither refunded nor disputed
        String paymentId = r.doc().get("id").asString();
        assertStateConflict(api.post("/api/payments/" + paymentId + "/refund", Map.of()), "failed");
        assertStateConflict(api.post("/api/payments/" + paymentId + "/dispute", Map.of()), "failed");
        // and the invoice is still payable in full
        assertThat(f.pay(id, null).json().get("invoice").get("status").asString())
                .isEqualTo("paid");
    }

    @Test
    void paymentsAreImmutable() {
        String id = f.sentInvoice(client, 10);
        String payment = f.pay(id, null).doc().get("id").asString();
        assertThat(api.patch("/api/payments/" + payment, Map.of("reference", "x"))
                        .status())
                .isEqualTo(405);
        assertThat(api.delete("/api/payments/" + payment).status()).isEqualTo(405);
        assertThat(api.post("/api/payments", Map.of("invoice", id, "amount", 1, "method", "cash"))
                        .status())
                .isEqualTo(405);
    }

    // ------------------------------------------------------------------ refunds

    @Test
    void refundsPayTheInvoiceBackDownAndPostNegativeRevenue() {
        String id = f.sentInvoice(client, 100);
        String payment = f.pay(id, null).doc().get("id").asString();

        JsonNode partly = expect(
                        200,
                        api.post(
                                "/api/payments/" + payment + "/refund?depth=0",
                                Map.of("amount", 40, "reason", "goodwill")))
                .doc();
        assertThat(dec(partly.get("refundedAmount"))).isEqualByComparingTo("40");
        JsonNode invoice = f.get("invoices", id);
        assertThat(invoice.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("60");
        assertThat(dec(invoice.get("amountDue"))).isEqualByComparingTo("40");
        assertThat(invoice.get("paidAt").isNull()).isTrue();

        assertInvalid(api.post("/api/payments/" + payment + "/refund", Map.of("amount", 60.01)), "amount");

        JsonNode rest = f.refund(payment, null); // default: everything still refundable
        assertThat(dec(rest.get("refundedAmount"))).isEqualByComparingTo("100");
        invoice = f.get("invoices", id);
        assertThat(invoice.get("status").asString()).isEqualTo("refunded");
        assertThat(dec(invoice.get("amountPaid"))).isZero();

        assertStateConflict(api.post("/api/payments/" + payment + "/refund", Map.of("amount", 1)), "succeeded");
        assertThat(f.eventTypes(id))
                .containsExactly("invoice_sent", "invoice_paid", "invoice_refunded", "invoice_refunded");
        JsonNode firstRefund = f.events(id).get(2).get("data");
        assertThat(dec(firstRefund.get("amount"))).isEqualByComparingTo("40");
        assertThat(firstRefund.get("reason").asString()).isEqualTo("goodwill");

        List<JsonNode> ledger = f.list("transactions", "payment", payment);
        assertThat(ledger).extracting(t -> t.get("source").asString()).containsExactly("payment", "refund", "refund");
        assertThat(ledger).extracting(t -> dec(t.get("amount")).toPlainString()).containsExactly("100", "-40", "-60");
        assertThat(ledger).allSatisfy(t -> assertThat(t.get("type").asString()).isEqualTo("revenue"));
        String refundTxn = ledger.get(1).get("id").asString();
        assertThat(api.patch("/api/transactions/" + refundTxn, Map.of("description", "edited"))
                        .status())
                .isEqualTo(409);
        assertThat(api.delete("/api/transactions/" + refundTxn).status()).isEqualTo(409);
    }

    @Test
    void refundingPartOfOnePaymentOfSeveralLeavesTheInvoicePartiallyPaid() {
        String id = f.sentInvoice(client, 100);
        String first = f.pay(id, 30).doc().get("id").asString();
        f.pay(id, 70);
        assertInvalid(api.post("/api/payments/" + first + "/refund", Map.of("amount", 30.01)), "amount");
        f.refund(first, null);
        JsonNode invoice = f.get("invoices", id);
        assertThat(invoice.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("70");
        assertThat(dec(invoice.get("amountDue"))).isEqualByComparingTo("30");
        // and it can be paid again up to its total
        assertThat(f.pay(id, null).json().get("invoice").get("status").asString())
                .isEqualTo("paid");
    }

    // ------------------------------------------------------------------ disputes

    @Test
    void aSucceededPaymentCanBeDisputedOnce() {
        String id = f.sentInvoice(client, 80);
        String payment = f.pay(id, null).doc().get("id").asString();
        JsonNode disputed = expect(
                        200,
                        api.post("/api/payments/" + payment + "/dispute?depth=0", Map.of("reason", "not recognised")))
                .doc();
        assertThat(disputed.get("disputed").asBoolean()).isTrue();
        assertThat(f.eventTypes(id)).containsExactly("invoice_sent", "invoice_paid", "invoice_disputed");
        JsonNode data = f.events(id).get(2).get("data");
        assertThat(data.get("reason").asString()).isEqualTo("not recognised");
        assertThat(dec(data.get("amount"))).isEqualByComparingTo("80");

        assertStateConflict(api.post("/api/payments/" + payment + "/dispute", Map.of()), "succeeded");
        assertThat(f.get("invoices", id).get("status").asString()).isEqualTo("paid");
    }

    // ------------------------------------------------------------------ receipts

    @Test
    void oneNumberedReceiptPerSucceededPaymentSentAutomatically() {
        Fixtures own = new Fixtures(newOrganization("Receipts").api());
        String c = own.client("Receipt Client");
        String id = own.sentInvoice(c, 90);
        String p1 = own.pay(id, 40).doc().get("id").asString();
        own.action(201, "invoices", id, "payments", Map.of("method", "card", "status", "failed"));
        String p2 = own.pay(id, null).doc().get("id").asString();

        List<JsonNode> receipts = own.list("receipts", "invoice", id);
        assertThat(receipts).extracting(r -> r.get("number").asString()).containsExactly("RCPT-0001", "RCPT-0002");
        assertThat(receipts).extracting(r -> r.get("payment").asString()).containsExactly(p1, p2);
        assertThat(receipts)
                .extracting(r -> dec(r.get("amount")).toPlainString())
                .containsExactly("40", "50");
        assertThat(receipts).allSatisfy(r -> {
            assertThat(r.get("id").asString()).startsWith("rcpt_");
            assertThat(r.get("currency").asString()).isEqualTo("USD");
            assertThat(r.get("sentAt").isNull()).isFalse(); // autoSendReceipts is on by default
            assertThat(own.eventTypes(r.get("id").asString())).containsExactly("receipt_sent");
        });
        JsonNode sentEvent =
                own.events(receipts.getFirst().get("id").asString()).getFirst().get("data");
        assertThat(sentEvent.get("invoiceId").asString()).isEqualTo(id);
        assertThat(own.api().post("/api/receipts", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void withoutAutoSendReceiptsAreSentByTheSendAction() {
        Fixtures own = new Fixtures(newOrganization("Manual receipts").api());
        expect(200, own.api().patch("/api/organization", Map.of("autoSendReceipts", false)));
        String c = own.client("Quiet Client");
        String id = own.sentInvoice(c, 25);
        own.pay(id, null);
        JsonNode receipt = own.list("receipts", "invoice", id).getFirst();
        String receiptId = receipt.get("id").asString();
        assertThat(receipt.get("sentAt").isNull()).isTrue();
        assertThat(own.eventTypes(receiptId)).isEmpty();

        clock.set(Instant.parse("2026-06-01T10:00:00Z"));
        JsonNode sent = own.action(200, "receipts", receiptId, "send", Map.of()).doc();
        assertAtClock(sent.get("sentAt"), "2026-06-01T10:00:00.000Z");
        own.action(200, "receipts", receiptId, "send", Map.of());
        assertThat(own.eventTypes(receiptId)).containsExactly("receipt_sent", "receipt_sent");
    }
}
