package app.clearmargin.collections;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response examples of the API reference: real answers of this server, one per operation,
 * captured by a test run (OpenApiConformanceTest writes {@code src/main/resources/openapi-examples.json}:
 * {@code {"<operationId>": {"status": "201", "body": …}}}) and put beside each operation's success
 * schema. Nothing is written by hand; an operation the file lacks has no example (a test fails).
 */
@Component
class OpenApiExamples {

    static final String RESOURCE = "openapi-examples.json";
    static final OpenApiExamples NONE = new OpenApiExamples(Map.of());

    /** A captured answer, as plain maps and lists (springdoc writes it with its own Jackson). */
    record Captured(String status, Object body) {}

    private final Map<String, Captured> byOperation;

    @org.springframework.beans.factory.annotation.Autowired
    OpenApiExamples(JsonMapper json) {
        this(load(json));
    }

    private OpenApiExamples(Map<String, Captured> byOperation) {
        this.byOperation = byOperation;
    }

    private static Map<String, Captured> load(JsonMapper json) {
        try (InputStream in = OpenApiExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, Captured> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : json.readTree(in).properties()) {
                out.put(
                        e.getKey(),
                        new Captured(
                                e.getValue().path("status").asString(),
                                json.convertValue(e.getValue().get("body"), Object.class)));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void addTo(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .values()
                .forEach(item -> item.readOperations().forEach(op -> {
                    Captured example = op.getOperationId() == null ? null : byOperation.get(op.getOperationId());
                    if (example == null || op.getResponses() == null) {
                        return;
                    }
                    ApiResponse response = op.getResponses().get(example.status());
                    if (response == null || response.getContent() == null) {
                        return;
                    }
                    MediaType media = response.getContent().get("application/json");
                    if (media != null) {
                        media.example(example.body());
                    }
                }));
    }
}
