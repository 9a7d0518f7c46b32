package app.clearmargin.auth;

import static app.clearmargin.support.ErrorBodies.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API.md §1 Authentication: every way a request can fail to present a usable key answers the same 401. */
class AuthenticationTest extends ApiTest {

    private static final String EXACT_401_BODY = "{\"errors\":[{\"message\":\"Missing or invalid API key.\"}]}";

    @Test
    void validKeyIsAcceptedViaBearerAndViaXApiKey() {
        assertThat(api.get("/api/clients").status()).isEqualTo(200);
        assertThat(viaXApiKey(api.key()).get("/api/clients").status()).isEqualTo(200);
    }

    @Test
    void requestWithoutAnyKeyIsUnauthorized() {
        assertUnauthorized(anonymous().get("/api/clients"));
        assertUnauthorized(anonymous().post("/api/clients", Map.of("name", "Nobody")));
    }

    @Test
    void emptyOrGarbageBearerTokenIsUnauthorized() {
        for (String authorization : List.of(
                "Bearer ",
                "Bearer",
                "Bearer not-a-key",
                "Bearer sk_live_short",
                "Bearer " + api.key() + "x",
                "Bearer " + api.key().substring(0, 39),
                api.key())) {
            assertUnauthorized(
                    anonymous().withHeader("Authorization", authorization).get("/api/clients"));
        }
        for (String xApiKey : List.of("", "garbage", api.key() + " extra")) {
            assertUnauthorized(viaXApiKey(xApiKey).get("/api/clients"));
        }
    }

    @Test
    void anotherAuthorizationSchemeIsUnauthorizedEvenWhenItCarriesAValidKey() {
        assertUnauthorized(
                anonymous().withHeader("Authorization", "Basic dXNlcjpwYXNz").get("/api/clients"));
        assertUnauthorized(
                anonymous().withHeader("Authorization", "Token " + api.key()).get("/api/clients"));
    }

    @Test
    void unknownWellFormedKeyIsUnauthorizedViaBearerAndViaXApiKey() {
        String unknown = "sk_live_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6";
        assertUnauthorized(api.withKey(unknown).get("/api/clients"));
        assertUnauthorized(viaXApiKey(unknown).get("/api/clients"));
    }

    @Test
    void expiredKeyIsUnauthorizedViaBearerAndViaXApiKey() {
        String expired = tx.execute(s -> keys.issue(
                        organization.id(),
                        "expired",
                        List.of(Scopes.FULL_ACCESS),
                        clock.instant().minus(Duration.ofMinutes(1)),
                        100,
                        false))
                .key();

        assertUnauthorized(api.withKey(expired).get("/api/clients"));
        assertUnauthorized(viaXApiKey(expired).get("/api/clients"));
    }

    @Test
    void keyIsUnauthorizedOnceTheClockPassesItsExpiry() {
        Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
        String key = tx.execute(s ->
                        keys.issue(organization.id(), "expiring", List.of(Scopes.FULL_ACCESS), inAnHour, 100, false))
                .key();
        assertThat(api.withKey(key).get("/api/clients").status()).isEqualTo(200);

        clock.set(inAnHour.plusSeconds(1));

        assertUnauthorized(api.withKey(key).get("/api/clients"));
        assertUnauthorized(viaXApiKey(key).get("/api/clients"));
    }

    @Test
    void revokedKeyIsUnauthorizedAtOnceViaBearerAndViaXApiKey() {
        JsonNode created = create("api-keys", Map.of("name", "to revoke", "scopes", "read_only"));
        String key = created.get("key").asString();
        assertThat(api.withKey(key).get("/api/clients").status()).isEqualTo(200);
        assertThat(viaXApiKey(key).get("/api/clients").status()).isEqualTo(200);

        Api.Response revoked = api.delete("/api/api-keys/" + created.get("id").asString());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.doc().get("revokedAt").isString()).isTrue();
        assertUnauthorized(api.withKey(key).get("/api/clients"));
        assertUnauthorized(viaXApiKey(key).get("/api/clients"));
    }

    @Test
    void unauthorizedRequestStillGetsItsRequestIdEchoed() {
        Api.Response r = anonymous().withHeader("X-Request-Id", "trace-401.a_b").get("/api/clients");

        assertUnauthorized(r);
        assertThat(r.header("X-Request-Id")).isEqualTo("trace-401.a_b");
    }

    private Api anonymous() {
        return api.withKey(null);
    }

    private Api viaXApiKey(String key) {
        return api.withKey(null).withHeader("x-api-key", key);
    }

    /** Exactly the 401 body of API.md §1, and no rate-limit headers (§7: a 401 takes no token). */
    private static void assertUnauthorized(Api.Response r) {
        assertError(r, 401, "Missing or invalid API key.");
        assertThat(r.body()).isEqualTo(EXACT_401_BODY);
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-ratelimit"));
    }
}
