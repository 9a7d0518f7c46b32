package app.clearmargin.platform;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ExtraNode;
import app.clearmargin.tenancy.Organizations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests that run a server on its own embedded PostgreSQL (as the README's command starts
 * it) in a temporary data directory, with an organization and a full-access key whose rate limit no
 * test reaches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmbeddedDatabaseApiTest {

    @TempDir
    static Path dataDir;

    protected ExtraNode node;
    protected Api api;
    /** The embedded PostgreSQL's data directory, absolute as its postmaster.pid names it. */
    protected Path pgDir;

    @BeforeAll
    void startNodeWithEmbeddedDatabase() {
        node = ExtraNode.start(Map.of(
                "clearmargin.db.url",
                "",
                "clearmargin.db.data-dir",
                dataDir.toString(),
                "clearmargin.db.pool-size",
                "20"));
        String name = getClass().getSimpleName();
        var org = node.bean(Organizations.class).create(name, "USD", "UTC", false);
        api = node.api(node.bean(ApiKeys.class)
                .issue(org.id(), name, List.of(Scopes.FULL_ACCESS), null, 1_000_000, false)
                .key());
        pgDir = dataDir.resolve("pg").toAbsolutePath();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }
}
