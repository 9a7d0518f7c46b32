package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.WebhookReceiver;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The golden rendering test: a document is the same JSON — byte for byte, keys in the same order,
 * decimals with the same scale — whether a list, a get or a write answered it, at every depth from 0
 * to 3, for every collection of the registry (a new collection is a new case here and fails until
 * the scenario below makes documents of it). The scenario fills every relationship it can: invoices
 * generated from time and expenses, installment invoices from accepted proposals, payments, receipts,
 * webhook deliveries of real events. Every write of the scenario (creates and actions) is compared
 * with a get right after it; every document is then compared list against get, and PATCH answer
 * against the get after it.
 */
class RenderingGoldenTest extends ApiTest {

    private static final List<Integer> DEPTHS = List.of(0, 1, 2, 3);

    @Autowired
    Registry registry;

    WebhookReceiver receiver;

    /** A write's answer and what a get returned right after it, at the same depth. */
    record Written(String request, int depth, String slug, JsonNode answered, JsonNode read) {}

    final List<Written> written = new ArrayList<>();

    @BeforeAll
    void scenario() {
        receiver = WebhookReceiver.start();
        for (int depth : DEPTHS) {
            new Scenario(depth).run();
        }
        Api.Response jobs = api.post("/api/testing/run-jobs", Map.of());
        assertThat(jobs.status()).as("run-jobs: %s", jobs).isEqualTo(200);
    }

    @AfterAll
    void stopReceiver() {
        receiver.close();
    }

    Stream<String> collections() {
        return registry.all().stream().map(app.clearmargin.collections.Collection::slug);
    }

    @Test
    void everyWriteAnswersTheDocumentAsAGetRightAfterItReturnsIt() {
        assertThat(written).isNotEmpty();
        SoftAssertions.assertSoftly(soft -> {
            for (Written w : written) {
                soft.assertThat(json(w.answered()))
                        .as("%s at depth %d", w.request(), w.depth())
                        .isEqualTo(json(w.read()));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collections")
    void listGetAndPatchAnswerTheSameJsonAtEveryDepth(String slug) {
        app.clearmargin.collections.Collection c = registry.get(slug);
        List<JsonNode> docs = all(slug);
        assertThat(docs)
                .as("the scenario of this test makes no %s: add one with its relationships filled", slug)
                .isNotEmpty();
        if (hasRelationships(c.fields())) {
            assertThat(docs.stream().anyMatch(d -> relationshipsFilled(c.fields(), d) > 0))
                    .as("no %s of the scenario has a relationship filled", slug)
                    .isTrue();
        }
        int patched = 0;
        for (JsonNode doc : docs) {
            String id = doc.get("id").asString();
            for (int depth : DEPTHS) {
                JsonNode got = get(slug, id, depth);
                Api.Response list = api.get("/api/" + slug + Api.q("where[id][equals]", id, "depth", depth));
                assertThat(list.status()).as("%s", list).isEqualTo(200);
                assertThat(list.json().get("docs"))
                        .as("list of %s %s", slug, id)
                        .hasSize(1);
                assertThat(json(list.json().get("docs").get(0)))
                        .as("list vs get of %s at depth %d", id, depth)
                        .isEqualTo(json(got));
                if (c.allows(Operation.UPDATE)) {
                    Api.Response patch = api.patch("/api/" + slug + "/" + id + "?depth=" + depth, Map.of());
                    if (patch.status() == 409) {
                        continue; // a document its rules freeze (a billed time entry, a payment's transaction)
                    }
                    assertThat(patch.status()).as("PATCH %s: %s", id, patch).isEqualTo(200);
                    assertThat(json(patch.doc()))
                            .as("PATCH answer vs get after it of %s at depth %d", id, depth)
                            .isEqualTo(json(get(slug, id, depth)));
                    patched++;
                }
            }
        }
        if (c.allows(Operation.UPDATE)) {
            assertThat(patched)
                    .as("no %s of the scenario accepts a PATCH", slug)
                    .isPositive();
        }
    }

    // ------------------------------------------------------------------ the scenario

    /** Documents of every collection with their relationships filled, every write made at {@code depth}. */
    private final class Scenario {

        final int depth;

        Scenario(int depth) {
            this.depth = depth;
        }

        void run() {
            String client = create(
                    "clients",
                    Map.of(
                            "name",
                            "Golden client " + depth,
                            "email",
                            "golden@client.example.com",
                            "address",
                            Map.of("line1", "1 Main Street", "city", "Berlin", "country", "DE"),
                            "rates",
                            Map.of("standard", dec("100.50"))));
            String contact = create(
                    "contacts",
                    Map.of("client", client, "name", "Gail", "email", "gail" + depth + "@client.example.com"));
            String member = create(
                    "members",
                    Map.of(
                            "name",
                            "Max",
                            "email",
                            "max" + depth + "@agency.example",
                            "rates",
                            Map.of("standard", 90, "overtime", dec("120.25")),
                            "costRate",
                            40));
            String material =
                    create("catalog-items", Map.of("kind", "expense", "name", "Paper", "defaultRate", dec("2.50")));
            String service = create(
                    "catalog-items",
                    Map.of(
                            "kind",
                            "charge",
                            "name",
                            "Print run",
                            "defaultRate",
                            50,
                            "recipe",
                            Map.of(
                                    "components",
                                    List.of(Map.of("catalogItem", material, "quantity", 2, "unitCost", dec("1.25"))),
                                    "laborHours",
                                    dec("0.5"),
                                    "laborRate",
                                    40,
                                    "pricingMode",
                                    "calculated")));
            String project = create(
                    "projects",
                    Map.of(
                            "client",
                            client,
                            "name",
                            "Website",
                            "rates",
                            Map.of("standard", 120),
                            "scopeItems",
                            List.of(Map.of(
                                    "description", "Pages", "quantity", 3, "rate", 10, "catalogItem", service))));
            String otherProject = create("projects", Map.of("client", client, "name", "Mobile"));
            create("milestones", Map.of("project", project, "name", "Beta", "amount", dec("10.10")));
            create(
                    "calendar-events",
                    Map.of(
                            "title",
                            "Kickoff",
                            "startAt",
                            "2026-03-14T09:00:00Z",
                            "project",
                            project,
                            "client",
                            client));
            create(
                    "time-entries",
                    Map.of("project", project, "member", member, "date", "2026-03-02", "hours", dec("2.50")));
            create("time-entries", Map.of("project", otherProject, "member", member, "date", "2026-04-02", "hours", 1));
            create(
                    "transactions",
                    Map.of(
                            "type",
                            "expense",
                            "amount",
                            dec("30.00"),
                            "date",
                            "2026-03-02",
                            "category",
                            material,
                            "project",
                            project,
                            "billable",
                            true,
                            "markupPercent",
                            10));
            create(
                    "transactions",
                    Map.of(
                            "type",
                            "expense",
                            "amount",
                            300,
                            "date",
                            "2026-03-03",
                            "scope",
                            "shared",
                            "allocations",
                            List.of(
                                    Map.of("project", project, "share", dec("0.25")),
                                    Map.of("project", otherProject, "share", 0.75))));

            act(
                    201,
                    "/api/invoices/generate",
                    Map.of("projects", List.of(project), "from", "2026-03-01", "to", "2026-03-31"));
            String invoice = create(
                    "invoices",
                    Map.of(
                            "client",
                            client,
                            "contact",
                            contact,
                            "projects",
                            List.of(project, otherProject),
                            "taxRate",
                            10,
                            "discount",
                            Map.of("type", "percent", "value", 5),
                            "lineItems",
                            List.of(
                                    Map.of("description", "Print", "quantity", 2, "catalogItem", service),
                                    Map.of("description", "Design", "rate", dec("99.99")))));
            act(200, "/api/invoices/" + invoice + "/send", Map.of());
            act(
                    201,
                    "/api/invoices/" + invoice + "/payments",
                    Map.of("amount", 40, "method", "card", "card", Map.of("brand", "visa", "last4", "4242")));

            String proposal = create(
                    "proposals",
                    Map.of(
                            "client",
                            client,
                            "contact",
                            contact,
                            "title",
                            "Golden proposal",
                            "lineItems",
                            List.of(Map.of("description", "Print", "catalogItem", service)),
                            "paymentTerms",
                            Map.of(
                                    "installments",
                                    List.of(
                                            Map.of("label", "Deposit", "type", "percent", "value", 50),
                                            Map.of("label", "Rest", "type", "remainder")))));
            create("milestones", Map.of("proposal", proposal, "name", "Sign-off"));
            act(200, "/api/proposals/" + proposal + "/send", Map.of());
            act(200, "/api/proposals/" + proposal + "/accept", Map.of());
            act(201, "/api/proposals/" + proposal + "/convert", Map.of());

            String webhook = create(
                    "webhooks",
                    Map.of(
                            "url",
                            receiver.url("golden"),
                            "events",
                            List.of("invoice_sent", "invoice_paid", "proposal_accepted"),
                            "secret",
                            "whsec_golden_0123456789"));
            act(201, "/api/webhooks/" + webhook + "/test", Map.of());
            create("api-keys", Map.of("name", "Golden " + depth, "scopes", List.of("clients:read")));
        }

        /** POSTs a document at this depth and records the answer beside a get right after it; the id. */
        String create(String slug, Map<String, ?> body) {
            Api.Response r = api.post("/api/" + slug + "?depth=" + depth, body);
            assertThat(r.status()).as("POST %s: %s", slug, r).isEqualTo(201);
            record("POST /api/" + slug, r.doc());
            return r.doc().get("id").asString();
        }

        /** Runs an action at this depth and records each document of its answer beside a get right after it. */
        void act(int status, String path, Map<String, ?> body) {
            Api.Response r = api.post(path + "?depth=" + depth, body);
            assertThat(r.status()).as("POST %s: %s", path, r).isEqualTo(status);
            for (Map.Entry<String, JsonNode> e : r.json().properties()) {
                if (e.getValue().isObject() && e.getValue().path("id").isString()) {
                    record("POST " + path + " (" + e.getKey() + ")", e.getValue());
                }
            }
        }

        private void record(String request, JsonNode answered) {
            String slug = slugOf(answered.get("id").asString());
            JsonNode read = get(slug, answered.get("id").asString(), depth);
            written.add(new Written(request, depth, slug, withoutShownOnce(slug, answered), read));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    private JsonNode get(String slug, String id, int depth) {
        Api.Response r = api.get("/api/" + slug + "/" + id + "?depth=" + depth);
        assertThat(r.status()).as("GET %s %s: %s", slug, id, r).isEqualTo(200);
        return r.json();
    }

    /** The documents of a collection in this test's organization at depth 0, newest first (at most 100). */
    private List<JsonNode> all(String slug) {
        Api.Response r = api.get("/api/" + slug + Api.q("limit", 100, "depth", 0));
        assertThat(r.status()).as("list %s: %s", slug, r).isEqualTo(200);
        return r.json().get("docs").valueStream().toList();
    }

    private String slugOf(String id) {
        return registry.all().stream()
                .filter(c -> id.startsWith(c.idPrefix() + "_"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no collection has the id prefix of " + id))
                .slug();
    }

    /** A write answer without the keys a create adds for that answer only (a secret shown once): they are no field. */
    private JsonNode withoutShownOnce(String slug, JsonNode answered) {
        Set<String> rendered = new HashSet<>(List.of("id", "createdAt", "updatedAt"));
        registry.get(slug).fields().stream().filter(Field::rendered).forEach(f -> rendered.add(f.name()));
        ObjectNode copy = ((ObjectNode) answered).deepCopy();
        for (String name : new ArrayList<>(copy.propertyNames())) {
            if (!rendered.contains(name)) {
                copy.remove(name);
            }
        }
        return copy;
    }

    /** The JSON text of a node: key order and decimal scale kept, so equal text is the identical rendering. */
    private static String json(JsonNode node) {
        return Api.json(node);
    }

    private static boolean hasRelationships(List<Field> fields) {
        return fields.stream().anyMatch(f -> switch (f.kind()) {
            case FieldKind.Ref r -> true;
            case FieldKind.RefMany r -> true;
            case FieldKind.Obj o -> hasRelationships(o.fields());
            case FieldKind.Items i -> hasRelationships(i.fields());
            default -> false;
        });
    }

    /** How many relationships of a depth-0 document (top level, in nested objects and in array items) hold an id. */
    private static int relationshipsFilled(List<Field> fields, JsonNode values) {
        int n = 0;
        for (Field f : fields) {
            JsonNode v = values.path(f.name());
            n += switch (f.kind()) {
                case FieldKind.Ref r -> v.isString() ? 1 : 0;
                case FieldKind.RefMany r -> v.size();
                case FieldKind.Obj o -> v.isObject() ? relationshipsFilled(o.fields(), v) : 0;
                case FieldKind.Items i ->
                    v.valueStream()
                            .mapToInt(item -> relationshipsFilled(i.fields(), item))
                            .sum();
                default -> 0;
            };
        }
        return n;
    }
}
