package app.clearmargin.auth;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** API.md §1 Scopes: a valid key lacking the scope gets 403 naming the scope, and nothing happens. */
class ScopesTest extends ApiTest {

    private static final String FORBIDDEN = "You are not allowed to perform this action.";

    @Autowired
    Scopes vocabulary;

    @Autowired
    PresetExpansions presetExpansions;

    @Test
    void readOnlyKeyReadsButCannotCreateUpdateOrDelete() {
        Api readOnly = keyWith(List.of("read_only"), 1000);
        String clientId = createId("clients", Map.of("name", "Kept"));
        assertThat(readOnly.get("/api/clients").status()).isEqualTo(200);
        assertThat(readOnly.get("/api/clients/" + clientId).status()).isEqualTo(200);

        assertForbidden(readOnly.post("/api/clients", Map.of("name", "Read-only attempt")), "clients:write");
        assertForbidden(readOnly.patch("/api/clients/" + clientId, Map.of("name", "Renamed")), "clients:write");
        assertForbidden(readOnly.delete("/api/clients/" + clientId), "clients:write");

        assertThat(countClientsNamed("Read-only attempt")).isZero();
        assertThat(api.get("/api/clients/" + clientId).json().get("name").asString())
                .isEqualTo("Kept");
    }

    @Test
    void readScopeOfOneResourceDoesNotReachAnother() {
        Api clientsReader = keyWith(List.of("clients:read"), 1000);

        assertThat(clientsReader.get("/api/clients").status()).isEqualTo(200);
        assertForbidden(clientsReader.get("/api/projects"), "projects:read");
        assertForbidden(clientsReader.get("/api/invoices/count"), "invoices:read");
        assertForbidden(clientsReader.post("/api/clients", Map.of("name", "x")), "clients:write");
    }

    @Test
    void writeScopeImpliesReadOfTheSameResourceOnly() {
        Api clientsWriter = keyWith(List.of("clients:write"), 1000);

        assertThat(clientsWriter.get("/api/clients").status()).isEqualTo(200);
        assertThat(clientsWriter
                        .post("/api/clients?depth=0", Map.of("name", "Written"))
                        .status())
                .isEqualTo(201);
        assertForbidden(clientsWriter.get("/api/projects"), "projects:read");
    }

    @Test
    void platformReadsNeedTheirDocumentedScopes() {
        Api clientsOnly = keyWith(List.of("clients:write"), 1000);

        assertForbidden(clientsOnly.get("/api/organization"), "organization:read");
        assertForbidden(clientsOnly.get("/api/audit-log"), "organization:read");
        assertForbidden(clientsOnly.get("/api/events"), "webhooks:read");
        assertForbidden(clientsOnly.get("/api/api-keys"), "api-keys:read");
    }

    @Test
    void presetsExpandToTheFullListInResponses() {
        JsonNode readOnly = create("api-keys", Map.of("name", "ro", "scopes", "read_only"));
        JsonNode readOnlyList = create("api-keys", Map.of("name", "ro list", "scopes", List.of("read_only")));
        JsonNode full = create("api-keys", Map.of("name", "full", "scopes", "full_access"));
        JsonNode explicit =
                create("api-keys", Map.of("name", "explicit", "scopes", List.of("projects:write", "clients:read")));

        assertThat(scopes(readOnly))
                .isEqualTo(vocabulary.readOnly())
                .allMatch(s -> s.endsWith(":read"))
                .contains("clients:read", "webhooks:read", "api-keys:read", "organization:read");
        assertThat(scopes(readOnlyList)).isEqualTo(scopes(readOnly));
        assertThat(scopes(full))
                .isEqualTo(vocabulary.fullAccess())
                .hasSize(2 * vocabulary.resources().size());
        assertThat(scopes(explicit)).containsExactly("clients:read", "projects:write");
        JsonNode stored =
                api.get("/api/api-keys/" + readOnly.get("id").asString()).json();
        assertThat(scopes(stored)).isEqualTo(vocabulary.readOnly());
    }

    @Test
    void theResourcesAreTheCollectionScopesInTheirLongstandingOrderThenOrganization() {
        assertThat(vocabulary.resources())
                .containsExactly(
                        "clients",
                        "contacts",
                        "projects",
                        "members",
                        "time-entries",
                        "transactions",
                        "catalog-items",
                        "milestones",
                        "calendar-events",
                        "invoices",
                        "proposals",
                        "payments",
                        "receipts",
                        "payment-schedules",
                        "webhooks",
                        "api-keys",
                        "organization");
        assertThat(Scopes.of(List.of("webhooks", "tags", "clients", "organization", "tags"))
                        .resources())
                .as("a new resource follows the known ones in registry order, organization stays last")
                .containsExactly("clients", "webhooks", "tags", "organization");
    }

    @Test
    void aPresetIsStoredAsGivenAndListedExpanded() {
        JsonNode full = create("api-keys", Map.of("name", "stored as given", "scopes", "full_access"));
        JsonNode mixed = create("api-keys", Map.of("name", "mixed", "scopes", List.of("read_only", "webhooks:write")));

        assertThat(grants(full.get("id").asString())).containsExactly("full_access");
        assertThat(grants(mixed.get("id").asString())).containsExactly("read_only", "webhooks:write");
        List<String> readsAndWebhooks = new java.util.ArrayList<>(vocabulary.readOnly());
        readsAndWebhooks.add("webhooks:write");
        assertThat(scopes(mixed)).containsExactlyInAnyOrderElementsOf(readsAndWebhooks);
        assertThat(scopes(api.get("/api/api-keys/" + mixed.get("id").asString()).json()))
                .isEqualTo(scopes(mixed));
    }

    @Test
    void theListedScopesOfPresetKeysFollowTheResourcesAtStartUp() {
        String id = create("api-keys", Map.of("name", "listed before a resource was removed", "scopes", "read_only"))
                .get("id")
                .asString();
        sql("UPDATE api_keys SET scopes = ARRAY['clients:read'] WHERE grants = ARRAY['read_only'] AND name = "
                + "'listed before a resource was removed'");
        assertThat(scopes(api.get("/api/api-keys/" + id).json())).containsExactly("clients:read");

        assertThat(presetExpansions.refresh()).isPositive();

        assertThat(scopes(api.get("/api/api-keys/" + id).json())).isEqualTo(vocabulary.readOnly());
        assertThat(presetExpansions.refresh()).as("nothing left to change").isZero();
    }

    @Test
    void aKeyWrittenWithoutGrantsByThePreviousVersionIsCheckedAgainstItsListedScopes() {
        String key = tx.execute(s -> keys.issue(
                        organization.id(), "written by an old node", List.of("clients:read"), null, 1000, false))
                .key();
        sql("UPDATE api_keys SET grants = NULL WHERE name = 'written by an old node'");
        Api oldNodesKey = api.withKey(key);

        assertThat(oldNodesKey.get("/api/clients").status()).isEqualTo(200);
        assertForbidden(oldNodesKey.get("/api/projects"), "projects:read");
    }

    @Test
    void anUnknownScopeIsAValidationErrorAtScopes() {
        for (Object scopes :
                List.of(List.of("tagz:read"), List.of("clients:fly"), "everything", List.of("clients:read", ":read"))) {
            Api.Response r = api.post("/api/api-keys", Map.of("name", "unknown", "scopes", scopes));
            assertThat(r.status()).as("%s → %s", scopes, r).isEqualTo(400);
            assertThat(r.body()).contains("scopes").contains("Unknown scope");
        }
    }

    @Test
    void aKeyListingEveryScopeCannotHandOutAPresetThatGrowsWithNewResources() {
        Api everyScopeOneByOne = keyWith(vocabulary.fullAccess(), 1000);

        assertForbidden(
                everyScopeOneByOne.post("/api/api-keys", Map.of("name", "grows", "scopes", "full_access")),
                "full_access");
        assertForbidden(
                everyScopeOneByOne.post("/api/api-keys", Map.of("name", "grows", "scopes", "read_only")), "read_only");
        Api.Response fixed = everyScopeOneByOne.post(
                "/api/api-keys?depth=0", Map.of("name", "fixed", "scopes", vocabulary.readOnly()));
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(grants(fixed.doc().get("id").asString())).isEqualTo(vocabulary.readOnly());
    }

    @Test
    void expandedPresetGrantsWhatItLists() {
        String key = create("api-keys", Map.of("name", "ro works", "scopes", "read_only"))
                .get("key")
                .asString();
        Api readOnly = api.withKey(key);

        for (String resource : List.of("clients", "invoices", "time-entries", "webhooks", "api-keys")) {
            assertThat(readOnly.get("/api/" + resource).status()).as(resource).isEqualTo(200);
        }
        assertThat(readOnly.get("/api/organization").status()).isEqualTo(200);
        assertForbidden(readOnly.patch("/api/organization", Map.of("name", "Renamed")), "organization:write");
    }

    @Test
    void keyCannotCreateAKeyWithAScopeItLacks() {
        Api keyAdmin = keyWith(List.of("api-keys:write", "clients:read"), 1000);

        assertForbidden(
                keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", List.of("clients:write"))),
                "clients:write");
        assertForbidden(keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", "full_access")), null);
        assertForbidden(keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", "read_only")), null);
        assertThat(api.get("/api/api-keys/count" + Api.q("where[name][equals]", "escalated"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .isZero();

        Api.Response narrower =
                keyAdmin.post("/api/api-keys?depth=0", Map.of("name", "narrower", "scopes", List.of("clients:read")));
        assertThat(narrower.status()).isEqualTo(201);
        assertThat(scopes(narrower.doc())).containsExactly("clients:read");
        assertThat(api.withKey(narrower.doc().get("key").asString())
                        .get("/api/clients")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void apiKeysWriteKeyCannotRevokeOrSlowDownAFullAccessKey() {
        Api keyAdmin = keyWith(List.of("api-keys:write", "clients:read"), 1000);
        JsonNode full = create("api-keys", Map.of("name", "the admin", "scopes", "full_access"));
        String fullId = full.get("id").asString();

        assertForbidden(keyAdmin.patch("/api/api-keys/" + fullId, Map.of("rateLimitPerMinute", 1)), null);
        assertForbidden(keyAdmin.patch("/api/api-keys/" + fullId, Map.of("name", "renamed")), null);
        assertForbidden(keyAdmin.delete("/api/api-keys/" + fullId), null);

        JsonNode stored = api.get("/api/api-keys/" + fullId).json();
        assertThat(stored.get("revokedAt").isNull()).isTrue();
        assertThat(stored.get("rateLimitPerMinute").asInt()).isEqualTo(100);
        assertThat(stored.get("name").asString()).isEqualTo("the admin");
        assertThat(api.withKey(full.get("key").asString()).get("/api/clients").status())
                .isEqualTo(200);
    }

    @Test
    void apiKeysWriteKeyChangesAndRevokesKeysWhoseScopesItHolds() {
        Api keyAdmin = keyWith(List.of("api-keys:write", "clients:read"), 1000);
        String narrower = create("api-keys", Map.of("name", "narrower", "scopes", List.of("clients:read")))
                .get("id")
                .asString();

        assertThat(keyAdmin.patch("/api/api-keys/" + narrower, Map.of("rateLimitPerMinute", 5))
                        .status())
                .isEqualTo(200);
        assertThat(keyAdmin.delete("/api/api-keys/" + narrower).status()).isEqualTo(200);
        assertThat(api.get("/api/api-keys/" + narrower).json().get("revokedAt").isNull())
                .isFalse();
    }

    @Test
    void testingEndpointsNeedAFullAccessKey() {
        List<String> allButOne = vocabulary.fullAccess().stream()
                .filter(s -> !s.equals("organization:write"))
                .toList();
        for (Api lesser : List.of(keyWith(List.of("read_only"), 1000), keyWith(allButOne, 1000))) {
            assertForbidden(lesser.post("/api/testing/clock", Map.of("now", "2020-01-01T00:00:00Z")), "full_access");
            assertForbidden(lesser.post("/api/testing/run-jobs", Map.of()), "full_access");
        }
        assertThat(api.get("/api/organization").status()).isEqualTo(200);
        Api.Response reset = api.send("POST", "/api/testing/clock", "{\"now\":null}", "application/json");
        assertThat(reset.status()).as("%s", reset).isEqualTo(200);
        assertThat(reset.json().get("shifted").asBoolean()).isFalse();
    }

    /** The stored grants of a key (not rendered: what requests are checked against). */
    private List<String> grants(String publicId) {
        java.util.UUID id = app.clearmargin.shared.Ids.parse("key", publicId).orElseThrow();
        try (var c = app.clearmargin.support.TestDatabase.get().connect();
                var ps = c.prepareStatement("SELECT grants FROM api_keys WHERE id = ?")) {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return List.of((String[]) rs.getArray(1).getArray());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) {
        try (var c = app.clearmargin.support.TestDatabase.get().connect();
                var s = c.createStatement()) {
            s.execute(statement);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int countClientsNamed(String name) {
        return api.get("/api/clients/count" + Api.q("where[name][equals]", name))
                .json()
                .get("totalDocs")
                .asInt();
    }

    private static List<String> scopes(JsonNode key) {
        List<String> out = new java.util.ArrayList<>();
        key.get("scopes").forEach(s -> out.add(s.asString()));
        return out;
    }

    /** 403 with the standard message; {@code scope}, when given, is the missing scope named in data. */
    private static void assertForbidden(Api.Response r, String scope) {
        JsonNode error = assertError(r, 403, FORBIDDEN);
        assertThat(error.path("data").path("requiredScope").isString())
                .as("missing scope in %s", r)
                .isTrue();
        if (scope != null) {
            assertThat(error.get("data").get("requiredScope").asString()).isEqualTo(scope);
        }
        assertThat(r.header("X-RateLimit-Limit"))
                .as("a 403 still counts against the limit")
                .isNotNull();
    }
}
