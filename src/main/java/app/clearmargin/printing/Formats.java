package app.clearmargin.printing;

import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Numbers, money and dates as the organization's locale writes them (java.text and java.time over the
 * JDK's CLDR data): nothing is formatted by hand. One instance per render (NumberFormat is not thread-safe).
 */
final class Formats {

    private final Locale locale;
    private final String currency;
    private final ZoneId zone;
    private final NumberFormat quantity;
    private final NumberFormat percent;
    private final DateTimeFormatter date;
    private final DateTimeFormatter dateTime;

    Formats(Locale locale, String currency, ZoneId zone) {
        this.locale = locale;
        this.currency = currency;
        this.zone = zone;
        this.quantity = NumberFormat.getNumberInstance(locale);
        quantity.setMaximumFractionDigits(4);
        quantity.setRoundingMode(RoundingMode.HALF_UP);
        this.percent = NumberFormat.getPercentInstance(locale);
        percent.setMaximumFractionDigits(4);
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale)
                .withZone(zone);
    }

    Locale locale() {
        return locale;
    }

    String currency() {
        return currency;
    }

    ZoneId zone() {
        return zone;
    }

    /** {@code amount} in the document's currency; null counts as zero. */
    String money(@Nullable BigDecimal amount) {
        return Money.of(amount == null ? BigDecimal.ZERO : amount, currency).format(locale);
    }

    String quantity(@Nullable BigDecimal value) {
        return value == null ? "" : quantity.format(value);
    }

    /** A percentage given as its number of hundredths: 8.25 → "8.25%" (en-US), "8,25 %" (de-DE). */
    String percent(BigDecimal hundredths) {
        return percent.format(hundredths.movePointLeft(2));
    }

    String date(@Nullable LocalDate value) {
        return value == null ? "" : date.format(value);
    }

    String dateTime(@Nullable Instant value) {
        return value == null ? "" : dateTime.format(value);
    }
}
