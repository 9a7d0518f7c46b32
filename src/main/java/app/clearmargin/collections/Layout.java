package app.clearmargin.collections;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DataType;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a collection's documents map to its table: one column per scalar (nested object fields
 * flattened), JSON for arrays of objects, arrays for has-many ids. Converts rows to documents and back.
 */
public final class Layout {

    /** A stored value: its path in the document and its column. */
    record Leaf(List<String> path, Field field, org.jooq.Field<Object> column) {
        String dotted() {
            return String.join(".", path);
        }
    }

    private final Collection collection;
    private final Table<Record> table;
    private final org.jooq.Field<UUID> id;
    private final org.jooq.Field<OffsetDateTime> createdAt;
    private final org.jooq.Field<OffsetDateTime> updatedAt;
    private final List<Leaf> leaves = new ArrayList<>();
    private final Map<String, Leaf> byPath = new LinkedHashMap<>();
    private final Function<String, String> prefixOfTarget;
    private final JsonMapper json;

    Layout(Collection collection, Function<String, String> prefixOfTarget, JsonMapper json) {
        this.collection = collection;
        this.prefixOfTarget = prefixOfTarget;
        this.json = json;
        this.table = org.jooq.impl.DSL.table(name(collection.table()));
        this.id = field(name(collection.table(), "id"), UUID.class);
        this.createdAt = field(name(collection.table(), "created_at"), OffsetDateTime.class);
        this.updatedAt = field(name(collection.table(), "updated_at"), OffsetDateTime.class);
        collect(collection.fields(), List.of(), "");
    }

    @SuppressWarnings("unchecked")
    private void collect(List<Field> fields, List<String> parent, String columnPrefix) {
        for (Field f : fields) {
            List<String> path = new ArrayList<>(parent);
            path.add(f.name());
            if (f.kind() instanceof FieldKind.Obj obj) {
                collect(obj.fields(), path, columnPrefix + f.column() + "_");
                continue;
            }
            org.jooq.Field<Object> column = (org.jooq.Field<Object>)
                    field(name(collection.table(), columnPrefix + f.column()), dataType(f.kind()));
            Leaf leaf = new Leaf(List.copyOf(path), f, column);
            leaves.add(leaf);
            byPath.put(leaf.dotted(), leaf);
        }
    }

    static DataType<?> dataType(FieldKind kind) {
        return switch (kind) {
            case FieldKind.Text t -> SQLDataType.CLOB;
            case FieldKind.Email e -> SQLDataType.CLOB;
            case FieldKind.Currency c -> SQLDataType.CHAR(3);
            case FieldKind.Choice c -> SQLDataType.CLOB;
            case FieldKind.Decimal d -> SQLDataType.NUMERIC;
            case FieldKind.Money m -> SQLDataType.NUMERIC;
            case FieldKind.Int i -> SQLDataType.INTEGER;
            case FieldKind.Date d -> SQLDataType.LOCALDATE;
            case FieldKind.Instant i -> SQLDataType.TIMESTAMPWITHTIMEZONE;
            case FieldKind.Bool b -> SQLDataType.BOOLEAN;
            case FieldKind.Ref r -> SQLDataType.UUID;
            case FieldKind.RefMany r -> SQLDataType.UUID.array();
            case FieldKind.Items i -> SQLDataType.JSONB;
            case FieldKind.Json j -> SQLDataType.JSONB;
            case FieldKind.Link l -> SQLDataType.CLOB;
            case FieldKind.Strings s -> SQLDataType.CLOB.array();
            case FieldKind.Obj o -> throw new IllegalArgumentException("objects have no column of their own");
        };
    }

    public Collection collection() {
        return collection;
    }

    public Table<Record> table() {
        return table;
    }

    public org.jooq.Field<UUID> id() {
        return id;
    }

    public org.jooq.Field<OffsetDateTime> createdAt() {
        return createdAt;
    }

    public org.jooq.Field<OffsetDateTime> updatedAt() {
        return updatedAt;
    }

    List<Leaf> leaves() {
        return leaves;
    }

    @Nullable
    Leaf leaf(String dottedPath) {
        return byPath.get(dottedPath);
    }

    /** The column of a stored path ({@code status}, {@code address.city}), for domain queries. */
    @SuppressWarnings("unchecked")
    public <T> org.jooq.Field<T> column(String dottedPath) {
        Leaf leaf = byPath.get(dottedPath);
        if (leaf == null) {
            throw new IllegalArgumentException(collection.slug() + " has no stored path " + dottedPath);
        }
        return (org.jooq.Field<T>) (org.jooq.Field<?>) leaf.column();
    }

    /** Every column read for a full document, in the order {@link #toDoc} reads them. */
    List<org.jooq.Field<?>> selectList() {
        List<org.jooq.Field<?>> out = new ArrayList<>(leaves.size() + 3);
        out.add(id);
        out.add(createdAt);
        out.add(updatedAt);
        for (Leaf l : leaves) {
            out.add(l.column());
        }
        return out;
    }

    /** {@code SELECT <every column of a full document> FROM <table>}, rendered once. */
    String selectSql() {
        String sql = selectSql;
        if (sql == null) {
            StringBuilder sb = new StringBuilder("SELECT id, created_at, updated_at");
            for (Leaf l : leaves) {
                sb.append(", \"").append(l.column().getName()).append('"');
            }
            sql = sb.append(" FROM \"").append(collection.table()).append('"').toString();
            selectSql = sql;
        }
        return sql;
    }

    private @Nullable String selectSql;

    /**
     * A row of {@link #selectSql()} or {@link #selectList()} (the same columns in the same order) → a
     * document in wire form (depth 0), reading columns by position: the one row mapper of every read.
     */
    Doc toDoc(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> values = LinkedHashMap.newLinkedHashMap(leaves.size() + 3);
        values.put("id", Ids.format(collection.idPrefix(), rs.getObject(1, UUID.class)));
        int i = 4;
        for (Leaf leaf : leaves) {
            put(
                    values,
                    leaf.path(),
                    fromColumn(
                            leaf.field().kind(), jdbcValue(rs, i++, leaf.field().kind())));
        }
        values.put(
                "createdAt", Times.format(rs.getObject(2, OffsetDateTime.class).toInstant()));
        values.put(
                "updatedAt", Times.format(rs.getObject(3, OffsetDateTime.class).toInstant()));
        collapseEmptyObjects(values, collection.fields());
        return new Doc(values);
    }

    /** The JDBC value of a column in the Java type {@link #fromColumn} takes (the one jOOQ gives the column's data type). */
    private static @Nullable Object jdbcValue(java.sql.ResultSet rs, int i, FieldKind kind)
            throws java.sql.SQLException {
        @Nullable
        Object v = switch (kind) {
            case FieldKind.Decimal d -> rs.getBigDecimal(i);
            case FieldKind.Money m -> rs.getBigDecimal(i);
            case FieldKind.Int n -> rs.getInt(i);
            case FieldKind.Bool b -> rs.getBoolean(i);
            case FieldKind.Date d -> rs.getObject(i, LocalDate.class);
            case FieldKind.Instant t -> rs.getObject(i, OffsetDateTime.class);
            case FieldKind.Ref r -> rs.getObject(i, UUID.class);
            case FieldKind.RefMany r -> {
                java.sql.Array a = rs.getArray(i);
                yield a == null ? null : a.getArray();
            }
            case FieldKind.Strings s -> {
                java.sql.Array a = rs.getArray(i);
                yield a == null ? null : a.getArray();
            }
            case FieldKind.Items items -> {
                String json = rs.getString(i);
                yield json == null ? null : JSONB.valueOf(json);
            }
            case FieldKind.Json j -> {
                String json = rs.getString(i);
                yield json == null ? null : JSONB.valueOf(json);
            }
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> values, List<String> path, @Nullable Object v) {
        Map<String, Object> target = values;
        for (int i = 0; i < path.size() - 1; i++) {
            target =
                    (Map<String, Object>) target.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
        }
        target.put(path.getLast(), v);
    }

    /** A nested object whose fields are all null (or empty lists) is rendered as null ("no address"). */
    @SuppressWarnings("unchecked")
    static void collapseEmptyObjects(Map<String, Object> values, List<Field> fields) {
        for (Field f : fields) {
            if (f.kind() instanceof FieldKind.Obj obj && values.get(f.name()) instanceof Map<?, ?> m) {
                collapseEmptyObjects((Map<String, Object>) m, obj.fields());
                if (m.values().stream().allMatch(x -> x == null || (x instanceof List<?> l && l.isEmpty()))) {
                    values.put(f.name(), null);
                }
            }
        }
    }

    private @Nullable Object fromColumn(FieldKind kind, @Nullable Object v) {
        if (v == null) {
            return kind instanceof FieldKind.RefMany || kind instanceof FieldKind.Strings ? List.of() : null;
        }
        return switch (kind) {
            case FieldKind.Decimal d -> Numbers.normalize((BigDecimal) v);
            case FieldKind.Money m -> Numbers.normalize((BigDecimal) v);
            case FieldKind.Int i -> Numbers.toLong(v);
            case FieldKind.Date d -> ((LocalDate) v).toString();
            case FieldKind.Instant i -> Times.format(((OffsetDateTime) v).toInstant());
            case FieldKind.Ref r -> Ids.format(prefixOfTarget.apply(r.target()), (UUID) v);
            case FieldKind.RefMany r -> {
                String prefix = prefixOfTarget.apply(r.target());
                List<String> ids = new ArrayList<>();
                for (Object u : (Object[]) v) {
                    ids.add(Ids.format(prefix, (UUID) u));
                }
                yield ids;
            }
            case FieldKind.Strings s -> List.of((String[]) v);
            case FieldKind.Items items -> canonicalItems(items, json.readValue(((JSONB) v).data(), List.class));
            case FieldKind.Json j -> json.readValue(((JSONB) v).data(), Object.class);
            default -> v;
        };
    }

    /** A wire value → the value bound to its column. */
    @Nullable
    Object toColumn(FieldKind kind, @Nullable Object v) {
        if (v == null) {
            return kind instanceof FieldKind.RefMany
                    ? new UUID[0]
                    : kind instanceof FieldKind.Strings ? new String[0] : null;
        }
        return switch (kind) {
            case FieldKind.Int i -> Math.toIntExact(Numbers.toLong(v));
            case FieldKind.Date d -> LocalDate.parse(v.toString());
            case FieldKind.Instant i ->
                Times.parseInstant(v.toString()).orElseThrow().atOffset(ZoneOffset.UTC);
            case FieldKind.Ref r ->
                Ids.parse(prefixOfTarget.apply(r.target()), v.toString()).orElseThrow();
            case FieldKind.RefMany r -> {
                String prefix = prefixOfTarget.apply(r.target());
                yield ((List<?>) v)
                        .stream()
                                .map(x -> Ids.parse(prefix, x.toString()).orElseThrow())
                                .toArray(UUID[]::new);
            }
            case FieldKind.Strings s ->
                ((List<?>) v).stream().map(Object::toString).toArray(String[]::new);
            case FieldKind.Items i -> JSONB.valueOf(json.writeValueAsString(v));
            case FieldKind.Json j -> JSONB.valueOf(json.writeValueAsString(v));
            default -> v;
        };
    }

    /** Item values as stored JSON come back with generic number types; give them their canonical form. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> canonicalItems(FieldKind.Items items, List<?> raw) {
        List<Map<String, Object>> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            Map<String, Object> item = new LinkedHashMap<>();
            Map<String, Object> source = (Map<String, Object>) o;
            for (Field f : items.fields()) {
                item.put(f.name(), canonicalValue(f.kind(), source.get(f.name())));
            }
            out.add(item);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object canonicalValue(FieldKind kind, @Nullable Object v) {
        if (v == null) {
            return kind instanceof FieldKind.RefMany || kind instanceof FieldKind.Strings ? List.of() : null;
        }
        return switch (kind) {
            case FieldKind.Decimal d -> Numbers.normalizeAny(v);
            case FieldKind.Money m -> Numbers.normalizeAny(v);
            case FieldKind.Int i -> Numbers.toLong(v);
            case FieldKind.Items nested -> canonicalItems(nested, (List<?>) v);
            case FieldKind.Obj obj -> {
                Map<String, Object> m = new LinkedHashMap<>();
                Map<String, Object> source = (Map<String, Object>) v;
                for (Field f : obj.fields()) {
                    m.put(f.name(), canonicalValue(f.kind(), source.get(f.name())));
                }
                yield m;
            }
            case FieldKind.Json j -> v;
            default -> v;
        };
    }
}
