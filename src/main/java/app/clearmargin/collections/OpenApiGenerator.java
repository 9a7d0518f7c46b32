package app.clearmargin.collections;

import app.clearmargin.auth.Scopes;
import app.clearmargin.query.Operator;
import app.clearmargin.query.QueryField;
import app.clearmargin.query.ValueKind;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Writes {@code /openapi.json} (OpenAPI 3.1) from the same collection definitions that drive validation,
 * storage and queries: per collection a response schema (every rendered field required, nullable where
 * the server renders null), create and update bodies (read-only fields out, required-on-create fields
 * required), the paths with their query parameters in the bracket syntax they really are, the actions
 * with their bodies, statuses and answers, and the errors. Nothing here is hand-maintained per resource;
 * the examples come from a test run ({@link OpenApiExamples}).
 */
@Component
class OpenApiGenerator implements OpenApiCustomizer, Ordered {

    private static final String JSON = "application/json";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PARAMS = "#/components/parameters/";

    /** Tags in the order of the domain (the reference's chapters); a collection not listed follows them. */
    static final List<String> DOMAIN_ORDER = List.of(
            "clients",
            "contacts",
            "members",
            "projects",
            "milestones",
            "time-entries",
            "calendar-events",
            "catalog-items",
            "proposals",
            "invoices",
            "payments",
            "receipts",
            "payment-schedules",
            "transactions",
            "reports",
            "documents",
            "organization",
            "api-keys",
            "webhooks",
            "webhook-deliveries",
            "events",
            "audit-log");

    private final @Nullable Registry registry;
    private final OpenApiExamples examples;

    /** The collections, which only the plain generator ({@link #objectOf}: no relationships) lacks. */
    private Registry registry() {
        return Objects.requireNonNull(registry, "a plain schema has no relationships");
    }

    OpenApiGenerator(@Nullable Registry registry, OpenApiExamples examples) {
        this.registry = registry;
        this.examples = examples;
    }

    /** Last: the other customizers (organization, reports) add their paths first, then all are tidied. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customise(OpenAPI api) {
        api.specVersion(SpecVersion.V31).openapi("3.1.0");
        api.info(new Info()
                .title("Clearmargin API")
                .version("1")
                .summary("Clients, projects, proposals, invoices, payments, time and a ledger for agencies")
                // no public support address or licence text exists yet: a name each, nothing invented
                .contact(new Contact().name("Clearmargin API"))
                .license(new License().name("Proprietary").identifier("LicenseRef-Proprietary"))
                .description("Clients, projects, proposals, invoices, payments, time and a ledger for agencies. "
                        + "Authenticate with `Authorization: Bearer sk_live_…` (or `x-api-key`). Errors are "
                        + "`{\"errors\":[{\"name\",\"message\",\"data\"}]}`; every response carries X-Request-Id and, "
                        + "when authenticated, X-RateLimit-Limit/Remaining/Reset. Lists take `where`, `sort`, "
                        + "`select` and `depth` in the query string's bracket syntax "
                        + "(`where[status][equals]=sent&sort=-dueDate&select[number]=true&depth=0`)."));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        components.addSecuritySchemes(
                "bearer",
                new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API key: sk_live_… (or sk_test_… for the demo)"));
        components.addSecuritySchemes(
                "apiKeyHeader",
                new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("x-api-key"));
        components.addSchemas("ErrorResponse", errorSchema());
        components.addSchemas("Count", object(Map.of("totalDocs", s("integer").minimum(BigDecimal.ZERO))));
        components.addParameters("depth", depth());
        addFilters(components);
        components.addParameters("sort", sort());
        components.addParameters("limit", limit());
        components.addParameters("page", page());
        components.addParameters("count", count());
        components.addParameters("idempotencyKey", idempotencyKey());
        api.components(components);
        api.security(List.of(
                new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKeyHeader")));
        Paths paths = api.getPaths() == null ? new Paths() : api.getPaths();
        removeMethodNotAllowedHandlers(paths);
        List<Tag> tags = new ArrayList<>(api.getTags() == null ? List.of() : api.getTags());
        for (Collection c : registry().all()) {
            tags.add(new Tag().name(c.slug()).description(c.description()));
            components.addSchemas(name(c), document(c));
            components.addSchemas(name(c) + "List", page(SCHEMAS + name(c)));
            if (c.allows(app.clearmargin.collections.Operation.LIST)) {
                components.addSchemas(name(c) + "Where", whereSchema(c, components));
            }
            components.addSchemas(name(c) + "Select", selectSchema(c));
            if (c.allows(app.clearmargin.collections.Operation.CREATE)) {
                components.addSchemas(name(c) + "Create", body(c.fields(), true));
                if (!c.shownOnCreate().isEmpty()) {
                    components.addSchemas(name(c) + "Created", shown(c, c.shownOnCreate()));
                    components.addSchemas(
                            name(c) + "CreatedAnswer",
                            answer(refSchema(SCHEMAS + name(c) + "Created"), Map.of(), List.of()));
                }
            }
            if (c.allows(app.clearmargin.collections.Operation.UPDATE)) {
                components.addSchemas(name(c) + "Update", body(c.fields(), false));
            }
            addPaths(paths, components, c);
        }
        tags.sort(Comparator.comparingInt(t -> rank(t.getName())));
        api.tags(tags);
        Paths ordered = new Paths();
        paths.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> rank(tagOf(e.getValue()))))
                .forEach(e -> ordered.addPathItem(e.getKey(), e.getValue()));
        api.paths(ordered);
        examples.addTo(api);
    }

    private static int rank(@Nullable String tag) {
        int i = tag == null ? -1 : DOMAIN_ORDER.indexOf(tag);
        return i < 0 ? DOMAIN_ORDER.size() : i;
    }

    private static @Nullable String tagOf(PathItem item) {
        return item.readOperations().stream()
                .filter(o -> o.getTags() != null && !o.getTags().isEmpty())
                .map(o -> o.getTags().getFirst())
                .findFirst()
                .orElse(null);
    }

    /**
     * The handlers that answer 405 for the methods a path does not have are routes, not operations:
     * springdoc would publish them ({@code otherMethods…}), so they are taken out here, for every
     * controller that has one.
     */
    private static void removeMethodNotAllowedHandlers(Paths paths) {
        List<String> empty = new ArrayList<>();
        paths.forEach((path, item) -> {
            item.readOperationsMap().forEach((method, op) -> {
                if (op.getOperationId() != null && op.getOperationId().startsWith("otherMethods")) {
                    item.operation(method, null);
                }
            });
            if (item.readOperations().isEmpty()) {
                empty.add(path);
            }
        });
        empty.forEach(paths::remove);
    }

    private void addPaths(Paths paths, Components components, Collection c) {
        String base = "/api/" + c.slug();
        String ref = SCHEMAS + name(c);
        if (c.allows(app.clearmargin.collections.Operation.CREATE)
                || c.allows(app.clearmargin.collections.Operation.UPDATE)
                || c.allows(app.clearmargin.collections.Operation.DELETE)) {
            addAnswer(components, c);
        }
        String read = Scopes.read(c.scope());
        String write = Scopes.write(c.scope());
        PathItem list = new PathItem();
        if (c.allows(app.clearmargin.collections.Operation.LIST)) {
            List<Parameter> parameters = new ArrayList<>(
                    List.of(where(c), param("sort"), param("limit"), param("page"), param("depth"), select(c)));
            parameters.add(param("count"));
            Schema<?> answer = refSchema(ref + "List");
            if (c.cursorPaging()) {
                // a page by number, or by cursor (API.md §10) when startingAfter/endingBefore is given
                parameters.addAll(cursorParameters());
                components.addSchemas(name(c) + "CursorPage", cursorPage(ref));
                components.addSchemas(
                        name(c) + "Listing",
                        new Schema<>()
                                .specVersion(SpecVersion.V31)
                                .anyOf(List.of(answer, refSchema(ref + "CursorPage"))));
                answer = refSchema(ref + "Listing");
            }
            list.get(op(c, "List " + plural(c), read)
                    .operationId("list" + pascal(c.slug()))
                    .parameters(parameters)
                    .responses(responses("200", "A page of " + plural(c) + ".", answer)));
        }
        if (c.allows(app.clearmargin.collections.Operation.CREATE)) {
            String answer = c.shownOnCreate().isEmpty() ? ref + "Answer" : ref + "CreatedAnswer";
            list.post(op(c, "Create " + a(c), write)
                    .addParametersItem(param("depth"))
                    .addParametersItem(param("idempotencyKey"))
                    .requestBody(new RequestBody().required(true).content(json(refSchema(ref + "Create"))))
                    .responses(responses("201", c.singular() + " successfully created.", refSchema(answer))));
        }
        if (list.readOperations().size() > 0) {
            paths.addPathItem(base, list);
        }
        if (c.allows(app.clearmargin.collections.Operation.LIST)) {
            paths.addPathItem(
                    base + "/count",
                    new PathItem()
                            .get(op(c, "Count " + plural(c), read)
                                    .operationId("count" + pascal(c.slug()))
                                    .addParametersItem(where(c))
                                    .responses(responses(
                                            "200",
                                            "The number of matching " + plural(c) + ".",
                                            refSchema(SCHEMAS + "Count")))));
        }
        PathItem one = new PathItem().addParametersItem(idParameter(c));
        if (c.allows(app.clearmargin.collections.Operation.READ)) {
            one.get(op(c, "Get " + a(c), read)
                    .addParametersItem(param("depth"))
                    .addParametersItem(select(c))
                    .responses(responses("200", "The " + lower(c.singular()) + ".", refSchema(ref))));
        }
        if (c.allows(app.clearmargin.collections.Operation.UPDATE)) {
            one.patch(op(c, "Update " + a(c), write)
                    .description("Partial: only the fields sent change; `null` clears an optional field. Scope: `"
                            + write + "`.")
                    .addParametersItem(param("depth"))
                    .requestBody(new RequestBody().required(true).content(json(refSchema(ref + "Update"))))
                    .responses(responses("200", "Updated successfully.", refSchema(ref + "Answer"))));
        }
        if (c.allows(app.clearmargin.collections.Operation.DELETE)) {
            one.delete(op(c, (c.revokeField() != null ? "Revoke " : "Delete ") + a(c), write)
                    .addParametersItem(param("depth"))
                    .responses(responses(
                            "200",
                            c.revokeField() != null ? "Revoked." : "Deleted successfully.",
                            refSchema(ref + "Answer"))));
        }
        if (one.readOperations().size() > 0) {
            paths.addPathItem(base + "/{id}", one);
        }
        for (Action a : c.documentActions().values()) {
            paths.addPathItem(
                    base + "/{id}/" + a.name(),
                    new PathItem().addParametersItem(idParameter(c)).post(action(components, c, a)));
        }
        for (Action a : c.collectionActions().values()) {
            paths.addPathItem(base + "/" + a.name(), new PathItem().post(action(components, c, a)));
        }
    }

    private Operation action(Components components, Collection c, Action a) {
        String summary = a.summary() != null ? a.summary() : capitalize(a.name().replace('-', ' ')) + " " + a(c);
        Operation op = op(c, summary, Scopes.write(a.scopeResource()))
                .addParametersItem(param("depth"))
                .addParametersItem(param("idempotencyKey"));
        Schema<?> body = null;
        if (a.bodyFrom() != null) {
            Collection from = registry().get(a.bodyFrom());
            body = body(
                    from.fields().stream()
                            .filter(f -> !a.bodyWithout().contains(f.name()))
                            .toList(),
                    true);
        } else if (!a.body().isEmpty()) {
            body = body(a.body(), true);
        }
        if (body != null) {
            String bodyName = pascal(op.getOperationId()) + "Body";
            components.addSchemas(bodyName, body);
            boolean required = body.getRequired() != null && !body.getRequired().isEmpty();
            op.requestBody(new RequestBody().required(required).content(json(refSchema(SCHEMAS + bodyName))));
        }
        Collection answered = a.answers() == null ? c : registry().get(a.answers());
        String answer;
        if (a.related().isEmpty() && a.counts().isEmpty() && a.shown().isEmpty()) {
            addAnswer(components, answered);
            answer = SCHEMAS + name(answered) + "Answer";
        } else {
            Schema<?> doc = refSchema(SCHEMAS + name(answered));
            if (!a.shown().isEmpty()) {
                Map<String, String> shown = new LinkedHashMap<>();
                a.shown().forEach(k -> shown.put(k, "Shown only in this response"));
                String docName = name(answered) + "With" + pascal(String.join("-", a.shown()));
                components.addSchemas(docName, shown(answered, shown));
                doc = refSchema(SCHEMAS + docName);
            }
            Map<String, Schema<?>> related = new LinkedHashMap<>();
            a.related()
                    .forEach((k, slug) ->
                            related.put(k, refSchema(SCHEMAS + name(registry().get(slug)))));
            String answerName = pascal(op.getOperationId()) + "Answer";
            components.addSchemas(answerName, answer(doc, related, a.counts()));
            answer = SCHEMAS + answerName;
        }
        String status = a.created() ? "201" : "200";
        String description = a.created()
                ? "The created " + lower(answered.singular()) + "."
                : "The " + lower(answered.singular()) + " acted on.";
        ApiResponses responses = responses(status, description, refSchema(answer));
        a.refusals()
                .forEach((code, why) -> responses.addApiResponse(
                        String.valueOf(code),
                        new ApiResponse().description(why).content(json(refSchema(SCHEMAS + "ErrorResponse")))));
        return op.responses(responses);
    }

    /** {@code <Name>Answer}: {@code {"doc", "message"}}, added once something answers it. */
    private static void addAnswer(Components components, Collection c) {
        components.addSchemas(name(c) + "Answer", answer(refSchema(SCHEMAS + name(c)), Map.of(), List.of()));
    }

    private static Operation op(Collection c, String summary, String scope) {
        return new Operation()
                .summary(summary)
                .description("Scope: `" + scope + "`.")
                .addTagsItem(c.slug())
                .operationId(operationId(summary));
    }

    /** "Create an API key" → {@code createApiKey}; "Record a payment on an invoice" → {@code recordPaymentOnInvoice}. */
    static String operationId(String summary) {
        StringBuilder out = new StringBuilder();
        for (String word : summary.split("[^A-Za-z0-9]+")) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.isEmpty() || Set.of("a", "an", "the").contains(w) && !out.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? w : capitalize(w));
        }
        return out.toString();
    }

    /** The singular with its article, as a sentence has it: "an invoice", "an API key", "a time entry". */
    static String a(Collection c) {
        String words = lower(c.singular());
        return ("AEIOU".indexOf(Character.toUpperCase(words.charAt(0))) >= 0 ? "an " : "a ") + words;
    }

    /** Lower case but for acronyms ("API Key" → "API key"). */
    static String lower(String singular) {
        StringBuilder out = new StringBuilder();
        for (String w : singular.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(w.length() > 1 && w.equals(w.toUpperCase(Locale.ROOT)) ? w : w.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static String plural(Collection c) {
        return c.slug().equals("audit-log")
                ? "audit entries"
                : c.slug().replace('-', ' ').replace("api ", "API ");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code time-entries} → {@code TimeEntries}. */
    static String pascal(String s) {
        StringBuilder out = new StringBuilder();
        for (String w : s.split("[^A-Za-z0-9]+")) {
            out.append(capitalize(w));
        }
        return out.toString();
    }

    private static Parameter idParameter(Collection c) {
        return new Parameter()
                .in("path")
                .name("id")
                .required(true)
                .description("The " + lower(c.singular()) + "'s id")
                .schema(s("string").pattern("^" + c.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$"))
                .example(c.idPrefix() + "_01jf3v4s5t6w7x8y9z0a1b2c3d");
    }

    private static Parameter param(String name) {
        return new Parameter().$ref(PARAMS + name);
    }

    private static ApiResponses responses(String status, String description, Schema<?> schema) {
        ApiResponses r = new ApiResponses()
                .addApiResponse(
                        status, new ApiResponse().description(description).content(json(schema)));
        Schema<?> error = refSchema(SCHEMAS + "ErrorResponse");
        r.addApiResponse(
                "400",
                new ApiResponse()
                        .description("ValidationError or QueryError (every offending path)")
                        .content(json(error)));
        r.addApiResponse(
                "401",
                new ApiResponse().description("Missing or invalid API key.").content(json(error)));
        r.addApiResponse(
                "403",
                new ApiResponse()
                        .description("The key lacks the scope (named in data)")
                        .content(json(error)));
        r.addApiResponse(
                "404",
                new ApiResponse()
                        .description("Not Found (also for other organizations' documents)")
                        .content(json(error)));
        r.addApiResponse(
                "409",
                new ApiResponse()
                        .description("StateConflict or reference conflict")
                        .content(json(error)));
        r.addApiResponse(
                "429",
                new ApiResponse()
                        .description("Rate limit exceeded (Retry-After)")
                        .content(json(error)));
        return r;
    }

    private static Parameter limit() {
        return new Parameter()
                .in("query")
                .name("limit")
                .description("Documents per page: 1–100 (larger is clamped to 100), default 10")
                .schema(s("integer").minimum(BigDecimal.ONE))
                .example(10);
    }

    private static Parameter page() {
        return new Parameter()
                .in("query")
                .name("page")
                .description("Page number, 1-based, default 1; past the end answers an empty page")
                .schema(s("integer").minimum(BigDecimal.ONE))
                .example(1);
    }

    private static Parameter count() {
        return new Parameter()
                .in("query")
                .name("count")
                .description("How totalDocs is stated: `exact` (default) counts every match; `estimate` gives the "
                        + "planner's estimate and adds totalDocsEstimated (false when the total is known anyway: "
                        + "unfiltered, or this page reached the end); `none` does not count (totalDocs and "
                        + "totalPages are null). hasNextPage is exact in every mode. Not with a cursor")
                .schema(s("string")._enum(new ArrayList<>(ListParams.Count.names())))
                .example("estimate");
    }

    private static Parameter sort() {
        return new Parameter()
                .in("query")
                .name("sort")
                .description("Field names, comma-separated; `-` before a name sorts descending. "
                        + "Default `-createdAt`; `id` always breaks ties.")
                .schema(s("string").pattern("^-?[A-Za-z][A-Za-z0-9.]*(,-?[A-Za-z][A-Za-z0-9.]*)*$"))
                .example("-dueDate,number");
    }

    /** The list parameters plus the cursors of the logs (API.md §10). */
    /** API.md §10: the two cursors of the logs (events, deliveries, the audit log). */
    private static List<Parameter> cursorParameters() {
        return List.of(
                new Parameter()
                        .in("query")
                        .name("startingAfter")
                        .description("An id: the page of documents older than it, newest first. Not with page, "
                                + "endingBefore or a sort; the answer is {docs, hasMore, limit}")
                        .schema(s("string")),
                new Parameter()
                        .in("query")
                        .name("endingBefore")
                        .description("An id: the page of documents newer than it, newest first. Not with page, "
                                + "startingAfter or a sort; the answer is {docs, hasMore, limit}")
                        .schema(s("string")));
    }

    /** The answer of a cursor page: no totalDocs or page numbers. */
    private static Schema<?> cursorPage(String ref) {
        Map<String, Schema<?>> p = new LinkedHashMap<>();
        p.put("docs", s("array").items(refSchema(ref)));
        p.put("hasMore", s("boolean"));
        p.put("limit", s("integer").minimum(BigDecimal.ONE));
        return object(p);
    }

    private static Parameter depth() {
        return new Parameter()
                .in("query")
                .name("depth")
                .description("How deep relationships are populated: 0 (ids) to 3 (larger is clamped to 3), "
                        + "default 1. Also applies to `doc` in write and action answers.")
                .schema(s("integer").minimum(BigDecimal.ZERO))
                .example(1);
    }

    /**
     * {@code select[field]=true}: a one-level deepObject of the collection's own field names, which
     * generators serialize as written. With a selection only those fields (and {@code id}) are present,
     * so its answers are partial documents.
     */
    private Parameter select(Collection c) {
        return new Parameter()
                .in("query")
                .name("select")
                .style(Parameter.StyleEnum.DEEPOBJECT)
                .explode(true)
                .description("`select[field]=true` returns only those fields (and `id`), e.g. " + "`select["
                        + registry().schema(c.slug()).selectable().getFirst() + "]=true`.")
                .schema(refSchema(SCHEMAS + name(c) + "Select"));
    }

    private Schema<?> selectSchema(Collection c) {
        Schema<Object> schema = s("object");
        schema.description("The fields to return: `true` includes a field, `false` leaves it out.");
        for (String field : registry().schema(c.slug()).selectable()) {
            schema.addProperty(field, s("boolean"));
        }
        for (String field : List.of("id", "createdAt", "updatedAt")) {
            schema.addProperty(field, s("boolean"));
        }
        return schema;
    }

    /**
     * {@code where[field][operator]=value} in qs brackets: a deepObject whose properties are the
     * collection's own paths, each a filter of the operators its type takes ({@code TextFilter}, …), and
     * {@code and}/{@code or} lists of the same. Generators that serialize deepObject models (openapi-generator's
     * java and typescript-fetch) then send exactly the bracket syntax; never a JSON-encoded string
     * (docs/decisions.md). One relationship hop ({@code client.name}) is accepted too, beside the model.
     */
    private Parameter where(Collection c) {
        return new Parameter()
                .in("query")
                .name("where")
                .style(Parameter.StyleEnum.DEEPOBJECT)
                .explode(true)
                .description("Filter in the query string's bracket (qs) syntax: `where[field][operator]=value`, "
                        + "several conditions are ANDed; `where[or][0][status][equals]=sent&where[or][1][status][equals]=overdue`; "
                        + "`where[and][0][or][0]…` nests (depth ≤ 5, ≤ 50 conditions). `in`/`not_in` take a "
                        + "comma-separated list (`in=a,b`), `exists` takes `true`/`false`. Paths: the properties of "
                        + "the schema (fields, dotted fields of nested objects, `id`, `createdAt`, `updatedAt`) and "
                        + "one relationship hop (`project.client`, `client.name`). Never JSON.")
                .schema(refSchema(SCHEMAS + name(c) + "Where"));
    }

    private Schema<?> whereSchema(Collection c, Components components) {
        Schema<Object> schema = s("object");
        schema.description("Conditions on " + plural(c) + ", ANDed: `where[path][operator]=value`.");
        addPaths(schema, name(c), registry().schema(c.slug()).localPaths(), "", components);
        String self = SCHEMAS + name(c) + "Where";
        schema.addProperty("and", s("array").items(refSchema(self)).description("All of these groups hold."));
        schema.addProperty("or", s("array").items(refSchema(self)).description("At least one of these groups holds."));
        return schema;
    }

    /**
     * A nested object's paths become a nested model ({@code address: {city: TextFilter}}), so generated
     * clients send {@code where[address][city][like]}, which the server reads as {@code address.city},
     * rather than a property whose name they would rewrite ({@code addressCity}).
     */
    private static void addPaths(
            Schema<Object> into, String model, List<QueryField> paths, String prefix, Components components) {
        Map<String, List<QueryField>> nested = new LinkedHashMap<>();
        for (QueryField path : paths) {
            String rest = path.path().substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                into.addProperty(rest, filter(path));
            } else {
                nested.computeIfAbsent(rest.substring(0, dot), k -> new ArrayList<>())
                        .add(path);
            }
        }
        nested.forEach((object, inner) -> {
            String name = model + capitalize(object);
            Schema<Object> schema = s("object");
            schema.description("Conditions on the fields of `" + prefix + object + "`.");
            addPaths(schema, name, inner, prefix + object + ".", components);
            components.addSchemas(name + "Where", schema);
            into.addProperty(object, refSchema(SCHEMAS + name + "Where"));
        });
    }

    private static Schema<?> filter(QueryField path) {
        Schema<?> filter = refSchema(SCHEMAS + filterName(path.kind()));
        if (path.kind() == ValueKind.ENUM) {
            filter.description("One of: " + String.join(", ", sorted(path.enumValues())) + ".");
        }
        return filter;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String filterName(ValueKind kind) {
        return switch (kind) {
            case TEXT -> "TextFilter";
            case NUMBER -> "NumberFilter";
            case DATE -> "DateFilter";
            case INSTANT -> "InstantFilter";
            case BOOLEAN -> "BooleanFilter";
            case ENUM -> "ChoiceFilter";
            case ID -> "IdFilter";
            case ID_LIST -> "IdListFilter";
            case TEXT_LIST -> "TextListFilter";
        };
    }

    /** One filter schema per value kind: exactly the operators that kind takes, with their value types. */
    private static void addFilters(Components components) {
        for (ValueKind kind : ValueKind.values()) {
            Schema<Object> filter = s("object");
            filter.description("Operators on a " + kind.label() + " path: `where[path][operator]=value`.");
            for (String operator : Operator.applyingTo(kind)) {
                filter.addProperty(
                        operator, operand(kind, Operator.byWireName(operator).orElseThrow()));
            }
            components.addSchemas(filterName(kind), filter);
        }
    }

    private static Schema<?> operand(ValueKind kind, Operator operator) {
        if (operator == Operator.EXISTS) {
            return s("boolean").description("true: the path has a value; false: it is empty");
        }
        if (operator.takesList()) {
            return s("string").description("comma-separated values, e.g. `a,b`");
        }
        return switch (kind) {
            case NUMBER -> s("number");
            case BOOLEAN -> s("boolean");
            case DATE -> s("string").description("a calendar date, YYYY-MM-DD");
            case INSTANT -> s("string").description("an instant (ISO 8601) or a calendar date");
            default -> s("string");
        };
    }

    private static Parameter idempotencyKey() {
        return new Parameter()
                .in("header")
                .name("Idempotency-Key")
                .description("Up to 255 characters; the same key with the same body within 24 h replays the "
                        + "first answer (header Idempotent-Replayed: true)")
                .schema(s("string").maxLength(255))
                .example("9f1c2b7e-4d0a-4c55-9a51-2f6f0a6c1e42");
    }

    private static Schema<?> page(String ref) {
        Map<String, Schema<?>> p = new LinkedHashMap<>();
        p.put("docs", s("array").items(refSchema(ref)));
        p.put("totalDocs", nullable(s("integer").minimum(BigDecimal.ZERO)));
        p.put("limit", s("integer").minimum(BigDecimal.ONE));
        p.put("totalPages", nullable(s("integer").minimum(BigDecimal.ZERO)));
        p.put("page", s("integer").minimum(BigDecimal.ONE));
        p.put("pagingCounter", s("integer").minimum(BigDecimal.ONE));
        p.put("hasPrevPage", s("boolean"));
        p.put("hasNextPage", s("boolean"));
        p.put("prevPage", nullable(s("integer")));
        p.put("nextPage", nullable(s("integer")));
        Schema<Object> page = object(p);
        // count=estimate only, so not required; totalDocs and totalPages are null with count=none
        page.addProperty(
                "totalDocsEstimated",
                s("boolean").description("With count=estimate: true when totalDocs is the planner's estimate"));
        return page;
    }

    /** {@code {"doc": …, <related>…, <counts>…, "message": …}}, every key always present. */
    private static Schema<?> answer(Schema<?> doc, Map<String, Schema<?>> related, List<String> counts) {
        Map<String, Schema<?>> p = new LinkedHashMap<>();
        p.put("doc", doc);
        p.putAll(related);
        counts.forEach(k -> p.put(k, s("integer").minimum(BigDecimal.ZERO)));
        p.put("message", s("string"));
        return object(p);
    }

    /** The document plus keys shown in this answer only (a secret). */
    private static Schema<?> shown(Collection c, Map<String, String> keys) {
        Map<String, Schema<?>> extra = new LinkedHashMap<>();
        keys.forEach((k, meaning) -> extra.put(k, s("string").description(meaning)));
        return composed(false, refSchema(SCHEMAS + name(c)), object(extra));
    }

    private static Schema<Object> object(Map<String, Schema<?>> properties) {
        Schema<Object> o = s("object");
        properties.forEach(o::addProperty);
        o.required(new ArrayList<>(properties.keySet()));
        return o;
    }

    private Schema<?> document(Collection c) {
        Schema<Object> doc = s("object");
        doc.description(c.description());
        Schema<Object> id = s("string");
        id.pattern("^" + c.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$");
        id.readOnly(true);
        doc.addProperty("id", id);
        List<String> required = new ArrayList<>(List.of("id"));
        for (Field f : c.fields()) {
            if (f.rendered()) {
                doc.addProperty(f.name(), output(f));
                required.add(f.name());
            }
        }
        doc.addProperty("createdAt", s("string").format("date-time").readOnly(true));
        doc.addProperty("updatedAt", s("string").format("date-time").readOnly(true));
        required.addAll(List.of("createdAt", "updatedAt"));
        doc.required(required);
        return doc;
    }

    /** A field as responses render it: always present; null unless the server always has a value. */
    private Schema<?> output(Field f) {
        Schema<?> s = schema(f, false);
        return alwaysHasValue(f) ? s : nullable(s);
    }

    /** Required on create (and so never cleared), defaulted, or a list (rendered [] when empty). */
    private static boolean alwaysHasValue(Field f) {
        return (f.required() && !f.readOnly()) || f.defaultValue() != null || f.kind() instanceof FieldKind.Items;
    }

    private Schema<?> body(List<Field> fields, boolean create) {
        Schema<Object> body = s("object");
        List<String> required = new ArrayList<>();
        for (Field f : writable(fields, create)) {
            Schema<?> s = schema(f, true);
            // an optional field may be sent as null to clear it (PATCH), or left out
            body.addProperty(f.name(), f.required() ? s : nullable(s));
            if (create && f.required()) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            body.required(required);
        }
        body.additionalProperties(false);
        return body;
    }

    private static List<Field> writable(List<Field> fields, boolean create) {
        return fields.stream()
                .filter(f -> !f.readOnly() && (create || f.access() != Field.Access.CREATE_ONLY))
                .toList();
    }

    private Schema<?> schema(Field f, boolean input) {
        Schema<?> s = switch (f.kind()) {
            case FieldKind.Text t -> {
                Schema<Object> x = s("string");
                if (input) {
                    if (t.minLength() > 0) {
                        x.minLength(t.minLength());
                    }
                    x.maxLength(t.maxLength());
                    if (t.pattern() != null) {
                        x.pattern(t.pattern().pattern());
                    }
                }
                yield x;
            }
            case FieldKind.Email e -> s("string").format("email");
            case FieldKind.Currency c -> s("string").pattern("^[A-Z]{3}$").description("ISO 4217 currency code");
            case FieldKind.Decimal d -> {
                Schema<Object> x = s("number");
                if (d.min() != null) {
                    if (d.minExclusive()) {
                        x.exclusiveMinimumValue(d.min());
                    } else {
                        x.minimum(d.min());
                    }
                }
                if (d.max() != null) {
                    x.maximum(d.max());
                }
                yield x;
            }
            case FieldKind.Int i ->
                s("integer").minimum(BigDecimal.valueOf(i.min())).maximum(BigDecimal.valueOf(i.max()));
            case FieldKind.Money m -> {
                Schema<Object> x = s("number");
                if (m.signed() && !input) {
                    yield x.description("Money in major units; negative when the server wrote it (a refund)");
                }
                x.description("Money in major units, at most the currency's minor digits");
                yield m.positive() ? x.exclusiveMinimumValue(BigDecimal.ZERO) : x.minimum(BigDecimal.ZERO);
            }
            case FieldKind.Date d -> s("string").format("date");
            case FieldKind.Instant i -> s("string").format("date-time");
            case FieldKind.Bool b -> s("boolean");
            case FieldKind.Choice c -> {
                Schema<Object> x = s("string");
                x._enum(new ArrayList<>(c.values()));
                yield x;
            }
            case FieldKind.Ref r -> ref(r.target(), input);
            case FieldKind.RefMany r -> s("array").items(ref(r.target(), input));
            case FieldKind.Obj o -> {
                Schema<Object> x = s("object");
                List<String> required = new ArrayList<>();
                for (Field child : input ? writable(o.fields(), true) : o.fields()) {
                    if (input) {
                        Schema<?> cs = schema(child, true);
                        x.addProperty(child.name(), child.required() ? cs : nullable(cs));
                    } else if (child.rendered()) {
                        x.addProperty(child.name(), output(child));
                        required.add(child.name());
                    }
                }
                if (!required.isEmpty()) {
                    x.required(required);
                }
                yield x;
            }
            case FieldKind.Items items -> {
                Schema<Object> item = s("object");
                List<String> required = new ArrayList<>();
                for (Field child : input ? writable(items.fields(), true) : items.fields()) {
                    if (input) {
                        Schema<?> cs = schema(child, true);
                        item.addProperty(child.name(), child.required() ? cs : nullable(cs));
                        if (child.required()) {
                            required.add(child.name());
                        }
                    } else if (child.rendered()) {
                        item.addProperty(child.name(), output(child));
                        required.add(child.name());
                    }
                }
                if (!required.isEmpty()) {
                    item.required(required);
                }
                yield s("array").items(item).maxItems(items.maxItems());
            }
            case FieldKind.Strings st -> s("array").items(s("string"));
            case FieldKind.Json j -> new Schema<>().specVersion(SpecVersion.V31).description("Any JSON value");
            case FieldKind.Link l -> s("string").format("uri");
        };
        if (f.readOnly() || f.kind() instanceof FieldKind.Link) {
            s.readOnly(true);
        }
        if (f.access() == Field.Access.WRITE_ONLY) {
            s.writeOnly(true);
        }
        if (input && f.defaultValue() != null && !(f.kind() instanceof FieldKind.Obj)) {
            s.setDefault(f.defaultValue());
        }
        return s;
    }

    /** {@code oneOf} (or {@code allOf}) of the options; swagger's models type their lists raw. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Schema<Object> composed(boolean oneOf, Schema<?>... options) {
        Schema<Object> x = new Schema<>();
        x.specVersion(SpecVersion.V31);
        List<Schema> list = new ArrayList<>(List.of(options));
        if (oneOf) {
            x.setOneOf(list);
        } else {
            x.setAllOf(list);
        }
        return x;
    }

    /** A null allowed beside the schema: {@code type: [X, "null"]}, or {@code oneOf} with a null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Schema<?> nullable(Schema<?> s) {
        if (s.get$ref() != null || s.getOneOf() != null || s.getAllOf() != null) {
            List<Schema> options = new ArrayList<>(s.getOneOf() != null ? s.getOneOf() : List.of(s));
            options.add(s("null"));
            return new Schema<>().specVersion(SpecVersion.V31).oneOf(options);
        }
        if (s.getTypes() == null || s.getTypes().isEmpty()) {
            return s; // any value, null included
        }
        Set<String> types = new LinkedHashSet<>(s.getTypes());
        types.add("null");
        s.types(types);
        if (s.getEnum() != null) {
            ((Schema) s).addEnumItemObject(null);
        }
        return s;
    }

    /** A relationship: an id on input; on output an id (depth 0) or the related document (depth ≥ 1). */
    private Schema<?> ref(String target, boolean input) {
        Collection t = registry().get(target);
        Schema<Object> id = s("string");
        id.pattern("^" + t.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$");
        id.description("id of " + a(t));
        if (input) {
            return id;
        }
        return composed(true, id, refSchema(SCHEMAS + name(t)));
    }

    private static Schema<?> errorSchema() {
        Schema<Object> error = s("object");
        error.addProperty(
                "name",
                s("string")
                        .description("ValidationError, QueryError, StateConflict, Conflict, "
                                + "IdempotencyConflict (absent for 401/403/404/429/5xx)"));
        error.addProperty("message", s("string"));
        error.addProperty(
                "data",
                new Schema<>()
                        .specVersion(SpecVersion.V31)
                        .description("Details: the offending paths, the missing scope, the current status"));
        error.required(List.of("message"));
        return object(Map.of("errors", s("array").items(error)));
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType(JSON, new MediaType().schema(schema));
    }

    private static Schema<?> refSchema(String ref) {
        return new Schema<>().specVersion(SpecVersion.V31).$ref(ref);
    }

    private static Schema<Object> s(String type) {
        Schema<Object> schema = new Schema<>();
        schema.specVersion(SpecVersion.V31);
        schema.types(new LinkedHashSet<>(List.of(type)));
        return schema;
    }

    /** The schema name: {@code API Key} → {@code ApiKey}, {@code Time Entry} → {@code TimeEntry}. */
    static String name(Collection c) {
        StringBuilder out = new StringBuilder();
        for (String w : c.singular().split(" ")) {
            out.append(capitalize(w.toLowerCase(Locale.ROOT)));
        }
        return out.toString();
    }

    /** An object schema of plain fields (no relationships), for resources outside the registry. */
    static Schema<?> objectOf(List<Field> fields, boolean input) {
        OpenApiGenerator plain = new OpenApiGenerator(null, OpenApiExamples.NONE);
        if (input) {
            return plain.body(fields, false);
        }
        Schema<Object> x = s("object");
        List<String> required = new ArrayList<>();
        for (Field f : fields) {
            if (f.rendered()) {
                x.addProperty(f.name(), plain.output(f));
                required.add(f.name());
            }
        }
        x.required(required);
        return x;
    }

    /** For tests: the schema names generated per collection. */
    Map<String, String> schemaNames() {
        Map<String, String> out = new LinkedHashMap<>();
        registry().all().forEach(c -> out.put(c.slug(), name(c)));
        return out;
    }
}
