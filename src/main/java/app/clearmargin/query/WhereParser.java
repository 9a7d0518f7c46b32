package app.clearmargin.query;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@code where} parameter group into a {@link Where} tree with values coerced to each
 * path's kind. Anything else (unknown path or operator, an operator that does not fit the type, an
 * uncoercible value, too deep or too many conditions) is a 400 QueryError; no other exception escapes.
 */
public final class WhereParser {

    public static final int MAX_DEPTH = 5;
    public static final int MAX_CONDITIONS = 50;

    /** PostgreSQL's numeric holds at most 131072 digits before the point and 16383 after (1e-16384 fails). */
    static final int MAX_NUMERIC_WHOLE_DIGITS = 131_072;

    static final int MAX_NUMERIC_SCALE = 16_383;

    private final QuerySchema schema;
    private int conditions;

    private WhereParser(QuerySchema schema) {
        this.schema = schema;
    }

    /** The parsed filter; an absent or empty {@code where} is an empty {@link Where.All}. */
    public static Where parse(@Nullable Param where, QuerySchema schema) {
        if (where == null) {
            return new Where.All(List.of());
        }
        if (!(where instanceof Param.Group group)) {
            throw queryError("where", "where must use brackets, e.g. where[name][equals]=Acme.");
        }
        return new WhereParser(schema).group(group, 0);
    }

    private Where group(Param.Group group, int depth) {
        List<Where> parts = new ArrayList<>();
        for (Map.Entry<String, Param> e : group.children().entrySet()) {
            String key = e.getKey();
            if (key.equals("and") || key.equals("or")) {
                if (depth + 1 > MAX_DEPTH) {
                    throw ApiException.badRequest(
                            "where is nested too deeply: at most " + MAX_DEPTH + " levels of and/or.");
                }
                List<Where> inner = new ArrayList<>();
                for (Param element : elements(e.getValue(), key)) {
                    if (!(element instanceof Param.Group g)) {
                        throw queryError(
                                key, key + " takes a list of conditions, e.g. where[" + key + "][0][name][equals]=x.");
                    }
                    inner.add(group(g, depth + 1));
                }
                parts.add(key.equals("and") ? new Where.All(inner) : new Where.Any(inner));
            } else {
                parts.addAll(conditions(key, e.getValue()));
            }
        }
        return new Where.All(parts);
    }

    private List<Where> conditions(String path, Param operators) {
        Optional<QueryField> resolved = schema.resolve(path);
        if (resolved.isEmpty() && operators instanceof Param.Group nested && namesFieldsNotOperators(nested)) {
            // where[address][city][like]=x is where[address.city][like]=x: generated clients nest objects so
            List<Where> out = new ArrayList<>();
            nested.children().forEach((name, inner) -> out.addAll(conditions(path + "." + name, inner)));
            return out;
        }
        QueryField field = resolved.orElseThrow(() -> ApiException.query(path));
        if (!(operators instanceof Param.Group ops) || ops.children().isEmpty()) {
            throw queryError(path, path + " needs an operator, e.g. where[" + path + "][equals]=….");
        }
        List<Where> out = new ArrayList<>();
        for (Map.Entry<String, Param> e : ops.children().entrySet()) {
            String opPath = path + "." + e.getKey();
            Operator op = Operator.byWireName(e.getKey())
                    .filter(o -> o.appliesTo(field.kind()))
                    .orElseThrow(() -> operatorError(field, path, e.getKey()));
            if (++conditions > MAX_CONDITIONS) {
                throw ApiException.badRequest("where has too many conditions: at most " + MAX_CONDITIONS + ".");
            }
            out.add(new Where.Compare(field, op, values(field, op, e.getValue(), path)));
        }
        return out;
    }

    private static boolean namesFieldsNotOperators(Param.Group group) {
        return !group.children().isEmpty()
                && group.children().keySet().stream()
                        .noneMatch(name -> Operator.byWireName(name).isPresent());
    }

    private List<Object> values(QueryField field, Operator op, Param raw, String path) {
        if (op == Operator.EXISTS) {
            String v = single(raw, path);
            if (v.equalsIgnoreCase("true")) {
                return List.of(Boolean.TRUE);
            }
            if (v.equalsIgnoreCase("false")) {
                return List.of(Boolean.FALSE);
            }
            throw queryError(path, "exists takes true or false (" + path + ").");
        }
        if (op.takesList()) {
            List<String> items = new ArrayList<>();
            if (raw instanceof Param.Value(String v)) {
                if (!v.isEmpty()) {
                    items.addAll(List.of(v.split(",", -1)));
                }
            } else {
                for (Param p : elements(raw, path)) {
                    items.add(single(p, path));
                }
            }
            List<Object> out = new ArrayList<>(items.size());
            for (String item : items) {
                out.add(coerce(field, op, item, path));
            }
            return out;
        }
        return List.of(coerce(field, op, single(raw, path), path));
    }

    private Object coerce(QueryField field, Operator op, String value, String path) {
        if (value.indexOf('\0') >= 0) { // PostgreSQL text cannot hold NUL: binding it fails, and nothing stored has one
            throw queryError(path, "The value of " + path + " must not contain NUL characters.");
        }
        if (op == Operator.LIKE || op == Operator.CONTAINS) {
            if (field.kind() == ValueKind.ID_LIST) {
                return Ids.parse(Objects.requireNonNull(field.idPrefix(), "an id path has its prefix"), value)
                        .<Object>map(u -> u)
                        .orElse(Where.NO_MATCH);
            }
            return value;
        }
        return switch (field.kind()) {
            case TEXT, TEXT_LIST -> value;
            case NUMBER -> {
                BigDecimal number;
                try {
                    number = new BigDecimal(value.trim());
                } catch (NumberFormatException e) {
                    throw queryError(path, "The value of " + path + " must be a number.");
                }
                if (number.scale() > MAX_NUMERIC_SCALE
                        || number.precision() - number.scale() > MAX_NUMERIC_WHOLE_DIGITS) {
                    throw queryError(path, "The value of " + path + " is out of range.");
                }
                yield number;
            }
            case DATE ->
                Times.parseDateOrInstant(value, schema.zone())
                        .orElseThrow(() -> queryError(path, "The value of " + path + " must be a date (YYYY-MM-DD)."));
            case INSTANT ->
                Times.parseInstantOrDate(value, schema.zone())
                        .map(i -> i.atOffset(ZoneOffset.UTC))
                        .orElseThrow(() -> queryError(
                                path,
                                "The value of " + path
                                        + " must be an ISO-8601 instant (2026-03-14T15:30:00.000Z) or a date."));
            case BOOLEAN -> {
                if (value.equalsIgnoreCase("true")) {
                    yield Boolean.TRUE;
                }
                if (value.equalsIgnoreCase("false")) {
                    yield Boolean.FALSE;
                }
                throw queryError(path, "The value of " + path + " must be true or false.");
            }
            case ENUM -> field.enumValues().contains(value) ? value : Where.NO_MATCH;
            case ID, ID_LIST ->
                Ids.parse(Objects.requireNonNull(field.idPrefix(), "an id path has its prefix"), value)
                        .<Object>map(u -> u)
                        .orElse(Where.NO_MATCH);
        };
    }

    private static String single(Param raw, String path) {
        if (raw instanceof Param.Value(String v)) {
            return v;
        }
        throw queryError(path, "The value of " + path + " must be a single value.");
    }

    private static List<Param> elements(Param p, String path) {
        if (p instanceof Param.Group g) {
            return new ArrayList<>(g.children().values());
        }
        throw queryError(path, path + " takes a list.");
    }

    /**
     * Payload's message for the path {@code field.operator}, followed by what to use instead: the operators of the
     * field's type.
     */
    private static ApiException operatorError(QueryField field, String path, String operator) {
        String opPath = path + "." + operator;
        String why = Operator.byWireName(operator).isPresent()
                ? operator + " does not apply to " + path + ", whose type is "
                        + field.kind().label()
                : operator + " is not an operator";
        return queryError(
                opPath,
                "The following path cannot be queried: " + opPath + " (" + why + "). Operators for " + path + ": "
                        + String.join(", ", Operator.applyingTo(field.kind())) + ".");
    }

    static ApiException queryError(String path, String message) {
        return new ApiException(new ApiError.Query(List.of(path), message));
    }
}
