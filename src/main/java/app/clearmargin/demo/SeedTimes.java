package app.clearmargin.demo;

import app.clearmargin.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Time helpers of the bulk seed: ids minted at a chosen instant, and timestamps as COPY text. */
final class SeedTimes {

    static final long DAY_MS = 86_400_000L;
    private static final ConcurrentMap<Long, byte[]> UTC_DAYS = new ConcurrentHashMap<>();

    private SeedTimes() {}

    /**
     * UUIDv7 ids from {@link Ids}, each minted at the instant the row is said to be created: rows
     * created in order get increasing ids, exactly as if the API had created them at those times.
     */
    static final class TimedIds {

        private final MovableClock clock = new MovableClock();
        private final Ids ids = new Ids(clock);

        UUID at(long epochMillis) {
            clock.millis = epochMillis;
            return ids.newUuid();
        }

        UUID at(Instant instant) {
            return at(instant.toEpochMilli());
        }
    }

    /** A clock that reads whatever instant it was last set to (only {@link TimedIds} moves it). */
    private static final class MovableClock extends Clock {
        private long millis;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the seed clock is UTC only");
        }
    }

    /** {@code 2026-03-14 15:30:00.000+00}: what a timestamptz column reads in COPY text format. */
    static byte[] timestamp(long epochMillis) {
        long day = Math.floorDiv(epochMillis, DAY_MS);
        long inDay = epochMillis - day * DAY_MS;
        byte[] date = UTC_DAYS.computeIfAbsent(
                day, d -> LocalDate.ofEpochDay(d).toString().getBytes(StandardCharsets.US_ASCII));
        byte[] out = new byte[date.length + 16];
        System.arraycopy(date, 0, out, 0, date.length);
        int p = date.length;
        out[p++] = ' ';
        p = two(out, p, (int) (inDay / 3_600_000));
        out[p++] = ':';
        p = two(out, p, (int) (inDay / 60_000 % 60));
        out[p++] = ':';
        p = two(out, p, (int) (inDay / 1000 % 60));
        out[p++] = '.';
        int ms = (int) (inDay % 1000);
        out[p++] = (byte) ('0' + ms / 100);
        out[p++] = (byte) ('0' + ms / 10 % 10);
        out[p++] = (byte) ('0' + ms % 10);
        out[p++] = '+';
        out[p++] = '0';
        out[p] = '0';
        return out;
    }

    private static int two(byte[] out, int p, int value) {
        out[p] = (byte) ('0' + value / 10);
        out[p + 1] = (byte) ('0' + value % 10);
        return p + 2;
    }
}
