package app.clearmargin.apikeys;

import static app.clearmargin.collections.Fields.instant;
import static app.clearmargin.collections.Fields.integer;
import static app.clearmargin.collections.Fields.strings;
import static app.clearmargin.collections.Fields.text;

import app.clearmargin.auth.Scopes;
import app.clearmargin.collections.Collection;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** {@code /api/api-keys}: list, get, create (the secret shown once), PATCH name/limit, DELETE = revoke. */
@Configuration(proxyBeanMethods = false)
class ApiKeysResource {

    static final int DEFAULT_RATE_LIMIT = 100;

    @Bean
    Collection apiKeysCollection() {
        return Collection.define("api-keys")
                .singular("API Key")
                .idPrefix("key")
                .description("API keys of the organization (the secret is returned once, at creation)")
                .fields(
                        text("name", 1, 200).asRequired(),
                        strings("scopes", ApiKeysResource::scopes).asRequired().asCreateOnly(),
                        instant("expiresAt").asCreateOnly(),
                        integer("rateLimitPerMinute", 1, 1_000_000).withDefault((long) DEFAULT_RATE_LIMIT),
                        text("prefix").asReadOnly(),
                        instant("lastUsedAt").asReadOnly(),
                        instant("revokedAt").asReadOnly())
                .revokeOnDelete("revokedAt")
                .shownOnCreate("key", "The full key (sk_live_…), returned only in this response")
                .build();
    }

    /**
     * {@code "read_only"}, {@code ["read_only"]} or a list of scopes → the scopes as given, duplicates
     * dropped. Only their shape is checked here; {@link ApiKeyHooks} checks that they name known
     * resources and expands them (the vocabulary comes from every definition, this one included).
     */
    static List<String> scopes(JsonNode value) {
        List<String> requested = new ArrayList<>();
        if (value.isString()) {
            requested.add(value.stringValue());
        } else if (value.isArray() && !value.isEmpty()) {
            for (JsonNode n : value) {
                if (!n.isString()) {
                    throw new IllegalArgumentException("Scopes are strings such as \"clients:read\".");
                }
                requested.add(n.stringValue());
            }
        } else {
            throw new IllegalArgumentException(
                    "scopes must be a preset (\"read_only\", \"full_access\") or a list of scopes.");
        }
        for (String s : requested) {
            if (!Scopes.isWellFormed(s)) {
                throw ApiKeyHooks.unknownScope(s);
            }
        }
        return requested.stream().distinct().toList();
    }
}
