package app.clearmargin.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one clock of the server: real UTC time at millisecond precision, optionally shifted by the
 * test clock ({@code POST /api/testing/clock}). A shifted clock keeps ticking from the set instant.
 * {@link #elapsedNanos()} measures durations on it.
 */
public final class TestableClock extends Clock {

    /** Forward moves counted by {@link #elapsedNanos()} in all, beyond which they no longer add up. */
    private static final long MOVED_AHEAD_LIMIT = Duration.ofDays(100 * 365).toNanos();

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;
    /** The offset whose moves {@link #movedAheadNanos} has counted. */
    private Duration counted = Duration.ZERO;
    /** Every move of the clock ahead, added up. */
    private volatile long movedAheadNanos;

    public TestableClock(Clock base) {
        this.base = base;
    }

    public static TestableClock system() {
        return new TestableClock(Clock.systemUTC());
    }

    /** Moves the clock so that it reads {@code now} at this moment, or back to real time when null. */
    public void set(@Nullable Instant now) {
        offset = now == null ? Duration.ZERO : Duration.between(base.instant(), now);
        countMoveAhead();
    }

    /** Adds a move of the clock ahead to {@link #elapsedNanos()} (a move back adds nothing). */
    private synchronized void countMoveAhead() {
        Duration current = offset;
        Duration moved = current.minus(counted);
        if (moved.isPositive()) {
            movedAheadNanos = moved.compareTo(Duration.ofNanos(MOVED_AHEAD_LIMIT - movedAheadNanos)) >= 0
                    ? MOVED_AHEAD_LIMIT
                    : movedAheadNanos + moved.toNanos();
        }
        counted = current;
    }

    /**
     * A reading for measuring how much time passes, in nanoseconds from an arbitrary origin: the real
     * time elapsed plus every move of the clock ahead. A move back is not time running backwards: the
     * reading never decreases, so what was measured while the clock was ahead does not wait for the
     * real time to catch up with it.
     */
    public long elapsedNanos() {
        return System.nanoTime() + movedAheadNanos;
    }

    public boolean isShifted() {
        return !offset.isZero();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestableClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }
}
