package app.clearmargin.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a failed attempt (API.md §5): 1 m, 5 m, 30 m, 2 h, 5 h, 10 h, then every
 * 12 h, each with ±10 % jitter, for three days after the first attempt; then the delivery has failed.
 */
final class RetryPolicy {

    static final List<Duration> BACKOFF = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10));
    static final Duration STEADY = Duration.ofHours(12);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private RetryPolicy() {}

    /** The next attempt after {@code attempts} failed ones, or empty when three days are over. */
    static Optional<Instant> next(int attempts, Instant firstAttempt, Instant now) {
        Duration base = attempts <= BACKOFF.size() ? BACKOFF.get(attempts - 1) : STEADY;
        long jitter =
                (long) (base.toMillis() * 0.1 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        Instant next = now.plus(base).plusMillis(jitter);
        Instant deadline = firstAttempt.plus(GIVE_UP_AFTER);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        return Optional.of(next.isAfter(deadline) ? deadline : next);
    }
}
