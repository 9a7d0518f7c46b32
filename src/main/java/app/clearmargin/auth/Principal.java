package app.clearmargin.auth;

import app.clearmargin.shared.ApiException;
import java.util.Set;
import java.util.UUID;

/**
 * The API key a request is made with. Bound for the request by the {@link AuthFilter}.
 *
 * @param scopes the scopes as stored, presets included: a preset is expanded when it is checked
 *     ({@link Scopes#allows}), so a key sees resources added after it was issued
 */
public record Principal(UUID keyId, String keyName, UUID organizationId, Set<String> scopes, int rateLimitPerMinute) {

    static final ScopedValue<Principal> CURRENT = ScopedValue.newInstance();

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    public static Principal current() {
        if (!CURRENT.isBound()) {
            throw new IllegalStateException("no API key bound to this request");
        }
        return CURRENT.get();
    }

    public static boolean isBound() {
        return CURRENT.isBound();
    }

    public String publicKeyId() {
        return app.clearmargin.shared.Ids.format("key", keyId);
    }

    /** Throws 403 unless this key may read {@code resource}. */
    public void requireRead(String resource) {
        require(Scopes.read(resource));
    }

    /** Throws 403 unless this key may write {@code resource}. */
    public void requireWrite(String resource) {
        require(Scopes.write(resource));
    }

    /** Throws 403 naming {@code full_access} unless this key holds the {@code full_access} preset. */
    public void requireFullAccess() {
        require(Scopes.FULL_ACCESS);
    }

    public void require(String scope) {
        if (!Scopes.allows(scopes, scope)) {
            throw ApiException.forbidden(scope);
        }
    }

    public boolean allows(String scope) {
        return Scopes.allows(scopes, scope);
    }
}
