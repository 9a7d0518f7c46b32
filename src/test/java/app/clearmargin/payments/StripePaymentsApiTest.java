package app.clearmargin.payments;

import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import app.clearmargin.support.LogCapture;
import app.clearmargin.support.StripeStandIn;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Online payments through Stripe (API.md §9) against the stand-in: "Pay online" → a Checkout Session,
 * Stripe's events applied exactly once in any order, refunds through Stripe, and the signature check.
 */
class StripePaymentsApiTest extends ApiTest {

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient PAGES = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final StripeStandIn stripe = StripeStandIn.get();
    private final String secretKey = "sk_test_" + "payments" + Fixtures.unique() + "abcdefghijklmnop";
    private final String webhookSecret = "whsec_" + "payments" + Fixtures.unique() + "QRSTUVWXYZ";
    private Fixtures f;
    private String client;

    @BeforeAll
    void connectStripe() {
        f = new Fixtures(api);
        client = f.client("Card Client");
        expect(
                200,
                api.patch(
                        "/api/organization",
                        Map.of("stripe", Map.of("secretKey", secretKey, "webhookSecret", webhookSecret))));
    }

    // ------------------------------------------------------------------ helpers

    private record Page(int status, String location, String body) {}

    private Page page(String method, String path, Map<String, String> form) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base() + path))
                    .timeout(Duration.ofSeconds(30));
            if (method.equals("POST")) {
                String body = String.join(
                        "&",
                        form.entrySet().stream()
                                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                                .toList());
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> r = PAGES.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String linkPath(JsonNode invoice) {
        return URI.create(invoice.get("publicUrl").asString()).getPath();
    }

    /** Presses "Pay online" on the invoice's page; returns the Checkout Session id it was sent to. */
    private String payOnline(JsonNode invoice) {
        String link = linkPath(invoice);
        Page shown = page("GET", link, Map.of());
        assertThat(shown.body()).contains("id=\"pay-online\"");
        Matcher csrf = CSRF.matcher(shown.body().substring(shown.body().indexOf("id=\"pay-form\"")));
        assertThat(csrf.find()).isTrue();
        Page pressed = page("POST", link + "/pay", Map.of("csrf", csrf.group(1)));
        assertThat(pressed.status()).as(pressed.body()).isEqualTo(303);
        assertThat(pressed.location()).startsWith(stripe.base() + "/checkout/cs_test_");
        return pressed.location().substring(pressed.location().lastIndexOf('/') + 1);
    }

    private JsonNode sentInvoice(Object amount) {
        return f.get("invoices", f.sentInvoice(client, amount));
    }

    private String endpoint() {
        return "/stripe/webhooks/" + organization.publicId();
    }

    private Api.Response deliver(String payload) {
        return deliver(
                payload,
                StripeStandIn.sign(payload, webhookSecret, clock.instant().getEpochSecond()));
    }

    private Api.Response deliver(String payload, String signature) {
        return new Api(base(), null)
                .withHeader("Stripe-Signature", signature)
                .send("POST", endpoint(), payload, "application/json");
    }

    private List<JsonNode> payments(String invoiceId) {
        return f.list("payments", "invoice", invoiceId);
    }

    private long storedEvents() {
        Long n = tx.execute(s -> jdbc().queryForObject(
                        "SELECT count(*) FROM stripe_events WHERE organization_id = ?", Long.class, organization.id()));
        return n == null ? 0 : n;
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;

    private org.springframework.jdbc.core.JdbcTemplate jdbc() {
        return jdbcTemplate;
    }

    /** A paid invoice through Checkout: returns {invoiceId, paymentIntent}. */
    private String[] paidThroughCheckout(Object amount) {
        JsonNode invoice = sentInvoice(amount);
        String session = payOnline(invoice);
        String intent = stripe.complete(session, "visa", "4242");
        expect(200, deliver(stripe.checkoutSessionCompleted(session)));
        return new String[] {invoice.get("id").asString(), intent};
    }

    // ------------------------------------------------------------------ Pay online

    @Test
    void payOnlineSendsTheClientToCheckoutForTheAmountDueWithOurMetadata() {
        JsonNode invoice = sentInvoice(1234.56);
        String session = payOnline(invoice);

        StripeStandIn.Call created = stripe.calls(secretKey).stream()
                .filter(c -> c.path().equals("/v1/checkout/sessions"))
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<String, String> form = created.form();
        assertThat(form)
                .containsEntry("mode", "payment")
                .containsEntry("line_items[0][price_data][unit_amount]", "123456")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("metadata[organization]", organization.publicId())
                .containsEntry("metadata[invoice]", invoice.get("id").asString())
                .containsEntry("metadata[number]", invoice.get("number").asString())
                .containsEntry(
                        "payment_intent_data[metadata][invoice]",
                        invoice.get("id").asString())
                .containsEntry("payment_intent_data[metadata][organization]", organization.publicId())
                .containsEntry("success_url", invoice.get("publicUrl").asString() + "?payment=success")
                .containsEntry("cancel_url", invoice.get("publicUrl").asString() + "?payment=cancelled");
        assertThat(created.idempotencyKey())
                .contains(invoice.get("id").asString())
                .contains("123456");

        // pressing twice (a double click) reuses the session
        assertThat(payOnline(invoice)).isEqualTo(session);
        Page back = page("GET", linkPath(invoice) + "?payment=cancelled", Map.of());
        assertThat(back.body()).contains("id=\"payment-notice\"").contains("nothing was charged");
    }

    @Test
    void payOnlineIsRefusedWithAPageWhenTheInvoiceHasNothingDue() {
        JsonNode invoice = sentInvoice(50);
        String link = linkPath(invoice);
        Page shown = page("GET", link, Map.of());
        Matcher csrf = CSRF.matcher(shown.body().substring(shown.body().indexOf("id=\"pay-form\"")));
        assertThat(csrf.find()).isTrue();
        f.pay(invoice.get("id").asString(), 50);

        assertThat(page("GET", link, Map.of()).body()).doesNotContain("id=\"pay-online\"");
        Page refused = page("POST", link + "/pay", Map.of("csrf", csrf.group(1)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("is paid");
        Page forged = page("POST", link + "/pay", Map.of("csrf", "1.forged"));
        assertThat(forged.status()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ Stripe's events

    @Test
    void aCompletedCheckoutBooksOneCardPaymentWithItsReceiptLedgerAndEvent() {
        JsonNode invoice = sentInvoice(200);
        String id = invoice.get("id").asString();
        String session = payOnline(invoice);
        String intent = stripe.complete(session, "mastercard", "4444");

        Api.Response r = deliver(stripe.checkoutSessionCompleted(session));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asString()).isEqualTo("applied");
        List<JsonNode> payments = payments(id);
        assertThat(payments).hasSize(1);
        JsonNode payment = payments.getFirst();
        assertThat(dec(payment.get("amount"))).isEqualByComparingTo("200");
        assertThat(payment.get("method").asString()).isEqualTo("card");
        assertThat(payment.get("provider").asString()).isEqualTo("stripe");
        assertThat(payment.get("reference").asString()).isEqualTo(intent);
        assertThat(payment.get("card").get("brand").asString()).isEqualTo("mastercard");
        assertThat(payment.get("card").get("last4").asString()).isEqualTo("4444");
        JsonNode paid = f.get("invoices", id);
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(dec(paid.get("amountDue"))).isEqualByComparingTo("0");
        assertThat(f.list("receipts", "invoice", id)).hasSize(1);
        assertThat(f.eventTypes(id)).containsOnlyOnce("invoice_paid");
        JsonNode audit = expect(200, api.get("/api/audit-log" + Api.q("where[documentId][equals]", id, "limit", 50)))
                .json()
                .get("docs");
        assertThat(audit.toString()).contains("\"type\":\"stripe\"");
        // the client comes back to the page: paid, with the receipt
        Page back = page("GET", linkPath(invoice) + "?payment=success", Map.of());
        assertThat(back.body()).contains("Thank you for your payment.").contains("id=\"receipts\"");
        assertThat(back.body()).doesNotContain("id=\"pay-online\"");
    }

    @Test
    void theSameEventDeliveredTenTimesAtOnceRecordsOnePayment() throws Exception {
        JsonNode invoice = sentInvoice(300);
        String session = payOnline(invoice);
        stripe.complete(session, "visa", "4242");
        String event = stripe.checkoutSessionCompleted(session);
        String signature =
                StripeStandIn.sign(event, webhookSecret, clock.instant().getEpochSecond());

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                Callable<Api.Response> delivery = () -> {
                    start.await();
                    return deliver(event, signature);
                };
                answers.add(pool.submit(delivery));
            }
            start.countDown();
            for (Future<Api.Response> a : answers) {
                assertThat(a.get().status()).as(a.get().body()).isEqualTo(200);
            }
        }
        String id = invoice.get("id").asString();
        assertThat(payments(id)).hasSize(1);
        assertThat(f.list("receipts", "invoice", id)).hasSize(1);
        assertThat(f.eventTypes(id)).containsOnlyOnce("invoice_paid");
        assertThat(answers.stream().map(a -> {
                    try {
                        return a.get().json().get("outcome").asString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .containsOnlyOnce("applied")
                .containsOnly("applied", "duplicate");
    }

    @Test
    void checkoutCompletedAndPaymentIntentSucceededOfOnePaymentIntentAreOnePaymentInEitherOrder() {
        JsonNode first = sentInvoice(120);
        String s1 = payOnline(first);
        String pi1 = stripe.complete(s1, "visa", "1111");
        expect(200, deliver(stripe.checkoutSessionCompleted(s1)));
        expect(200, deliver(stripe.paymentIntentSucceeded(pi1, false)));
        assertThat(payments(first.get("id").asString())).hasSize(1);

        JsonNode second = sentInvoice(130);
        String s2 = payOnline(second);
        String pi2 = stripe.complete(s2, "amex", "0005");
        Api.Response intentFirst = expect(200, deliver(stripe.paymentIntentSucceeded(pi2, true)));
        assertThat(intentFirst.json().get("outcome").asString()).isEqualTo("applied");
        expect(200, deliver(stripe.checkoutSessionCompleted(s2)));
        List<JsonNode> payments = payments(second.get("id").asString());
        assertThat(payments).hasSize(1);
        assertThat(payments.getFirst().get("card").get("brand").asString()).isEqualTo("amex");
        assertThat(f.get("invoices", second.get("id").asString()).get("status").asString())
                .isEqualTo("paid");
    }

    @Test
    void aRefundEventBeforeItsPaymentIsAnsweredNon2xxAndAppliedWhenResent() {
        JsonNode invoice = sentInvoice(400);
        String id = invoice.get("id").asString();
        String session = payOnline(invoice);
        String intent = stripe.complete(session, "visa", "4242");
        String refund = stripe.chargeRefunded(intent, 10_000);

        Api.Response early = deliver(refund);
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(payments(id)).isEmpty();

        expect(200, deliver(stripe.checkoutSessionCompleted(session)));
        Api.Response resent = expect(200, deliver(refund));
        assertThat(resent.json().get("outcome").asString()).isEqualTo("applied");
        JsonNode payment = payments(id).getFirst();
        assertThat(dec(payment.get("refundedAmount"))).isEqualByComparingTo("100");
        JsonNode after = f.get("invoices", id);
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("300");
        assertThat(after.get("status").asString()).isEqualTo("partially_paid");
        assertThat(f.eventTypes(id)).containsOnlyOnce("invoice_refunded");
        // Stripe resends it once more: nothing changes
        assertThat(deliver(refund).json().get("outcome").asString()).isEqualTo("duplicate");
        assertThat(dec(payments(id).getFirst().get("refundedAmount"))).isEqualByComparingTo("100");
    }

    @Test
    void unsignedWronglySignedStaleOrOtherOrganizationsEventsAre400AndRecordNothing() {
        JsonNode invoice = sentInvoice(75);
        String id = invoice.get("id").asString();
        String session = payOnline(invoice);
        stripe.complete(session, "visa", "4242");
        String event = stripe.checkoutSessionCompleted(session);
        long now = clock.instant().getEpochSecond();
        long before = storedEvents();

        Api.Response unsigned = new Api(base(), null).send("POST", endpoint(), event, "application/json");
        Api.Response wrong = deliver(event, StripeStandIn.sign(event, "whsec_notTheSecret", now));
        Api.Response stale = deliver(event, StripeStandIn.sign(event, webhookSecret, now - 301));
        Api.Response tampered =
                deliver(event.replace("\"paid\"", "\"unpaid\""), StripeStandIn.sign(event, webhookSecret, now));
        for (Api.Response r : List.of(unsigned, wrong, stale, tampered)) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorMessage()).contains("Stripe-Signature");
            assertThat(r.body()).doesNotContain(webhookSecret);
        }

        // another organization, with its own Stripe account, signs an event for its own endpoint
        TestOrg other = newOrganization("Other Stripe Org");
        String otherSecret = "whsec_other" + Fixtures.unique() + "ABCDEFG";
        expect(
                200,
                other.api()
                        .patch(
                                "/api/organization",
                                Map.of(
                                        "stripe",
                                        Map.of(
                                                "secretKey",
                                                "sk_test_other" + Fixtures.unique() + "xyzxyzxyz",
                                                "webhookSecret",
                                                otherSecret))));
        Api.Response otherSigned = deliver(event, StripeStandIn.sign(event, otherSecret, now));
        assertThat(otherSigned.status()).isEqualTo(400);
        // signed with the other organization's secret and sent to its endpoint, but our invoice's metadata
        Api.Response otherEndpoint = new Api(base(), null)
                .withHeader("Stripe-Signature", StripeStandIn.sign(event, otherSecret, now))
                .send("POST", "/stripe/webhooks/" + other.organization().publicId(), event, "application/json");
        assertThat(otherEndpoint.status()).as(otherEndpoint.body()).isEqualTo(400);
        assertThat(otherEndpoint.errorMessage()).contains("another organization");

        assertThat(payments(id)).isEmpty();
        assertThat(storedEvents()).isEqualTo(before);
        assertThat(f.get("invoices", id).get("status").asString()).isEqualTo("sent");
        // and the genuine delivery still works
        expect(200, deliver(event));
        assertThat(payments(id)).hasSize(1);
    }

    @Test
    void aManualPaymentAndAStripePaymentRacingOnTheLastCentAreBothKept() {
        JsonNode invoice = sentInvoice(100);
        String id = invoice.get("id").asString();
        String session = payOnline(invoice);
        stripe.complete(session, "visa", "4242");
        // the agency records a bank transfer of all but one cent while the client pays the whole amount by card
        f.pay(id, 99.99);

        expect(200, deliver(stripe.checkoutSessionCompleted(session)));

        assertThat(payments(id)).hasSize(2);
        JsonNode after = f.get("invoices", id);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("199.99");
        assertThat(dec(after.get("amountDue"))).isEqualByComparingTo("0");
        assertThat(dec(after.get("amountOverpaid"))).isEqualByComparingTo("99.99");
    }

    @Test
    void aRefundThroughTheApiGoesToStripeFirstAndStripesEventAfterwardChangesNothing() {
        String[] paid = paidThroughCheckout(250);
        String id = paid[0];
        String intent = paid[1];
        JsonNode payment = payments(id).getFirst();

        JsonNode refunded = f.refund(payment.get("id").asString(), 50);

        assertThat(dec(refunded.get("refundedAmount"))).isEqualByComparingTo("50");
        StripeStandIn.Call call = stripe.calls(secretKey).stream()
                .filter(c -> c.path().equals("/v1/refunds"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(call.form()).containsEntry("payment_intent", intent).containsEntry("amount", "5000");
        assertThat(call.idempotencyKey()).isEqualTo(call.form().get("metadata[refund]"));
        assertThat(stripe.charge(stripe.intent(intent).get("latest_charge").asString())
                        .get("amount_refunded")
                        .asLong())
                .isEqualTo(5000);
        // Stripe then reports the charge refunded by 50 in total: already recorded
        Api.Response event = expect(200, deliver(stripe.chargeRefunded(intent, 0)));
        assertThat(event.json().get("outcome").asString()).isEqualTo("applied");
        assertThat(dec(payments(id).getFirst().get("refundedAmount"))).isEqualByComparingTo("50");
        assertThat(f.eventTypes(id)).containsOnlyOnce("invoice_refunded");
        JsonNode refundedEvent = f.events(id).stream()
                .filter(e -> e.get("type").asString().equals("invoice_refunded"))
                .findFirst()
                .orElseThrow();
        assertThat(refundedEvent.get("data").get("refundId").asString())
                .startsWith("re_")
                .isEqualTo(call.idempotencyKey());
    }

    @Test
    void aManualPaymentsRefundNeverGoesToStripe() {
        JsonNode invoice = sentInvoice(70);
        String id = invoice.get("id").asString();
        String payment = f.pay(id, 70).doc().get("id").asString();
        long refundsAtStripe = stripe.calls(secretKey).stream()
                .filter(c -> c.path().equals("/v1/refunds"))
                .count();

        JsonNode refunded = f.refund(payment, 20);

        assertThat(refunded.get("provider").isNull()).isTrue();
        assertThat(dec(refunded.get("refundedAmount"))).isEqualByComparingTo("20");
        assertThat(stripe.calls(secretKey).stream().filter(c -> c.path().equals("/v1/refunds")))
                .hasSize((int) refundsAtStripe);
    }

    @Test
    void stripesRefusalOfARefundIs402AndRecordsNothing() {
        String[] paid = paidThroughCheckout(90);
        stripe.refuseRefunds(paid[1], "This charge has been disputed and cannot be refunded.");
        JsonNode payment = payments(paid[0]).getFirst();

        Api.Response r = api.post("/api/payments/" + payment.get("id").asString() + "/refund", Map.of("amount", 10));

        assertThat(r.status()).as(r.body()).isEqualTo(402);
        assertThat(r.errorName()).isEqualTo("PaymentProviderError");
        assertThat(r.errorMessage()).contains("disputed and cannot be refunded");
        assertThat(dec(payments(paid[0]).getFirst().get("refundedAmount"))).isEqualByComparingTo("0");
        assertThat(f.get("invoices", paid[0]).get("status").asString()).isEqualTo("paid");
        assertThat(f.eventTypes(paid[0])).doesNotContain("invoice_refunded");
    }

    @Test
    void aFailedPaymentIsRecordedWithItsReasonAndInvoicePaymentFailed() {
        JsonNode invoice = sentInvoice(60);
        String id = invoice.get("id").asString();
        var metadata = JSON.createObjectNode()
                .put("organization", organization.publicId())
                .put("invoice", id)
                .put("number", invoice.get("number").asString());
        String intent = stripe.newIntent(6000, "usd", metadata, "visa", "0341", false);

        expect(200, deliver(stripe.paymentIntentFailed(intent)));

        List<JsonNode> payments = payments(id);
        assertThat(payments).hasSize(1);
        assertThat(payments.getFirst().get("status").asString()).isEqualTo("failed");
        assertThat(payments.getFirst().get("failureReason").asString()).contains("insufficient funds");
        assertThat(payments.getFirst().get("card").get("last4").asString()).isEqualTo("0341");
        assertThat(f.eventTypes(id)).containsOnlyOnce("invoice_payment_failed");
        assertThat(f.get("invoices", id).get("status").asString()).isEqualTo("sent");
    }

    @Test
    void aDisputeIsRecordedOnce() {
        String[] paid = paidThroughCheckout(80);
        String dispute = stripe.disputeCreated(paid[1], "fraudulent");

        expect(200, deliver(dispute));
        expect(200, deliver(stripe.disputeCreated(paid[1], "fraudulent")));

        assertThat(payments(paid[0]).getFirst().get("disputed").asBoolean()).isTrue();
        assertThat(f.eventTypes(paid[0])).containsOnlyOnce("invoice_disputed");
    }

    @Test
    void eventsOfPaymentsThatAreNotOursAreAcknowledgedAndLeftAlone() {
        String foreign =
                stripe.newIntent(999, "usd", JSON.createObjectNode().put("order", "shop-123"), "visa", "4242", true);

        Api.Response paid = expect(200, deliver(stripe.paymentIntentSucceeded(foreign, false)));
        Api.Response refunded = expect(200, deliver(stripe.chargeRefunded(foreign, 999)));
        Api.Response other = expect(200, deliver(stripe.event("customer.created", JSON.createObjectNode())));

        for (Api.Response r : List.of(paid, refunded, other)) {
            assertThat(r.json().get("outcome").asString()).isEqualTo("ignored");
        }
    }

    @Test
    void theStripeKeysNeverAppearInAnswersPagesAuditEntriesOrLogsOfPaymentsRefundsAndEvents() {
        List<String> seen = new ArrayList<>();
        List<String> logged;
        try (LogCapture logs = LogCapture.start()) {
            JsonNode invoice = sentInvoice(40);
            String id = invoice.get("id").asString();
            seen.add(page("GET", linkPath(invoice), Map.of()).body());
            String session = payOnline(invoice);
            String intent = stripe.complete(session, "visa", "4242");
            String event = stripe.checkoutSessionCompleted(session);
            seen.add(deliver(
                            event,
                            StripeStandIn.sign(
                                    event, "whsec_wrongSecret", clock.instant().getEpochSecond()))
                    .body());
            seen.add(deliver(event).body());
            seen.add(deliver(event).body());
            String paymentId = payments(id).getFirst().get("id").asString();
            stripe.refuseRefunds(intent, "Refused for the leak test.");
            seen.add(api.post("/api/payments/" + paymentId + "/refund", Map.of("amount", 5))
                    .body());
            seen.add(page("GET", linkPath(invoice) + "?payment=success", Map.of())
                    .body());
            seen.add(api.get("/api/payments/" + paymentId).body());
            seen.add(api.get("/api/audit-log" + Api.q("limit", 100, "depth", 1)).body());
            seen.add(api.get("/api/events" + Api.q("limit", 100)).body());
            seen.add(api.get("/api/organization").body());
            logged = logs.lines();
        }
        assertThat(logged).as("the log capture saw the requests").isNotEmpty();
        seen.addAll(logged);
        for (String text : seen) {
            for (String secret :
                    List.of(secretKey, webhookSecret, secretKey.substring(8), webhookSecret.substring(6))) {
                assertThat(text).as("an answer, page, audit entry or log line").doesNotContain(secret);
            }
        }
    }

    @Test
    void eventsForAnOrganizationWithoutStripeAre400() {
        TestOrg plain = newOrganization("No Stripe Org");
        String event = stripe.event("payment_intent.succeeded", JSON.createObjectNode());
        Api.Response r = new Api(base(), null)
                .withHeader(
                        "Stripe-Signature",
                        StripeStandIn.sign(event, webhookSecret, Instant.now().getEpochSecond()))
                .send("POST", "/stripe/webhooks/" + plain.organization().publicId(), event, "application/json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("not connected");
        assertThat(new Api(base(), null)
                        .send("POST", "/stripe/webhooks/org_doesnotexist", event, "application/json")
                        .status())
                .isEqualTo(404);
    }
}
