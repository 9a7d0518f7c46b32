package app.clearmargin.auth;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** Column handles of {@code api_keys} (no code generation: the schema is small and hand-kept). */
final class ApiKeyTable {

    static final Table<Record> T = table(name("api_keys"));
    static final Field<UUID> ORGANIZATION_ID = field(name("api_keys", "organization_id"), UUID.class);
    static final Field<UUID> ID = field(name("api_keys", "id"), UUID.class);
    static final Field<String> NAME = field(name("api_keys", "name"), String.class);
    static final Field<String> PREFIX = field(name("api_keys", "prefix"), String.class);
    static final Field<byte[]> KEY_HASH = field(name("api_keys", "key_hash"), byte[].class);
    /** The scopes listed in responses and filters: {@link #GRANTS} expanded (kept current by {@link PresetExpansions}). */
    static final Field<String[]> SCOPES = field(name("api_keys", "scopes"), String[].class);
    /**
     * The scopes as given, presets included: what a request is checked against. Null on a key written
     * by a node of the previous version during a rolling deploy; its {@link #SCOPES} are its grants.
     */
    static final Field<String[]> GRANTS = field(name("api_keys", "grants"), String[].class);

    static final Field<OffsetDateTime> EXPIRES_AT = field(name("api_keys", "expires_at"), OffsetDateTime.class);
    static final Field<Integer> RATE_LIMIT = field(name("api_keys", "rate_limit_per_minute"), Integer.class);
    static final Field<OffsetDateTime> LAST_USED_AT = field(name("api_keys", "last_used_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> REVOKED_AT = field(name("api_keys", "revoked_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> CREATED_AT = field(name("api_keys", "created_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> UPDATED_AT = field(name("api_keys", "updated_at"), OffsetDateTime.class);

    private ApiKeyTable() {}
}
