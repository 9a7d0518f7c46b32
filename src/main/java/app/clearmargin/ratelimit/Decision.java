package app.clearmargin.ratelimit;

/** The outcome of taking one token: the header values and, when refused, how long to wait. */
record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {}
