package app.clearmargin.idempotency;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Component;

/** Rows of {@code idempotency_keys}: claim, mark executed, store or forget the response, purge. */
@Component
class IdempotencyStore {

    static final Duration RETENTION = Duration.ofHours(24);
    /** How long a running request keeps its claim if its node dies mid-request. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private static final Table<Record> T = table(name("idempotency_keys"));
    private static final Field<UUID> ORG = field(name("organization_id"), UUID.class);
    private static final Field<UUID> API_KEY = field(name("api_key_id"), UUID.class);
    private static final Field<String> KEY = field(name("idempotency_key"), String.class);
    private static final Field<byte[]> HASH = field(name("request_hash"), byte[].class);
    private static final Field<String> STATE = field(name("state"), String.class);
    private static final Field<Boolean> EXECUTED = field(name("executed"), Boolean.class);
    private static final Field<Integer> STATUS = field(name("response_status"), Integer.class);
    private static final Field<byte[]> BODY = field(name("response_body"), byte[].class);
    private static final Field<OffsetDateTime> LOCKED_UNTIL = field(name("locked_until"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);

    record Entry(
            byte[] requestHash,
            String state,
            boolean executed,
            Integer status,
            byte[] body,
            OffsetDateTime lockedUntil,
            OffsetDateTime createdAt) {}

    record Ref(UUID organizationId, UUID apiKeyId, String key) {}

    private final DSLContext db;
    private final Clock clock;

    IdempotencyStore(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Inserts a running claim; false when a row for this key exists already. */
    boolean claim(Ref ref, byte[] hash) {
        OffsetDateTime now = now();
        return db.insertInto(T)
                        .set(ORG, ref.organizationId())
                        .set(API_KEY, ref.apiKeyId())
                        .set(KEY, ref.key())
                        .set(HASH, hash)
                        .set(STATE, "running")
                        .set(LOCKED_UNTIL, now.plus(LEASE))
                        .set(CREATED_AT, now)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    Optional<Entry> find(Ref ref) {
        return db.select(HASH, STATE, EXECUTED, STATUS, BODY, LOCKED_UNTIL, CREATED_AT)
                .from(T)
                .where(match(ref))
                .fetchOptional(r -> new Entry(
                        r.get(HASH),
                        r.get(STATE),
                        r.get(EXECUTED),
                        r.get(STATUS),
                        r.get(BODY),
                        r.get(LOCKED_UNTIL),
                        r.get(CREATED_AT)));
    }

    /** Takes over a claim whose node died before executing anything, or an expired stored response. */
    boolean takeOver(Ref ref, byte[] hash) {
        OffsetDateTime now = now();
        return db.update(T)
                        .set(HASH, hash)
                        .set(STATE, "running")
                        .set(EXECUTED, false)
                        .set(STATUS, (Integer) null)
                        .set(BODY, (byte[]) null)
                        .set(LOCKED_UNTIL, now.plus(LEASE))
                        .set(CREATED_AT, now)
                        .where(match(ref))
                        .and(STATE.eq("running")
                                .and(EXECUTED.isFalse())
                                .and(LOCKED_UNTIL.lt(now))
                                .or(CREATED_AT.lt(now.minus(RETENTION))))
                        .execute()
                == 1;
    }

    /** Runs inside the request's write transaction: from here on a replay must never execute again. */
    void markExecuted(Ref ref) {
        db.update(T)
                .set(EXECUTED, true)
                .where(match(ref))
                .and(STATE.eq("running"))
                .execute();
    }

    void complete(Ref ref, int status, byte[] body) {
        db.update(T)
                .set(STATE, "done")
                .set(STATUS, status)
                .set(BODY, body)
                .where(match(ref))
                .execute();
    }

    /** A 5xx is not stored: the request may be retried with the same key. */
    void release(Ref ref) {
        db.deleteFrom(T).where(match(ref)).and(EXECUTED.isFalse()).execute();
    }

    int purgeExpired() {
        return db.deleteFrom(T).where(CREATED_AT.lt(now().minus(RETENTION))).execute();
    }

    private static org.jooq.Condition match(Ref ref) {
        return ORG.eq(ref.organizationId()).and(API_KEY.eq(ref.apiKeyId())).and(KEY.eq(ref.key()));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
