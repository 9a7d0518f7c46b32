package app.clearmargin.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** HTTP: authentication, idempotency keys, retries on 429/503 honouring Retry-After, error mapping. */
final class Transport {

    private final HttpClient http;
    private final ObjectMapper json;
    private final String baseUrl;
    private final String apiKey;
    private final int maxRetries;
    private final Duration maxRetryDelay;
    private final Duration timeout;
    private final Sleeper sleeper;

    /** Seam for tests and for callers that want to observe waits. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Transport(
            HttpClient http,
            ObjectMapper json,
            String baseUrl,
            String apiKey,
            int maxRetries,
            Duration maxRetryDelay,
            Duration timeout,
            Sleeper sleeper) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.maxRetries = maxRetries;
        this.maxRetryDelay = maxRetryDelay;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    ObjectMapper json() {
        return json;
    }

    /** The parsed answer with its status and headers. */
    record Response(int status, JsonNode body, HttpHeadersView headers) {}

    /** Just the headers an SDK user may care about. */
    record HttpHeadersView(java.net.http.HttpHeaders raw) {
        @Nullable String first(String name) {
            return raw.firstValue(name).orElse(null);
        }
    }

    Response request(
            String method,
            String path,
            List<Map.Entry<String, String>> query,
            @Nullable Object body,
            RequestOptions options) {
        List<Map.Entry<String, String>> q = new ArrayList<>(query);
        if (options.depth() != null) {
            q.add(Map.entry("depth", options.depth().toString()));
        }
        String url = baseUrl + path + (q.isEmpty() ? "" : "?" + Query.encode(q));
        byte[] payload;
        try {
            payload = body == null
                    ? (method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0])
                    : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body cannot be written as JSON", e);
        }
        // One key per logical call: every retry repeats it, so the server executes the POST once.
        String idempotencyKey = method.equals("POST")
                ? (options.idempotencyKey() != null ? options.idempotencyKey() : UUID.randomUUID().toString())
                : null;

        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", "clearmargin-java/0.1.0");
        if (idempotencyKey != null) {
            rb.header("Idempotency-Key", idempotencyKey);
        }
        if (options.requestId() != null) {
            rb.header("X-Request-Id", options.requestId());
        }
        if (payload.length > 0 || method.equals("POST") || method.equals("PATCH")) {
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpRequest request = rb.build();

        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> res;
            try {
                res = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new ClearmarginException("no answer from " + url + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClearmarginException("interrupted while calling " + url, e);
            }
            int status = res.statusCode();
            @Nullable Long retryAfter = retryAfter(res);
            if ((status == 429 || status == 503) && attempt < maxRetries) {
                Duration wait = retryAfter != null
                        ? Duration.ofSeconds(retryAfter)
                        : Duration.ofMillis(500L << Math.min(attempt, 6));
                if (wait.compareTo(maxRetryDelay) <= 0) {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ClearmarginException("interrupted while waiting to retry " + url, e);
                    }
                    continue;
                }
            }
            String text = new String(res.body(), StandardCharsets.UTF_8);
            HttpHeadersView headers = new HttpHeadersView(res.headers());
            if (status >= 400) {
                throw error(status, text, headers.first("X-Request-Id"), retryAfter);
            }
            JsonNode node;
            try {
                node = text.isEmpty() ? json.nullNode() : json.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ClearmarginException("the answer of " + url + " is not JSON", e);
            }
            return new Response(status, node, headers);
        }
    }

    private static @Nullable Long retryAfter(HttpResponse<?> res) {
        return res.headers()
                .firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    private ClearmarginException error(int status, String text, @Nullable String requestId, @Nullable Long retryAfter) {
        List<ApiError> errors = new ArrayList<>();
        try {
            JsonNode node = json.readTree(text);
            for (JsonNode e : node.path("errors")) {
                errors.add(json.treeToValue(e, ApiError.class));
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(new ApiError(null, text.isEmpty() ? "HTTP " + status : text, null));
        }
        return new ClearmarginException(status, errors, requestId, retryAfter, text);
    }
}
