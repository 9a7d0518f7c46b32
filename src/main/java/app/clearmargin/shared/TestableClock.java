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
 */
public final class TestableClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public TestableClock(Clock base) {
        this.base = base;
    }

    public static TestableClock system() {
        return new TestableClock(Clock.systemUTC());
    }

    /** Moves the clock so that it reads {@code now} at this moment, or back to real time when null. */
    public void set(@Nullable Instant now) {
        offset = now == null ? Duration.ZERO : Duration.between(base.instant(), now);
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
