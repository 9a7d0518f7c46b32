package app.clearmargin.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16: {@code /openapi.json} is an OpenAPI 3.1 document real generators and linters accept. It is
 * written to {@code target/openapi.json} for the generator check ({@code clients/check-openapi-generators.sh}).
 */
class OpenApiDocumentTest extends ApiTest {

    static final Path WRITTEN = Path.of("target", "openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    private String text;
    private JsonNode spec;

    @BeforeAll
    void fetchTheDocument() throws IOException {
        var r = api.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        text = r.body();
        spec = r.json();
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, text, StandardCharsets.UTF_8);
    }

    @Test
    void theDocumentParsesAndValidatesAsOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(text, null, options);
        assertThat(spec.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    }

    @Test
    void everyOperationHasAnIdAPlainEnglishSummaryATagAndASuccessAnswer() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> e : path.getValue().properties()) {
                if (!METHODS.contains(e.getKey())) {
                    continue;
                }
                JsonNode op = e.getValue();
                String where = e.getKey().toUpperCase() + " " + path.getKey();
                String id = op.path("operationId").asString("");
                if (!id.matches("[a-z][A-Za-z0-9]+") || !ids.add(id) || id.startsWith("otherMethods")) {
                    problems.add(where + ": operationId " + id);
                }
                String summary = op.path("summary").asString("");
                if (summary.isEmpty()
                        || summary.matches(".*\\ba [aeiouAEIOU].*")
                        || summary.matches(".*\\ban [^aeiouAEIOU\\s].*")
                        || summary.contains("(action)")) {
                    problems.add(where + ": summary " + summary);
                }
                if (!op.path("tags").isArray() || op.path("tags").isEmpty()) {
                    problems.add(where + ": no tag");
                }
                boolean success = false;
                for (String status : op.path("responses").propertyNames()) {
                    success |= status.startsWith("2");
                }
                if (!success) {
                    problems.add(where + ": no 2xx answer");
                }
                for (Map.Entry<String, JsonNode> answer : op.path("responses").properties()) {
                    JsonNode media = answer.getValue().at("/content/application~1json");
                    if (answer.getKey().startsWith("2") && media.isObject() && !media.has("example")) {
                        problems.add(where + ": no example (OpenApiConformanceTest -Dopenapi.examples.write=true)");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(spec.at("/info/license/name").asString()).isNotEmpty();
        assertThat(spec.at("/info/contact/name").asString()).isNotEmpty();
    }

    @Test
    void theQueryParametersAreTheBracketSyntaxNotJson() {
        JsonNode where = parameter("/api/invoices", "get", "where");
        assertThat(where.path("style").asString()).isEqualTo("deepObject");
        assertThat(where.path("explode").asBoolean()).isTrue();
        assertThat(where.path("description").asString()).contains("where[field][operator]=value");
        assertThat(where.at("/schema/$ref").asString()).isEqualTo("#/components/schemas/InvoiceWhere");
        JsonNode select = parameter("/api/invoices", "get", "select");
        assertThat(select.path("style").asString()).isEqualTo("deepObject");
        assertThat(spec.at("/components/schemas/InvoiceSelect/properties/number/type")
                        .toString())
                .contains("boolean");
        assertThat(spec.at("/components/parameters/sort/schema/type").toString())
                .contains("string");
        assertThat(spec.at("/components/parameters/sort/example").asString()).isEqualTo("-dueDate,number");
        JsonNode report = spec.at("/paths/~1api~1reports~1profitability/get/parameters");
        List<String> names = new ArrayList<>();
        report.forEach(p -> names.add(p.path("name").asString()));
        assertThat(names).containsExactly("groupBy", "from", "to");
    }

    @Test
    void aCollectionsWhereModelListsItsPathsEachWithTheOperatorsItsTypeTakes() {
        JsonNode invoiceWhere = spec.at("/components/schemas/InvoiceWhere/properties");
        assertThat(invoiceWhere.at("/status/$ref").asString()).isEqualTo("#/components/schemas/ChoiceFilter");
        assertThat(invoiceWhere.at("/status/description").asString()).contains("overdue", "paid", "sent");
        assertThat(invoiceWhere.at("/total/$ref").asString()).isEqualTo("#/components/schemas/NumberFilter");
        assertThat(invoiceWhere.at("/dueDate/$ref").asString()).isEqualTo("#/components/schemas/DateFilter");
        assertThat(invoiceWhere.at("/client/$ref").asString()).isEqualTo("#/components/schemas/IdFilter");
        assertThat(invoiceWhere.at("/createdAt/$ref").asString()).isEqualTo("#/components/schemas/InstantFilter");
        assertThat(invoiceWhere.at("/or/items/$ref").asString()).isEqualTo("#/components/schemas/InvoiceWhere");
        assertThat(invoiceWhere.at("/and/items/$ref").asString()).isEqualTo("#/components/schemas/InvoiceWhere");

        assertThat(spec.at("/components/schemas/ClientWhere/properties/address/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/ClientAddressWhere");
        assertThat(spec.at("/components/schemas/ClientAddressWhere/properties/city/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/TextFilter");

        JsonNode number = spec.at("/components/schemas/NumberFilter/properties");
        assertThat(number.at("/greater_than/type").toString()).contains("number");
        assertThat(number.at("/in/type").toString()).contains("string");
        assertThat(number.at("/exists/type").toString()).contains("boolean");
        assertThat(number.has("like")).isFalse();
        JsonNode text = spec.at("/components/schemas/TextFilter/properties");
        assertThat(text.has("like")).isTrue();
        assertThat(text.has("greater_than")).isFalse();
    }

    private JsonNode parameter(String path, String method, String name) {
        for (JsonNode p : spec.path("paths").path(path).path(method).path("parameters")) {
            if (name.equals(p.path("name").asString())) {
                return p;
            }
        }
        throw new AssertionError(method + " " + path + " has no parameter " + name);
    }

    @Test
    void actionsAnswerTheStatusAndDocumentTheServerDoes() {
        assertThat(spec.at("/paths/~1api~1invoices~1{id}~1payments/post/responses/201")
                        .isObject())
                .isTrue();
        assertThat(spec.at("/components/schemas/RecordPaymentOnInvoiceAnswer/properties/invoice/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Invoice");
        assertThat(spec.at("/paths/~1api~1proposals~1{id}~1convert/post/responses/201")
                        .isObject())
                .isTrue();
        assertThat(spec.at("/paths/~1api~1proposals~1{id}~1duplicate/post/responses/201")
                        .isObject())
                .isTrue();
        assertThat(spec.at("/paths/~1api~1webhooks~1{id}~1test/post/responses/201")
                        .isObject())
                .isTrue();
        assertThat(spec.at("/paths/~1api~1invoices~1generate/post/responses/201")
                        .isObject())
                .isTrue();
        assertThat(spec.toString())
                .contains("\"secret\"")
                .contains("WebhookCreated")
                .contains("ApiKeyCreated");
        assertThat(spec.at("/components/schemas/Transaction/properties/amount").has("exclusiveMinimum"))
                .isFalse();
    }

    /** redocly lint, 0 errors (skipped only where node is missing: CI has it). */
    @Test
    void redoclyLintFindsNoErrors() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/npx")) || Files.isExecutable(Path.of("/usr/local/bin/npx")),
                "node is not installed");
        Path report = Path.of("target", "redocly-lint.json");
        Process p = new ProcessBuilder("npx", "--yes", "@redocly/cli@2", "lint", WRITTEN.toString(), "--format=json")
                .redirectOutput(report.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        JsonNode lint = tools.jackson.databind.json.JsonMapper.builder().build().readTree(Files.readString(report));
        List<String> errors = new ArrayList<>();
        int warnings = 0;
        for (JsonNode problem : lint.path("problems")) {
            if (problem.path("severity").asString().equals("error")) {
                errors.add(problem.path("ruleId").asString() + ": "
                        + problem.path("message").asString() + " at "
                        + problem.path("location").path(0).path("pointer").asString());
            } else {
                warnings++;
            }
        }
        System.out.println("redocly lint: " + errors.size() + " errors, " + warnings + " warnings");
        assertThat(errors).isEmpty();
    }
}
