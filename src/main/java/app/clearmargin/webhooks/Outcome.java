package app.clearmargin.webhooks;

/** The outcome of one attempt: success, the endpoint's status and (cut) body, or the error, and how long it took. */
record Outcome(boolean success, Integer status, String responseBody, String error, long durationMs) {}
