package app.clearmargin.auth;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API.md §1 Scopes: a valid key lacking the scope gets 403 naming the scope, and nothing happens. */
class ScopesTest extends ApiTest {

    private static final String FORBIDDEN = "You are not allowed to perform this action.";

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
        assertThat(api.get("/api/clients/" + clientId).json().get("name").asString()).isEqualTo("Kept");
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
        assertThat(clientsWriter.post("/api/clients?depth=0", Map.of("name", "Written")).status()).isEqualTo(201);
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
        JsonNode explicit = create("api-keys", Map.of("name", "explicit", "scopes", List.of("projects:write", "clients:read")));

        assertThat(scopes(readOnly)).isEqualTo(Scopes.readOnly()).allMatch(s -> s.endsWith(":read"))
                .contains("clients:read", "webhooks:read", "api-keys:read", "organization:read");
        assertThat(scopes(readOnlyList)).isEqualTo(scopes(readOnly));
        assertThat(scopes(full)).isEqualTo(Scopes.fullAccess()).hasSize(2 * Scopes.RESOURCES.size());
        assertThat(scopes(explicit)).containsExactly("clients:read", "projects:write");
        JsonNode stored = api.get("/api/api-keys/" + readOnly.get("id").asString()).json();
        assertThat(scopes(stored)).isEqualTo(Scopes.readOnly());
    }

    @Test
    void expandedPresetGrantsWhatItLists() {
        String key = create("api-keys", Map.of("name", "ro works", "scopes", "read_only")).get("key").asString();
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

        assertForbidden(keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", List.of("clients:write"))),
                "clients:write");
        assertForbidden(keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", "full_access")), null);
        assertForbidden(keyAdmin.post("/api/api-keys", Map.of("name", "escalated", "scopes", "read_only")), null);
        assertThat(api.get("/api/api-keys/count" + Api.q("where[name][equals]", "escalated")).json().get("totalDocs").asInt())
                .isZero();

        Api.Response narrower = keyAdmin.post("/api/api-keys?depth=0", Map.of("name", "narrower", "scopes", List.of("clients:read")));
        assertThat(narrower.status()).isEqualTo(201);
        assertThat(scopes(narrower.doc())).containsExactly("clients:read");
        assertThat(api.withKey(narrower.doc().get("key").asString()).get("/api/clients").status()).isEqualTo(200);
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
        assertThat(api.withKey(full.get("key").asString()).get("/api/clients").status()).isEqualTo(200);
    }

    @Test
    void apiKeysWriteKeyChangesAndRevokesKeysWhoseScopesItHolds() {
        Api keyAdmin = keyWith(List.of("api-keys:write", "clients:read"), 1000);
        String narrower = create("api-keys", Map.of("name", "narrower", "scopes", List.of("clients:read"))).get("id").asString();

        assertThat(keyAdmin.patch("/api/api-keys/" + narrower, Map.of("rateLimitPerMinute", 5)).status()).isEqualTo(200);
        assertThat(keyAdmin.delete("/api/api-keys/" + narrower).status()).isEqualTo(200);
        assertThat(api.get("/api/api-keys/" + narrower).json().get("revokedAt").isNull()).isFalse();
    }

    @Test
    void testingEndpointsNeedAFullAccessKey() {
        List<String> allButOne = Scopes.fullAccess().stream().filter(s -> !s.equals("organization:write")).toList();
        for (Api lesser : List.of(keyWith(List.of("read_only"), 1000), keyWith(allButOne, 1000))) {
            assertForbidden(lesser.post("/api/testing/clock", Map.of("now", "2020-01-01T00:00:00Z")), "full_access");
            assertForbidden(lesser.post("/api/testing/run-jobs", Map.of()), "full_access");
        }
        assertThat(api.get("/api/organization").status()).isEqualTo(200);
        Api.Response reset = api.send("POST", "/api/testing/clock", "{\"now\":null}", "application/json");
        assertThat(reset.status()).as("%s", reset).isEqualTo(200);
        assertThat(reset.json().get("shifted").asBoolean()).isFalse();
    }

    private int countClientsNamed(String name) {
        return api.get("/api/clients/count" + Api.q("where[name][equals]", name)).json().get("totalDocs").asInt();
    }

    private static List<String> scopes(JsonNode key) {
        List<String> out = new java.util.ArrayList<>();
        key.get("scopes").forEach(s -> out.add(s.asString()));
        return out;
    }

    /** 403 with the standard message; {@code scope}, when given, is the missing scope named in data. */
    private static void assertForbidden(Api.Response r, String scope) {
        JsonNode error = assertError(r, 403, FORBIDDEN);
        assertThat(error.path("data").path("requiredScope").isString()).as("missing scope in %s", r).isTrue();
        if (scope != null) {
            assertThat(error.get("data").get("requiredScope").asString()).isEqualTo(scope);
        }
        assertThat(r.header("X-RateLimit-Limit")).as("a 403 still counts against the limit").isNotNull();
    }
}
