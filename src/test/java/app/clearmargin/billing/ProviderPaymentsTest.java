package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.collections.Actor;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Money;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What a payment provider reports (API.md §9), through billing's door as the Stripe webhook calls it. Refunds
 * of provider payments over HTTP, which go to Stripe first, are in {@code StripePaymentsApiTest}.
 */
class ProviderPaymentsTest extends ApiTest {

    private static final AtomicInteger EVENTS = new AtomicInteger();

    @Autowired
    Billing billing;

    @Autowired
    DSLContext db;

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Card Paying Client");
    }

    // ------------------------------------------------------------------ payments

    @Test
    void aProviderPaymentBooksReceiptLedgerAndInvoicePaidUnderStripesName() {
        clock.set(Instant.parse("2026-06-01T09:00:00Z"));
        String invoice = f.sentInvoice(client, 100);
        Instant paidAt = Instant.parse("2026-06-01T08:59:30Z");

        assertThat(pay(
                        invoice,
                        new ProviderPayment("stripe", "pi_books", usd("100"), true, "visa", "4242", null, paidAt)))
                .isEqualTo(ProviderOutcome.RECORDED);

        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(dec(after.get("amountDue"))).isZero();
        assertThat(dec(after.get("amountOverpaid"))).isZero();
        Fixtures.assertAtClock(after.get("paidAt"), "2026-06-01T08:59:30.000Z");

        List<JsonNode> payments = f.list("payments", "invoice", invoice);
        assertThat(payments).hasSize(1);
        JsonNode payment = payments.getFirst();
        assertThat(payment.get("provider").asString()).isEqualTo("stripe");
        assertThat(payment.get("method").asString()).isEqualTo("card");
        assertThat(payment.get("reference").asString()).isEqualTo("pi_books");
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");
        assertThat(payment.get("card").get("brand").asString()).isEqualTo("visa");
        assertThat(payment.get("card").get("last4").asString()).isEqualTo("4242");
        String paymentId = payment.get("id").asString();

        assertThat(f.list("receipts", "payment", paymentId)).hasSize(1);
        List<JsonNode> revenue = f.list("transactions", "payment", paymentId);
        assertThat(revenue).hasSize(1);
        assertThat(dec(revenue.getFirst().get("amount"))).isEqualByComparingTo("100");
        assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_paid");
        JsonNode paidEvent = f.events(invoice).get(1).get("data");
        assertThat(paidEvent.get("paymentId").asString()).isEqualTo(paymentId);
        assertThat(paidEvent.get("brand").asString()).isEqualTo("visa");

        List<JsonNode> audit = auditEntries(invoice, "payments");
        assertThat(audit).hasSize(1);
        assertThat(audit.getFirst().get("actor").get("type").asString()).isEqualTo("stripe");
        assertThat(audit.getFirst().get("actor").get("name").asString()).isEqualTo("stripe");
    }

    @Test
    void theSameReferenceReportedTwiceIsOnePayment() {
        String invoice = f.sentInvoice(client, 100);
        assertThat(pay(invoice, succeeded("pi_twice", "40"))).isEqualTo(ProviderOutcome.RECORDED);
        assertThat(pay(invoice, succeeded("pi_twice", "40"))).isEqualTo(ProviderOutcome.ALREADY_RECORDED);

        assertThat(f.list("payments", "invoice", invoice)).hasSize(1);
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("40");
        assertThat(f.list("receipts", "invoice", invoice)).hasSize(1);
    }

    @Test
    void tenThreadsReportingOneReferenceAtOnceRecordOnePayment() throws Exception {
        String invoice = f.sentInvoice(client, 100);
        List<ProviderOutcome> outcomes = parallel(10, () -> pay(invoice, succeeded("pi_parallel", "100")));

        assertThat(outcomes).containsOnly(ProviderOutcome.RECORDED, ProviderOutcome.ALREADY_RECORDED);
        assertThat(outcomes).filteredOn(o -> o == ProviderOutcome.RECORDED).hasSize(1);
        assertThat(f.list("payments", "invoice", invoice)).hasSize(1);
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(dec(after.get("amountOverpaid"))).isZero();
        assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_paid");
    }

    @Test
    void aProviderPaymentAfterAManualOneOfTheLastCentIsRecordedAndTheExcessShowsAsOverpaid() {
        String invoice = f.sentInvoice(client, 100);
        f.pay(invoice, 99.99);
        // the client's Checkout Session was for the 100.00 due when it opened; the office took 99.99 by hand
        f.pay(invoice, 0.01);
        String paidAt = f.get("invoices", invoice).get("paidAt").asString();

        assertThat(pay(invoice, succeeded("pi_raced", "100"))).isEqualTo(ProviderOutcome.RECORDED);

        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("200");
        assertThat(dec(after.get("amountDue"))).isZero();
        assertThat(dec(after.get("amountOverpaid"))).isEqualByComparingTo("100");
        assertThat(after.get("paidAt").asString())
                .as("paid when it first became paid")
                .isEqualTo(paidAt);
        assertThat(f.list("payments", "invoice", invoice)).hasSize(3);
        assertThat(f.list("receipts", "invoice", invoice)).hasSize(3);
        assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_paid");
    }

    @Test
    void aManualAndAProviderPaymentRacingForTheLastCentNeverLoseTheProviders() throws Exception {
        String invoice = f.sentInvoice(client, 100);
        f.pay(invoice, 99.99);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Api.Response> manual = pool.submit(() -> {
                start.await();
                return api.post("/api/invoices/" + invoice + "/payments?depth=0", Map.of("method", "cash"));
            });
            Future<ProviderOutcome> online = pool.submit(() -> {
                start.await();
                return pay(invoice, succeeded("pi_last_cent", "0.01"));
            });
            start.countDown();
            assertThat(online.get()).isEqualTo(ProviderOutcome.RECORDED);
            int manualStatus = manual.get().status();
            // whichever took the invoice's lock first: the manual one is refused once nothing is due
            assertThat(manualStatus).isIn(201, 409);

            JsonNode after = f.get("invoices", invoice);
            String excess = manualStatus == 201 ? "0.01" : "0";
            assertThat(after.get("status").asString()).isEqualTo("paid");
            assertThat(dec(after.get("amountPaid")))
                    .isEqualByComparingTo(new BigDecimal("100").add(new BigDecimal(excess)));
            assertThat(dec(after.get("amountOverpaid"))).isEqualByComparingTo(excess);
            assertThat(f.list("payments", "invoice", invoice)).hasSize(manualStatus == 201 ? 3 : 2);
            assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_paid");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aProviderPaymentOnAVoidInvoiceKeepsItVoidAndAllOfItOverpaid() {
        String invoice = f.sentInvoice(client, 100);
        f.action(200, "invoices", invoice, "void", Map.of());

        assertThat(pay(invoice, succeeded("pi_void", "100"))).isEqualTo(ProviderOutcome.RECORDED);

        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("void");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(dec(after.get("amountOverpaid"))).isEqualByComparingTo("100");
        assertThat(after.get("paidAt").isNull()).isTrue();
        assertThat(f.list("receipts", "invoice", invoice)).hasSize(1);
        assertThat(f.eventTypes(invoice)).doesNotContain("invoice_paid");

        // refunding it brings the overpayment back to 0; the invoice stays void
        assertThat(refund("pi_void", "100")).isEqualTo(ProviderOutcome.RECORDED);
        JsonNode refunded = f.get("invoices", invoice);
        assertThat(refunded.get("status").asString()).isEqualTo("void");
        assertThat(dec(refunded.get("amountPaid"))).isZero();
        assertThat(dec(refunded.get("amountOverpaid"))).isZero();
    }

    @Test
    void aSucceededProviderPaymentOnADraftIsRecordedToo() {
        String draft = f.draftInvoice(client, 100).get("id").asString();

        assertThat(pay(draft, succeeded("pi_draft", "100"))).isEqualTo(ProviderOutcome.RECORDED);

        JsonNode after = f.get("invoices", draft);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(f.list("payments", "invoice", draft)).hasSize(1);
    }

    @Test
    void theDatabaseRefusesASecondSucceededPaymentOfOneProviderReference() {
        String invoice = f.sentInvoice(client, 100);
        pay(invoice, succeeded("pi_belt", "10"));
        String copy = "INSERT INTO payments (organization_id, id, invoice_id, amount, currency, method, status,"
                + " paid_at, reference, provider, created_at, updated_at)"
                + " SELECT organization_id, gen_random_uuid(), invoice_id, amount, currency, method, %s,"
                + " paid_at, reference, provider, created_at, updated_at FROM payments WHERE reference = 'pi_belt'";

        assertThatThrownBy(() -> db.execute(copy.formatted("status")))
                .hasMessageContaining("payments_provider_reference");
        // failed attempts of one reference are not limited
        assertThat(db.execute(copy.formatted("'failed'"))).isEqualTo(1);
    }

    @Test
    void aFailedProviderPaymentIsRecordedWithPaymentFailedButNotOnADraft() {
        String invoice = f.sentInvoice(client, 100);
        ProviderPayment declined = new ProviderPayment(
                "stripe", "pi_declined", usd("100"), false, "visa", "0002", "Your card was declined.", Instant.now());

        assertThat(pay(invoice, declined)).isEqualTo(ProviderOutcome.RECORDED);

        List<JsonNode> payments = f.list("payments", "invoice", invoice);
        assertThat(payments).hasSize(1);
        assertThat(payments.getFirst().get("status").asString()).isEqualTo("failed");
        assertThat(payments.getFirst().get("failureReason").asString()).isEqualTo("Your card was declined.");
        assertThat(payments.getFirst().get("card").get("last4").asString()).isEqualTo("0002");
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("sent");
        assertThat(dec(after.get("amountPaid"))).isZero();
        assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_payment_failed");
        assertThat(f.events(invoice).get(1).get("data").get("failureReason").asString())
                .isEqualTo("Your card was declined.");

        String draft = f.draftInvoice(client, 100).get("id").asString();
        assertThat(pay(draft, declined)).isEqualTo(ProviderOutcome.NOT_FOUND);
        assertThat(f.list("payments", "invoice", draft)).isEmpty();
    }

    @Test
    void reportsAboutUnknownInvoicesAndPaymentsAreNotFound() {
        assertThat(pay("inv_0000000000000000000000", succeeded("pi_nowhere", "10")))
                .isEqualTo(ProviderOutcome.NOT_FOUND);
        assertThat(pay("not-an-id", succeeded("pi_nowhere", "10"))).isEqualTo(ProviderOutcome.NOT_FOUND);
        assertThat(refund("pi_never_paid", "10")).isEqualTo(ProviderOutcome.NOT_FOUND);
        assertThat(dispute("pi_never_paid")).isEqualTo(ProviderOutcome.NOT_FOUND);

        // a failed attempt is no payment to refund or dispute
        String invoice = f.sentInvoice(client, 100);
        pay(
                invoice,
                new ProviderPayment("stripe", "pi_failed_only", usd("100"), false, null, null, null, Instant.now()));
        assertThat(refund("pi_failed_only", "100")).isEqualTo(ProviderOutcome.NOT_FOUND);
        assertThat(dispute("pi_failed_only")).isEqualTo(ProviderOutcome.NOT_FOUND);
    }

    // ------------------------------------------------------------------ refunds and disputes the provider reports

    @Test
    void aRefundFigureIsCumulativeSoTheSameFigureTwiceIsOneRefund() {
        String invoice = f.sentInvoice(client, 100);
        pay(invoice, succeeded("pi_refunds", "100"));

        assertThat(refund("pi_refunds", "30")).isEqualTo(ProviderOutcome.RECORDED);
        assertThat(refund("pi_refunds", "30")).isEqualTo(ProviderOutcome.ALREADY_RECORDED);
        assertThat(refund("pi_refunds", "50")).isEqualTo(ProviderOutcome.RECORDED);
        assertThat(refund("pi_refunds", "40"))
                .as("a figure below the recorded one")
                .isEqualTo(ProviderOutcome.ALREADY_RECORDED);

        JsonNode payment = f.list("payments", "invoice", invoice).getFirst();
        assertThat(dec(payment.get("refundedAmount"))).isEqualByComparingTo("50");
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("50");
        assertThat(dec(after.get("amountDue"))).isEqualByComparingTo("50");
        assertThat(after.get("paidAt").isNull()).isTrue();

        List<JsonNode> refunds = f.events(invoice).stream()
                .filter(e -> e.get("type").asString().equals("invoice_refunded"))
                .map(e -> e.get("data"))
                .toList();
        assertThat(refunds)
                .extracting(d -> dec(d.get("amount")).stripTrailingZeros().toPlainString())
                .containsExactly("30", "20");
        assertThat(refunds.getFirst().get("refundId").isNull()).isTrue();
        List<JsonNode> ledger =
                f.list("transactions", "payment", payment.get("id").asString());
        assertThat(ledger)
                .extracting(t -> dec(t.get("amount")).stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("100", "-30", "-20");

        assertThat(refund("pi_refunds", "100")).isEqualTo(ProviderOutcome.RECORDED);
        assertThat(f.get("invoices", invoice).get("status").asString()).isEqualTo("refunded");
    }

    @Test
    void refundingTheOverpaidExcessKeepsTheInvoicePaid() {
        String invoice = f.sentInvoice(client, 100);
        f.pay(invoice, null);
        String paidAt = f.get("invoices", invoice).get("paidAt").asString();
        pay(invoice, succeeded("pi_excess", "100"));

        assertThat(refund("pi_excess", "100")).isEqualTo(ProviderOutcome.RECORDED);

        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("100");
        assertThat(dec(after.get("amountOverpaid"))).isZero();
        assertThat(dec(after.get("amountDue"))).isZero();
        assertThat(after.get("paidAt").asString()).isEqualTo(paidAt);
    }

    @Test
    void aDisputeIsRecordedOnce() {
        String invoice = f.sentInvoice(client, 100);
        pay(invoice, succeeded("pi_disputed", "100"));

        assertThat(dispute("pi_disputed")).isEqualTo(ProviderOutcome.RECORDED);
        assertThat(dispute("pi_disputed")).isEqualTo(ProviderOutcome.ALREADY_RECORDED);

        assertThat(f.list("payments", "invoice", invoice)
                        .getFirst()
                        .get("disputed")
                        .asBoolean())
                .isTrue();
        assertThat(f.eventTypes(invoice)).containsExactly("invoice_sent", "invoice_paid", "invoice_disputed");
        assertThat(f.events(invoice).get(2).get("data").get("reason").asString())
                .isEqualTo("fraudulent");
    }

    // ------------------------------------------------------------------ helpers

    private static Money usd(String amount) {
        return Money.of(new BigDecimal(amount), "USD");
    }

    private static ProviderPayment succeeded(String reference, String amount) {
        return new ProviderPayment("stripe", reference, usd(amount), true, "visa", "4242", null, Instant.now());
    }

    /** As the webhook calls billing: the tenant bound, in a transaction, as Stripe. */
    private <T> T asStripe(java.util.function.Function<WriteContext, T> work) {
        return new Tenant(organization.id())
                .call(() -> Objects.requireNonNull(tx.execute(s -> work.apply(new WriteContext(
                        organizations.current(),
                        Actor.STRIPE,
                        "evt_test_" + EVENTS.incrementAndGet(),
                        clock.instant())))));
    }

    private ProviderOutcome pay(String invoice, ProviderPayment payment) {
        return asStripe(ctx -> billing.recordProviderPayment(ctx, invoice, payment));
    }

    private ProviderOutcome refund(String reference, String refundedInTotal) {
        return asStripe(ctx -> billing.recordProviderRefund(ctx, "stripe", reference, usd(refundedInTotal)));
    }

    private ProviderOutcome dispute(String reference) {
        return asStripe(ctx -> billing.recordProviderDispute(ctx, "stripe", reference, "fraudulent"));
    }

    private List<JsonNode> auditEntries(String documentId, String action) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/audit-log"
                        + Api.q("where[documentId][equals]", documentId, "where[action][equals]", action, "depth", 0))
                .json()
                .get("docs")
                .forEach(out::add);
        return out;
    }

    private static <T> List<T> parallel(int n, Supplier<T> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.get();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> future : futures) {
                out.add(future.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
