package app.clearmargin.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/** The two wire forms of time: calendar dates {@code YYYY-MM-DD} and instants {@code …T…:…:….mmmZ}. */
public final class Times {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneId.of("UTC"));
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Times() {}

    /** {@code 2026-03-14T15:30:00.000Z}; written by hand because every rendered document has two of them. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return INSTANT.format(instant);
        }
        char[] c = new char[24];
        pad(c, 0, date.getYear(), 4);
        c[4] = '-';
        pad(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        pad(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        pad(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        pad(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        pad(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        pad(c, 20, instant.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void pad(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static String format(LocalDate date) {
        return date.toString();
    }

    /** A strict {@code YYYY-MM-DD} calendar date. */
    public static Optional<LocalDate> parseDate(String s) {
        if (s == null || !DATE.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instants the wire form can spell: four-digit years, as in {@code 2026-03-14T15:30:00.000Z}. */
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");

    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * An ISO-8601 instant with an offset ({@code Z} or {@code +02:00}) between years 0000 and 9999 UTC,
     * truncated to milliseconds. Larger years ({@code +999999999-12-31T23:59:59-18:00}) are not instants
     * of this API: they overflow the calendar types and the database.
     */
    public static Optional<Instant> parseInstant(String s) {
        if (s == null || s.length() < 20) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.MILLIS);
            return instant.isBefore(FIRST) || instant.isAfter(LAST) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Either form: a date means the start of that day in {@code zone}. */
    public static Optional<Instant> parseInstantOrDate(String s, ZoneId zone) {
        return parseInstant(s)
                .or(() -> parseDate(s).map(d -> d.atStartOfDay(zone).toInstant()));
    }

    /** Either form: an instant means its calendar date in {@code zone}. */
    public static Optional<LocalDate> parseDateOrInstant(String s, ZoneId zone) {
        return parseDate(s).or(() -> parseInstant(s).map(i -> i.atZone(zone).toLocalDate()));
    }
}
