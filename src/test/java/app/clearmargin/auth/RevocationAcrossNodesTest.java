package app.clearmargin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.ExtraNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * API.md §3 api-keys: "DELETE revokes (immediate, on every node)". The node that revokes forgets the
 * key at once; every other node within its one-second key cache.
 */
class RevocationAcrossNodesTest extends ApiTest {

    private ExtraNode otherNode;

    @BeforeAll
    void startSecondNode() {
        otherNode = ExtraNode.start(Map.of());
    }

    @AfterAll
    void stopSecondNode() {
        if (otherNode != null) {
            otherNode.close();
        }
    }

    @Test
    void revokedKeyIsRefusedByThisNodeAtOnceAndByEveryOtherNodeWithinOneSecond() throws InterruptedException {
        JsonNode created = create("api-keys", Map.of("name", "revoked across nodes", "scopes", "read_only"));
        String key = created.get("key").asString();
        Api thisNode = api.withKey(key);
        Api other = otherNode.api(key);
        // both nodes have the key in their cache now
        assertThat(thisNode.get("/api/clients").status()).isEqualTo(200);
        assertThat(other.get("/api/clients").status()).isEqualTo(200);

        long revokedAt = System.nanoTime();
        assertThat(api.delete("/api/api-keys/" + created.get("id").asString()).status())
                .isEqualTo(200);

        assertThat(thisNode.get("/api/clients").status())
                .as("the revoking node, at once")
                .isEqualTo(401);
        long refusedAfterMillis = -1;
        while ((System.nanoTime() - revokedAt) / 1_000_000 < 3_000) {
            if (other.get("/api/clients").status() == 401) {
                refusedAfterMillis = (System.nanoTime() - revokedAt) / 1_000_000;
                break;
            }
            Thread.sleep(25);
        }
        assertThat(refusedAfterMillis)
                .as("ms until the other node refused the revoked key")
                .isBetween(0L, 1_500L);
        assertThat(other.get("/api/clients").status()).isEqualTo(401);
        assertThat(other.withKey(null)
                        .withHeader("x-api-key", key)
                        .get("/api/clients")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void keyIssuedOnOneNodeWorksOnAnother() {
        String key = create("api-keys", Map.of("name", "issued here", "scopes", "read_only"))
                .get("key")
                .asString();

        assertThat(otherNode.api(key).get("/api/clients").status()).isEqualTo(200);
    }
}
