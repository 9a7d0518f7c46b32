package app.clearmargin.portal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The server secret the CSRF tokens of the client pages are signed with: 32 random bytes in one database
 * row, created by the first node that needs it, so every node signs and checks with the same key. It
 * never changes, so each node keeps it once read.
 */
@Component
class PageSecret {

    private static final Table<Record> TABLE = DSL.table(DSL.name("client_page_secret"));
    private static final org.jooq.Field<Short> ID = DSL.field(DSL.name("id"), Short.class);
    private static final org.jooq.Field<byte[]> SECRET = DSL.field(DSL.name("secret"), byte[].class);
    private static final org.jooq.Field<java.time.OffsetDateTime> CREATED =
            DSL.field(DSL.name("created_at"), java.time.OffsetDateTime.class);

    private final DSLContext db;
    private final Clock clock;
    private volatile byte @Nullable [] secret;

    PageSecret(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    byte[] get() {
        byte[] s = secret;
        if (s == null) {
            s = load();
            secret = s;
        }
        return s;
    }

    private byte[] load() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        db.insertInto(TABLE)
                .set(ID, (short) 1)
                .set(SECRET, fresh)
                .set(CREATED, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflict(ID)
                .doNothing()
                .execute();
        byte[] stored = db.select(SECRET).from(TABLE).where(ID.eq((short) 1)).fetchOne(SECRET);
        if (stored == null) {
            throw new IllegalStateException("client_page_secret has no row");
        }
        return stored;
    }
}
