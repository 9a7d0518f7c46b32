package app.clearmargin.webhooks;

import static app.clearmargin.support.BillingScenario.line;
import static app.clearmargin.webhooks.WebhookChecks.assertCommonData;
import static app.clearmargin.webhooks.WebhookChecks.assertDelivery;
import static app.clearmargin.webhooks.WebhookChecks.runJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.clearmargin.events.EventTypes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every event of API.md §5 from its real trigger — actions, payments, refunds, disputes, receipts,
 * proposals, and the time sweeps driven by the test clock — delivered to a local endpoint with a
 * valid signature and the documented payload. The same deliveries are the examples in
 * docs/webhooks.md, whose verification snippets are run here against one of them.
 *
 * <p>The scenario runs once, on a fixed calendar (2026-03-02 onwards), so that the documents, numbers
 * and dates of the examples are the same on every run.
 */
class EventCatalogueTest extends ApiTest {

    static final String SECRET = "whsec_example0123456789abcdefABCDEF";
    static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    String webhookId;
    BillingScenario.Party acme;
    Map<String, String> jane;
    /** The documents of the scenario by role (invoiceA, paymentA, receiptA, schedule, …). */
    final Map<String, String> ids = new LinkedHashMap<>();

    final Map<String, String> numbers = new LinkedHashMap<>();
    /** The delivery shown for each event: the one about the document named by {@link #subjectOf}. */
    final Map<String, WebhookReceiver.Received> examples = new LinkedHashMap<>();

    List<WebhookReceiver.Received> everything;

    @BeforeAll
    void triggerEveryEvent() {
        BillingScenario billing = new BillingScenario(api);
        try {
            clock.set(MONDAY);
            webhookId = createId(
                    "webhooks",
                    Map.of(
                            "url",
                            receiver.url("catalogue"),
                            "events",
                            List.of("*"),
                            "secret",
                            SECRET,
                            "description",
                            "Receives every event"));
            acme = billing.clientWithContact("Acme Corp", "Jane Smith", "jane@acme.example");
            jane = Map.of("id", acme.contactId(), "name", "Jane Smith", "email", "jane@acme.example");

            // An invoice sent, a declined card, the payment, a partial refund, a dispute, the receipt sent again.
            JsonNode invoiceA = billing.draftInvoice(
                    acme.clientId(),
                    List.of(line("Brand strategy workshop", 1, 2500)),
                    Map.of("issueDate", "2026-03-02", "dueDate", "2026-03-16"));
            remember("invoiceA", invoiceA);
            billing.send("invoices", ids.get("invoiceA"));
            billing.pay(
                    ids.get("invoiceA"),
                    Map.of(
                            "amount",
                            2500,
                            "method",
                            "card",
                            "status",
                            "failed",
                            "failureReason",
                            "card_declined",
                            "card",
                            Map.of("brand", "visa", "last4", "0002")));
            JsonNode paid = billing.pay(
                    ids.get("invoiceA"),
                    Map.of(
                            "method",
                            "card",
                            "reference",
                            "ch_3PqL8xAcme",
                            "card",
                            Map.of("brand", "visa", "last4", "4242")));
            ids.put("paymentA", paid.get("doc").get("id").asString());
            billing.action(
                    "/api/payments/" + ids.get("paymentA") + "/refund",
                    Map.of("amount", 500, "reason", "Workshop shortened to half a day"),
                    200);
            billing.action(
                    "/api/payments/" + ids.get("paymentA") + "/dispute",
                    Map.of("reason", "Cardholder does not recognise the charge"),
                    200);
            JsonNode receipt = api.get(
                            "/api/receipts" + Api.q("where[payment][equals]", ids.get("paymentA"), "depth", 0))
                    .json()
                    .get("docs")
                    .get(0);
            remember("receiptA", receipt);
            billing.action("/api/receipts/" + ids.get("receiptA") + "/send", Map.of(), 200);

            // An invoice that falls due: due soon on Tuesday, overdue on Friday.
            JsonNode invoiceB = billing.draftInvoice(
                    acme.clientId(),
                    List.of(line("Monthly retainer, March", 1, 1200)),
                    Map.of("issueDate", "2026-03-02", "dueDate", "2026-03-04"));
            remember("invoiceB", invoiceB);
            billing.send("invoices", ids.get("invoiceB"));

            // A proposal accepted with a deposit and a balance: the payment schedule's events.
            Map<String, Object> terms = Map.of(
                    "installments",
                    List.of(
                            Map.of("label", "Deposit", "type", "percent", "value", 30, "dueOn", "acceptance"),
                            Map.of(
                                    "label",
                                    "Balance on launch",
                                    "type",
                                    "remainder",
                                    "dueOn",
                                    "date",
                                    "date",
                                    "2026-03-20")));
            JsonNode website = billing.draftProposal(
                    acme.clientId(),
                    List.of(line("Discovery and UX design", 1, 4000), line("Build and launch", 1, 6000)),
                    Map.of("title", "Website redesign", "issueDate", "2026-03-02", "paymentTerms", terms));
            remember("proposalAccepted", website);
            billing.send("proposals", ids.get("proposalAccepted"));
            billing.action("/api/proposals/" + ids.get("proposalAccepted") + "/accept", Map.of(), 200);
            JsonNode schedule = api.get("/api/payment-schedules"
                            + Api.q("where[proposal][equals]", ids.get("proposalAccepted"), "depth", 0))
                    .json()
                    .get("docs")
                    .get(0);
            ids.put("schedule", schedule.get("id").asString());
            ids.put(
                    "depositInvoice",
                    schedule.get("installments").get(0).get("invoice").asString());
            billing.send("invoices", ids.get("depositInvoice"));
            billing.pay(ids.get("depositInvoice"), Map.of("method", "bank_transfer", "reference", "SEPA-2026-0302"));

            // A proposal turned down, and one left to expire.
            JsonNode shoot = billing.draftProposal(
                    acme.clientId(),
                    List.of(line("Photo shoot, two days", 2, 1800)),
                    Map.of("title", "Quarterly photo shoot", "issueDate", "2026-03-02"));
            remember("proposalRejected", shoot);
            billing.send("proposals", ids.get("proposalRejected"));
            billing.action(
                    "/api/proposals/" + ids.get("proposalRejected") + "/reject",
                    Map.of("reason", "Over budget this quarter"),
                    200);
            JsonNode stand = billing.draftProposal(
                    acme.clientId(),
                    List.of(line("Trade fair stand design", 1, 7500)),
                    Map.of("title", "Trade fair stand", "issueDate", "2026-03-02", "expiresAt", "2026-03-05"));
            remember("proposalExpired", stand);
            billing.send("proposals", ids.get("proposalExpired"));

            // Tuesday: invoice B is due in one day, the stand proposal expires in two.
            clock.set(Instant.parse("2026-03-03T09:00:00Z"));
            runJobs(api);
            // Friday: invoice B is two days overdue, the stand proposal has expired.
            clock.set(Instant.parse("2026-03-06T09:00:00Z"));
            runJobs(api);
            // The 20th: the balance falls due, is invoiced, sent and paid; the schedule completes.
            clock.set(Instant.parse("2026-03-20T09:00:00Z"));
            runJobs(api);
            schedule = api.get("/api/payment-schedules/" + ids.get("schedule") + "?depth=0")
                    .json();
            ids.put(
                    "balanceInvoice",
                    schedule.get("installments").get(1).get("invoice").asString());
            billing.send("invoices", ids.get("balanceInvoice"));
            billing.pay(ids.get("balanceInvoice"), Map.of("method", "bank_transfer", "reference", "SEPA-2026-0320"));
            runJobs(api);

            everything = receiver.await(
                    "catalogue",
                    got -> EventTypes.ALL.stream().allMatch(type -> find(got, type) != null),
                    Duration.ofSeconds(30));
            for (String type : EventTypes.ALL) {
                examples.put(type, find(everything, type));
            }
        } finally {
            clock.set(null);
        }
    }

    private void remember(String role, JsonNode doc) {
        ids.put(role, doc.get("id").asString());
        if (doc.hasNonNull("number")) {
            numbers.put(role, doc.get("number").asString());
        }
    }

    /** The document each event's example is about. */
    String subjectOf(String type) {
        return switch (type) {
            case EventTypes.PROPOSAL_SENT, EventTypes.PROPOSAL_ACCEPTED -> ids.get("proposalAccepted");
            case EventTypes.PROPOSAL_REJECTED -> ids.get("proposalRejected");
            case EventTypes.PROPOSAL_EXPIRING, EventTypes.PROPOSAL_EXPIRED -> ids.get("proposalExpired");
            case EventTypes.INVOICE_SENT,
                    EventTypes.INVOICE_PAID,
                    EventTypes.INVOICE_REFUNDED,
                    EventTypes.INVOICE_PAYMENT_FAILED,
                    EventTypes.INVOICE_DISPUTED -> ids.get("invoiceA");
            case EventTypes.INVOICE_DUE_SOON, EventTypes.INVOICE_OVERDUE -> ids.get("invoiceB");
            case EventTypes.RECEIPT_SENT -> ids.get("receiptA");
            default -> ids.get("schedule");
        };
    }

    private WebhookReceiver.Received find(List<WebhookReceiver.Received> got, String type) {
        String subject = subjectOf(type);
        return got.stream()
                .filter(r -> type.equals(r.event()) && subject.equals(r.documentId()))
                .findFirst()
                .orElse(null);
    }

    private JsonNode data(String type) {
        return checked(type).get("data");
    }

    private JsonNode checked(String type) {
        return assertDelivery(examples.get(type), type, SECRET);
    }

    // ------------------------------------------------------------------ the envelope

    @Test
    void everyEventIsDeliveredSignedWithExactlyIdEventTimestampAndData() {
        assertThat(examples.keySet()).containsExactlyElementsOf(EventTypes.ALL);
        for (String type : EventTypes.ALL) {
            JsonNode body = checked(type);
            assertThat(body.get("data").get("documentId").asString()).isEqualTo(subjectOf(type));
        }
    }

    @Test
    void bodyTimestampIsWhenTheEventHappenedAndItsIdIsTheStoredEvent() {
        for (String type : EventTypes.ALL) {
            JsonNode body = checked(type);
            Api.Response stored = api.get("/api/events/" + body.get("id").asString());
            assertThat(stored.status()).as("stored event %s", type).isEqualTo(200);
            assertThat(stored.json().get("type").asString()).isEqualTo(type);
            assertThat(body.get("timestamp").asString())
                    .isEqualTo(stored.json().get("createdAt").asString());
            assertThat(stored.json().get("data")).isEqualTo(body.get("data"));
        }
    }

    @Test
    void everyEventReachesTheEndpointOnceUnderItsOwnId() {
        Map<String, Integer> perId = new LinkedHashMap<>();
        everything.forEach(r -> perId.merge(r.header("X-Webhook-Id"), 1, Integer::sum));
        assertThat(perId)
                .allSatisfy((id, count) ->
                        assertThat(count).as("deliveries of %s", id).isEqualTo(1));
        Set<String> distinctBodies = new HashSet<>();
        everything.forEach(r -> distinctBodies.add(r.bodyText()));
        assertThat(distinctBodies).hasSize(everything.size());
    }

    // ------------------------------------------------------------------ invoices

    @Test
    void invoiceSentNamesTheInvoiceItsTotalAndDueDate() {
        JsonNode data = data(EventTypes.INVOICE_SENT);
        assertInvoice(data, "invoiceA");
        assertMoney(data.get("amount"), "2500");
        assertThat(data.get("dueDate").asString()).isEqualTo("2026-03-16");
    }

    @Test
    void invoicePaymentFailedCarriesThePaymentAmountMethodCardAndReason() {
        JsonNode data = data(EventTypes.INVOICE_PAYMENT_FAILED);
        assertInvoice(data, "invoiceA");
        assertMoney(data.get("amount"), "2500");
        assertThat(data.get("failureReason").asString()).isEqualTo("card_declined");
        assertThat(data.get("paymentMethod").asString()).isEqualTo("card");
        assertThat(data.get("brand").asString()).isEqualTo("visa");
        assertThat(data.get("last4").asString()).isEqualTo("0002");
    }

    @Test
    void invoicePaidCarriesThePaymentAmountMethodAndCard() {
        JsonNode data = data(EventTypes.INVOICE_PAID);
        assertInvoice(data, "invoiceA");
        assertMoney(data.get("amount"), "2500");
        assertThat(data.get("paymentMethod").asString()).isEqualTo("card");
        assertThat(data.get("brand").asString()).isEqualTo("visa");
        assertThat(data.get("last4").asString()).isEqualTo("4242");
        assertThat(data.get("paymentId").asString()).isEqualTo(ids.get("paymentA"));
    }

    @Test
    void aPaymentWithoutACardHasNullBrandAndLast4() {
        WebhookReceiver.Received deposit = everything.stream()
                .filter(r -> EventTypes.INVOICE_PAID.equals(r.event())
                        && ids.get("depositInvoice").equals(r.documentId()))
                .findFirst()
                .orElseThrow();
        JsonNode data = assertDelivery(deposit, EventTypes.INVOICE_PAID, SECRET).get("data");
        assertThat(data.get("paymentMethod").asString()).isEqualTo("bank_transfer");
        assertThat(data.get("brand").isNull()).isTrue();
        assertThat(data.get("last4").isNull()).isTrue();
        assertMoney(data.get("amount"), "3000");
    }

    @Test
    void invoiceRefundedCarriesTheRefundedAmountAndReason() {
        JsonNode data = data(EventTypes.INVOICE_REFUNDED);
        assertInvoice(data, "invoiceA");
        assertMoney(data.get("amount"), "500");
        assertThat(data.get("reason").asString()).isEqualTo("Workshop shortened to half a day");
        assertThat(data.get("paymentId").asString()).isEqualTo(ids.get("paymentA"));
    }

    @Test
    void invoiceDisputedCarriesThePaymentAmountAndReason() {
        JsonNode data = data(EventTypes.INVOICE_DISPUTED);
        assertInvoice(data, "invoiceA");
        assertMoney(data.get("amount"), "2500");
        assertThat(data.get("reason").asString()).isEqualTo("Cardholder does not recognise the charge");
    }

    @Test
    void receiptSentNamesTheReceiptAndItsInvoice() {
        JsonNode data = data(EventTypes.RECEIPT_SENT);
        assertCommonData(data, "receipt", ids.get("receiptA"), acme.clientId(), "Acme Corp", jane);
        assertThat(data.get("documentNumber").asString())
                .isEqualTo(numbers.get("receiptA"))
                .startsWith("RCPT-");
        assertMoney(data.get("amount"), "2500");
        assertThat(data.get("invoiceId").asString()).isEqualTo(ids.get("invoiceA"));
        long receiptSends = everything.stream()
                .filter(r -> EventTypes.RECEIPT_SENT.equals(r.event())
                        && ids.get("receiptA").equals(r.documentId()))
                .count();
        assertThat(receiptSends)
                .as("sent automatically with the payment, then by /receipts/:id/send")
                .isEqualTo(2);
    }

    @Test
    void invoiceDueSoonCountsTheDaysUntilTheDueDate() {
        JsonNode data = data(EventTypes.INVOICE_DUE_SOON);
        assertInvoice(data, "invoiceB");
        assertMoney(data.get("amount"), "1200");
        assertThat(data.get("dueDate").asString()).isEqualTo("2026-03-04");
        assertMoney(data.get("amountDue"), "1200");
        assertThat(data.get("daysUntilDue").asInt()).isEqualTo(1);
    }

    @Test
    void invoiceOverdueCountsTheDaysOverdue() {
        JsonNode data = data(EventTypes.INVOICE_OVERDUE);
        assertInvoice(data, "invoiceB");
        assertThat(data.get("dueDate").asString()).isEqualTo("2026-03-04");
        assertMoney(data.get("amountDue"), "1200");
        assertThat(data.get("daysOverdue").asInt()).isEqualTo(2);
        assertThat(api.get("/api/invoices/" + ids.get("invoiceB"))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("overdue");
    }

    @Test
    void timeEventsHappenOnceHoweverOftenTheJobsRun() {
        for (String type : List.of(
                EventTypes.INVOICE_DUE_SOON,
                EventTypes.INVOICE_OVERDUE,
                EventTypes.PROPOSAL_EXPIRING,
                EventTypes.PROPOSAL_EXPIRED,
                EventTypes.SCHEDULE_INSTALLMENT_DUE,
                EventTypes.SCHEDULE_COMPLETED)) {
            Api.Response r = api.get("/api/events/count"
                    + Api.q("where[type][equals]", type, "where[documentId][equals]", subjectOf(type)));
            assertThat(r.json().get("totalDocs").asInt()).as("%s events", type).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ proposals

    @Test
    void proposalSentAndAcceptedCarryTheTotalAndExpiryDate() {
        for (String type : List.of(EventTypes.PROPOSAL_SENT, EventTypes.PROPOSAL_ACCEPTED)) {
            JsonNode data = data(type);
            assertCommonData(data, "proposal", ids.get("proposalAccepted"), acme.clientId(), "Acme Corp", jane);
            assertThat(data.get("documentNumber").asString()).isEqualTo(numbers.get("proposalAccepted"));
            assertMoney(data.get("amount"), "10000");
            assertThat(data.get("expiresAt").asString()).isEqualTo("2026-04-01");
        }
    }

    @Test
    void proposalRejectedCarriesTheReason() {
        JsonNode data = data(EventTypes.PROPOSAL_REJECTED);
        assertCommonData(data, "proposal", ids.get("proposalRejected"), acme.clientId(), "Acme Corp", jane);
        assertMoney(data.get("amount"), "3600");
        assertThat(data.get("reason").asString()).isEqualTo("Over budget this quarter");
        assertThat(data.get("expiresAt").asString()).isEqualTo("2026-04-01");
    }

    @Test
    void proposalExpiringThenExpiredCarryTheExpiryDate() {
        for (String type : List.of(EventTypes.PROPOSAL_EXPIRING, EventTypes.PROPOSAL_EXPIRED)) {
            JsonNode data = data(type);
            assertCommonData(data, "proposal", ids.get("proposalExpired"), acme.clientId(), "Acme Corp", jane);
            assertMoney(data.get("amount"), "7500");
            assertThat(data.get("expiresAt").asString()).isEqualTo("2026-03-05");
        }
        assertThat(examples.get(EventTypes.PROPOSAL_EXPIRING)
                        .json()
                        .get("timestamp")
                        .asString())
                .startsWith("2026-03-03");
        assertThat(examples.get(EventTypes.PROPOSAL_EXPIRED)
                        .json()
                        .get("timestamp")
                        .asString())
                .startsWith("2026-03-06");
        assertThat(api.get("/api/proposals/" + ids.get("proposalExpired"))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("expired");
    }

    // ------------------------------------------------------------------ payment schedules

    @Test
    void scheduleEventsNameTheInstallmentAndItsInvoice() {
        Map<String, Object[]> expected = new LinkedHashMap<>();
        expected.put(EventTypes.SCHEDULE_DEPOSIT_READY, new Object[] {1, ids.get("depositInvoice"), "3000"});
        expected.put(EventTypes.SCHEDULE_INSTALLMENT_PAID, new Object[] {1, ids.get("depositInvoice"), "3000"});
        expected.put(EventTypes.SCHEDULE_INSTALLMENT_DUE, new Object[] {2, ids.get("balanceInvoice"), "7000"});
        expected.put(EventTypes.SCHEDULE_COMPLETED, new Object[] {2, ids.get("balanceInvoice"), "7000"});
        expected.forEach((type, installment) -> {
            JsonNode data = data(type);
            assertCommonData(data, "payment_schedule", ids.get("schedule"), acme.clientId(), "Acme Corp", jane);
            assertThat(data.get("documentNumber").asString())
                    .as("%s names the proposal", type)
                    .isEqualTo(numbers.get("proposalAccepted"));
            assertMoney(data.get("amount"), "10000");
            assertThat(data.get("installmentNumber").asInt())
                    .as("%s installmentNumber", type)
                    .isEqualTo(installment[0]);
            assertThat(data.get("installmentCount").asInt()).isEqualTo(2);
            assertThat(data.get("invoiceId").asString())
                    .as("%s invoiceId", type)
                    .isEqualTo(installment[1]);
            assertMoney(data.get("installmentAmount"), (String) installment[2]);
        });
        assertThat(examples.get(EventTypes.SCHEDULE_INSTALLMENT_DUE)
                        .json()
                        .get("timestamp")
                        .asString())
                .startsWith("2026-03-20");
        assertThat(api.get("/api/payment-schedules/" + ids.get("schedule"))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("completed");
    }

    @Test
    void theSecondInstallmentPaidIsItsOwnEvent() {
        List<Integer> paidInstallments = new ArrayList<>();
        everything.stream()
                .filter(r -> EventTypes.SCHEDULE_INSTALLMENT_PAID.equals(r.event()))
                .forEach(r -> paidInstallments.add(
                        r.json().get("data").get("installmentNumber").asInt()));
        assertThat(paidInstallments).containsExactlyInAnyOrder(1, 2);
    }

    // ------------------------------------------------------------------ helpers

    private void assertInvoice(JsonNode data, String role) {
        assertCommonData(data, "invoice", ids.get(role), acme.clientId(), "Acme Corp", jane);
        assertThat(data.get("documentNumber").asString())
                .isEqualTo(numbers.get(role))
                .startsWith("INV-");
    }

    private static void assertMoney(JsonNode value, String expected) {
        assertThat(value.isNumber()).as("%s is a number", value).isTrue();
        assertThat(value.decimalValue()).isEqualByComparingTo(new BigDecimal(expected));
    }

    // ------------------------------------------------------------------ docs/webhooks.md

    @Test
    void docsShowTheseDeliveriesAsTheExamples() {
        Map<String, String> parts = WebhookDocs.parts(examples, examples.get(EventTypes.INVOICE_PAID));
        String committed = WebhookDocs.read(WebhookDocs.FILE);
        if (WebhookDocs.UPDATE) {
            WebhookDocs.write(WebhookDocs.FILE, WebhookDocs.update(committed, parts));
            committed = WebhookDocs.read(WebhookDocs.FILE);
        }
        assertThat(WebhookDocs.outOfDate(committed, parts))
                .as("parts of docs/webhooks.md that no longer match what the server delivers; "
                        + "rerun with -Dclearmargin.docs.update=true and review the diff")
                .isEmpty();
    }

    @Test
    void pythonSnippetVerifiesARealDeliveryAndRefusesTamperedOnes() throws Exception {
        WebhookReceiver.Received d = examples.get(EventTypes.INVOICE_PAID);
        String harness = """
                import sys
                sys.path.insert(0, sys.argv[1])
                from verify import verify
                secret, ts, sig = sys.argv[2], sys.argv[3], sys.argv[4]
                body = sys.stdin.buffer.read()
                now = int(ts)
                results = [verify(secret, ts, body, sig, now=now),
                           verify(secret, ts, body + b" ", sig, now=now),
                           verify("whsec_wrong", ts, body, sig, now=now),
                           verify(secret, str(now + 1), body, sig, now=now),
                           verify(secret, ts, body, sig, now=now + 301)]
                print(" ".join("valid" if r else "invalid" for r in results))
                """;
        assertThat(run(
                        d.body(),
                        "python3",
                        "-c",
                        harness,
                        WebhookDocs.SNIPPETS.toString(),
                        SECRET,
                        d.header("X-Webhook-Timestamp"),
                        d.header("X-Signature")))
                .isEqualTo("valid invalid invalid invalid invalid");
    }

    @Test
    void nodeSnippetVerifiesARealDeliveryAndRefusesTamperedOnes() throws Exception {
        assumeTrue(onPath("node"), "node is not installed");
        WebhookReceiver.Received d = examples.get(EventTypes.INVOICE_PAID);
        String harness = """
                const { verify } = require(require("node:path").resolve(process.argv[1], "verify.js"));
                const [secret, ts, sig] = process.argv.slice(2);
                const body = require("node:fs").readFileSync(0);
                const now = Number(ts);
                const results = [verify(secret, ts, body, sig, { now }),
                                 verify(secret, ts, Buffer.concat([body, Buffer.from(" ")]), sig, { now }),
                                 verify("whsec_wrong", ts, body, sig, { now }),
                                 verify(secret, String(now + 1), body, sig, { now }),
                                 verify(secret, ts, body, sig, { now: now + 301 })];
                console.log(results.map(r => r ? "valid" : "invalid").join(" "));
                """;
        assertThat(run(
                        d.body(),
                        "node",
                        "-e",
                        harness,
                        WebhookDocs.SNIPPETS.toString(),
                        SECRET,
                        d.header("X-Webhook-Timestamp"),
                        d.header("X-Signature")))
                .isEqualTo("valid invalid invalid invalid invalid");
    }

    @Test
    void javaSnippetVerifiesARealDeliveryAndRefusesTamperedOnes() throws Exception {
        Method verify = compileJavaSnippet()
                .getMethod("verify", String.class, String.class, byte[].class, String.class, Instant.class);
        WebhookReceiver.Received d = examples.get(EventTypes.INVOICE_PAID);
        String ts = d.header("X-Webhook-Timestamp");
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(ts));
        byte[] tampered = Arrays.copyOf(d.body(), d.body().length + 1);
        tampered[tampered.length - 1] = ' ';
        assertThat(verify.invoke(null, SECRET, ts, d.body(), d.header("X-Signature"), sentAt.plusSeconds(2)))
                .isEqualTo(true);
        assertThat(verify.invoke(null, SECRET, ts, tampered, d.header("X-Signature"), sentAt))
                .isEqualTo(false);
        assertThat(verify.invoke(null, "whsec_wrong", ts, d.body(), d.header("X-Signature"), sentAt))
                .isEqualTo(false);
        assertThat(verify.invoke(
                        null,
                        SECRET,
                        String.valueOf(sentAt.getEpochSecond() + 1),
                        d.body(),
                        d.header("X-Signature"),
                        sentAt))
                .isEqualTo(false);
        assertThat(verify.invoke(null, SECRET, ts, d.body(), d.header("X-Signature"), sentAt.plusSeconds(301)))
                .isEqualTo(false);
    }

    /** Compiles docs/snippets/WebhookVerifier.java as a reader would, and loads it. */
    private static Class<?> compileJavaSnippet() throws Exception {
        Path out = Files.createTempDirectory("webhook-verifier");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests run on a JDK").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(
                null,
                null,
                errors,
                "-d",
                out.toString(),
                WebhookDocs.SNIPPETS.resolve("WebhookVerifier.java").toString());
        assertThat(status).as("javac: %s", errors).isZero();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()})) {
            Class<?> type = loader.loadClass("WebhookVerifier");
            assertThat(type.getMethods()).isNotEmpty(); // resolve everything before the loader closes
            return type;
        }
    }

    private static String run(byte[] stdin, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ left in docs/snippets
        Process p = builder.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command[0], output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        try {
            return new ProcessBuilder(program, "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
