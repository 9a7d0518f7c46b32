package app.clearmargin.payments;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.tenancy.TenantScope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The bound organization's Stripe account (API.md §9): its secret key and webhook secret, encrypted at
 * rest; only the mode and the key's last four characters are ever shown. No message here quotes a
 * submitted value: a malformed one may still be someone's real key.
 */
@Component
class StripeAccounts {

    static final String SECRET_KEY = "secretKey";
    static final String WEBHOOK_SECRET = "webhookSecret";

    private static final Table<Record> ACCOUNTS = DSL.table(DSL.name("stripe_accounts"));
    private static final org.jooq.Field<byte[]> SECRET = DSL.field(DSL.name("secret_key"), byte[].class);
    private static final org.jooq.Field<byte[]> WEBHOOK = DSL.field(DSL.name("webhook_secret"), byte[].class);
    private static final org.jooq.Field<String> MODE = DSL.field(DSL.name("mode"), String.class);
    private static final org.jooq.Field<String> LAST4 = DSL.field(DSL.name("key_last4"), String.class);
    private static final org.jooq.Field<OffsetDateTime> CREATED =
            DSL.field(DSL.name("created_at"), OffsetDateTime.class);
    private static final org.jooq.Field<OffsetDateTime> UPDATED =
            DSL.field(DSL.name("updated_at"), OffsetDateTime.class);

    private static final Pattern SECRET_KEY_SHAPE = Pattern.compile("(sk|rk)_(test|live)_[0-9A-Za-z]{8,240}");
    private static final Pattern WEBHOOK_SECRET_SHAPE = Pattern.compile("whsec_[0-9A-Za-z+/=]{8,240}");

    /** The refusal when no secrets key is configured (an external database and no CLEARMARGIN_SECRETS_KEY). */
    static final String NO_KEY_MESSAGE = "Stripe cannot be connected: this server has no key to encrypt its secrets. "
            + "Set " + SecretBox.KEY_VARIABLE + " (the base64 of 32 random bytes, e.g. from openssl rand -base64 32) "
            + "and restart.";

    private final DSLContext db;
    private final SecretBox box;
    private final Clock clock;

    StripeAccounts(DSLContext db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    /** The decrypted keys of the bound organization, when Stripe is connected. */
    Optional<StripeCredentials> credentials() {
        UUID org = TenantScope.organizationId();
        return db.select(SECRET, WEBHOOK, MODE)
                .from(ACCOUNTS)
                .where(TenantScope.of(ACCOUNTS))
                .fetchOptional()
                .map(r -> new StripeCredentials(
                        box.open(r.value1(), org, SECRET_KEY), box.open(r.value2(), org, WEBHOOK_SECRET), r.value3()));
    }

    /** Whether Stripe is connected for the bound organization; decrypts nothing (every invoice page asks). */
    boolean connected() {
        return db.fetchExists(ACCOUNTS, TenantScope.of(ACCOUNTS));
    }

    /** {@code {"connected": false}} or {@code {"connected": true, "mode": …, "keyLast4": …}}. */
    Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        db.select(MODE, LAST4)
                .from(ACCOUNTS)
                .where(TenantScope.of(ACCOUNTS))
                .fetchOptional()
                .ifPresentOrElse(
                        r -> {
                            out.put("connected", true);
                            out.put("mode", r.value1());
                            out.put("keyLast4", r.value2());
                        },
                        () -> out.put("connected", false));
        return out;
    }

    /**
     * Connects, updates or (null) disconnects; a 400 naming the field for a malformed value, a 409 when
     * no secrets key is configured. {@code value} is the body's {@code stripe} member (a JSON node).
     */
    void update(@Nullable Object value) {
        JsonNode node = value instanceof JsonNode n ? n : null;
        if (value == null || (node != null && node.isNull())) {
            db.deleteFrom(ACCOUNTS).where(TenantScope.of(ACCOUNTS)).execute();
            return;
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidField(
                    "organization",
                    "stripe",
                    "This field must be an object with secretKey and webhookSecret, or null to disconnect.");
        }
        List<ApiError.FieldError> errors = new ArrayList<>();
        for (String name : node.propertyNames()) {
            if (!name.equals(SECRET_KEY) && !name.equals(WEBHOOK_SECRET)) {
                errors.add(new ApiError.FieldError("stripe." + name, "This field does not exist."));
            }
        }
        String secretKey = shaped(
                node,
                SECRET_KEY,
                SECRET_KEY_SHAPE,
                "This field must be a Stripe secret or restricted key: sk_test_…, sk_live_…, rk_test_… or rk_live_….",
                errors);
        String webhookSecret = shaped(
                node,
                WEBHOOK_SECRET,
                WEBHOOK_SECRET_SHAPE,
                "This field must be a Stripe webhook signing secret: whsec_….",
                errors);
        boolean connected = db.selectOne()
                .from(ACCOUNTS)
                .where(TenantScope.of(ACCOUNTS))
                .forUpdate()
                .fetchOptional()
                .isPresent();
        if (!connected) {
            for (String name : List.of(SECRET_KEY, WEBHOOK_SECRET)) {
                if (!node.has(name)) {
                    errors.add(new ApiError.FieldError("stripe." + name, "This field is required to connect Stripe."));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation("organization", errors);
        }
        if (secretKey == null && webhookSecret == null) {
            return;
        }
        if (!box.canSeal()) {
            throw ApiException.conflict(NO_KEY_MESSAGE);
        }
        UUID org = TenantScope.organizationId();
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (connected) {
            Map<org.jooq.Field<?>, Object> set = new LinkedHashMap<>();
            if (secretKey != null) {
                set.put(SECRET, box.seal(secretKey, org, SECRET_KEY));
                set.put(MODE, mode(secretKey));
                set.put(LAST4, last4(secretKey));
            }
            if (webhookSecret != null) {
                set.put(WEBHOOK, box.seal(webhookSecret, org, WEBHOOK_SECRET));
            }
            set.put(UPDATED, now);
            db.update(ACCOUNTS).set(set).where(TenantScope.of(ACCOUNTS)).execute();
            return;
        }
        if (secretKey == null || webhookSecret == null) {
            throw new IllegalStateException("both secrets are checked present before a first connect");
        }
        byte[] sealedKey = box.seal(secretKey, org, SECRET_KEY);
        byte[] sealedWebhook = box.seal(webhookSecret, org, WEBHOOK_SECRET);
        // a concurrent first connect of the same organization: the later one wins, as an update would
        db.insertInto(ACCOUNTS)
                .set(TenantScope.column(ACCOUNTS), org)
                .set(SECRET, sealedKey)
                .set(WEBHOOK, sealedWebhook)
                .set(MODE, mode(secretKey))
                .set(LAST4, last4(secretKey))
                .set(CREATED, now)
                .set(UPDATED, now)
                .onConflict(TenantScope.column(ACCOUNTS))
                .doUpdate()
                .set(SECRET, sealedKey)
                .set(WEBHOOK, sealedWebhook)
                .set(MODE, mode(secretKey))
                .set(LAST4, last4(secretKey))
                .set(UPDATED, now)
                .execute();
    }

    /**
     * Rewrites every organization's stored secrets under the current key (after a rotation); returns how
     * many accounts were rewritten. Runs in the caller's transaction, outside any bound organization.
     */
    int reencryptAll() {
        if (!box.canSeal()) {
            throw new IllegalStateException("no current key to re-encrypt under: set " + SecretBox.KEY_VARIABLE);
        }
        List<UUID> organizations = db.select(TenantScope.column(ACCOUNTS))
                .from(ACCOUNTS)
                .orderBy(TenantScope.column(ACCOUNTS))
                .fetch(r -> r.value1());
        int rewritten = 0;
        for (UUID org : organizations) {
            boolean changed = new Tenant(org).call(this::reencryptBound);
            rewritten += changed ? 1 : 0;
        }
        return rewritten;
    }

    private boolean reencryptBound() {
        UUID org = TenantScope.organizationId();
        Record row = db.select(SECRET, WEBHOOK)
                .from(ACCOUNTS)
                .where(TenantScope.of(ACCOUNTS))
                .forUpdate()
                .fetchOne();
        if (row == null) {
            return false;
        }
        byte[] secret = row.get(SECRET);
        byte[] webhook = row.get(WEBHOOK);
        if (box.isCurrent(secret) && box.isCurrent(webhook)) {
            return false;
        }
        db.update(ACCOUNTS)
                .set(SECRET, box.seal(box.open(secret, org, SECRET_KEY), org, SECRET_KEY))
                .set(WEBHOOK, box.seal(box.open(webhook, org, WEBHOOK_SECRET), org, WEBHOOK_SECRET))
                .where(TenantScope.of(ACCOUNTS))
                .execute();
        return true;
    }

    /** The member's string when present and well-shaped; otherwise an error at its path (never its value). */
    private static @Nullable String shaped(
            JsonNode stripe, String name, Pattern shape, String expected, List<ApiError.FieldError> errors) {
        JsonNode v = stripe.get(name);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            errors.add(new ApiError.FieldError(
                    "stripe." + name, "This field cannot be cleared alone; send \"stripe\": null to disconnect."));
            return null;
        }
        if (!v.isString() || !shape.matcher(v.stringValue()).matches()) {
            errors.add(new ApiError.FieldError("stripe." + name, expected));
            return null;
        }
        return v.stringValue();
    }

    private static String mode(String secretKey) {
        return secretKey.substring(3).startsWith("live_") ? "live" : "test";
    }

    private static String last4(String secretKey) {
        return secretKey.substring(secretKey.length() - 4);
    }
}
