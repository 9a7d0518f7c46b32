package app.clearmargin.links;

import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The private links of documents (API.md §8). A token is 256 bits from {@link SecureRandom}, URL-safe
 * base64 without padding (43 characters); the table keeps only its SHA-256, unique, and the document
 * keeps the token to render its {@code publicUrl}. Issuing and rotating run in the caller's transaction
 * for the bound organization; {@link #resolve} runs before any organization is known (the link names
 * it) and reads the database every time, so a rotated token is unknown on every node at once.
 */
@Component
public class DocumentLinks {

    /** A live link: whose document it opens. */
    public record Link(UUID organizationId, LinkKind kind, UUID documentUuid) {
        /** The document's public id ({@code inv_…}). */
        public String documentId() {
            return Ids.format(kind.idPrefix(), documentUuid);
        }
    }

    private static final Table<Record> LINKS = DSL.table(DSL.name("document_links"));
    private static final org.jooq.Field<byte[]> HASH = DSL.field(DSL.name("token_sha256"), byte[].class);
    private static final org.jooq.Field<UUID> ORG = DSL.field(DSL.name("organization_id"), UUID.class);
    private static final org.jooq.Field<String> KIND = DSL.field(DSL.name("kind"), String.class);
    private static final org.jooq.Field<UUID> DOC = DSL.field(DSL.name("document_id"), UUID.class);
    private static final org.jooq.Field<java.time.OffsetDateTime> CREATED =
            DSL.field(DSL.name("created_at"), java.time.OffsetDateTime.class);

    /** 32 random bytes in URL-safe base64 without padding. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext db;

    DocumentLinks(DSLContext db) {
        this.db = db;
    }

    /** A new link for a document of the bound organization that has none; returns its token. */
    public String issue(LinkKind kind, UUID documentUuid, Instant now) {
        String token = newToken();
        db.insertInto(LINKS)
                .set(HASH, sha256(token))
                .set(ORG, TenantScope.organizationId())
                .set(KIND, kind.wire())
                .set(DOC, documentUuid)
                .set(CREATED, now.atOffset(ZoneOffset.UTC))
                .execute();
        return token;
    }

    /** Replaces the document's link (if any) by a new one; the old token resolves to nothing from the commit on. */
    public String rotate(LinkKind kind, UUID documentUuid, Instant now) {
        db.deleteFrom(LINKS)
                .where(TenantScope.of(LINKS))
                .and(KIND.eq(kind.wire()))
                .and(DOC.eq(documentUuid))
                .execute();
        return issue(kind, documentUuid, now);
    }

    /**
     * The link a presented token opens, or empty for a malformed, unknown or rotated one. Found through
     * the unique index on the hash; the stored hash is compared again in constant time.
     */
    public Optional<Link> resolve(String token) {
        if (!SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] hash = sha256(token);
        Record r =
                db.select(HASH, ORG, KIND, DOC).from(LINKS).where(HASH.eq(hash)).fetchOne();
        if (r == null || !MessageDigest.isEqual(hash, r.get(HASH))) {
            return Optional.empty();
        }
        return Optional.of(new Link(r.get(ORG), LinkKind.of(r.get(KIND)), r.get(DOC)));
    }

    /** Whether a presented token is the one a document holds (constant time). */
    public static boolean sameToken(String presented, String held) {
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.US_ASCII), held.getBytes(StandardCharsets.US_ASCII));
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
