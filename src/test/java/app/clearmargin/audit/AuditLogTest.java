package app.clearmargin.audit;

import static app.clearmargin.support.BillingScenario.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit log (API.md §3 audit-log, §7): every successful write — generic create, update and
 * delete, and every action — leaves exactly one entry in its transaction naming the key, the action,
 * the document and the changed fields as {@code [before, after]}, with the request id; a refused
 * write leaves none; secrets never appear.
 */
class AuditLogTest extends ApiTest {

    static final AtomicInteger REQUESTS = new AtomicInteger();

    WebhookReceiver receiver;
    BillingScenario billing;
    BillingScenario.Party party;
    String keyId;
    /** Every secret the server showed during this class: none may ever be in the log. */
    final List<String> secrets = new ArrayList<>();

    @BeforeAll
    void setUp() {
        receiver = WebhookReceiver.start();
        billing = new BillingScenario(api);
        party = billing.clientWithContact();
        keyId = api.get("/api/api-keys" + Api.q("where[name][equals]", "test"))
                .json()
                .get("docs")
                .get(0)
                .get("id")
                .asString();
        secrets.add(api.key());
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** A request id of its own, so its entries can be found. */
    static String requestId(String what) {
        return "audit-" + what + "-" + REQUESTS.incrementAndGet();
    }

    private Api as(String requestId) {
        return api.withHeader("X-Request-Id", requestId);
    }

    private List<JsonNode> entries(String requestId) {
        JsonNode page = api.get("/api/audit-log" + Api.q("where[requestId][equals]", requestId, "depth", 0))
                .json();
        return page.get("docs").valueStream().toList();
    }

    /** The one entry of a request, checked for what every entry has. */
    private JsonNode theEntry(String requestId, String action, String collection, String documentId) {
        List<JsonNode> found = entries(requestId);
        assertThat(found).as("entries of request %s", requestId).hasSize(1);
        JsonNode entry = found.getFirst();
        assertThat(entry.get("id").asString()).startsWith("aud_");
        assertThat(entry.get("actor").get("apiKey").asString()).isEqualTo(keyId);
        assertThat(entry.get("actor").get("name").asString()).isEqualTo("test");
        assertThat(entry.get("action").asString()).isEqualTo(action);
        assertThat(entry.get("collection").asString()).isEqualTo(collection);
        assertThat(entry.get("documentId").asString()).isEqualTo(documentId);
        assertThat(entry.get("requestId").asString()).isEqualTo(requestId);
        assertThat(entry.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(entry.get("changes").isObject()).isTrue();
        return entry;
    }

    private static void assertChange(JsonNode entry, String field, Object before, Object after) {
        JsonNode change = entry.get("changes").get(field);
        assertThat(change).as("changes.%s of %s", field, entry).isNotNull();
        assertThat(change.size()).isEqualTo(2);
        assertValue(change.get(0), before, field + " before");
        assertValue(change.get(1), after, field + " after");
    }

    private static void assertValue(JsonNode value, Object expected, String what) {
        if (expected == null) {
            assertThat(value.isNull()).as("%s is null, was %s", what, value).isTrue();
        } else if (expected instanceof BigDecimal d) {
            assertThat(value.decimalValue()).as(what).isEqualByComparingTo(d);
        } else if (expected == ANY) {
            assertThat(value.isNull()).as("%s is set", what).isFalse();
        } else if (expected instanceof Boolean b) {
            assertThat(value.asBoolean()).as(what).isEqualTo(b);
        } else if (expected instanceof Integer i) {
            assertThat(value.asInt()).as(what).isEqualTo(i);
        } else {
            assertThat(value.asString()).as(what).isEqualTo(expected);
        }
    }

    /** Any non-null value (timestamps set by the server). */
    static final Object ANY = new Object();

    private static List<String> changed(JsonNode entry) {
        return new ArrayList<>(entry.get("changes").propertyNames());
    }

    private String sentInvoice() {
        return billing.sentInvoice(party.clientId(), new BigDecimal("100.00"))
                .get("id")
                .asString();
    }

    // ------------------------------------------------------------------ generic writes

    @Test
    void createRecordsEachSetFieldAsNullToValue() {
        String rid = requestId("create");
        Api.Response r = as(rid).post(
                        "/api/clients?depth=0",
                        Map.of("name", "Audit Co", "email", "billing@audit.example", "notes", "Met at the fair"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode entry = theEntry(rid, "create", "clients", r.doc().get("id").asString());
        assertChange(entry, "name", null, "Audit Co");
        assertChange(entry, "email", null, "billing@audit.example");
        assertChange(entry, "notes", null, "Met at the fair");
        assertChange(entry, "status", null, "active");
        assertThat(changed(entry)).doesNotContain("id", "createdAt", "updatedAt", "phone", "taxId");
    }

    @Test
    void updateRecordsOnlyTheChangedFields() {
        String clientId = createId("clients", Map.of("name", "Before Ltd", "notes", "unchanged"));
        String rid = requestId("update");
        assertThat(as(rid).patch("/api/clients/" + clientId, Map.of("name", "After Ltd", "notes", "unchanged"))
                        .status())
                .isEqualTo(200);
        JsonNode entry = theEntry(rid, "update", "clients", clientId);
        assertThat(changed(entry)).containsExactly("name");
        assertChange(entry, "name", "Before Ltd", "After Ltd");
    }

    @Test
    void deleteRecordsEachFieldAsValueToNull() {
        String clientId = createId("clients", Map.of("name", "Short-lived", "email", "gone@example.com"));
        String rid = requestId("delete");
        assertThat(as(rid).delete("/api/clients/" + clientId).status()).isEqualTo(200);
        JsonNode entry = theEntry(rid, "delete", "clients", clientId);
        assertChange(entry, "name", "Short-lived", null);
        assertChange(entry, "email", "gone@example.com", null);
    }

    // ------------------------------------------------------------------ invoices, payments, receipts

    @Test
    void invoiceSendAndVoidAreOneEntryEach() {
        String invoiceId = billing.draftInvoice(party.clientId(), new BigDecimal("75.00"))
                .get("id")
                .asString();
        String send = requestId("send");
        assertThat(as(send).post("/api/invoices/" + invoiceId + "/send", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode sent = theEntry(send, "send", "invoices", invoiceId);
        assertChange(sent, "status", "draft", "sent");
        assertChange(sent, "sentAt", null, ANY);

        String voiding = requestId("void");
        assertThat(as(voiding)
                        .post("/api/invoices/" + invoiceId + "/void", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode voided = theEntry(voiding, "void", "invoices", invoiceId);
        assertChange(voided, "status", "sent", "void");
        assertChange(voided, "voidedAt", null, ANY);
    }

    @Test
    void aPaymentIsOneEntryOnItsInvoiceThoughItAlsoWritesAPaymentReceiptAndLedgerEntry() {
        String invoiceId = sentInvoice();
        String rid = requestId("payments");
        Api.Response r = as(rid).post(
                        "/api/invoices/" + invoiceId + "/payments",
                        Map.of("method", "card", "card", Map.of("brand", "visa", "last4", "4242")));
        assertThat(r.status()).isEqualTo(201);
        JsonNode entry = theEntry(rid, "payments", "invoices", invoiceId);
        assertChange(entry, "status", "sent", "paid");
        assertChange(entry, "amountPaid", BigDecimal.ZERO, new BigDecimal("100"));
        assertChange(entry, "amountDue", new BigDecimal("100"), BigDecimal.ZERO);
        assertChange(entry, "paidAt", null, ANY);
    }

    @Test
    void aFailedPaymentIsOneEntryToo() {
        String invoiceId = sentInvoice();
        String rid = requestId("failed-payment");
        assertThat(as(rid).post(
                                "/api/invoices/" + invoiceId + "/payments",
                                Map.of("method", "card", "status", "failed", "failureReason", "insufficient_funds"))
                        .status())
                .isEqualTo(201);
        JsonNode entry = theEntry(rid, "payments", "invoices", invoiceId);
        assertThat(changed(entry)).as("the invoice did not change").isEmpty();
    }

    @Test
    void refundAndDisputeAreOneEntryEachOnThePayment() {
        String invoiceId = sentInvoice();
        String paymentId = billing.pay(invoiceId, Map.of("method", "cash"))
                .get("doc")
                .get("id")
                .asString();

        String refund = requestId("refund");
        assertThat(as(refund)
                        .post("/api/payments/" + paymentId + "/refund", Map.of("amount", 40, "reason", "discount"))
                        .status())
                .isEqualTo(200);
        assertChange(
                theEntry(refund, "refund", "payments", paymentId),
                "refundedAmount",
                BigDecimal.ZERO,
                new BigDecimal("40"));

        String dispute = requestId("dispute");
        assertThat(as(dispute)
                        .post("/api/payments/" + paymentId + "/dispute", Map.of("reason", "chargeback"))
                        .status())
                .isEqualTo(200);
        assertChange(theEntry(dispute, "dispute", "payments", paymentId), "disputed", false, true);
    }

    @Test
    void sendingAReceiptIsOneEntryOnTheReceipt() {
        String invoiceId = sentInvoice();
        String paymentId = billing.pay(invoiceId, Map.of("method", "cash"))
                .get("doc")
                .get("id")
                .asString();
        JsonNode receipt = api.get("/api/receipts" + Api.q("where[payment][equals]", paymentId))
                .json()
                .get("docs")
                .get(0);

        String rid = requestId("receipt-send");
        assertThat(as(rid).post("/api/receipts/" + receipt.get("id").asString() + "/send", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode entry = theEntry(rid, "send", "receipts", receipt.get("id").asString());
        assertChange(entry, "sentAt", receipt.get("sentAt").asString(), ANY);
    }

    @Test
    void generatingAnInvoiceFromTimeIsOneEntryOnTheNewInvoice() {
        String projectId = createId(
                "projects",
                Map.of("client", party.clientId(), "name", "Audited work", "rates", Map.of("standard", 120)));
        createId("time-entries", Map.of("project", projectId, "date", "2026-01-12", "hours", 3));
        String rid = requestId("generate");
        Api.Response r = as(rid).post(
                        "/api/invoices/generate?depth=0",
                        Map.of("projects", List.of(projectId), "from", "2026-01-01", "to", "2026-01-31"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode entry = theEntry(rid, "generate", "invoices", r.doc().get("id").asString());
        assertChange(entry, "status", null, "draft");
        assertChange(entry, "total", null, new BigDecimal("360"));
    }

    // ------------------------------------------------------------------ proposals

    @Test
    void eachProposalActionIsOneEntry() {
        Map<String, Object> terms = Map.of(
                "installments",
                List.of(
                        Map.of("label", "Deposit", "type", "percent", "value", 50, "dueOn", "acceptance"),
                        Map.of("label", "Rest", "type", "remainder", "dueOn", "acceptance", "offsetDays", 30)));
        String proposalId = billing.draftProposal(
                        party.clientId(), List.of(line("Campaign", 1, 5000)), Map.of("paymentTerms", terms))
                .get("id")
                .asString();

        String send = requestId("proposal-send");
        assertThat(as(send).post("/api/proposals/" + proposalId + "/send", Map.of())
                        .status())
                .isEqualTo(200);
        assertChange(theEntry(send, "send", "proposals", proposalId), "status", "draft", "sent");

        String accept = requestId("accept");
        assertThat(as(accept)
                        .post("/api/proposals/" + proposalId + "/accept", Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode accepted = theEntry(accept, "accept", "proposals", proposalId);
        assertChange(accepted, "status", "sent", "accepted");
        assertChange(accepted, "acceptedAt", null, ANY);

        String convert = requestId("convert");
        Api.Response project = as(convert).post("/api/proposals/" + proposalId + "/convert?depth=0", Map.of());
        assertThat(project.status()).isEqualTo(201);
        assertChange(
                theEntry(convert, "convert", "proposals", proposalId),
                "project",
                null,
                project.doc().get("id").asString());

        String duplicate = requestId("duplicate");
        Api.Response copy = as(duplicate).post("/api/proposals/" + proposalId + "/duplicate?depth=0", Map.of());
        assertThat(copy.status()).isEqualTo(201);
        JsonNode duplicated = theEntry(
                duplicate, "duplicate", "proposals", copy.doc().get("id").asString());
        assertChange(duplicated, "status", null, "draft");
        assertChange(duplicated, "number", null, copy.doc().get("number").asString());

        String rejectedId = billing.draftProposal(party.clientId(), List.of(line("Video", 1, 800)), Map.of())
                .get("id")
                .asString();
        billing.send("proposals", rejectedId);
        String reject = requestId("reject");
        assertThat(as(reject)
                        .post("/api/proposals/" + rejectedId + "/reject", Map.of("reason", "timing"))
                        .status())
                .isEqualTo(200);
        JsonNode rejected = theEntry(reject, "reject", "proposals", rejectedId);
        assertChange(rejected, "status", "sent", "rejected");
        assertChange(rejected, "rejectionReason", null, "timing");
    }

    // ------------------------------------------------------------------ platform resources

    @Test
    void webhookWritesAreOneEntryEachAndNeverShowTheSecret() {
        String create = requestId("webhook-create");
        Api.Response created = as(create)
                .post(
                        "/api/webhooks?depth=0",
                        Map.of(
                                "url",
                                receiver.url("audited"),
                                "events",
                                List.of("invoice_paid"),
                                "secret",
                                "whsec_chosen_by_the_integrator_0001"));
        String webhookId = created.doc().get("id").asString();
        secrets.add("whsec_chosen_by_the_integrator_0001");
        JsonNode createdEntry = theEntry(create, "create", "webhooks", webhookId);
        assertChange(createdEntry, "url", null, receiver.url("audited"));
        assertThat(changed(createdEntry)).doesNotContain("secret");

        String rotate = requestId("rotate");
        Api.Response rotated = as(rotate).post("/api/webhooks/" + webhookId + "/rotate-secret", Map.of());
        assertThat(rotated.status()).isEqualTo(200);
        secrets.add(rotated.doc().get("secret").asString());
        assertThat(changed(theEntry(rotate, "rotate-secret", "webhooks", webhookId)))
                .doesNotContain("secret");

        String test = requestId("ping");
        Api.Response ping = as(test).post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of());
        assertThat(ping.status()).isEqualTo(201);
        theEntry(test, "test", "webhooks", webhookId);

        String redeliver = requestId("redeliver");
        String deliveryId = ping.doc().get("id").asString();
        assertThat(as(redeliver)
                        .post("/api/webhook-deliveries/" + deliveryId + "/redeliver", Map.of())
                        .status())
                .isEqualTo(200);
        assertChange(
                theEntry(redeliver, "redeliver", "webhook-deliveries", deliveryId), "status", "succeeded", "pending");

        String redeliverFailed = requestId("redeliver-failed");
        assertThat(as(redeliverFailed)
                        .post(
                                "/api/webhooks/" + webhookId + "/redeliver-failed",
                                Map.of("since", "2026-01-01T00:00:00Z"))
                        .status())
                .isEqualTo(200);
        theEntry(redeliverFailed, "redeliver-failed", "webhooks", webhookId);

        String patch = requestId("webhook-patch");
        assertThat(as(patch)
                        .patch(
                                "/api/webhooks/" + webhookId,
                                Map.of("enabled", false, "secret", "whsec_patched_secret_0002"))
                        .status())
                .isEqualTo(200);
        secrets.add("whsec_patched_secret_0002");
        JsonNode patched = theEntry(patch, "update", "webhooks", webhookId);
        assertThat(changed(patched)).containsExactly("enabled");
        assertChange(patched, "enabled", true, false);

        String delete = requestId("webhook-delete");
        assertThat(as(delete).delete("/api/webhooks/" + webhookId).status()).isEqualTo(200);
        theEntry(delete, "delete", "webhooks", webhookId);
        assertNoSecretAnywhereInTheLog();
    }

    @Test
    void apiKeyCreateAndRevokeAreOneEntryEachAndNeverShowTheKey() {
        String create = requestId("key-create");
        Api.Response created = as(create).post("/api/api-keys?depth=0", Map.of("name", "ci", "scopes", "read_only"));
        assertThat(created.status()).isEqualTo(201);
        String newKeyId = created.doc().get("id").asString();
        secrets.add(created.doc().get("key").asString());
        JsonNode entry = theEntry(create, "create", "api-keys", newKeyId);
        assertChange(entry, "name", null, "ci");
        assertThat(changed(entry)).doesNotContain("key");

        String revoke = requestId("key-revoke");
        assertThat(as(revoke).delete("/api/api-keys/" + newKeyId).status()).isEqualTo(200);
        assertChange(theEntry(revoke, "delete", "api-keys", newKeyId), "revokedAt", null, ANY);
        assertNoSecretAnywhereInTheLog();
    }

    @Test
    void organizationSettingsChangeIsOneEntry() {
        JsonNode before = api.get("/api/organization").json();
        int dueSoon = before.get("dueSoonDays").asInt();
        String rid = requestId("organization");
        assertThat(as(rid).patch("/api/organization", Map.of("dueSoonDays", dueSoon + 1))
                        .status())
                .isEqualTo(200);
        JsonNode entry =
                theEntry(rid, "update", "organization", before.get("id").asString());
        assertThat(changed(entry)).containsExactly("dueSoonDays");
        assertChange(entry, "dueSoonDays", dueSoon, dueSoon + 1);
        api.patch("/api/organization", Map.of("dueSoonDays", dueSoon));
    }

    // ------------------------------------------------------------------ refusals and secrets

    @Test
    void refusedWritesLeaveNoEntry() {
        String draft = billing.draftInvoice(billing.clientWithoutContact(), BigDecimal.TEN)
                .get("id")
                .asString();
        Api readOnly = keyWith(List.of("read_only"), 1000);
        Map<String, Integer> statusByRequest = new LinkedHashMap<>();
        String rid = requestId("invalid-create");
        statusByRequest.put(
                rid,
                as(rid).post("/api/clients", Map.of("name", "", "email", "nope"))
                        .status());
        rid = requestId("send-without-recipient");
        statusByRequest.put(
                rid, as(rid).post("/api/invoices/" + draft + "/send", Map.of()).status());
        rid = requestId("forbidden");
        statusByRequest.put(
                rid,
                readOnly.withHeader("X-Request-Id", rid)
                        .post("/api/clients", Map.of("name", "No"))
                        .status());
        rid = requestId("missing");
        statusByRequest.put(
                rid,
                as(rid).patch("/api/clients/client_01jq0000000000000000000000", Map.of("name", "x"))
                        .status());
        rid = requestId("pay-draft");
        statusByRequest.put(
                rid,
                as(rid).post("/api/invoices/" + draft + "/payments", Map.of("method", "cash"))
                        .status());
        rid = requestId("immutable");
        statusByRequest.put(
                rid,
                as(rid).patch("/api/payments/pay_01jq0000000000000000000000", Map.of())
                        .status());

        assertThat(statusByRequest.values()).containsExactly(400, 409, 403, 404, 409, 405);
        statusByRequest
                .keySet()
                .forEach(r -> assertThat(entries(r))
                        .as("entries of refused request %s", r)
                        .isEmpty());
    }

    @Test
    void theRequestIdIsTheCallersOrTheOneTheServerGenerated() {
        Api.Response r = api.post("/api/clients?depth=0", Map.of("name", "No request id given"));
        String generated = r.header("X-Request-Id");
        assertThat(generated).isNotBlank();
        theEntry(generated, "create", "clients", r.doc().get("id").asString());
    }

    @Test
    void anIdempotentReplayWritesNothingAgain() {
        String rid = requestId("idempotent");
        Api keyed = as(rid).withHeader("Idempotency-Key", rid);
        Api.Response first = keyed.post("/api/clients?depth=0", Map.of("name", "Once Only"));
        Api.Response replay = keyed.post("/api/clients?depth=0", Map.of("name", "Once Only"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.doc().get("id").asString())
                .isEqualTo(first.doc().get("id").asString());
        theEntry(rid, "create", "clients", first.doc().get("id").asString());
    }

    /** Scheduled work is audited too, under the server's own name instead of a key. */
    @Test
    void aTimeSweepChangeIsAuditedAsTheSystem() {
        String invoiceId = sentInvoice();
        JsonNode invoice = api.get("/api/invoices/" + invoiceId).json();
        clock.set(LocalDate.parse(invoice.get("dueDate").asString())
                .plusDays(1)
                .atTime(12, 0)
                .toInstant(ZoneOffset.UTC));
        assertThat(api.post("/api/testing/run-jobs", Map.of()).status()).isEqualTo(200);

        List<JsonNode> found = api.get("/api/audit-log"
                        + Api.q("where[documentId][equals]", invoiceId, "where[action][equals]", "overdue", "depth", 0))
                .json()
                .get("docs")
                .valueStream()
                .toList();
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().get("actor").get("apiKey").isNull()).isTrue();
        assertThat(found.getFirst().get("actor").get("name").asString()).isEqualTo("system");
        assertChange(found.getFirst(), "status", "sent", "overdue");
    }

    private void assertNoSecretAnywhereInTheLog() {
        List<String> pages = new ArrayList<>();
        for (int page = 1; page <= 50; page++) {
            Api.Response r = api.get("/api/audit-log" + Api.q("limit", 100, "page", page, "depth", 0));
            pages.add(r.body());
            if (!r.json().get("hasNextPage").asBoolean()) {
                break;
            }
        }
        for (String secret : secrets) {
            assertThat(pages).as("audit log pages").noneMatch(body -> body.contains(secret));
            // the first characters of a key are its public prefix; the rest must never appear
            assertThat(pages).noneMatch(body -> body.contains(secret.substring(12)));
        }
    }
}
