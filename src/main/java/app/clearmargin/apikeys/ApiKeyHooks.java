package app.clearmargin.apikeys;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Principal;
import app.clearmargin.auth.Scopes;
import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Component
class ApiKeyHooks implements CollectionHooks {

    private static final String SECRET = "key";

    private final ApiKeys keys;
    private final Scopes scopes;

    ApiKeyHooks(ApiKeys keys, Scopes scopes) {
        this.keys = keys;
        this.scopes = scopes;
    }

    static IllegalArgumentException unknownScope(String scope) {
        return new IllegalArgumentException(unknownScopeMessage(scope));
    }

    private static String unknownScopeMessage(String scope) {
        return "Unknown scope " + scope + ": use <resource>:read, <resource>:write, " + "read_only or full_access.";
    }

    @Override
    public String collection() {
        return "api-keys";
    }

    @Override
    public @Nullable String currency(WriteContext ctx, Doc draft) {
        return null;
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        Long limit =
                draft.get("rateLimitPerMinute") == null ? null : ((Number) draft.get("rateLimitPerMinute")).longValue();
        int max = ctx.organization().maxRateLimitPerMinute();
        if (limit != null && limit > max && !errors.has("rateLimitPerMinute")) {
            errors.add("rateLimitPerMinute", "This value must be at most " + max + " (the organization's maximum).");
        }
        if (existing == null
                && draft.has("expiresAt")
                && !draft.requiredInstant("expiresAt").isAfter(ctx.now())) {
            errors.add("expiresAt", "This key would already be expired; expiresAt must be in the future.");
        }
        if (existing == null && !errors.has("scopes")) {
            for (String scope : draft.refs("scopes")) {
                if (!scopes.isKnown(scope)) {
                    errors.add("scopes", unknownScopeMessage(scope));
                    return;
                }
            }
            Principal creator = Principal.current();
            for (String scope : draft.refs("scopes")) {
                if (!creator.allows(scope)) {
                    throw ApiException.forbidden(scope); // a key can never hand out more than it has
                }
            }
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (existing != null) {
            requireEveryScopeOf(existing);
        }
        if (existing == null) {
            // stored as given (a preset stays a preset, checked as one); listed expanded
            List<String> granted = draft.refs("scopes");
            draft.internal().put("grants", granted.toArray(String[]::new));
            draft.put("scopes", scopes.expand(granted));
            ApiKeys.Material material = ApiKeys.newMaterial();
            draft.put("prefix", material.prefix());
            draft.internal().put("key_hash", material.hash());
            draft.transients().put(SECRET, material.key());
        }
    }

    /**
     * Changing or revoking a key needs every scope it has: otherwise an {@code api-keys:write} key
     * could revoke or throttle a {@code full_access} key. Runs here because PATCH and DELETE (revoke)
     * both pass through beforeChange, and only DELETE skips validate.
     */
    private static void requireEveryScopeOf(Doc key) {
        Principal changer = Principal.current();
        for (String scope : key.refs("scopes")) {
            changer.require(scope);
        }
    }

    @Override
    public void afterChange(WriteContext ctx, Doc saved, @Nullable Doc previous) {
        if (previous != null && saved.get("revokedAt") != null && previous.get("revokedAt") == null) {
            java.util.UUID id = saved.uuid("key");
            // this node forgets the key at once; every other node within the 1 s cache lifetime
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keys.forget(id);
                }
            });
        }
    }

    @Override
    public void decorateCreated(Doc saved, Map<String, Object> rendered) {
        Object secret = saved.transients().get(SECRET);
        if (secret != null) {
            rendered.put(SECRET, secret);
        }
    }
}
