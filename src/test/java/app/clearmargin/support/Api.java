package app.clearmargin.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests against the running server, JSON in and out. */
public final class Api {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String key;
    private final Map<String, String> headers;

    public Api(String base, String key) {
        this(base, key, Map.of());
    }

    private Api(String base, String key, Map<String, String> headers) {
        this.base = base;
        this.key = key;
        this.headers = headers;
    }

    public Api withKey(String otherKey) {
        return new Api(base, otherKey, headers);
    }

    public Api withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Api(base, key, h);
    }

    public String base() {
        return base;
    }

    public String key() {
        return key;
    }

    public Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    public Response post(String pathAndQuery, Object body) {
        return send("POST", pathAndQuery, json(body), "application/json");
    }

    public Response patch(String pathAndQuery, Object body) {
        return send("PATCH", pathAndQuery, json(body), "application/json");
    }

    public Response delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null, null);
    }

    /** Any request with a raw body and content type (null for none). */
    public Response send(String method, String pathAndQuery, String body, String contentType) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Response response = new Response(r.statusCode(), r.headers(), r.body());
            Recorded.record(base, method, pathAndQuery, response);
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code q("where[status][equals]", "sent", "limit", 5)} → an encoded query string with a leading '?'. */
    public static String q(Object... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(sb.isEmpty() ? '?' : '&')
                    .append(URLEncoder.encode(String.valueOf(pairs[i]), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(pairs[i + 1]), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    public static String json(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String s) {
            return s;
        }
        return JSON.writeValueAsString(body);
    }

    /**
     * Every JSON answer of {@code /api/**} any test received through this client in this JVM (bounded),
     * with the server it came from, for the OpenAPI gate that validates each one against its
     * operation's response schema.
     */
    public record Recorded(String base, String method, String pathAndQuery, int status, String body) {

        private static final int MAX = 20_000;
        private static final java.util.Queue<Recorded> ALL = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private static final java.util.concurrent.atomic.AtomicInteger COUNT =
                new java.util.concurrent.atomic.AtomicInteger();

        static void record(String base, String method, String pathAndQuery, Response r) {
            String type = r.header("Content-Type");
            if (pathAndQuery.startsWith("/api/")
                    && type != null
                    && type.startsWith("application/json")
                    && r.body() != null
                    && r.body().length() <= 1_048_576
                    && COUNT.incrementAndGet() <= MAX) {
                ALL.add(new Recorded(base, method, pathAndQuery, r.status(), r.body()));
            }
        }

        public static java.util.List<Recorded> all() {
            return java.util.List.copyOf(ALL);
        }

        public String path() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        }

        public String query() {
            int q = pathAndQuery.indexOf('?');
            return q < 0 ? "" : pathAndQuery.substring(q + 1);
        }
    }

    /** A response: status, headers and the body parsed as JSON when it is JSON. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }

        public JsonNode doc() {
            return json().get("doc");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The first error's message, or null. */
        public String errorMessage() {
            JsonNode e = json().path("errors").path(0).path("message");
            return e.isMissingNode() ? null : e.asString();
        }

        public String errorName() {
            JsonNode e = json().path("errors").path(0).path("name");
            return e.isMissingNode() ? null : e.asString();
        }

        /** Paths named by a ValidationError or QueryError. */
        public java.util.List<String> errorPaths() {
            java.util.List<String> out = new java.util.ArrayList<>();
            JsonNode data = json().path("errors").path(0).path("data");
            JsonNode list = data.isArray() ? data : data.path("errors");
            list.forEach(e -> out.add(e.path("path").asString()));
            return out;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
