package app.clearmargin.collections;

import app.clearmargin.auth.Scopes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Writes {@code /openapi.json} from the same collection definitions that drive validation, storage
 * and queries: one schema per collection for reading, creating and updating, and the paths, query
 * parameters, actions and errors of API.md. Nothing here is hand-maintained per resource.
 */
@Component
class OpenApiGenerator implements OpenApiCustomizer {

    private static final String JSON = "application/json";

    private final @Nullable Registry registry;

    /** The collections, which only the plain generator ({@link #objectOf}: no relationships) lacks. */
    private Registry registry() {
        return Objects.requireNonNull(registry, "a plain schema has no relationships");
    }

    OpenApiGenerator(@Nullable Registry registry) {
        this.registry = registry;
    }

    @Override
    public void customise(OpenAPI api) {
        api.specVersion(SpecVersion.V31).openapi("3.1.0");
        api.info(new Info()
                .title("Clearmargin API")
                .version("1")
                .description("Clients, projects, proposals, invoices, payments, time and a ledger for agencies. "
                        + "Authenticate with `Authorization: Bearer sk_live_…` (or `x-api-key`). Errors are "
                        + "`{\"errors\":[{\"name\",\"message\",\"data\"}]}`; every response carries X-Request-Id and, "
                        + "when authenticated, X-RateLimit-Limit/Remaining/Reset."));
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
        components.addSchemas("Error", errorSchema());
        api.components(components);
        api.security(List.of(
                new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKeyHeader")));
        Paths paths = api.getPaths() == null ? new Paths() : api.getPaths();
        List<Tag> tags = new ArrayList<>();
        for (Collection c : registry().all()) {
            tags.add(new Tag().name(c.slug()).description(c.description()));
            components.addSchemas(name(c), document(c));
            if (c.allows(app.clearmargin.collections.Operation.CREATE)) {
                components.addSchemas(name(c) + "Create", body(c, true));
            }
            if (c.allows(app.clearmargin.collections.Operation.UPDATE)) {
                components.addSchemas(name(c) + "Update", body(c, false));
            }
            addPaths(paths, c);
        }
        api.paths(paths);
        api.tags(tags);
    }

    private void addPaths(Paths paths, Collection c) {
        String base = "/api/" + c.slug();
        String ref = "#/components/schemas/" + name(c);
        PathItem list = new PathItem();
        if (c.allows(app.clearmargin.collections.Operation.LIST)) {
            list.get(op(c, "List " + c.slug(), Scopes.read(c.scope()))
                    .parameters(c.cursorPaging() ? cursorListParameters() : listParameters())
                    .responses(responses("200", "A page of documents", page(ref))));
        }
        if (c.allows(app.clearmargin.collections.Operation.CREATE)) {
            list.post(op(c, "Create a " + c.singular(), Scopes.write(c.scope()))
                    .addParametersItem(depth())
                    .addParametersItem(idempotencyKey())
                    .requestBody(new RequestBody().required(true).content(json(refSchema(ref + "Create"))))
                    .responses(responses("201", c.singular() + " successfully created.", written(ref))));
        }
        paths.addPathItem(base, list);
        if (c.allows(app.clearmargin.collections.Operation.LIST)) {
            paths.addPathItem(
                    base + "/count",
                    new PathItem()
                            .get(op(c, "Count " + c.slug(), Scopes.read(c.scope()))
                                    .addParametersItem(new Parameter()
                                            .in("query")
                                            .name("where")
                                            .description("Filter, as in the list")
                                            .schema(s("object")))
                                    .responses(responses(
                                            "200",
                                            "The number of matching documents",
                                            s("object").addProperty("totalDocs", s("integer"))))));
        }
        PathItem one = new PathItem()
                .addParametersItem(new Parameter()
                        .in("path")
                        .name("id")
                        .required(true)
                        .schema(s("string").pattern("^" + c.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$")));
        if (c.allows(app.clearmargin.collections.Operation.READ)) {
            one.get(op(c, "Get a " + c.singular(), Scopes.read(c.scope()))
                    .addParametersItem(depth())
                    .addParametersItem(select())
                    .responses(responses("200", "The document", refSchema(ref))));
        }
        if (c.allows(app.clearmargin.collections.Operation.UPDATE)) {
            one.patch(op(c, "Update a " + c.singular() + " (partial; null clears)", Scopes.write(c.scope()))
                    .addParametersItem(depth())
                    .requestBody(new RequestBody().required(true).content(json(refSchema(ref + "Update"))))
                    .responses(responses("200", "Updated successfully.", written(ref))));
        }
        if (c.allows(app.clearmargin.collections.Operation.DELETE)) {
            one.delete(op(
                            c,
                            c.revokeField() != null ? "Revoke a " + c.singular() : "Delete a " + c.singular(),
                            Scopes.write(c.scope()))
                    .addParametersItem(depth())
                    .responses(responses("200", "Deleted successfully.", written(ref))));
        }
        paths.addPathItem(base + "/{id}", one);
        for (Action a : c.documentActions().values()) {
            paths.addPathItem(
                    base + "/{id}/" + a.name(),
                    new PathItem()
                            .addParametersItem(new Parameter()
                                    .in("path")
                                    .name("id")
                                    .required(true)
                                    .schema(s("string")))
                            .post(op(c, a.name() + " (action)", Scopes.write(a.scopeResource()))
                                    .addParametersItem(depth())
                                    .addParametersItem(idempotencyKey())
                                    .requestBody(
                                            new RequestBody().required(false).content(json(s("object"))))
                                    .responses(responses(
                                            "200",
                                            "The acted-on document (201 when the action creates one)",
                                            written(ref)))));
        }
        for (Action a : c.collectionActions().values()) {
            paths.addPathItem(
                    base + "/" + a.name(),
                    new PathItem()
                            .post(op(c, a.name() + " (action)", Scopes.write(a.scopeResource()))
                                    .addParametersItem(depth())
                                    .addParametersItem(idempotencyKey())
                                    .requestBody(
                                            new RequestBody().required(true).content(json(s("object"))))
                                    .responses(responses("201", "The created document", written(ref)))));
        }
    }

    private static Operation op(Collection c, String summary, String scope) {
        return new Operation()
                .summary(summary)
                .description("Scope: `" + scope + "`.")
                .addTagsItem(c.slug())
                .operationId((summary.replaceAll("[^A-Za-z0-9]+", "_") + "_" + c.slug()).toLowerCase());
    }

    private static ApiResponses responses(String status, String description, Schema<?> schema) {
        ApiResponses r = new ApiResponses()
                .addApiResponse(
                        status, new ApiResponse().description(description).content(json(schema)));
        Schema<?> error = refSchema("#/components/schemas/Error");
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

    private static List<Parameter> listParameters() {
        return List.of(
                new Parameter()
                        .in("query")
                        .name("limit")
                        .description("1–100 (larger is clamped), default 10")
                        .schema(s("integer")),
                new Parameter()
                        .in("query")
                        .name("page")
                        .description("≥ 1, default 1")
                        .schema(s("integer")),
                new Parameter()
                        .in("query")
                        .name("sort")
                        .description("field, -field for descending, comma-separated; default -createdAt")
                        .schema(s("string")),
                depth(),
                select(),
                new Parameter()
                        .in("query")
                        .name("where")
                        .style(Parameter.StyleEnum.DEEPOBJECT)
                        .explode(true)
                        .description("where[field][operator]=value; operators equals, not_equals, greater_than, "
                                + "greater_than_equal, less_than, less_than_equal, like, contains, in, not_in, exists; "
                                + "where[or][0][…], where[and][0][…]; one relationship hop (project.client)")
                        .schema(s("object")));
    }

    /** The list parameters plus the cursors of the logs (API.md §10). */
    private static List<Parameter> cursorListParameters() {
        List<Parameter> all = new java.util.ArrayList<>(listParameters());
        all.add(new Parameter()
                .in("query")
                .name("startingAfter")
                .description("An id: the page of documents older than it, newest first. Not with page, "
                        + "endingBefore or a sort; the answer is {docs, hasMore, limit}")
                .schema(s("string")));
        all.add(new Parameter()
                .in("query")
                .name("endingBefore")
                .description("An id: the page of documents newer than it, newest first. Not with page, "
                        + "startingAfter or a sort; the answer is {docs, hasMore, limit}")
                .schema(s("string")));
        return all;
    }

    private static Parameter depth() {
        return new Parameter()
                .in("query")
                .name("depth")
                .description("0–3 (larger is clamped), default 1")
                .schema(s("integer"));
    }

    private static Parameter select() {
        return new Parameter()
                .in("query")
                .name("select")
                .style(Parameter.StyleEnum.DEEPOBJECT)
                .explode(true)
                .description(
                        "select[field]=true returns only those fields (and id); select[field]=false leaves fields out")
                .schema(s("object"));
    }

    private static Parameter idempotencyKey() {
        return new Parameter()
                .in("header")
                .name("Idempotency-Key")
                .description("Up to 255 characters; replays the first " + "answer for 24 h")
                .schema(s("string").maxLength(255));
    }

    private static Schema<?> page(String ref) {
        Schema<Object> page = s("object");
        page.addProperty("docs", s("array").items(refSchema(ref)));
        for (String n : List.of("totalDocs", "limit", "totalPages", "page", "pagingCounter")) {
            page.addProperty(n, s("integer"));
        }
        page.addProperty("hasPrevPage", s("boolean"));
        page.addProperty("hasNextPage", s("boolean"));
        page.addProperty("prevPage", s("integer").nullable(true));
        page.addProperty("nextPage", s("integer").nullable(true));
        return page;
    }

    private static Schema<?> written(String ref) {
        return s("object").addProperty("doc", refSchema(ref)).addProperty("message", s("string"));
    }

    private Schema<?> document(Collection c) {
        Schema<Object> doc = s("object").description(c.description());
        doc.addProperty(
                "id",
                s("string")
                        .pattern("^" + c.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$")
                        .readOnly(true));
        for (Field f : c.fields()) {
            if (f.rendered()) {
                doc.addProperty(f.name(), schema(f, false));
            }
        }
        doc.addProperty("createdAt", s("string").format("date-time").readOnly(true));
        doc.addProperty("updatedAt", s("string").format("date-time").readOnly(true));
        return doc;
    }

    private Schema<?> body(Collection c, boolean create) {
        Schema<Object> body = s("object");
        List<String> required = new ArrayList<>();
        for (Field f : writable(c.fields(), create)) {
            body.addProperty(f.name(), schema(f, true));
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
                if (t.minLength() > 0) {
                    x.minLength(t.minLength());
                }
                x.maxLength(t.maxLength());
                if (t.pattern() != null) {
                    x.pattern(t.pattern().pattern());
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
                Schema<Object> x = s("number").description("Money in major units; at most the currency's minor digits");
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
                for (Field child : input ? writable(o.fields(), true) : o.fields()) {
                    x.addProperty(child.name(), schema(child, input));
                }
                yield x;
            }
            case FieldKind.Items items -> {
                Schema<Object> item = s("object");
                for (Field child : input ? writable(items.fields(), true) : items.fields()) {
                    item.addProperty(child.name(), schema(child, input));
                }
                List<String> required = items.fields().stream()
                        .filter(Field::required)
                        .map(Field::name)
                        .toList();
                if (input && !required.isEmpty()) {
                    item.required(required);
                }
                yield s("array").items(item).maxItems(items.maxItems());
            }
            case FieldKind.Strings st -> s("array").items(s("string"));
            case FieldKind.Json j -> s("object");
            case FieldKind.Link l -> {
                Schema<Object> x = s("string");
                x.types(new java.util.LinkedHashSet<>(List.of("string", "null")));
                yield x.format("uri");
            }
        };
        if (f.readOnly()) {
            s.readOnly(true);
        }
        if (f.access() == Field.Access.WRITE_ONLY) {
            s.writeOnly(true);
        }
        if (f.defaultValue() != null && !(f.kind() instanceof FieldKind.Obj)) {
            s.setDefault(f.defaultValue());
        }
        return s;
    }

    /** A relationship: an id on input; on output an id (depth 0) or the related document (depth ≥ 1). */
    private Schema<?> ref(String target, boolean input) {
        Collection t = registry().get(target);
        Schema<Object> id = s("string")
                .pattern("^" + t.idPrefix() + "_[0-9a-hjkmnp-tv-z]{26}$")
                .description("id of a " + t.singular());
        if (input) {
            return id;
        }
        return new Schema<>()
                .specVersion(SpecVersion.V31)
                .oneOf(List.of(id, refSchema("#/components/schemas/" + name(t))));
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
                        .description("details: the offending paths, " + "the missing scope, the current status"));
        error.required(List.of("message"));
        return s("object").addProperty("errors", s("array").items(error));
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
        schema.types(Set.of(type));
        return schema;
    }

    static String name(Collection c) {
        return c.singular().replace(" ", "");
    }

    /** An object schema of plain fields (no relationships), for resources outside the registry. */
    static Schema<?> objectOf(List<Field> fields, boolean input) {
        OpenApiGenerator plain = new OpenApiGenerator(null);
        Schema<Object> x = s("object");
        for (Field f : input ? writable(fields, false) : fields) {
            x.addProperty(f.name(), plain.schema(f, input));
        }
        return x;
    }

    /** For tests: the schema names generated per collection. */
    Map<String, String> schemaNames() {
        Map<String, String> out = new LinkedHashMap<>();
        registry().all().forEach(c -> out.put(c.slug(), name(c)));
        return out;
    }
}
