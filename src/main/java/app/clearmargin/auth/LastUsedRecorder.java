package app.clearmargin.auth;

import static app.clearmargin.auth.ApiKeyTable.*;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Records {@code lastUsedAt} off the request path: requests only note the use in memory; a background
 * flush writes it, at most once a minute per key.
 */
@Component
class LastUsedRecorder {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);
    static final Duration RESOLUTION = Duration.ofMinutes(1);

    private record KeyRef(UUID organizationId, UUID keyId) {}

    private final DSLContext db;
    private final Map<KeyRef, Instant> pending = new ConcurrentHashMap<>();
    private final Map<KeyRef, Instant> written = new ConcurrentHashMap<>();

    LastUsedRecorder(DSLContext db) {
        this.db = db;
    }

    void touch(UUID organizationId, UUID keyId, Instant at) {
        KeyRef ref = new KeyRef(organizationId, keyId);
        Instant last = written.get(ref);
        if (last == null || !at.isBefore(last.plus(RESOLUTION)) || at.isBefore(last)) {
            pending.merge(ref, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Scheduled(fixedDelayString = "${clearmargin.auth.last-used-flush-ms:5000}")
    void flush() {
        for (Map.Entry<KeyRef, Instant> e : pending.entrySet()) {
            KeyRef ref = e.getKey();
            Instant at = e.getValue();
            if (!pending.remove(ref, at)) {
                continue; // a newer use arrived; the next flush takes it
            }
            try {
                db.update(T)
                        .set(LAST_USED_AT, at.atOffset(ZoneOffset.UTC))
                        .where(ORGANIZATION_ID.eq(ref.organizationId()), ID.eq(ref.keyId()))
                        .execute();
                written.put(ref, at);
            } catch (RuntimeException ex) {
                log.warn("could not record lastUsedAt of key {}: {}", ref.keyId(), ex.getMessage());
            }
        }
    }
}
