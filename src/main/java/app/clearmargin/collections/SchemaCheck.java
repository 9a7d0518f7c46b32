package app.clearmargin.collections;

import app.clearmargin.query.Sort;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refuses to start, naming every problem, when a collection definition and the database disagree: a
 * table or a field's column missing, a column of the wrong type, no row-count triggers, no index that
 * serves the default sort. Otherwise such a definition fails on its first request, or lists nothing,
 * or scans its table on every list.
 *
 * <p>Runs once while the context starts, after the migrations (jOOQ's DSLContext waits for Flyway)
 * and before the server answers; the admin CLI runs it too, since its commands write the same tables.
 * The catalogs are read in four queries: the columns, then (after {@link RowCountTriggers} installed
 * the triggers a new table lacks) the triggers and the indexes.
 */
@Component
class SchemaCheck {

    private static final Logger log = LoggerFactory.getLogger(SchemaCheck.class);

    /** The columns, triggers and indexes of the collection tables, as the catalogs describe them. */
    record Catalog(
            Map<String, Map<String, String>> columns,
            Set<String> counted,
            Map<String, List<List<String>>> sortIndexes) {

        /** Column name → type ({@code format_type} without modifiers: {@code text}, {@code uuid[]}) per table. */
        static Map<String, Map<String, String>> columns(DSLContext db, List<String> tables) {
            Map<String, Map<String, String>> out = new HashMap<>();
            db.resultQuery("""
                    SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                      AND c.relname = ANY({0}::text[]) AND a.attnum > 0 AND NOT a.attisdropped""", DSL.val(tables.toArray(String[]::new)))
                    .forEach(r -> out.computeIfAbsent(r.get(0, String.class), t -> new HashMap<>())
                            .put(r.get(1, String.class), r.get(2, String.class)));
            return out;
        }

        static Catalog read(DSLContext db, List<String> tables) {
            return read(db, tables, columns(db, tables));
        }

        static Catalog read(DSLContext db, List<String> tables, Map<String, Map<String, String>> columns) {
            Set<String> uncounted = RowCountTriggers.missing(db, tables).stream()
                    .map(RowCountTriggers.Missing::table)
                    .collect(Collectors.toSet());
            Map<String, List<List<String>>> indexes = new HashMap<>();
            // btree, valid, not partial: what a sorted, unfiltered page can walk; expression keys read as ""
            db.resultQuery("""
                    SELECT c.relname,
                           array(SELECT coalesce(a.attname, '')
                                 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                                 LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                 ORDER BY k.n)
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                    JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY({0}::text[])
                      AND am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL""", DSL.val(tables.toArray(String[]::new)))
                    .forEach(r -> indexes.computeIfAbsent(r.get(0, String.class), t -> new ArrayList<>())
                            .add(List.of(r.get(1, String[].class))));
            Set<String> counted = tables.stream()
                    .filter(t -> columns.containsKey(t) && !uncounted.contains(t))
                    .collect(Collectors.toSet());
            return new Catalog(columns, counted, indexes);
        }
    }

    SchemaCheck(Registry registry, DSLContext db, TransactionTemplate tx) {
        List<String> tables = tables(registry);
        // a table without organization_id cannot take the triggers; the check below names it
        Map<String, Map<String, String>> columns = Catalog.columns(db, tables);
        List<String> countable = tables.stream()
                .filter(t -> columns.containsKey(t) && columns.get(t).containsKey("organization_id"))
                .toList();
        List<String> installed = tx.execute(s -> RowCountTriggers.installMissing(db, countable));
        if (!installed.isEmpty()) {
            log.info("row-count triggers installed on {}", installed);
        }
        List<String> problems = problems(registry, Catalog.read(db, tables, columns));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The database does not match the collection definitions "
                    + "(see docs/operations.md, \"Schema check at start-up\"):\n  " + String.join("\n  ", problems));
        }
    }

    static List<String> tables(Registry registry) {
        return registry.all().stream().map(Collection::table).distinct().toList();
    }

    /** One line per collection that disagrees with the catalog: "Collection tags: …; …". */
    static List<String> problems(Registry registry, Catalog catalog) {
        List<String> out = new ArrayList<>();
        for (Collection c : registry.all()) {
            List<String> found = problems(c, registry, catalog);
            if (!found.isEmpty()) {
                out.add("Collection " + c.slug() + ": " + String.join("; ", found));
            }
        }
        return out;
    }

    private static List<String> problems(Collection c, Registry registry, Catalog catalog) {
        String table = c.table();
        Map<String, String> columns = catalog.columns().get(table);
        if (columns == null) {
            return List.of("table " + table + " does not exist");
        }
        List<String> found = new ArrayList<>();
        column(found, table, columns, "id", "id", "uuid");
        column(found, table, columns, "organization_id", "the organization", "uuid");
        column(found, table, columns, "created_at", "createdAt", "timestamp with time zone");
        column(found, table, columns, "updated_at", "updatedAt", "timestamp with time zone");
        for (Layout.Leaf leaf : registry.layout(c.slug()).leaves()) {
            List<String> types = types(leaf.field().kind());
            column(found, table, columns, leaf.column().getName(), leaf.dotted(), types.getFirst(), types);
        }
        if (!catalog.counted().contains(table)) {
            found.add("no row-count trigger on " + table);
        }
        sortIndex(c, registry, catalog, found);
        return found;
    }

    private static void column(
            List<String> found, String table, Map<String, String> columns, String column, String field, String type) {
        column(found, table, columns, column, field, type, List.of(type));
    }

    private static void column(
            List<String> found,
            String table,
            Map<String, String> columns,
            String column,
            String field,
            String described,
            List<String> accepted) {
        String actual = columns.get(column);
        if (actual == null) {
            found.add("table " + table + " has no column " + column + " (field " + field + ", " + described + ")");
        } else if (!accepted.contains(actual)) {
            found.add(
                    "column " + table + "." + column + " is " + actual + " but field " + field + " needs " + described);
        }
    }

    /** The default sort needs a btree index on (organization_id, its columns…): each list reads its tenant's rows in order. */
    private static void sortIndex(Collection c, Registry registry, Catalog catalog, List<String> found) {
        List<String> expected = new ArrayList<>(List.of("organization_id"));
        try {
            for (Sort.Key key : Sort.parse(
                            c.defaultSort(), registry.schema(c.slug()).in(ZoneOffset.UTC))
                    .keys()) {
                expected.add(key.field().column().getName());
            }
        } catch (RuntimeException e) {
            found.add("the default sort " + c.defaultSort() + " names no sortable field");
            return;
        }
        boolean served = catalog.sortIndexes().getOrDefault(c.table(), List.of()).stream()
                .anyMatch(index -> index.size() >= expected.size()
                        && index.subList(0, expected.size()).equals(expected));
        if (!served) {
            found.add("no index for the default sort " + c.defaultSort() + " (expected one on ("
                    + String.join(", ", expected) + " …))");
        }
    }

    /** The column types a field kind reads and writes correctly (as {@code format_type} names them). */
    static List<String> types(FieldKind kind) {
        return switch (kind) {
            // any string type; a text field may live in a char(3) column (a currency code the server copies)
            case FieldKind.Text t -> List.of("text", "character varying", "character");
            case FieldKind.Email e -> List.of("text", "character varying", "character");
            case FieldKind.Choice ch -> List.of("text", "character varying", "character");
            case FieldKind.Currency cu -> List.of("character", "text", "character varying");
            case FieldKind.Decimal d -> List.of("numeric");
            case FieldKind.Money m -> List.of("numeric");
            case FieldKind.Int i -> List.of("integer", "bigint");
            case FieldKind.Date d -> List.of("date");
            case FieldKind.Instant i -> List.of("timestamp with time zone");
            case FieldKind.Bool b -> List.of("boolean");
            case FieldKind.Ref r -> List.of("uuid");
            case FieldKind.RefMany r -> List.of("uuid[]");
            case FieldKind.Items i -> List.of("jsonb");
            case FieldKind.Json j -> List.of("jsonb");
            case FieldKind.Link l -> List.of("text");
            case FieldKind.Strings s -> List.of("text[]", "character varying[]");
            case FieldKind.Obj o -> throw new IllegalArgumentException("objects have no column of their own");
        };
    }
}
