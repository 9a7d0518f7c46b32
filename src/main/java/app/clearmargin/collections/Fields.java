package app.clearmargin.collections;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Factories for {@link Field}s: {@code text("name", 1, 200).asRequired()}. */
public final class Fields {

    /** Longest free text accepted anywhere (descriptions, notes). */
    public static final int LONG_TEXT = 10_000;

    private Fields() {}

    public static Field text(String name) {
        return text(name, 0, LONG_TEXT);
    }

    public static Field text(String name, int minLength, int maxLength) {
        return field(name, new FieldKind.Text(minLength, maxLength, null, null));
    }

    public static Field pattern(String name, String regex, String message) {
        return field(name, new FieldKind.Text(0, 200, Pattern.compile(regex), message));
    }

    public static Field currency(String name) {
        return field(name, new FieldKind.Currency());
    }

    public static Field email(String name) {
        return field(name, new FieldKind.Email());
    }

    public static Field number(String name) {
        return field(name, new FieldKind.Decimal(null, false, null, -1));
    }

    public static Field number(
            String name, @Nullable BigDecimal min, boolean minExclusive, @Nullable BigDecimal max, int maxScale) {
        return field(name, new FieldKind.Decimal(min, minExclusive, max, maxScale));
    }

    public static Field integer(String name, long min, long max) {
        return field(name, new FieldKind.Int(min, max));
    }

    public static Field money(String name) {
        return field(name, new FieldKind.Money(false));
    }

    public static Field positiveMoney(String name) {
        return field(name, new FieldKind.Money(true));
    }

    /** Positive when a client writes it; negative when the server does (a refund's ledger transaction). */
    public static Field positiveMoneyServerSigned(String name) {
        return field(name, new FieldKind.Money(true, true));
    }

    public static Field date(String name) {
        return field(name, new FieldKind.Date());
    }

    public static Field instant(String name) {
        return field(name, new FieldKind.Instant());
    }

    public static Field bool(String name) {
        return field(name, new FieldKind.Bool());
    }

    /** A choice whose first value is the default. */
    public static Field choice(String name, String... values) {
        return field(name, new FieldKind.Choice(List.of(values))).withDefault(values[0]);
    }

    /** A choice without a default. */
    public static Field optionalChoice(String name, String... values) {
        return field(name, new FieldKind.Choice(List.of(values)));
    }

    public static Field ref(String name, String target) {
        return new Field(
                name, new FieldKind.Ref(target), false, Field.Access.WRITABLE, null, snake(name) + "_id", true);
    }

    /** A reference kept as history: it does not block deleting the target (which then stays an id). */
    public static Field historyRef(String name, String target) {
        return new Field(
                name, new FieldKind.Ref(target, true), false, Field.Access.WRITABLE, null, snake(name) + "_id", true);
    }

    public static Field refMany(String name, String target) {
        return new Field(
                name, new FieldKind.RefMany(target), false, Field.Access.WRITABLE, null, snake(name) + "_ids", true);
    }

    /**
     * A postal address (clients and the organization's identity share it): lines, city, region, postal code
     * and an ISO 3166 alpha-2 country.
     */
    public static Field address(String name) {
        return object(
                name,
                text("line1", 0, 200),
                text("line2", 0, 200),
                text("city", 0, 100),
                text("region", 0, 100),
                text("postalCode", 0, 20),
                pattern("country", "[A-Z]{2}", "This field must be an ISO 3166 alpha-2 country code such as DE."));
    }

    public static Field object(String name, Field... children) {
        return field(name, new FieldKind.Obj(List.of(children))).notQueryable();
    }

    public static Field items(String name, Field... children) {
        return field(name, new FieldKind.Items(List.of(children), 500)).notQueryable();
    }

    public static Field strings(String name, Function<JsonNode, List<String>> normalize) {
        return field(name, new FieldKind.Strings(normalize));
    }

    /** A private link, stored as its token in {@code column}, rendered as a URL (read-only, nullable). */
    public static Field link(String name, String column) {
        return field(name, new FieldKind.Link()).asReadOnly().notQueryable().withColumn(column);
    }

    public static Field json(String name) {
        return field(name, new FieldKind.Json()).asReadOnly().notQueryable();
    }

    private static Field field(String name, FieldKind kind) {
        return new Field(name, kind, false, Field.Access.WRITABLE, null, snake(name), true);
    }

    /** {@code paymentTermsDays} → {@code payment_terms_days}. */
    public static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
