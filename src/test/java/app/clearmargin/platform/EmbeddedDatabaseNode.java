package app.clearmargin.platform;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.tenancy.Organizations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A server on its own embedded PostgreSQL (as the README's command starts it) in {@code dataDir}, with an
 * organization and a full-access key whose rate limit no test reaches.
 */
record EmbeddedDatabaseNode(ExtraNode node, Api api, Path pgDir) implements AutoCloseable {

    static EmbeddedDatabaseNode start(Path dataDir, String organization) {
        ExtraNode node = ExtraNode.start(Map.of("clearmargin.db.url", "", "clearmargin.db.data-dir", dataDir.toString(),
                "clearmargin.db.pool-size", "20"));
        var org = node.bean(Organizations.class).create(organization, "USD", "UTC", false);
        String key = node.bean(ApiKeys.class).issue(org.id(), organization, List.of(Scopes.FULL_ACCESS), null, 1_000_000, false)
                .key();
        return new EmbeddedDatabaseNode(node, node.api(key), dataDir.resolve("pg").toAbsolutePath());
    }

    <T> T bean(Class<T> type) {
        return node.bean(type);
    }

    @Override
    public void close() {
        node.close();
    }
}
