package app.clearmargin.query;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import app.clearmargin.shared.Ids;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DataType;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * A small {@link QuerySchema} for the unit tests of the query package: one path of every value kind on a
 * table {@code docs}, plus one single hop ({@code client.name}) and one has-many hop ({@code projects.name}).
 * Calendar dates are read in Europe/Berlin so that date/instant conversions are visible.
 */
final class FakeSchema implements QuerySchema {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    static final Table<Record> DOCS = table(name("docs"));
    static final Table<Record> CLIENTS = table(name("clients"));
    static final Table<Record> PROJECTS = table(name("projects"));
    static final org.jooq.Field<UUID> DOCS_ID = field(name("docs", "id"), UUID.class);
    static final org.jooq.Field<UUID> CLIENTS_ID = field(name("clients", "id"), UUID.class);
    static final org.jooq.Field<UUID> PROJECTS_ID = field(name("projects", "id"), UUID.class);

    static final Set<String> STATUSES = Set.of("draft", "sent", "paid");

    private final Map<String, QueryField> fields = new LinkedHashMap<>();

    FakeSchema() {
        put(new QueryField("id", ValueKind.ID, DOCS_ID, Set.of(), "doc", null, true));
        put(scalar("name", ValueKind.TEXT, "name", SQLDataType.CLOB));
        put(scalar("address.city", ValueKind.TEXT, "address_city", SQLDataType.CLOB));
        put(scalar("total", ValueKind.NUMBER, "total", SQLDataType.NUMERIC));
        put(scalar("terms", ValueKind.NUMBER, "terms", SQLDataType.INTEGER));
        put(scalar("issueDate", ValueKind.DATE, "issue_date", SQLDataType.LOCALDATE));
        put(scalar("sentAt", ValueKind.INSTANT, "sent_at", SQLDataType.TIMESTAMPWITHTIMEZONE));
        put(scalar("createdAt", ValueKind.INSTANT, "created_at", SQLDataType.TIMESTAMPWITHTIMEZONE));
        put(scalar("paid", ValueKind.BOOLEAN, "paid", SQLDataType.BOOLEAN));
        put(new QueryField(
                "status", ValueKind.ENUM, column("docs", "status", SQLDataType.CLOB), STATUSES, null, null, true));
        put(new QueryField(
                "client", ValueKind.ID, column("docs", "client_id", SQLDataType.UUID), Set.of(), "client", null, true));
        put(new QueryField(
                "projects",
                ValueKind.ID_LIST,
                column("docs", "project_ids", SQLDataType.UUID.array()),
                Set.of(),
                "project",
                null,
                false));
        put(new QueryField(
                "tags",
                ValueKind.TEXT_LIST,
                column("docs", "tags", SQLDataType.CLOB.array()),
                Set.of(),
                null,
                null,
                false));
        put(new QueryField(
                "client.name",
                ValueKind.TEXT,
                column("clients", "name", SQLDataType.CLOB),
                Set.of(),
                null,
                new QueryField.Hop(column("docs", "client_id", SQLDataType.UUID), false, CLIENTS, CLIENTS_ID),
                false));
        put(new QueryField(
                "projects.name",
                ValueKind.TEXT,
                column("projects", "name", SQLDataType.CLOB),
                Set.of(),
                null,
                new QueryField.Hop(
                        column("docs", "project_ids", SQLDataType.UUID.array()), true, PROJECTS, PROJECTS_ID),
                false));
    }

    private void put(QueryField f) {
        fields.put(f.path(), f);
    }

    private static QueryField scalar(String path, ValueKind kind, String column, DataType<?> type) {
        return new QueryField(path, kind, column("docs", column, type), Set.of(), null, null, true);
    }

    private static org.jooq.Field<?> column(String table, String column, DataType<?> type) {
        return field(name(table, column), type);
    }

    @Override
    public Optional<QueryField> resolve(String path) {
        return Optional.ofNullable(fields.get(path));
    }

    @Override
    public ZoneId zone() {
        return ZONE;
    }

    Set<String> paths() {
        return fields.keySet();
    }

    QueryField at(String path) {
        return resolve(path).orElseThrow();
    }

    /** A well-formed id with a UUIDv7 of a fixed instant, so tests are repeatable. */
    static String id(String prefix, int n) {
        return Ids.format(prefix, uuid(n));
    }

    static UUID uuid(int n) {
        long millis = java.time.LocalDate.of(2026, 3, 14)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        long msb = (millis << 16) | (0x7L << 12) | (n & 0xFFF);
        long lsb = 0x8000_0000_0000_0000L | n;
        return new UUID(msb, lsb);
    }
}
