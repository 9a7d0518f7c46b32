package app.clearmargin.shared;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A work queue's depth as an operator reads it: how many items wait, how old the oldest of them is
 * (seconds since it was queued) and how far the workers are behind (seconds since the earliest item
 * became due; 0 when none is due yet). {@link #UNKNOWN} (NaN) when it could not be read: a gauge then
 * shows a gap rather than a false zero.
 */
public record Backlog(double size, double oldestAgeSeconds, double overdueSeconds) {

    public static final Backlog UNKNOWN = new Backlog(Double.NaN, Double.NaN, Double.NaN);

    /** The backlog of {@code size} items, the oldest queued at {@code oldest}, the earliest due at {@code due}. */
    public static Backlog of(long size, @Nullable Instant oldest, @Nullable Instant due, Instant now) {
        return new Backlog(size, secondsSince(oldest, now), secondsSince(due, now));
    }

    private static double secondsSince(@Nullable Instant then, Instant now) {
        if (then == null || !then.isBefore(now)) {
            return 0;
        }
        return Duration.between(then, now).toMillis() / 1000.0;
    }
}
