package app.clearmargin.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Billing fixtures over the real API of one organization: clients with a primary contact, members,
 * projects, time, expenses, invoices and their actions. Every call asserts its expected status, so a
 * broken precondition fails where it happens instead of three steps later.
 */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Api api;

    public Fixtures(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    // ------------------------------------------------------------------ generic

    /** POST and expect 201; the created doc at depth 0. */
    public JsonNode create(String collection, Map<String, ?> body) {
        return expect(201, api.post("/api/" + collection + "?depth=0", body)).doc();
    }

    public String createId(String collection, Map<String, ?> body) {
        return create(collection, body).get("id").asString();
    }

    /** GET one document at depth 0. */
    public JsonNode get(String collection, String id) {
        return expect(200, api.get("/api/" + collection + "/" + id + "?depth=0"))
                .json();
    }

    /** POST an action at depth 0 and expect {@code status}; the whole response. */
    public Api.Response action(int status, String collection, String id, String action, Map<String, ?> body) {
        return expect(status, api.post("/api/" + collection + "/" + id + "/" + action + "?depth=0", body));
    }

    /** Documents of a collection matching {@code where[field][equals]=value}, oldest first (up to 100). */
    public List<JsonNode> list(String collection, String field, String value) {
        Api.Response r = expect(
                200,
                api.get("/api/" + collection
                        + Api.q("where[" + field + "][equals]", value, "sort", "createdAt", "limit", 100, "depth", 0)));
        List<JsonNode> out = new ArrayList<>();
        r.json().get("docs").forEach(out::add);
        return out;
    }

    /** The types of the events about one document, in the order they happened. */
    public List<String> eventTypes(String documentId) {
        return events(documentId).stream().map(e -> e.get("type").asString()).toList();
    }

    public List<JsonNode> events(String documentId) {
        return list("events", "documentId", documentId);
    }

    public static Api.Response expect(int status, Api.Response r) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + " but got " + r);
        }
        return r;
    }

    /** A refused transition: 409 StateConflict naming the current status in {@code data.status}. */
    public static void assertStateConflict(Api.Response r, String currentStatus) {
        if (r.status() != 409
                || !"StateConflict".equals(r.errorName())
                || !currentStatus.equals(r.json()
                        .path("errors")
                        .path(0)
                        .path("data")
                        .path("status")
                        .asString())) {
            throw new AssertionError("expected 409 StateConflict with status " + currentStatus + " but got " + r);
        }
    }

    /** A 400 ValidationError naming exactly {@code paths}. */
    public static void assertInvalid(Api.Response r, String... paths) {
        if (r.status() != 400
                || !"ValidationError".equals(r.errorName())
                || !r.errorPaths().equals(List.of(paths))) {
            throw new AssertionError("expected 400 ValidationError on " + List.of(paths) + " but got " + r);
        }
    }

    /**
     * An instant written by the server shortly after the test clock was set to {@code setTo}: the set
     * clock keeps ticking, so allow a minute.
     */
    public static void assertAtClock(JsonNode instant, String setTo) {
        java.time.Instant expected = java.time.Instant.parse(setTo);
        java.time.Instant actual = java.time.Instant.parse(instant.asString());
        if (actual.isBefore(expected) || actual.isAfter(expected.plusSeconds(60))) {
            throw new AssertionError("expected an instant just after " + setTo + " but got " + actual);
        }
    }

    /** A unique suffix for names and e-mail addresses. */
    public static int unique() {
        return SEQUENCE.incrementAndGet();
    }

    public static BigDecimal dec(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        return new BigDecimal(n.asString());
    }

    // ------------------------------------------------------------------ CRM and work

    /** A client (org currency) with a primary contact that has an e-mail; returns the client id. */
    public String client(String name) {
        return client(name, null);
    }

    public String client(String name, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (extra != null) {
            body.putAll(extra);
        }
        String id = createId("clients", body);
        contact(id, name + " Billing", "billing" + unique() + "@example.com");
        return id;
    }

    /** A client without any contact: documents for it have no recipient. */
    public String clientWithoutContact(String name) {
        return createId("clients", Map.of("name", name));
    }

    public String contact(String clientId, String name, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", clientId);
        body.put("name", name);
        if (email != null) {
            body.put("email", email);
        }
        return createId("contacts", body);
    }

    /** The client's default project ("General"). */
    public String defaultProject(String clientId) {
        Api.Response r = expect(
                200,
                api.get("/api/projects"
                        + Api.q("where[client][equals]", clientId, "where[isDefault][equals]", "true", "depth", 0)));
        return r.json().get("docs").get(0).get("id").asString();
    }

    public String project(String clientId, String name) {
        return createId("projects", Map.of("client", clientId, "name", name));
    }

    public String project(String clientId, String name, Map<String, ?> rates) {
        return createId("projects", Map.of("client", clientId, "name", name, "rates", rates));
    }

    /** A member with a standard rate and an internal cost rate (null: none). */
    public String member(String name, Object standardRate, Object costRate) {
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("standard", standardRate);
        return member(name, rates, costRate);
    }

    public String member(String name, Map<String, ?> rates, Object costRate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("email", name.toLowerCase().replace(' ', '.') + unique() + "@agency.example");
        body.put("rates", rates);
        if (costRate != null) {
            body.put("costRate", costRate);
        }
        return createId("members", body);
    }

    /** A billable standard time entry; {@code memberId} may be null. */
    public JsonNode time(String projectId, String memberId, String date, Object hours) {
        return time(projectId, memberId, date, hours, Map.of());
    }

    public JsonNode time(String projectId, String memberId, String date, Object hours, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", projectId);
        if (memberId != null) {
            body.put("member", memberId);
        }
        body.put("date", date);
        body.put("hours", hours);
        body.putAll(extra);
        return create("time-entries", body);
    }

    /** A manual expense transaction; {@code extra} adds scope, project, allocations, billable, markupPercent… */
    public JsonNode expense(Object amount, String date, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "expense");
        body.put("amount", amount);
        body.put("date", date);
        body.putAll(extra);
        return create("transactions", body);
    }

    // ------------------------------------------------------------------ invoices

    public static Map<String, Object> line(String description, Object quantity, Object rate) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", description);
        line.put("quantity", quantity);
        line.put("rate", rate);
        return line;
    }

    /** A draft invoice of one line {@code 1 × amount}. */
    public JsonNode draftInvoice(String clientId, Object amount) {
        return draftInvoice(clientId, Map.of("lineItems", List.of(line("Services", 1, amount))));
    }

    public JsonNode draftInvoice(String clientId, Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", clientId);
        body.putAll(fields);
        return create("invoices", body);
    }

    /** A sent invoice of one line {@code 1 × amount}; returns its id. */
    public String sentInvoice(String clientId, Object amount) {
        return send(draftInvoice(clientId, amount).get("id").asString())
                .get("id")
                .asString();
    }

    public JsonNode send(String invoiceId) {
        return action(200, "invoices", invoiceId, "send", Map.of()).doc();
    }

    /** A succeeded card payment; {@code amount} null pays the amount due. The whole response (doc + invoice). */
    public Api.Response pay(String invoiceId, Object amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("method", "card");
        if (amount != null) {
            body.put("amount", amount);
        }
        return action(201, "invoices", invoiceId, "payments", body);
    }

    public JsonNode refund(String paymentId, Object amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (amount != null) {
            body.put("amount", amount);
        }
        return action(200, "payments", paymentId, "refund", body).doc();
    }
}
