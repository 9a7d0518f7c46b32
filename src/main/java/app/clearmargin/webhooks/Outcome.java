package app.clearmargin.webhooks;

import org.jspecify.annotations.Nullable;

/** The outcome of one attempt: success, the endpoint's status and (cut) body, or the error, and how long it took. */
record Outcome(
        boolean success,
        @Nullable Integer status,
        @Nullable String responseBody,
        @Nullable String error,
        long durationMs) {}
