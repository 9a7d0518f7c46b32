package app.clearmargin.openapi;

import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Registry;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import app.clearmargin.support.WebhookReceiver;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 16, the response gate: every operation of {@code /openapi.json} is called once with real data,
 * and every JSON answer any test received through {@link Api} in this JVM (this class's and those of
 * the test classes that ran before it) validates against its operation's response schema (JSON Schema
 * 2020-12 with the OpenAPI 3.1 dialect): 0 violations. Run with {@code -Dopenapi.examples.write=true}
 * it writes the first answer of each operation to {@code src/main/resources/openapi-examples.json},
 * the examples of the document.
 */
@org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it checks what every earlier class received
class OpenApiConformanceTest extends ApiTest {

    @Autowired
    Registry registry;

    private static final String SPEC_URI = "https://clearmargin.test/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "post", "patch", "delete", "put");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    /** One operation of the document: its method, path template (as a pattern) and id. */
    private record Op(String method, String template, Pattern pattern, String id, JsonNode node) {}

    @Test
    void everyOperationIsCalledAndEveryAnswerMatchesItsSchema() throws IOException {
        exerciseEveryOperation();

        String specText = api.get("/openapi.json").body();
        JsonNode spec = JSON.readTree(specText);
        List<Op> ops = operations(spec);
        SchemaRegistry schemas =
                SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(), b -> b.schemas(Map.of(SPEC_URI, specText)));
        Map<String, Schema> bySchemaRef = new HashMap<>();

        // the gate can fail: an answer of the wrong shape, a null where none may be, a missing field
        Schema invoice = schemas.getSchema(SchemaLocation.of(SPEC_URI + "#/components/schemas/InvoiceList"));
        assertThat(invoice.validate(JSON.readTree("{\"docs\":\"x\"}"))).isNotEmpty();
        JsonNode oneInvoice =
                api.get("/api/invoices?limit=1").json().path("docs").path(0);
        Schema single = schemas.getSchema(SchemaLocation.of(SPEC_URI + "#/components/schemas/Invoice"));
        assertThat(single.validate(oneInvoice)).isEmpty();
        assertThat(single.validate(((ObjectNode) oneInvoice.deepCopy()).putNull("status")))
                .isNotEmpty();
        assertThat(single.validate(((ObjectNode) oneInvoice.deepCopy()).put("total", -1)))
                .isNotEmpty();
        ObjectNode withoutNumber = (ObjectNode) oneInvoice.deepCopy();
        withoutNumber.remove("number");
        assertThat(single.validate(withoutNumber)).isNotEmpty();

        List<String> violations = new ArrayList<>();
        Map<String, Integer> undocumented = new TreeMap<>();
        Map<String, Api.Recorded> firstAnswer = new LinkedHashMap<>();
        int validated = 0;
        int partial = 0;
        for (Api.Recorded r : Api.Recorded.all()) {
            if (!r.base().equals(api.base())) {
                continue; // another server (NewResourceTest's upgraded install) with a document of its own
            }
            Op op = find(ops, r);
            if (op == null) {
                if (r.status() < 300 && !r.path().startsWith("/api/testing/")) {
                    violations.add(r.method() + " " + r.path() + ": no such operation in the document");
                }
                continue;
            }
            JsonNode response = op.node().path("responses").path(String.valueOf(r.status()));
            if (response.isMissingNode()) {
                if (r.status() < 300) {
                    violations.add(op.id() + " answered " + r.status() + ", which the document does not list");
                } else {
                    undocumented.merge(op.id() + " " + r.status(), 1, Integer::sum);
                }
                continue;
            }
            if (r.status() < 300 && !r.query().contains("select")) {
                firstAnswer.putIfAbsent(op.id(), r);
            }
            if (r.query().contains("select")) {
                partial++; // a selection answers partial documents: every field the schema requires is not there
                continue;
            }
            String ref = response.at("/content/application~1json/schema/$ref").asString("");
            if (ref.isEmpty()) {
                violations.add(op.id() + " " + r.status() + ": no JSON schema");
                continue;
            }
            Schema schema = bySchemaRef.computeIfAbsent(ref, x -> schemas.getSchema(SchemaLocation.of(SPEC_URI + x)));
            List<Error> errors = schema.validate(JSON.readTree(r.body()));
            validated++;
            for (Error e : errors.subList(0, Math.min(errors.size(), 3))) {
                violations.add(op.id() + " " + r.status() + " " + e.getInstanceLocation() + ": " + e.getMessage());
            }
        }
        System.out.printf(
                "OpenAPI response gate: %d answers validated, %d partial (select) skipped, %d violations;"
                        + " undocumented error statuses: %s%n",
                validated, partial, violations.size(), undocumented);

        List<String> notCalled = new ArrayList<>();
        for (Op op : ops) {
            boolean json = op.node().path("responses").properties().stream()
                    .anyMatch(e -> e.getKey().startsWith("2")
                            && e.getValue().at("/content/application~1json").isObject());
            if (json && !firstAnswer.containsKey(op.id())) {
                notCalled.add(op.id());
            }
        }
        if (Boolean.getBoolean("openapi.examples.write")) {
            writeExamples(firstAnswer);
        }
        assertThat(violations).as("responses that do not match their schema").isEmpty();
        assertThat(notCalled)
                .as("operations this test did not call with success")
                .isEmpty();
    }

    private static void writeExamples(Map<String, Api.Recorded> firstAnswer) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        new TreeMap<>(firstAnswer).forEach((id, r) -> {
            ObjectNode e = out.putObject(id);
            e.put("status", String.valueOf(r.status()));
            e.set("body", JSON.readTree(redacted(r.body())));
        });
        Files.writeString(
                Path.of("src/main/resources/openapi-examples.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n",
                StandardCharsets.UTF_8);
    }

    /** Real answers, but no key or secret that once worked goes into the repository. */
    static String redacted(String body) {
        return body.replaceAll("sk_(live|test)_[A-Za-z0-9]{32}", "sk_live_EXAMPLEexampleEXAMPLEexample0000")
                .replaceAll("whsec_[A-Za-z0-9_-]+", "whsec_EXAMPLEexampleEXAMPLEexample");
    }

    private static List<Op> operations(JsonNode spec) {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            String regex = "^" + Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            for (Map.Entry<String, JsonNode> e : path.getValue().properties()) {
                if (METHODS.contains(e.getKey())) {
                    ops.add(new Op(
                            e.getKey().toUpperCase(),
                            path.getKey(),
                            Pattern.compile(regex),
                            e.getValue().path("operationId").asString(),
                            e.getValue()));
                }
            }
        }
        // literal segments first: /api/invoices/count before /api/invoices/{id}
        ops.sort(Comparator.comparingInt(o -> o.template().split("\\{").length));
        return ops;
    }

    private static Op find(List<Op> ops, Api.Recorded r) {
        for (Op op : ops) {
            if (op.method().equals(r.method()) && op.pattern().matcher(r.path()).matches()) {
                return op;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ every operation, once or more

    private void exerciseEveryOperation() {
        Fixtures f = new Fixtures(api);
        ok(api.get("/api/organization"));
        ok(api.patch("/api/organization", Map.of("paymentTermsDays", 30)));

        // CRM and work
        String client = f.createId("clients", Map.of("name", "Conformance Client"));
        String contact = f.contact(client, "Ada Billing", "ada" + Fixtures.unique() + "@example.com");
        ok(api.patch("/api/clients/" + client, Map.of("notes", "Pays on time")));
        ok(api.patch("/api/contacts/" + contact, Map.of("phone", "+1 555 0100")));
        ok(api.delete("/api/contacts/" + f.contact(client, "Temp", null)));
        ok(api.delete("/api/clients/" + f.clientWithoutContact("Throwaway Client")));
        String member = f.member("Grace Hopper", 120, 60);
        ok(api.patch("/api/members/" + member, Map.of("active", true)));
        ok(api.delete("/api/members/" + f.member("Temp Member", 10, null)));
        String project = f.project(client, "Website");
        ok(api.patch("/api/projects/" + project, Map.of("budgetHours", 100)));
        ok(api.delete("/api/projects/" + f.project(client, "Throwaway")));
        String milestone =
                f.createId("milestones", Map.of("project", project, "name", "Beta", "dueDate", "2026-04-01"));
        ok(api.patch("/api/milestones/" + milestone, Map.of("status", "completed")));
        ok(api.delete("/api/milestones/" + f.createId("milestones", Map.of("project", project, "name", "Temp"))));
        String time = f.time(project, member, "2026-01-12", 3).get("id").asString();
        f.time(project, null, "2026-01-13", 1.5);
        String spare = f.time(project, member, "2026-01-14", 1).get("id").asString();
        ok(api.patch("/api/time-entries/" + spare, Map.of("description", "Review")));
        ok(api.delete("/api/time-entries/" + spare));
        Map<String, Object> event = Map.of(
                "title",
                "Kickoff",
                "startAt",
                "2026-03-14T15:30:00Z",
                "endAt",
                "2026-03-14T16:30:00Z",
                "client",
                client);
        String calendar = f.createId("calendar-events", event);
        ok(api.patch("/api/calendar-events/" + calendar, Map.of("title", "Kickoff call")));
        ok(api.delete("/api/calendar-events/" + f.createId("calendar-events", event)));
        String item = f.createId("catalog-items", Map.of("kind", "charge", "name", "Hosting", "defaultRate", 50));
        ok(api.patch("/api/catalog-items/" + item, Map.of("defaultRate", 55)));
        ok(api.delete("/api/catalog-items/" + f.createId("catalog-items", Map.of("kind", "material", "name", "Temp"))));
        String expense = f.expense(80, "2026-01-15", Map.of("project", project, "vendor", "Hosting Inc"))
                .get("id")
                .asString();
        ok(api.patch("/api/transactions/" + expense, Map.of("description", "January hosting")));
        ok(api.delete("/api/transactions/"
                + f.expense(5, "2026-01-16", Map.of()).get("id").asString()));

        // proposals
        Map<String, Object> terms = Map.of(
                "installments",
                List.of(
                        Map.of("label", "Deposit", "type", "percent", "value", 50, "dueOn", "acceptance"),
                        Map.of("label", "Rest", "type", "remainder", "dueOn", "acceptance", "offsetDays", 30)));
        String proposal = f.createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Redesign",
                        "lineItems",
                        List.of(line("Design", 1, 4000)),
                        "paymentTerms",
                        terms));
        ok(api.patch("/api/proposals/" + proposal, Map.of("notes", "Valid for a month")));
        ok(api.post("/api/proposals/" + proposal + "/send", Map.of()));
        ok(api.post("/api/proposals/" + proposal + "/rotate-link", Map.of()));
        ok(api.post("/api/proposals/" + proposal + "/accept", Map.of()));
        ok(api.post("/api/proposals/" + proposal + "/convert", Map.of()));
        String copy = ok(api.post("/api/proposals/" + proposal + "/duplicate", Map.of()))
                .doc()
                .get("id")
                .asString();
        ok(api.post("/api/proposals/" + copy + "/send", Map.of()));
        ok(api.post("/api/proposals/" + copy + "/reject", Map.of("reason", "Over budget")));
        String draftCopy = ok(api.post("/api/proposals/" + copy + "/duplicate", Map.of()))
                .doc()
                .get("id")
                .asString();
        ok(api.delete("/api/proposals/" + draftCopy));

        // invoices, payments, receipts
        String invoice = f.draftInvoice(client, Map.of("lineItems", List.of(line("Build", 10, 150))))
                .get("id")
                .asString();
        ok(api.patch("/api/invoices/" + invoice, Map.of("notes", "Thank you")));
        ok(api.post("/api/invoices/" + invoice + "/send", Map.of()));
        ok(api.post("/api/invoices/" + invoice + "/rotate-link", Map.of()));
        String payment = ok(api.post("/api/invoices/" + invoice + "/payments", Map.of("method", "card", "amount", 600)))
                .doc()
                .get("id")
                .asString();
        ok(api.post("/api/payments/" + payment + "/refund", Map.of("amount", 100, "reason", "Goodwill")));
        ok(api.post("/api/payments/" + payment + "/dispute", Map.of("reason", "Card holder disputes")));
        String receipt = ok(api.get("/api/receipts" + Api.q("where[payment][equals]", payment, "depth", 0)))
                .json()
                .path("docs")
                .path(0)
                .path("id")
                .asString();
        ok(api.post("/api/receipts/" + receipt + "/send", Map.of()));
        ok(api.post("/api/receipts/" + receipt + "/rotate-link", Map.of()));
        String toVoid = f.sentInvoice(client, 200);
        ok(api.post("/api/invoices/" + toVoid + "/void", Map.of()));
        ok(api.delete("/api/invoices/" + f.draftInvoice(client, 10).get("id").asString()));
        ok(api.post(
                "/api/invoices/generate",
                Map.of("projects", List.of(project), "from", "2026-01-01", "to", "2026-01-31")));

        // platform
        String key = ok(api.post("/api/api-keys", Map.of("name", "Reporting", "scopes", "read_only")))
                .doc()
                .get("id")
                .asString();
        ok(api.patch("/api/api-keys/" + key, Map.of("name", "Reporting (BI)")));
        ok(api.delete("/api/api-keys/" + key));
        String hook = ok(api.post("/api/webhooks", Map.of("url", receiver.url("conformance"), "events", List.of("*"))))
                .doc()
                .get("id")
                .asString();
        ok(api.patch("/api/webhooks/" + hook, Map.of("description", "Our ERP")));
        ok(api.post("/api/webhooks/" + hook + "/rotate-secret", Map.of()));
        String delivery = ok(api.post("/api/webhooks/" + hook + "/test", Map.of()))
                .doc()
                .get("id")
                .asString();
        ok(api.post("/api/webhook-deliveries/" + delivery + "/redeliver", Map.of()));
        ok(api.post("/api/webhooks/" + hook + "/redeliver-failed", Map.of("since", "2026-01-01T00:00:00.000Z")));
        String otherHook = ok(api.post(
                        "/api/webhooks", Map.of("url", receiver.url("other"), "events", List.of("invoice_paid"))))
                .doc()
                .get("id")
                .asString();
        ok(api.delete("/api/webhooks/" + otherHook));
        ok(api.get(
                "/api/reports/profitability" + Api.q("groupBy", "client", "from", "2026-01-01", "to", "2026-12-31")));
        ok(api.get(
                "/api/reports/profitability" + Api.q("groupBy", "project", "from", "2026-01-01", "to", "2026-12-31")));

        // every list, count and get, at depth 0 and the default depth 1, filtered and sorted
        // every collection the server has: a new one is exercised (and must be reachable) without editing this test
        for (String slug : registry.all().stream().map(Collection::slug).toList()) {
            JsonNode page =
                    ok(api.get("/api/" + slug + Api.q("limit", 2, "depth", 0))).json();
            ok(api.get("/api/" + slug + Api.q("where[createdAt][greater_than]", "2020-01-01", "sort", "-createdAt")));
            ok(api.get("/api/" + slug + "/count" + Api.q("where[createdAt][exists]", "true")));
            String id = page.path("docs").path(0).path("id").asString();
            assertThat(id).as(slug + " has a document").isNotEmpty();
            ok(api.get("/api/" + slug + "/" + id + "?depth=0"));
            ok(api.get("/api/" + slug + "/" + id + "?depth=2"));
            ok(api.get("/api/" + slug + "/" + id + Api.q("select[createdAt]", "true")));
        }
        assertThat(time).isNotEmpty();
    }

    private static Api.Response ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r;
    }
}
