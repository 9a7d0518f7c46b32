package app.clearmargin.web;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API.md §1 Errors and §7: every kind of failure answers in the one error format, with its status,
 * a request id, and never a stack trace, SQL or class name.
 */
class ErrorFormatTest extends ApiTest {

    private static final String NOT_FOUND = "Not Found";

    @Test
    void unknownCollectionOrRouteIsNotFound() {
        assertError(api.get("/api/no-such-collection"), 404, NOT_FOUND);
        assertError(api.post("/api/no-such-collection", Map.of("name", "x")), 404, NOT_FOUND);
        assertError(api.get("/api/no-such-collection/count"), 404, NOT_FOUND);
        assertError(
                api.post("/api/clients/client_00000000000000000000000000/no-such-action", Map.of()), 404, NOT_FOUND);
        assertError(api.withKey(null).get("/no-such-page"), 404, NOT_FOUND);
        assertError(api.get("/api/clients/client_00000000000000000000000000/no-such-action"), 404, NOT_FOUND);
    }

    @Test
    void malformedUnknownOrWrongPrefixIdIsNotFound() {
        String clientId = createId("clients", Map.of("name", "Will be deleted"));
        String wrongPrefix = clientId.replace("client_", "project_");
        assertThat(api.delete("/api/clients/" + clientId).status()).isEqualTo(200);
        String neverUsed = new Ids(Clock.systemUTC()).newId("client");

        for (String id : List.of(
                "not-an-id",
                "client_",
                "client_123",
                "client_00000000000000000000000000",
                "client_" + "u".repeat(26),
                clientId + "0",
                wrongPrefix,
                clientId,
                neverUsed)) {
            assertError(api.get("/api/clients/" + id), 404, NOT_FOUND);
            assertError(api.patch("/api/clients/" + id, Map.of("name", "x")), 404, NOT_FOUND);
            assertError(api.delete("/api/clients/" + id), 404, NOT_FOUND);
        }
    }

    @Test
    void methodsACollectionDoesNotOfferAreNotAllowed() {
        String clientId = createId("clients", Map.of("name", "Method target"));
        String before = api.get("/api/clients/" + clientId).json().get("name").asString();

        assertError(api.send("PUT", "/api/clients/" + clientId, "{\"name\":\"Put\"}", "application/json"), 405);
        assertError(
                api.send(
                        "PATCH",
                        "/api/clients" + Api.q("where[name][equals]", "Method target"),
                        "{\"name\":\"Bulk\"}",
                        "application/json"),
                405);
        assertError(
                api.send("DELETE", "/api/clients" + Api.q("where[name][equals]", "Method target"), null, null), 405);
        assertError(api.post("/api/receipts", Map.of("invoice", "inv_00000000000000000000000000")), 405);
        assertError(api.post("/api/clients/" + clientId, Map.of("name", "Post on a document")), 405);
        assertError(api.get("/api/invoices/inv_00000000000000000000000000/send"), 405);
        assertError(api.delete("/api/invoices/inv_00000000000000000000000000/payments"), 405);

        assertThat(api.get("/api/clients/" + clientId).json().get("name").asString())
                .isEqualTo(before);
        assertThat(api.get("/api/clients/count" + Api.q("where[name][equals]", "Method target"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void bodyThatIsNotJsonContentIsUnsupportedMediaType() {
        assertError(api.send("POST", "/api/clients", "{\"name\":\"Plain\"}", "text/plain"), 415);
        assertError(api.send("POST", "/api/clients", "name=Form", "application/x-www-form-urlencoded"), 415);
        assertError(
                api.send("POST", "/api/clients", "{\"name\":\"Latin\"}", "application/json; charset=ISO-8859-1"), 415);
        assertThat(api.send(
                                "POST",
                                "/api/clients?depth=0",
                                "{\"name\":\"Json utf-8\"}",
                                "application/json; charset=utf-8")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void multipartAndOtherNonJsonWritesAreUnsupportedMediaTypeNeverAServerError() {
        String clientId = createId("clients", Map.of("name", "Multipart target"));
        String form = "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nForm\r\n--xyz--\r\n";
        for (String type : List.of(
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "multipart/mixed; boundary=xyz",
                "application/xml",
                "image/png",
                "application/octet-stream")) {
            assertError(api.send("POST", "/api/clients", form, type), 415);
            assertError(api.send("PATCH", "/api/clients/" + clientId, form, type), 415);
            assertError(api.send("POST", "/api/invoices/generate", form, type), 415);
            assertError(api.send("PATCH", "/api/organization", form, type), 415);
            assertError(api.send("POST", "/api/clients", "", type), 415);
        }
        assertThat(api.get("/api/clients/" + clientId).json().get("name").asString())
                .isEqualTo("Multipart target");
    }

    @Test
    void malformedJsonIsBadRequest() {
        for (String body : List.of(
                "{",
                "{\"name\":",
                "{\"name\" \"x\"}",
                "{'name':'x'}",
                "{\"name\":\"x\"} trailing",
                "{\"name\":\"x\",\"name\":\"y\"}")) {
            assertError(api.send("POST", "/api/clients", body, "application/json"), 400);
        }
    }

    @Test
    void jsonThatIsNotAnObjectIsBadRequest() {
        for (String body : List.of("[]", "[{\"name\":\"x\"}]", "\"x\"", "1", "true", "null")) {
            assertError(api.send("POST", "/api/clients", body, "application/json"), 400);
            assertError(api.send("PATCH", "/api/organization", body, "application/json"), 400);
        }
    }

    @Test
    void bodyOfExactlyOneMebibyteIsAcceptedAndOneByteMoreIsTooLarge() {
        Api.Response atLimit =
                api.send("POST", "/api/clients?depth=0", bodyOfSize("At the limit", 1_048_576), "application/json");
        Api.Response overLimit =
                api.send("POST", "/api/clients?depth=0", bodyOfSize("Over the limit", 1_048_577), "application/json");

        assertThat(atLimit.status()).isEqualTo(201);
        assertError(overLimit, 413);
        assertThat(api.get("/api/clients/count" + Api.q("where[name][equals]", "Over the limit"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }

    @Test
    void chunkedBodyOverOneMebibyteIsTooLargeToo() throws Exception {
        byte[] body = bodyOfSize("Chunked over the limit", 1_048_577).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // no Content-Length: the limit must hold while reading, not only for what the client declares
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base() + "/api/clients"))
                .header("Authorization", "Bearer " + api.key())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body)))
                .build();

        java.net.http.HttpResponse<String> r;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        assertError(new Api.Response(r.statusCode(), r.headers(), r.body()), 413);
        assertThat(api.get("/api/clients/count" + Api.q("where[name][equals]", "Chunked over the limit"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();
    }

    @Test
    void unknownQueryPathIsAQueryErrorInPayloadShape() {
        Api.Response r = api.get("/api/clients" + Api.q("where[nonexistent][equals]", "x"));

        JsonNode error = assertError(r, 400, "The following path cannot be queried: nonexistent");
        assertThat(error.get("name").asString()).isEqualTo("QueryError");
        assertThat(error.get("data").toString()).isEqualTo("[{\"path\":\"nonexistent\"}]");
    }

    @Test
    void badOperatorAndBadSortAreQueryErrorsNamingThePath() {
        JsonNode badOperator = assertError(api.get("/api/clients" + Api.q("where[name][bogus]", "x")), 400);
        JsonNode badSort = assertError(api.get("/api/clients" + Api.q("sort", "name;drop table clients")), 400);

        assertThat(badOperator.get("name").asString()).isEqualTo("QueryError");
        assertThat(badOperator.get("data").get(0).get("path").asString()).isEqualTo("name.bogus");
        assertThat(badSort.get("name").asString()).isEqualTo("QueryError");
    }

    @Test
    void injectionAttemptIsJustAValueThatMatchesNothing() {
        Api.Response r = api.get("/api/clients" + Api.q("where[name][equals]", "' OR '1'='1"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("totalDocs").asInt()).isZero();
    }

    @Test
    void invalidBodyIsAValidationErrorListingEveryPath() {
        Api.Response r = api.post("/api/clients", Map.of("email", "not an email", "status", "sleeping", "bogus", 1));

        JsonNode error = assertError(r, 400);
        assertThat(error.get("name").asString()).isEqualTo("ValidationError");
        assertThat(error.get("message").asString()).startsWith("The following fields are invalid: ");
        assertThat(error.get("data").get("collection").asString()).isEqualTo("clients");
        List<String> paths = new ArrayList<>();
        for (JsonNode e : error.get("data").get("errors")) {
            assertThat(e.propertyNames()).containsExactlyInAnyOrder("path", "message");
            assertThat(e.get("message").asString()).isNotBlank();
            paths.add(e.get("path").asString());
        }
        assertThat(paths).contains("name", "email", "status", "bogus");
        for (String path : paths) {
            assertThat(error.get("message").asString()).contains(path);
        }
    }

    @Test
    void singleInvalidFieldIsNamedInTheSingular() {
        JsonNode error = assertError(api.post("/api/clients", Map.of()), 400);

        assertThat(error.get("message").asString()).isEqualTo("The following field is invalid: name");
    }

    @Test
    void badListParametersAreBadRequests() {
        for (String query : List.of(
                "?limit=0",
                "?limit=x",
                "?page=0",
                "?page=x",
                "?depth=-1",
                "?depth=x",
                "?page=2147483648",
                "?pagination=false")) {
            assertError(api.get("/api/clients" + query), 400);
        }
        for (String query : List.of("?limit=1&limit=2", "?page=1&page=2", "?depth=0&depth=2", "?limit[]=5")) {
            Api.Response r = api.get("/api/clients" + query);
            assertError(r, 400);
            assertThat(r.body()).as(query).contains("takes a single value");
        }
    }

    @Test
    void everyAnswerCarriesARequestId() {
        List<Api.Response> answers = List.of(
                api.get("/api/clients"),
                api.post("/api/clients?depth=0", Map.of("name", "Request id")),
                api.get("/api/clients/nope"),
                api.withKey(null).get("/api/clients"),
                api.withKey(null).get("/health"),
                api.withKey(null).get("/nowhere"));

        for (Api.Response r : answers) {
            assertThat(r.header("X-Request-Id")).as("request id of %s", r).matches("[A-Za-z0-9._-]{1,64}");
        }
        assertThat(answers.stream().map(r -> r.header("X-Request-Id")).distinct())
                .hasSize(answers.size());
    }

    @Test
    void safeRequestIdIsEchoedAndAnythingElseReplacedByAGeneratedSafeOne() {
        for (String safe : List.of("a", "A.b_c-9", "0".repeat(64), "req.2026-03-14_abc", "...", "-_-")) {
            assertThat(api.withHeader("X-Request-Id", safe)
                            .get("/api/clients?limit=1")
                            .header("X-Request-Id"))
                    .isEqualTo(safe);
        }
        for (String unsafe : List.of("x".repeat(65), "has space", "a/b", "a:b", "a+b", "{x}", "a%2Fb", "<script>")) {
            String answered = api.withHeader("X-Request-Id", unsafe)
                    .get("/api/clients?limit=1")
                    .header("X-Request-Id");
            assertThat(answered)
                    .as("request id for %s", unsafe)
                    .isNotEqualTo(unsafe)
                    .matches("[A-Za-z0-9._-]{1,64}");
        }
        assertThat(api.withKey(null)
                        .withHeader("X-Request-Id", "bad id")
                        .get("/api/clients")
                        .header("X-Request-Id"))
                .matches("[A-Za-z0-9._-]{1,64}");
    }

    /** A client body of exactly {@code size} bytes: a small valid object padded with JSON whitespace (text fields have a maximum). */
    private static String bodyOfSize(String name, int size) {
        String object = "{\"name\":\"" + name + "\"}";
        String body = object + " ".repeat(size - object.length());
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(size);
        return body;
    }
}
