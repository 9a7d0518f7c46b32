package app.clearmargin.support;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Builds billing documents through the public API for tests that need a client, an invoice or a
 * proposal in a given state. Every call is a real request; anything but the expected status fails
 * the test with the server's answer.
 */
public final class BillingScenario {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Api api;

    public BillingScenario(Api api) {
        this.api = api;
    }

    /** A client and its primary contact (with an e-mail), as the events name them. */
    public record Party(
            String clientId, String clientName, String contactId, String contactName, String contactEmail) {}

    public Party clientWithContact(String clientName, String contactName, String contactEmail) {
        String clientId = expect(201, api.post("/api/clients?depth=0", Map.of("name", clientName)))
                .doc()
                .get("id")
                .asString();
        String contactId = expect(
                        201,
                        api.post(
                                "/api/contacts?depth=0",
                                Map.of("client", clientId, "name", contactName, "email", contactEmail)))
                .doc()
                .get("id")
                .asString();
        return new Party(clientId, clientName, contactId, contactName, contactEmail);
    }

    /** A client with a primary contact whose name and address are unique to this call. */
    public Party clientWithContact() {
        int n = SEQUENCE.incrementAndGet();
        return clientWithContact("Client " + n, "Contact " + n, "contact" + n + "@example.com");
    }

    /** A client without any contact: nothing can be sent to it. */
    public String clientWithoutContact() {
        return expect(201, api.post("/api/clients?depth=0", Map.of("name", "Silent " + SEQUENCE.incrementAndGet())))
                .doc()
                .get("id")
                .asString();
    }

    public static Map<String, Object> line(String description, Object quantity, Object rate) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", description);
        line.put("quantity", quantity);
        line.put("rate", rate);
        return line;
    }

    /** A draft invoice of {@code clientId} with {@code extra} fields (issueDate, dueDate, …). */
    public JsonNode draftInvoice(String clientId, List<Map<String, Object>> lines, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("client", clientId);
        body.put("lineItems", lines);
        return expect(201, api.post("/api/invoices?depth=0", body)).doc();
    }

    public JsonNode draftInvoice(String clientId, BigDecimal amount) {
        return draftInvoice(clientId, List.of(line("Consulting", 1, amount)), Map.of());
    }

    /** Sends a document ({@code invoices}/{@code proposals}) and returns it as sent. */
    public JsonNode send(String collection, String id) {
        return expect(200, api.post("/api/" + collection + "/" + id + "/send?depth=0", Map.of()))
                .doc();
    }

    public JsonNode sentInvoice(String clientId, BigDecimal amount) {
        return send("invoices", draftInvoice(clientId, amount).get("id").asString());
    }

    /** Records a payment; returns the whole answer (doc = the payment, invoice = the updated invoice). */
    public JsonNode pay(String invoiceId, Map<String, Object> payment) {
        return expect(201, api.post("/api/invoices/" + invoiceId + "/payments?depth=0", payment))
                .json();
    }

    public JsonNode draftProposal(String clientId, List<Map<String, Object>> lines, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("client", clientId);
        body.putIfAbsent("title", "Proposal " + SEQUENCE.incrementAndGet());
        body.put("lineItems", lines);
        return expect(201, api.post("/api/proposals?depth=0", body)).doc();
    }

    public JsonNode action(String path, Object body, int status) {
        return expect(status, api.post(path + (path.contains("?") ? "&" : "?") + "depth=0", body))
                .json();
    }

    static Api.Response expect(int status, Api.Response r) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " but got " + r);
        }
        return r;
    }
}
