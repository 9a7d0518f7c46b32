package app.clearmargin.auth;

import static app.clearmargin.auth.ApiKeyTable.*;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.ShortLivedCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * API keys: issuing (the secret is returned once, only its SHA-256 is stored) and authenticating.
 *
 * <p>Lookups are cached for at most one second, so a revocation or expiry takes effect on every node
 * within a second while a busy key costs one query per second instead of one per request.
 */
@Component
public class ApiKeys {

    /** A freshly issued key: the only moment the plain secret exists outside the caller. */
    public record IssuedKey(UUID id, String key, String prefix, List<String> scopes) {
        public String publicId() {
            return Ids.format("key", id);
        }
    }

    /** A key as authentication needs it; {@code grants} as stored, presets unexpanded. */
    private record StoredKey(
            UUID id,
            UUID organizationId,
            String name,
            Set<String> grants,
            @Nullable Instant expiresAt,
            @Nullable Instant revokedAt,
            int rateLimitPerMinute) {}

    static final Duration CACHE_TTL = Duration.ofSeconds(1);

    private final DSLContext db;
    private final Clock clock;
    private final Ids ids;
    private final LastUsedRecorder lastUsed;
    private final Scopes scopes;
    private final ShortLivedCache<String, Optional<StoredKey>> cache = new ShortLivedCache<>(CACHE_TTL, 100_000);

    ApiKeys(DSLContext db, Clock clock, Ids ids, LastUsedRecorder lastUsed, Scopes scopes) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.lastUsed = lastUsed;
        this.scopes = scopes;
    }

    /** The principal of a well-formed, known, unexpired and unrevoked key. */
    public Optional<Principal> authenticate(String key) {
        if (!KeySecrets.wellFormed(key)) {
            return Optional.empty();
        }
        byte[] hash = KeySecrets.hash(key);
        Optional<StoredKey> stored = cache.get(HexFormat.of().formatHex(hash), h -> load(hash));
        Instant now = clock.instant();
        return stored.filter(k -> k.revokedAt() == null
                        && (k.expiresAt() == null || k.expiresAt().isAfter(now)))
                .map(k -> {
                    lastUsed.touch(k.organizationId(), k.id(), now);
                    return new Principal(k.id(), k.name(), k.organizationId(), k.grants(), k.rateLimitPerMinute());
                });
    }

    /**
     * Issues a key directly (admin CLI, demo bootstrap); HTTP creation goes through the api-keys collection.
     * {@code granted} is stored as given (presets stay presets); the returned scopes are its expansion.
     */
    public IssuedKey issue(
            UUID organizationId,
            String name,
            List<String> granted,
            @Nullable Instant expiresAt,
            int rateLimitPerMinute,
            boolean testKey) {
        List<String> given = granted.stream().distinct().toList();
        for (String scope : given) {
            if (!scopes.isKnown(scope)) {
                throw new IllegalArgumentException("unknown scope " + scope);
            }
        }
        String key = KeySecrets.generate(testKey);
        UUID id = ids.newUuid();
        List<String> expanded = scopes.expand(given);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        db.insertInto(T)
                .set(ORGANIZATION_ID, organizationId)
                .set(ID, id)
                .set(NAME, name)
                .set(PREFIX, KeySecrets.prefix(key))
                .set(KEY_HASH, KeySecrets.hash(key))
                .set(SCOPES, expanded.toArray(String[]::new))
                .set(GRANTS, given.toArray(String[]::new))
                .set(EXPIRES_AT, expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                .set(RATE_LIMIT, rateLimitPerMinute)
                .set(CREATED_AT, now)
                .set(UPDATED_AT, now)
                .execute();
        return new IssuedKey(id, key, KeySecrets.prefix(key), expanded);
    }

    /** Material for a key issued through the api-keys collection: the secret, its hash and prefix. */
    public record Material(String key, byte[] hash, String prefix) {}

    public static Material newMaterial() {
        String key = KeySecrets.generate(false);
        return new Material(key, KeySecrets.hash(key), KeySecrets.prefix(key));
    }

    /** Whether the plain key authenticates now (the demo bootstrap reuses a stored demo key). */
    public boolean isActive(String key) {
        return authenticate(key).isPresent();
    }

    /** Drops a key from this node's cache at once (after revocation commits). */
    public void forget(UUID keyId) {
        cache.invalidateIf(k -> k.isPresent() && k.get().id().equals(keyId));
    }

    private Optional<StoredKey> load(byte[] hash) {
        // no grants: written by a node of the previous version during a rolling deploy; its list is what it has
        Field<String[]> grants = DSL.coalesce(GRANTS, SCOPES);
        return db.select(ID, ORGANIZATION_ID, NAME, grants, EXPIRES_AT, REVOKED_AT, RATE_LIMIT)
                .from(T)
                .where(KEY_HASH.eq(hash))
                .fetchOptional(r -> new StoredKey(
                        r.get(ID),
                        r.get(ORGANIZATION_ID),
                        r.get(NAME),
                        Set.of(r.get(grants)),
                        instant(r.get(EXPIRES_AT)),
                        instant(r.get(REVOKED_AT)),
                        r.get(RATE_LIMIT)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
