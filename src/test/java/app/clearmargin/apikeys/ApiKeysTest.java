package app.clearmargin.apikeys;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API.md §3 api-keys and §7 API keys: the secret once, the prefix, what PATCH may change, the limit's bounds. */
class ApiKeysTest extends ApiTest {

    @Test
    void secretIsShownOnceAtCreationAndItsPrefixIsItsFirstTwelveCharacters() {
        Api.Response created = api.post("/api/api-keys?depth=0", Map.of("name", "shown once", "scopes", "read_only"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("message").asString()).isEqualTo("API Key successfully created.");
        String key = created.doc().get("key").asString();
        String id = created.doc().get("id").asString();
        assertThat(key).matches("sk_live_[0-9A-Za-z]{32}");
        assertThat(id).matches("key_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(created.doc().get("prefix").asString()).isEqualTo(key.substring(0, 12));

        Api.Response fetched = api.get("/api/api-keys/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().has("key")).isFalse();
        assertThat(fetched.body()).doesNotContain(key);
        assertThat(fetched.json().get("prefix").asString()).isEqualTo(key.substring(0, 12));
        Api.Response listed = api.get("/api/api-keys?limit=100");
        assertThat(listed.body()).contains(id).doesNotContain(key);
        listed.json().get("docs").forEach(doc -> assertThat(doc.has("key")).isFalse());
        Api.Response patched = api.patch("/api/api-keys/" + id, Map.of("name", "renamed"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.doc().has("key")).isFalse();
        assertThat(patched.body()).doesNotContain(key);
    }

    @Test
    void patchChangesNameAndRateLimitOnly() {
        JsonNode created = create("api-keys", Map.of("name", "before", "scopes", List.of("clients:read")));
        String id = created.get("id").asString();

        Api.Response allowed = api.patch("/api/api-keys/" + id, Map.of("name", "after", "rateLimitPerMinute", 250));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.doc().get("name").asString()).isEqualTo("after");
        assertThat(allowed.doc().get("rateLimitPerMinute").asInt()).isEqualTo(250);

        assertRefusedPatch(id, Map.of("scopes", "full_access"), "scopes");
        assertRefusedPatch(
                id, Map.of("expiresAt", clock.instant().plus(Duration.ofDays(1)).toString()), "expiresAt");
        assertRefusedPatch(id, Map.of("prefix", "sk_live_XXXX"), "prefix");
        assertRefusedPatch(id, Map.of("revokedAt", clock.instant().toString()), "revokedAt");
        JsonNode stored = api.get("/api/api-keys/" + id).json();
        assertThat(stored.get("scopes").size()).isEqualTo(1);
        assertThat(stored.get("scopes").get(0).asString()).isEqualTo("clients:read");
        assertThat(stored.get("expiresAt").isNull()).isTrue();
        assertThat(stored.get("revokedAt").isNull()).isTrue();
        assertThat(stored.get("prefix").asString())
                .isEqualTo(created.get("prefix").asString());
    }

    @Test
    void rateLimitIsBoundedByTheOrganizationMaximumOfTenThousand() {
        Api.Response tooHigh = api.post(
                "/api/api-keys", Map.of("name", "greedy", "scopes", "read_only", "rateLimitPerMinute", 10_001));
        assertValidationError(tooHigh, "rateLimitPerMinute");

        JsonNode atMax =
                create("api-keys", Map.of("name", "at max", "scopes", "read_only", "rateLimitPerMinute", 10_000));
        assertThat(atMax.get("rateLimitPerMinute").asInt()).isEqualTo(10_000);
        assertThat(api.withKey(atMax.get("key").asString()).get("/api/clients").header("X-RateLimit-Limit"))
                .isEqualTo("10000");

        Api.Response patchedTooHigh =
                api.patch("/api/api-keys/" + atMax.get("id").asString(), Map.of("rateLimitPerMinute", 10_001));
        assertValidationError(patchedTooHigh, "rateLimitPerMinute");
        assertThat(api.get("/api/api-keys/" + atMax.get("id").asString())
                        .json()
                        .get("rateLimitPerMinute")
                        .asInt())
                .isEqualTo(10_000);
    }

    @Test
    void defaultRateLimitIsOneHundredPerMinute() {
        JsonNode created = create("api-keys", Map.of("name", "default limit", "scopes", "read_only"));

        assertThat(created.get("rateLimitPerMinute").asInt()).isEqualTo(100);
        assertThat(api.withKey(created.get("key").asString())
                        .get("/api/clients")
                        .header("X-RateLimit-Limit"))
                .isEqualTo("100");
    }

    @Test
    void keyThatWouldAlreadyBeExpiredIsRefused() {
        Api.Response r = api.post(
                "/api/api-keys",
                Map.of(
                        "name",
                        "stale",
                        "scopes",
                        "read_only",
                        "expiresAt",
                        clock.instant().minus(Duration.ofMinutes(5)).toString()));

        assertValidationError(r, "expiresAt");
    }

    private void assertRefusedPatch(String id, Map<String, ?> body, String path) {
        assertValidationError(api.patch("/api/api-keys/" + id, body), path);
    }

    private static void assertValidationError(Api.Response r, String path) {
        JsonNode error = assertError(r, 400);
        assertThat(error.get("name").asString()).isEqualTo("ValidationError");
        assertThat(r.errorPaths()).containsExactly(path);
    }
}
