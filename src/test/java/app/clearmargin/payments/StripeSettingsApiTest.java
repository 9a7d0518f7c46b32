package app.clearmargin.payments;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.AppInstance;
import app.clearmargin.support.LogCapture;
import app.clearmargin.tenancy.Tenant;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code PATCH /api/organization {"stripe": …}} (API.md §9): write-only keys stored encrypted, the view
 * responses show, disconnecting, validation, and that no secret ever leaves the server.
 */
class StripeSettingsApiTest extends ApiTest {

    private static final String SECRET_KEY = "sk_test_51LeakNeedleSecretKeyZq8Wx7Vu6Ts5Rr4242";
    private static final String WEBHOOK_SECRET = "whsec_LeakNeedleWebhookSecretAb12Cd34Ef56";

    @Autowired
    StripeAccounts accounts;

    @Autowired
    DSLContext db;

    @Autowired
    Clock clock;

    private static Map<String, Object> stripe(Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("stripe", value);
        return body;
    }

    private static Map<String, Object> keys(String secretKey, String webhookSecret) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("secretKey", secretKey);
        keys.put("webhookSecret", webhookSecret);
        return keys;
    }

    @Test
    void connectingShowsTheModeAndLastFourAndTheSecretsDecryptForTheBoundOrganizationOnly() {
        TestOrg own = newOrganization("Stripe connect");
        assertThat(own.api().get("/api/organization").json().get("stripe").toString())
                .isEqualTo("{\"connected\":false}");

        Api.Response connected = own.api().patch("/api/organization", stripe(keys(SECRET_KEY, WEBHOOK_SECRET)));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(connected.doc().get("stripe").toString())
                .isEqualTo("{\"connected\":true,\"mode\":\"test\",\"keyLast4\":\"4242\"}");
        assertThat(own.api().get("/api/organization").json().get("stripe"))
                .isEqualTo(connected.doc().get("stripe"));

        Optional<StripeCredentials> credentials = credentialsOf(own);
        assertThat(credentials).contains(new StripeCredentials(SECRET_KEY, WEBHOOK_SECRET, "test"));
        assertThat(credentials.orElseThrow().toString()).doesNotContain("LeakNeedle");
        assertThat(credentialsOf(newOrganization("Stripe other"))).isEmpty();

        // stored encrypted: the table holds neither secret
        String stored = db.select(DSL.field("secret_key::text || webhook_secret::text"))
                .from("stripe_accounts")
                .fetch()
                .toString();
        assertThat(stored).doesNotContain("LeakNeedle").doesNotContain(hex("LeakNeedle"));
    }

    @Test
    void eitherSecretAloneUpdatesAConnectionAndNullDisconnects() {
        TestOrg own = newOrganization("Stripe update");
        Api api = own.api();
        assertThat(api.patch("/api/organization", stripe(keys(SECRET_KEY, WEBHOOK_SECRET)))
                        .status())
                .isEqualTo(200);

        Api.Response live =
                api.patch("/api/organization", stripe(Map.of("secretKey", "rk_live_RestrictedKey0000000000009876")));
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        assertThat(live.doc().get("stripe").toString())
                .isEqualTo("{\"connected\":true,\"mode\":\"live\",\"keyLast4\":\"9876\"}");
        assertThat(credentialsOf(own))
                .contains(new StripeCredentials("rk_live_RestrictedKey0000000000009876", WEBHOOK_SECRET, "live"));

        assertThat(api.patch("/api/organization", stripe(Map.of("webhookSecret", "whsec_Rotated000000000000")))
                        .status())
                .isEqualTo(200);
        assertThat(credentialsOf(own).orElseThrow().webhookSecret()).isEqualTo("whsec_Rotated000000000000");

        Api.Response disconnected = api.patch("/api/organization", stripe(null));
        assertThat(disconnected.status()).as(disconnected.toString()).isEqualTo(200);
        assertThat(disconnected.doc().get("stripe").toString()).isEqualTo("{\"connected\":false}");
        assertThat(credentialsOf(own)).isEmpty();
    }

    @Test
    void aFirstConnectNeedsBothSecretsAndMalformedOnesAreRefusedNamingTheField() {
        TestOrg own = newOrganization("Stripe invalid");
        Api api = own.api();
        Api.Response one = api.patch("/api/organization", stripe(Map.of("secretKey", SECRET_KEY)));
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.errorPaths()).containsExactly("stripe.webhookSecret");

        Api.Response publishable = api.patch(
                "/api/organization", stripe(keys("pk_test_LeakNeedlePublishable0000", "LeakNeedleNotAWebhook")));
        assertThat(publishable.status()).isEqualTo(400);
        assertThat(publishable.errorName()).isEqualTo("ValidationError");
        assertThat(publishable.errorPaths()).containsExactlyInAnyOrder("stripe.secretKey", "stripe.webhookSecret");
        assertThat(publishable.body()).contains("sk_test_").contains("whsec_").doesNotContain("LeakNeedle");

        Map<String, Object> wrongTypes = new HashMap<>();
        wrongTypes.put("secretKey", 42);
        wrongTypes.put("webhookSecret", null);
        wrongTypes.put("publishableKey", "pk_test_x");
        Api.Response typed = api.patch("/api/organization", stripe(wrongTypes));
        assertThat(typed.errorPaths())
                .containsExactlyInAnyOrder("stripe.secretKey", "stripe.webhookSecret", "stripe.publishableKey");
        assertThat(api.patch("/api/organization", stripe("sk_test_x")).errorPaths())
                .containsExactly("stripe");

        // a refused change leaves everything as it was, other settings included
        Map<String, Object> mixed = stripe(keys("sk_test_short", WEBHOOK_SECRET));
        mixed.put("name", "Renamed with a bad key");
        assertThat(api.patch("/api/organization", mixed).status()).isEqualTo(400);
        JsonNode org = api.get("/api/organization").json();
        assertThat(org.get("stripe").get("connected").asBoolean()).isFalse();
        assertThat(org.get("name").asString()).isNotEqualTo("Renamed with a bad key");
    }

    @Test
    void theSecretsNeverAppearInResponsesAuditEntriesOrLogs() {
        TestOrg own = newOrganization("Stripe leaks");
        Api api = own.api();
        List<String> needles = List.of(
                SECRET_KEY, WEBHOOK_SECRET, "LeakNeedle", SECRET_KEY.substring(8, 30), WEBHOOK_SECRET.substring(6));
        List<String> seen = new ArrayList<>();
        List<String> logged;
        LogCapture logs = LogCapture.start();
        try {
            Api.Response connect = api.patch("/api/organization", stripe(keys(SECRET_KEY, WEBHOOK_SECRET)));
            assertThat(connect.status()).isEqualTo(200);
            seen.add(connect.body());
            seen.add(api.get("/api/organization").body());
            seen.add(api.patch("/api/organization", stripe(keys(SECRET_KEY + "!", WEBHOOK_SECRET + " ")))
                    .body());
            seen.add(api.patch(
                            "/api/organization", stripe(keys(SECRET_KEY.replace("sk_", "pk_"), "x" + WEBHOOK_SECRET)))
                    .body());
            seen.add(api.patch("/api/organization", stripe(Map.of("secretKey", List.of(SECRET_KEY))))
                    .body());
            seen.add(api.patch("/api/organization", stripe(Map.of("secretKey", Map.of("value", SECRET_KEY))))
                    .body());
            Api.Response unquoted = api.send(
                    "PATCH",
                    "/api/organization",
                    "{\"stripe\": {\"secretKey\": " + SECRET_KEY + ", \"webhookSecret\": \"" + WEBHOOK_SECRET + "\"}}",
                    "application/json");
            assertThat(unquoted.status()).isEqualTo(400);
            assertThat(unquoted.errorMessage()).startsWith("The request body is not valid JSON: Unrecognized token");
            seen.add(unquoted.body());
            Map<String, Object> unknown = new HashMap<>(keys(SECRET_KEY, WEBHOOK_SECRET));
            unknown.put("extra", SECRET_KEY);
            seen.add(api.patch("/api/organization", stripe(unknown)).body());
            seen.add(api.patch("/api/organization", stripe(Map.of("webhookSecret", "whsec_Replaced0000000000")))
                    .body());
            seen.add(api.patch("/api/organization", stripe(null)).body());
            seen.add(api.get("/api/audit-log" + Api.q("limit", 100, "depth", 0)).body());
            seen.add(api.get("/api/audit-log" + Api.q("limit", 100, "depth", 2)).body());
            seen.add(api.get("/api/events" + Api.q("limit", 100)).body());
            logged = logs.lines();
        } finally {
            logs.close();
        }
        seen.addAll(logged);
        assertThat(logged).as("the log capture saw the requests").isNotEmpty();
        for (String text : seen) {
            for (String needle : needles) {
                assertThat(text).as("a response, audit entry or log line").doesNotContain(needle);
            }
        }

        // the audit entries show the view of the connection, not its secrets
        JsonNode audit =
                api.get("/api/audit-log" + Api.q("limit", 100, "depth", 0)).json();
        assertThat(audit.get("docs").toString()).contains("keyLast4").contains("connected");
    }

    @Test
    void withoutASecretsKeyConnectingIsRefusedNamingTheVariable() {
        TestOrg own = newOrganization("Stripe no key");
        try (AppInstance keyless =
                AppInstance.start(Map.of("clearmargin.secrets.key", "", "clearmargin.secrets.previous-keys", ""))) {
            Api api = keyless.api(own.api().key());
            assertThat(api.get("/api/organization")
                            .json()
                            .get("stripe")
                            .get("connected")
                            .asBoolean())
                    .isFalse();
            Api.Response refused = api.patch("/api/organization", stripe(keys(SECRET_KEY, WEBHOOK_SECRET)));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.errorName()).isEqualTo("Conflict");
            assertThat(refused.errorMessage()).contains("CLEARMARGIN_SECRETS_KEY");
            assertThat(refused.body()).doesNotContain("LeakNeedle");
            // shapes are still checked first, and disconnecting needs no key
            assertThat(api.patch("/api/organization", stripe(keys("sk_x", WEBHOOK_SECRET)))
                            .status())
                    .isEqualTo(400);
            assertThat(api.patch("/api/organization", stripe(null)).status()).isEqualTo(200);
        }
    }

    @Test
    void aMalformedSecretsKeyStopsTheStartNamingTheVariable() {
        String malformed = "LeakNeedleNotBase64Key";
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                AppInstance.start(Map.of("clearmargin.secrets.key", malformed)).close());
        assertThat(failure).isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertThat(String.join("\n", messages))
                .contains("CLEARMARGIN_SECRETS_KEY must be the base64 of 32 random bytes")
                .doesNotContain(malformed);
    }

    @Test
    void reencryptingAfterARotationMovesEverySecretToTheNewKeyAndThePreviousKeyStillDecrypts() {
        TestOrg own = newOrganization("Stripe rotation");
        assertThat(own.api()
                        .patch("/api/organization", stripe(keys(SECRET_KEY, WEBHOOK_SECRET)))
                        .status())
                .isEqualTo(200);
        byte[] oldKey = Base64.getDecoder().decode(ApiTest.SECRETS_KEY);
        byte[] newKey = new byte[32];
        new SecureRandom().nextBytes(newKey);
        StripeAccounts rotated = new StripeAccounts(db, new SecretBox(newKey, List.of(oldKey)), clock);
        StripeAccounts newOnly = new StripeAccounts(db, new SecretBox(newKey, List.of()), clock);
        Tenant tenant = new Tenant(own.organization().id());
        // rolled back: the other tests' accounts stay under the test server's key
        tx.executeWithoutResult(s -> {
            assertThat(tenant.call(rotated::credentials))
                    .as("the previous key still decrypts")
                    .contains(new StripeCredentials(SECRET_KEY, WEBHOOK_SECRET, "test"));
            assertThat(rotated.reencryptAll()).isPositive();
            assertThat(rotated.reencryptAll())
                    .as("nothing left under the old key")
                    .isZero();
            assertThat(tenant.call(newOnly::credentials))
                    .contains(new StripeCredentials(SECRET_KEY, WEBHOOK_SECRET, "test"));
            s.setRollbackOnly();
        });
        assertThat(credentialsOf(own)).contains(new StripeCredentials(SECRET_KEY, WEBHOOK_SECRET, "test"));
    }

    private Optional<StripeCredentials> credentialsOf(TestOrg org) {
        return new Tenant(org.organization().id()).call(accounts::credentials);
    }

    private static String hex(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
