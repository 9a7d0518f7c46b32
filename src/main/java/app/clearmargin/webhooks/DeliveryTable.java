package app.clearmargin.webhooks;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Columns of the delivery machinery (events, webhooks, webhook_deliveries) used by the workers. */
final class DeliveryTable {

    static final Table<Record> EVENTS = table(name("events"));
    static final Field<UUID> E_ORG = field(name("events", "organization_id"), UUID.class);
    static final Field<UUID> E_ID = field(name("events", "id"), UUID.class);
    static final Field<String> E_TYPE = field(name("events", "type"), String.class);
    static final Field<JSONB> E_DATA = field(name("events", "data"), JSONB.class);
    static final Field<Boolean> E_DISPATCHED = field(name("events", "dispatched"), Boolean.class);
    static final Field<OffsetDateTime> E_CREATED = field(name("events", "created_at"), OffsetDateTime.class);

    static final Table<Record> HOOKS = table(name("webhooks"));
    static final Field<UUID> W_ORG = field(name("webhooks", "organization_id"), UUID.class);
    static final Field<UUID> W_ID = field(name("webhooks", "id"), UUID.class);
    static final Field<String> W_URL = field(name("webhooks", "url"), String.class);
    static final Field<String[]> W_EVENTS = field(name("webhooks", "events"), String[].class);
    static final Field<String> W_SECRET = field(name("webhooks", "secret"), String.class);
    static final Field<Boolean> W_ENABLED = field(name("webhooks", "enabled"), Boolean.class);
    static final Field<Integer> W_FAILURES = field(name("webhooks", "consecutive_failures"), Integer.class);
    static final Field<OffsetDateTime> W_LAST_SUCCESS =
            field(name("webhooks", "last_success_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> W_LAST_FAILURE =
            field(name("webhooks", "last_failure_at"), OffsetDateTime.class);
    static final Field<String> W_DISABLED_REASON = field(name("webhooks", "disabled_reason"), String.class);
    static final Field<OffsetDateTime> W_FAILING_SINCE = field(name("webhooks", "failing_since"), OffsetDateTime.class);
    static final Field<OffsetDateTime> W_UPDATED = field(name("webhooks", "updated_at"), OffsetDateTime.class);

    static final Table<Record> DELIVERIES = table(name("webhook_deliveries"));
    static final Field<UUID> D_ORG = field(name("webhook_deliveries", "organization_id"), UUID.class);
    static final Field<UUID> D_ID = field(name("webhook_deliveries", "id"), UUID.class);
    static final Field<UUID> D_WEBHOOK = field(name("webhook_deliveries", "webhook_id"), UUID.class);
    static final Field<UUID> D_EVENT = field(name("webhook_deliveries", "event_id"), UUID.class);
    static final Field<String> D_EVENT_TYPE = field(name("webhook_deliveries", "event_type"), String.class);
    static final Field<String> D_STATUS = field(name("webhook_deliveries", "status"), String.class);
    static final Field<Integer> D_ATTEMPTS = field(name("webhook_deliveries", "attempts"), Integer.class);
    static final Field<OffsetDateTime> D_LAST_ATTEMPT =
            field(name("webhook_deliveries", "last_attempt_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> D_NEXT_ATTEMPT =
            field(name("webhook_deliveries", "next_attempt_at"), OffsetDateTime.class);
    static final Field<Integer> D_RESPONSE_STATUS = field(name("webhook_deliveries", "response_status"), Integer.class);
    static final Field<String> D_RESPONSE_BODY = field(name("webhook_deliveries", "response_body"), String.class);
    static final Field<String> D_ERROR = field(name("webhook_deliveries", "error"), String.class);
    static final Field<Integer> D_DURATION = field(name("webhook_deliveries", "duration_ms"), Integer.class);
    static final Field<OffsetDateTime> D_LOCKED_UNTIL =
            field(name("webhook_deliveries", "locked_until"), OffsetDateTime.class);
    static final Field<String> D_LOCKED_BY = field(name("webhook_deliveries", "locked_by"), String.class);
    static final Field<String> D_BODY = field(name("webhook_deliveries", "body"), String.class);
    static final Field<OffsetDateTime> D_CREATED =
            field(name("webhook_deliveries", "created_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> D_UPDATED =
            field(name("webhook_deliveries", "updated_at"), OffsetDateTime.class);

    // One column of many rows as a typed array bind: the workers write and read many deliveries in one
    // statement with unnest(…), one array per column.

    static <R> Param<UUID[]> uuids(List<R> rows, Function<R, UUID> value) {
        return column(rows, value, UUID[]::new, SQLDataType.UUID.array());
    }

    static <R> Param<String[]> texts(List<R> rows, Function<R, String> value) {
        return column(rows, value, String[]::new, SQLDataType.CLOB.array());
    }

    static <R> Param<Integer[]> integers(List<R> rows, Function<R, Integer> value) {
        return column(rows, value, Integer[]::new, SQLDataType.INTEGER.array());
    }

    static <R> Param<OffsetDateTime[]> timestamps(List<R> rows, Function<R, OffsetDateTime> value) {
        return column(rows, value, OffsetDateTime[]::new, SQLDataType.TIMESTAMPWITHTIMEZONE.array());
    }

    static <R> Param<Boolean[]> booleans(List<R> rows, Function<R, Boolean> value) {
        return column(rows, value, Boolean[]::new, SQLDataType.BOOLEAN.array());
    }

    private static <R, T> Param<T[]> column(
            List<R> rows, Function<R, T> value, IntFunction<T[]> array, DataType<T[]> type) {
        return DSL.val(rows.stream().map(value).toArray(array), type);
    }

    private DeliveryTable() {}
}
