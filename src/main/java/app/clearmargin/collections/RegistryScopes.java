package app.clearmargin.collections;

import app.clearmargin.auth.Scopes;
import org.springframework.stereotype.Component;

/**
 * Gives the scope vocabulary its resources: the scopes of the collection definitions, so that a new
 * collection has {@code <scope>:read} and {@code <scope>:write} (and is in the presets) without an edit
 * in {@code auth}. Runs while the context starts, before any request or key is issued.
 */
@Component
class RegistryScopes {

    RegistryScopes(Registry registry, Scopes scopes) {
        scopes.define(registry.scopeResources());
    }
}
