package app.clearmargin.collections;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.shared.Times;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a JSON body against field definitions and produces its values in wire form. Every offending
 * path is reported (missing, wrong type, bounds, choice, email, unknown, read-only, malformed id).
 * Checks that need the database (relationships exist) or the document's currency (money digits) are
 * returned for the engine to run.
 */
final class BodyValidator {

    enum Mode {
        CREATE,
        UPDATE
    }

    /** A relationship id found in the body, to check for existence in this organization. */
    record RefCheck(String path, String target, UUID id) {}

    /** A money amount found in the body, to check against the document's currency digits. */
    record MoneyCheck(String path, BigDecimal amount) {}

    record Result(Map<String, Object> values, List<RefCheck> refs, List<MoneyCheck> money) {}

    static final Set<String> SYSTEM_FIELDS = Set.of("id", "createdAt", "updatedAt");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");

    private final Function<String, String> prefixOfTarget;
    private final Errors errors;
    private final List<RefCheck> refs = new ArrayList<>();
    private final List<MoneyCheck> money = new ArrayList<>();

    private BodyValidator(Function<String, String> prefixOfTarget, Errors errors) {
        this.prefixOfTarget = prefixOfTarget;
        this.errors = errors;
    }

    static Result validate(
            List<Field> fields, ObjectNode body, Mode mode, Function<String, String> prefixOfTarget, Errors errors) {
        BodyValidator v = new BodyValidator(prefixOfTarget, errors);
        Map<String, Object> values = v.object(fields, body, mode, "", true);
        return new Result(values, v.refs, v.money);
    }

    private Map<String, Object> object(List<Field> fields, JsonNode body, Mode mode, String prefix, boolean topLevel) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Field> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String name = e.getKey();
            String path = prefix + name;
            Field f = byName.get(name);
            if (f == null) {
                errors.add(
                        path,
                        topLevel && SYSTEM_FIELDS.contains(name)
                                ? "This field is read-only."
                                : "This field does not exist.");
                continue;
            }
            if (f.readOnly() && !(prefix.matches(".*\\.\\d+\\.$") && name.equals("id"))) {
                errors.add(path, "This field is read-only.");
                continue;
            }
            if (f.access() == Field.Access.CREATE_ONLY && mode == Mode.UPDATE) {
                errors.add(path, "This field cannot be changed after creation.");
                continue;
            }
            JsonNode value = e.getValue();
            if (value == null || value.isNull()) {
                if (f.required()) {
                    errors.add(path, "This field is required.");
                } else {
                    out.put(name, emptyValue(f.kind()));
                }
                continue;
            }
            Object converted = value(f, value, path, mode);
            if (converted != INVALID) {
                out.put(name, converted);
            }
        }
        if (mode == Mode.CREATE) {
            for (Field f : fields) {
                if (f.required() && !body.has(f.name()) && f.defaultValue() == null) {
                    errors.add(prefix + f.name(), "This field is required.");
                }
            }
        }
        return out;
    }

    private static @Nullable Object emptyValue(FieldKind kind) {
        return kind instanceof FieldKind.RefMany || kind instanceof FieldKind.Strings || kind instanceof FieldKind.Items
                ? List.of()
                : null;
    }

    private static final Object INVALID = new Object();

    private Object value(Field f, JsonNode v, String path, Mode mode) {
        return switch (f.kind()) {
            case FieldKind.Text t -> text(t, v, path);
            case FieldKind.Email e -> {
                if (!v.isString()
                        || v.stringValue().length() > 254
                        || !EMAIL.matcher(v.stringValue()).matches()
                        || v.stringValue().indexOf('\0') >= 0) {
                    yield fail(path, "Please enter a valid email address.");
                }
                yield v.stringValue();
            }
            case FieldKind.Currency c ->
                v.isString()
                                && Money.currencyCode(v.stringValue())
                                        .filter(code -> code.equals(v.stringValue()))
                                        .isPresent()
                        ? v.stringValue()
                        : fail(path, "This field must be an ISO 4217 currency code such as USD.");
            case FieldKind.Decimal d -> decimal(d, v, path);
            case FieldKind.Int i -> integer(i, v, path);
            case FieldKind.Money m -> {
                if (!v.isNumber()) {
                    yield fail(path, "This field must be a number.");
                }
                BigDecimal amount = v.decimalValue();
                if (m.positive() ? amount.signum() <= 0 : amount.signum() < 0) {
                    yield fail(
                            path,
                            m.positive() ? "This amount must be greater than 0." : "This amount must not be negative.");
                }
                if (!Money.isStorable(amount)) {
                    yield fail(path, "This amount is too large.");
                }
                money.add(new MoneyCheck(path, amount));
                yield Numbers.normalize(amount);
            }
            case FieldKind.Date d -> {
                if (!v.isString() || Times.parseDate(v.stringValue()).isEmpty()) {
                    yield fail(path, "This field must be a date (YYYY-MM-DD).");
                }
                yield v.stringValue();
            }
            case FieldKind.Instant i -> {
                if (!v.isString() || Times.parseInstant(v.stringValue()).isEmpty()) {
                    yield fail(path, "This field must be an ISO-8601 instant such as 2026-03-14T15:30:00.000Z.");
                }
                yield Times.format(Times.parseInstant(v.stringValue()).orElseThrow());
            }
            case FieldKind.Bool b ->
                v.isBoolean() ? (Object) v.booleanValue() : fail(path, "This field must be true or false.");
            case FieldKind.Choice c ->
                v.isString() && c.values().contains(v.stringValue())
                        ? v.stringValue()
                        : fail(
                                path,
                                "This field has an invalid selection. Allowed values: " + String.join(", ", c.values())
                                        + ".");
            case FieldKind.Ref r -> ref(r.target(), v, path);
            case FieldKind.RefMany r -> {
                if (!v.isArray()) {
                    yield fail(path, "This field must be an array of ids.");
                }
                List<String> ids = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; i < v.size(); i++) {
                    Object id = ref(r.target(), v.get(i), path + "." + i);
                    if (id == INVALID) {
                        ok = false;
                    } else if (!ids.contains(id)) {
                        ids.add((String) id);
                    }
                }
                yield ok ? ids : INVALID;
            }
            case FieldKind.Obj obj -> {
                if (!v.isObject()) {
                    yield fail(path, "This field must be an object.");
                }
                yield object(obj.fields(), v, mode, path + ".", false);
            }
            case FieldKind.Items items -> {
                if (!v.isArray()) {
                    yield fail(path, "This field must be an array.");
                }
                if (v.size() > items.maxItems()) {
                    yield fail(path, "At most " + items.maxItems() + " items.");
                }
                List<Map<String, Object>> list = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    String itemPath = path + "." + i;
                    if (!item.isObject()) {
                        errors.add(itemPath, "Each item must be an object.");
                        continue;
                    }
                    list.add(object(items.fields(), item, Mode.CREATE, itemPath + ".", false));
                }
                yield list;
            }
            case FieldKind.Strings s -> {
                try {
                    yield s.normalize().apply(v);
                } catch (IllegalArgumentException e) {
                    yield fail(path, Objects.requireNonNullElse(e.getMessage(), "This field is invalid."));
                }
            }
            case FieldKind.Json j -> fail(path, "This field is read-only.");
            case FieldKind.Link l -> fail(path, "This field is read-only.");
        };
    }

    private Object text(FieldKind.Text t, JsonNode v, String path) {
        if (!v.isString()) {
            return fail(path, "This field must be a string.");
        }
        String s = v.stringValue();
        if (s.indexOf('\0') >= 0) { // PostgreSQL text and jsonb cannot hold NUL
            return fail(path, "This field must not contain NUL characters.");
        }
        int length = s.codePointCount(0, s.length());
        if (length < t.minLength()) {
            return fail(
                    path,
                    t.minLength() == 1
                            ? "This field must not be empty."
                            : "This field must be at least " + t.minLength() + " characters long.");
        }
        if (length > t.maxLength()) {
            return fail(path, "This field must be at most " + t.maxLength() + " characters long.");
        }
        if (t.pattern() != null && !t.pattern().matcher(s).matches()) {
            return fail(path, Objects.requireNonNullElse(t.patternMessage(), "This field has an invalid format."));
        }
        return s;
    }

    private Object decimal(FieldKind.Decimal d, JsonNode v, String path) {
        if (!v.isNumber()) {
            return fail(path, "This field must be a number.");
        }
        BigDecimal n = v.decimalValue();
        if (d.min() != null && (d.minExclusive() ? n.compareTo(d.min()) <= 0 : n.compareTo(d.min()) < 0)) {
            return fail(
                    path,
                    "This value must be " + (d.minExclusive() ? "greater than " : "at least ")
                            + d.min().toPlainString() + ".");
        }
        if (d.max() != null && n.compareTo(d.max()) > 0) {
            return fail(path, "This value must be at most " + d.max().toPlainString() + ".");
        }
        if (d.maxScale() >= 0 && n.stripTrailingZeros().scale() > d.maxScale()) {
            return fail(path, "This value has more than " + d.maxScale() + " decimal places.");
        }
        if (!Money.isStorable(n)) { // the numeric(19,4) columns
            return fail(path, "This value is too large.");
        }
        return Numbers.normalize(n);
    }

    private Object integer(FieldKind.Int i, JsonNode v, String path) {
        if (!v.isNumber() || v.decimalValue().stripTrailingZeros().scale() > 0) {
            return fail(path, "This field must be a whole number.");
        }
        BigDecimal n = v.decimalValue();
        if (n.compareTo(BigDecimal.valueOf(i.min())) < 0 || n.compareTo(BigDecimal.valueOf(i.max())) > 0) {
            return fail(path, "This value must be between " + i.min() + " and " + i.max() + ".");
        }
        return n.longValueExact();
    }

    private Object ref(String target, JsonNode v, String path) {
        String prefix = prefixOfTarget.apply(target);
        if (!v.isString()) {
            return fail(path, "This field must be the id of a " + target + " document.");
        }
        var id = Ids.parse(prefix, v.stringValue());
        if (id.isEmpty()) {
            return fail(path, "This relationship is invalid: not found (expected a " + prefix + "_… id).");
        }
        refs.add(new RefCheck(path, target, id.get()));
        return v.stringValue();
    }

    private Object fail(String path, String message) {
        errors.add(path, message);
        return INVALID;
    }
}
