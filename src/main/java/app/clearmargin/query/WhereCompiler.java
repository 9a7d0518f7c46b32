package app.clearmargin.query;

import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.trueCondition;

import app.clearmargin.tenancy.TenantScope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Compiles a {@link Where} into a jOOQ {@link Condition}. Every value is a bind parameter; a path
 * through a relationship becomes a tenant-scoped sub-select on the target table.
 */
public final class WhereCompiler {

    private WhereCompiler() {}

    public static Condition compile(Where where) {
        return switch (where) {
            case Where.All all -> all.parts().isEmpty() ? noCondition() : DSL.and(compileAll(all.parts()));
            case Where.Any any -> any.parts().isEmpty() ? noCondition() : DSL.or(compileAll(any.parts()));
            case Where.Compare c -> compare(c);
        };
    }

    private static List<Condition> compileAll(List<Where> parts) {
        List<Condition> out = new ArrayList<>(parts.size());
        for (Where w : parts) {
            out.add(compile(w));
        }
        return out;
    }

    private static Condition compare(Where.Compare c) {
        QueryField f = c.field();
        Condition local = local(f, c.operator(), c.values());
        QueryField.Hop hop = f.hop();
        if (hop == null) {
            return local;
        }
        var ids = DSL.select(hop.targetId())
                .from(hop.target())
                .where(TenantScope.of(hop.target()))
                .and(local);
        if (hop.many()) {
            return DSL.condition("{0} && array({1})", hop.localColumn(), ids);
        }
        @SuppressWarnings("unchecked")
        Field<UUID> localId = (Field<UUID>) hop.localColumn();
        return localId.in(ids);
    }

    @SuppressWarnings("unchecked")
    private static Condition local(QueryField f, Operator op, List<Object> values) {
        Field<Object> col = (Field<Object>) f.column();
        boolean list = f.kind() == ValueKind.ID_LIST || f.kind() == ValueKind.TEXT_LIST;
        // every operator but in/not_in has exactly one value (WhereParser); those two read the list, which may be empty
        Object v = op.takesList() ? Where.NO_MATCH : values.getFirst();
        return switch (op) {
            case EQUALS ->
                v == Where.NO_MATCH ? falseCondition() : list ? containsAll(f, List.of(v)) : col.eq(bind(f, v));
            case NOT_EQUALS ->
                v == Where.NO_MATCH
                        ? trueCondition()
                        : list ? notTrue(containsAll(f, List.of(v))) : col.isDistinctFrom(bind(f, v));
            case GREATER_THAN -> ordered(f, v, Op.GT);
            case GREATER_THAN_EQUAL -> ordered(f, v, Op.GE);
            case LESS_THAN -> ordered(f, v, Op.LT);
            case LESS_THAN_EQUAL -> ordered(f, v, Op.LE);
            case LIKE -> like(f, (String) v);
            case CONTAINS ->
                list
                        ? (v == Where.NO_MATCH ? falseCondition() : containsAll(f, List.of(v)))
                        : ((Field<String>) f.column()).likeIgnoreCase("%" + escape((String) v) + "%", '\\');
            case IN -> {
                List<Object> matchable = matchable(values);
                if (matchable.isEmpty()) {
                    yield falseCondition();
                }
                yield list
                        ? overlaps(f, matchable)
                        : col.in(matchable.stream().map(x -> bind(f, x)).toList());
            }
            case NOT_IN -> {
                List<Object> matchable = matchable(values);
                if (matchable.isEmpty()) {
                    yield trueCondition();
                }
                yield list
                        ? notTrue(overlaps(f, matchable))
                        : col.notIn(matchable.stream().map(x -> bind(f, x)).toList())
                                .or(col.isNull());
            }
            case EXISTS -> {
                boolean exists = (Boolean) v;
                if (list) {
                    Condition nonEmpty = DSL.condition("cardinality({0}) > 0", col);
                    yield exists ? col.isNotNull().and(nonEmpty) : col.isNull().or(not(nonEmpty));
                }
                yield exists ? col.isNotNull() : col.isNull();
            }
        };
    }

    private enum Op {
        GT,
        GE,
        LT,
        LE
    }

    @SuppressWarnings("unchecked")
    private static Condition ordered(QueryField f, Object v, Op op) {
        Field<Object> col = (Field<Object>) f.column();
        Field<Object> value;
        if (v instanceof BigDecimal d && isIntegral(col.getDataType())) {
            if (!fitsBigint(d)) { // compare an integer column with a fraction or a huge number exactly
                col = (Field<Object>) (Field<?>) col.cast(SQLDataType.NUMERIC);
                value = (Field<Object>) (Field<?>) DSL.val(d, SQLDataType.NUMERIC);
            } else {
                value = (Field<Object>) (Field<?>) DSL.val(d.longValueExact(), SQLDataType.BIGINT);
            }
        } else {
            value = bind(f, v);
        }
        return switch (op) {
            case GT -> col.gt(value);
            case GE -> col.ge(value);
            case LT -> col.lt(value);
            case LE -> col.le(value);
        };
    }

    @SuppressWarnings("unchecked")
    private static Field<Object> bind(QueryField f, Object v) {
        Field<Object> col = (Field<Object>) f.column();
        if (v instanceof BigDecimal d && isIntegral(col.getDataType())) {
            if (!fitsBigint(d)) {
                return (Field<Object>) (Field<?>) DSL.val(d, SQLDataType.NUMERIC);
            }
            return (Field<Object>) (Field<?>) DSL.val(d.longValueExact(), SQLDataType.BIGINT);
        }
        return DSL.val(v, col.getDataType());
    }

    private static boolean isIntegral(DataType<?> type) {
        return type.isInteger();
    }

    private static final BigDecimal MIN_BIGINT = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX_BIGINT = BigDecimal.valueOf(Long.MAX_VALUE);

    /** A whole number within bigint's range (1e30 is whole but is not). */
    private static boolean fitsBigint(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0 && d.compareTo(MIN_BIGINT) >= 0 && d.compareTo(MAX_BIGINT) <= 0;
    }

    private static Condition like(QueryField f, String text) {
        @SuppressWarnings("unchecked")
        Field<String> col = (Field<String>) f.column();
        List<Condition> words = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(col.likeIgnoreCase("%" + escape(w) + "%", '\\'));
            }
        }
        return words.isEmpty() ? noCondition() : DSL.and(words);
    }

    private static Condition containsAll(QueryField f, List<Object> items) {
        return DSL.condition("{0} @> {1}", f.column(), arrayOf(f, items));
    }

    private static Condition overlaps(QueryField f, List<Object> items) {
        return DSL.condition("{0} && {1}", f.column(), arrayOf(f, items));
    }

    private static Field<?> arrayOf(QueryField f, List<Object> items) {
        if (f.kind() == ValueKind.ID_LIST) {
            return DSL.val(items.toArray(UUID[]::new), SQLDataType.UUID.array());
        }
        return DSL.val(items.stream().map(String::valueOf).toArray(String[]::new), SQLDataType.CLOB.array());
    }

    /** True where {@code c} is false or null (a null array contains nothing). */
    private static Condition notTrue(Condition c) {
        return DSL.condition("not coalesce({0}, false)", c);
    }

    private static List<Object> matchable(List<Object> values) {
        return values.stream().filter(x -> x != Where.NO_MATCH).toList();
    }

    /** Escapes LIKE wildcards so user text matches literally. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
