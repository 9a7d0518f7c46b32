package app.clearmargin.collections;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For resources outside the collection registry (the organization, the reports) to describe their
 * fields and answers the same way the collections are described.
 */
public final class OpenApiDocs {

    private OpenApiDocs() {}

    /** Output ({@code input} false: every field required, nullable unless it always has a value) or a PATCH body. */
    public static Schema<?> objectOf(List<Field> fields, boolean input) {
        return OpenApiGenerator.objectOf(fields, input);
    }

    /** {@code object} plus required properties, in name order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Schema<?> withExtras(Schema<?> object, Map<String, Schema<?>> extras) {
        List<String> required = new ArrayList<>(object.getRequired() == null ? List.of() : object.getRequired());
        new TreeMap<>(extras).forEach((k, v) -> {
            ((Schema) object).addProperty(k, v);
            required.add(k);
        });
        object.required(required);
        return object;
    }

    /** A JSON object whose properties are all required. */
    public static Schema<?> object(Map<String, Schema<?>> properties) {
        return withExtras(type("object"), properties);
    }

    public static Schema<?> string(String description) {
        return type("string").description(description);
    }

    public static Schema<?> bool() {
        return type("boolean");
    }

    /** An empty schema of one JSON type, to add properties to. */
    public static Schema<?> ofType(String jsonType) {
        return type(jsonType);
    }

    public static Schema<?> integer(String description) {
        return type("integer").description(description);
    }

    /** A number; bounds as given (money may be negative in a report: margins). */
    public static Schema<?> number(String description) {
        return type("number").description(description);
    }

    public static Schema<?> instant() {
        return type("string").format("date-time");
    }

    public static Schema<?> date() {
        return type("string").format("date");
    }

    public static Schema<?> array(Schema<?> items) {
        return type("array").items(items);
    }

    public static Schema<?> nullable(Schema<?> schema) {
        return OpenApiGenerator.nullable(schema);
    }

    public static Schema<?> ref(String component) {
        return new Schema<>().specVersion(SpecVersion.V31).$ref("#/components/schemas/" + component);
    }

    /** {@code {"doc": <component>, "message": …}}. */
    public static Schema<?> answer(String component) {
        return object(Map.of("doc", ref(component), "message", type("string")));
    }

    public static void addSchema(OpenAPI api, String name, Schema<?> schema) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSchemas(name, schema);
    }

    /** The error answers every operation may give, beside its success. */
    public static ApiResponses errors(ApiResponses responses) {
        Schema<?> error = ref("ErrorResponse");
        for (String[] e : new String[][] {
            {"400", "ValidationError or QueryError (every offending path)"},
            {"401", "Missing or invalid API key."},
            {"403", "The key lacks the scope (named in data)"},
            {"429", "Rate limit exceeded (Retry-After)"}
        }) {
            responses.addApiResponse(
                    e[0],
                    new ApiResponse()
                            .description(e[1])
                            .content(new io.swagger.v3.oas.models.media.Content()
                                    .addMediaType(
                                            "application/json",
                                            new io.swagger.v3.oas.models.media.MediaType().schema(error))));
        }
        return responses;
    }

    private static Schema<Object> type(String type) {
        Schema<Object> s = new Schema<>();
        s.specVersion(SpecVersion.V31);
        s.types(new LinkedHashSet<>(List.of(type)));
        return s;
    }
}
