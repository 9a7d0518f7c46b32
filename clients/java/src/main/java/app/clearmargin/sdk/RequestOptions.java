package app.clearmargin.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Per-request options: the {@code Idempotency-Key} of a POST (a random UUID when not given; the same
 * key is reused for every retry of that call), the {@code depth} of the returned document, and an
 * {@code X-Request-Id} to send.
 */
public record RequestOptions(@Nullable String idempotencyKey, @Nullable Integer depth, @Nullable String requestId) {

    public static RequestOptions none() {
        return new RequestOptions(null, null, null);
    }

    public static RequestOptions idempotencyKey(String key) {
        return new RequestOptions(key, null, null);
    }

    public static RequestOptions depth(int depth) {
        return new RequestOptions(null, depth, null);
    }

    public RequestOptions withIdempotencyKey(String key) {
        return new RequestOptions(key, depth, requestId);
    }

    public RequestOptions withDepth(int depth) {
        return new RequestOptions(idempotencyKey, depth, requestId);
    }

    public RequestOptions withRequestId(String requestId) {
        return new RequestOptions(idempotencyKey, depth, requestId);
    }
}
