package app.clearmargin.sdk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A typed filter that renders the API's bracket syntax ({@code where[status][equals]=sent},
 * {@code where[or][0][total][greater_than]=100}, …).
 *
 * <pre>{@code
 * Where w = Where.field("status").equalTo("sent")
 *     .and(Where.anyOf(
 *         Where.field("total").greaterThan(1000),
 *         Where.field("client.name").like("acme")));
 * }</pre>
 *
 * Instances are immutable; {@link #and(Where...)} and {@link #or(Where...)} return new filters.
 */
public abstract sealed class Where permits Where.Condition, Where.Group {

    private Where() {}

    /** Starts a condition on a field path: a field, a nested field ({@code address.city}) or one relationship hop ({@code client.name}). */
    public static FieldBuilder field(String path) {
        return new FieldBuilder(path);
    }

    /** Every filter must match. */
    public static Where allOf(Where... filters) {
        return new Group("and", List.of(filters));
    }

    /** At least one filter must match. */
    public static Where anyOf(Where... filters) {
        return new Group("or", List.of(filters));
    }

    /** This filter and the others. */
    public Where and(Where... others) {
        List<Where> all = new ArrayList<>();
        all.add(this);
        all.addAll(List.of(others));
        return new Group("and", all);
    }

    /** This filter or the others. */
    public Where or(Where... others) {
        List<Where> all = new ArrayList<>();
        all.add(this);
        all.addAll(List.of(others));
        return new Group("or", all);
    }

    /**
     * The query parameters, in order, as unencoded (key, value) pairs such as
     * {@code ("where[status][equals]", "sent")}.
     */
    public List<Map.Entry<String, String>> toParams() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        // A top-level AND of plain conditions on distinct field/operator pairs is written flat,
        // as people write it by hand; anything else keeps its explicit and/or indexes.
        if (this instanceof Group g && g.op.equals("and") && g.flattenable()) {
            for (Where c : g.children) {
                c.render("where", out);
            }
        } else {
            render("where", out);
        }
        return out;
    }

    /** The query string ({@code where[status][equals]=sent&…}), percent-encoded. */
    public String toQueryString() {
        return Query.encode(toParams());
    }

    @Override
    public String toString() {
        return toParams().toString();
    }

    abstract void render(String prefix, List<Map.Entry<String, String>> out);

    static final class Condition extends Where {
        final String path;
        final String operator;
        final Object value;

        Condition(String path, String operator, Object value) {
            this.path = Objects.requireNonNull(path, "path");
            this.operator = operator;
            this.value = Objects.requireNonNull(value, "value");
        }

        @Override
        void render(String prefix, List<Map.Entry<String, String>> out) {
            String key = prefix + "[" + path + "][" + operator + "]";
            if (value instanceof Collection<?> list) {
                int i = 0;
                for (Object v : list) {
                    out.add(Map.entry(key + "[" + i++ + "]", text(v)));
                }
            } else {
                out.add(Map.entry(key, text(value)));
            }
        }
    }

    static final class Group extends Where {
        final String op;
        final List<Where> children;

        Group(String op, List<Where> children) {
            if (children.isEmpty()) {
                throw new IllegalArgumentException("an " + op + " group needs at least one filter");
            }
            this.op = op;
            this.children = List.copyOf(children);
        }

        boolean flattenable() {
            Set<String> seen = new HashSet<>();
            for (Where c : children) {
                if (!(c instanceof Condition cond) || !seen.add(cond.path + "\u0000" + cond.operator)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        void render(String prefix, List<Map.Entry<String, String>> out) {
            for (int i = 0; i < children.size(); i++) {
                children.get(i).render(prefix + "[" + op + "][" + i + "]", out);
            }
        }
    }

    static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(v);
    }

    /** The operators of the query language, one method each. */
    public static final class FieldBuilder {
        private final String path;

        FieldBuilder(String path) {
            this.path = path;
        }

        /** {@code equals}: exact match; on a has-many relationship, contains that id. */
        public Where equalTo(Object value) {
            return new Condition(path, "equals", value);
        }

        /** {@code not_equals} (also matches documents where the field is empty). */
        public Where notEqualTo(Object value) {
            return new Condition(path, "not_equals", value);
        }

        /** {@code greater_than}: numbers, money, dates, instants. */
        public Where greaterThan(Object value) {
            return new Condition(path, "greater_than", value);
        }

        /** {@code greater_than_equal}. */
        public Where greaterThanOrEqual(Object value) {
            return new Condition(path, "greater_than_equal", value);
        }

        /** {@code less_than}. */
        public Where lessThan(Object value) {
            return new Condition(path, "less_than", value);
        }

        /** {@code less_than_equal}. */
        public Where lessThanOrEqual(Object value) {
            return new Condition(path, "less_than_equal", value);
        }

        /** {@code like}: case-insensitive, every whitespace-separated word must occur. */
        public Where like(String value) {
            return new Condition(path, "like", value);
        }

        /** {@code contains}: case-insensitive substring; on has-many fields, contains that element. */
        public Where contains(Object value) {
            return new Condition(path, "contains", value);
        }

        /** {@code in}: one of the values (sent as {@code in[0]=a&in[1]=b}, so values may hold commas). */
        public Where in(Collection<?> values) {
            return new Condition(path, "in", List.copyOf(values));
        }

        /** {@code in} with varargs. */
        public Where in(Object... values) {
            return in(List.of(values));
        }

        /** {@code not_in}. */
        public Where notIn(Collection<?> values) {
            return new Condition(path, "not_in", List.copyOf(values));
        }

        /** {@code not_in} with varargs. */
        public Where notIn(Object... values) {
            return notIn(List.of(values));
        }

        /** {@code exists}: {@code true} for not null, {@code false} for null. */
        public Where exists(boolean exists) {
            return new Condition(path, "exists", exists);
        }
    }
}
