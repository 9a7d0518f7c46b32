package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API.md §6 admin CLI, run as operators run it: a separate JVM with the application's main class,
 * configured by the environment only. Success prints JSON on stdout and exits 0; bad arguments exit 2
 * with the reason on stderr and nothing on stdout.
 */
class AdminCliTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            return JSON.readTree(stdout);
        }
    }

    @Test
    void orgCreatePrintsTheOrganizationAndAWorkingFullAccessKey() {
        Run run = cli("org", "create", "--name", "CLI Agency", "--currency", "EUR", "--timezone", "Europe/Berlin");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode out = run.json();
        JsonNode org = out.get("organization");
        assertThat(org.get("id").asString()).matches("org_[0-9a-z]{26}");
        assertThat(org.get("name").asString()).isEqualTo("CLI Agency");
        assertThat(org.get("currency").asString()).isEqualTo("EUR");
        assertThat(org.get("timezone").asString()).isEqualTo("Europe/Berlin");
        String key = out.get("apiKey").asString();
        assertThat(key).matches("sk_live_[0-9A-Za-z]{32}");
        Api.Response seen = api.withKey(key).get("/api/organization");
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("id").asString()).isEqualTo(org.get("id").asString());
        assertThat(api.withKey(key)
                        .post("/api/clients?depth=0", Map.of("name", "Made with the CLI key"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void keyCreatePrintsAWorkingKeyWithTheGivenScopesAndLimit() {
        Run run = cli(
                "key",
                "create",
                "--org",
                organization.publicId(),
                "--name",
                "ci",
                "--scopes",
                "clients:read,projects:write",
                "--rate-limit",
                "500");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode out = run.json();
        String key = out.get("apiKey").asString();
        assertThat(key).matches("sk_live_[0-9A-Za-z]{32}");
        Api cliKey = api.withKey(key);
        Api.Response read = cliKey.get("/api/clients");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("X-RateLimit-Limit")).isEqualTo("500");
        assertThat(cliKey.get("/api/projects").status()).isEqualTo(200);
        assertThat(cliKey.post("/api/clients", Map.of("name", "Not allowed")).status())
                .isEqualTo(403);
        JsonNode listed = api.get("/api/api-keys/" + out.get("id").asString()).json();
        assertThat(listed.get("name").asString()).isEqualTo("ci");
        assertThat(listed.get("prefix").asString()).isEqualTo(key.substring(0, 12));
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhatIsWrong() {
        assertRefused(cli("org"), "unknown command");
        assertRefused(cli("org", "create"), "needs --name");
        assertRefused(cli("org", "create", "--name"), "--name needs a value");
        assertRefused(cli("org", "create", "--name", "X", "--colour", "red"), "unknown option --colour");
        assertRefused(cli("key", "create", "--org", organization.publicId(), "--name", "ci"), "needs --scopes");
        assertRefused(
                cli(
                        "key",
                        "create",
                        "--org",
                        organization.publicId(),
                        "--name",
                        "ci",
                        "--scopes",
                        "read_only",
                        "--rate-limit",
                        "ten"),
                "--rate-limit must be a non-negative integer");
    }

    @Test
    void unknownOrMalformedOrganizationExitsWithTwo() {
        String unknown = new Ids(Clock.systemUTC()).newId("org");
        assertRefused(
                cli("key", "create", "--org", unknown, "--name", "ci", "--scopes", "read_only"),
                "no organization " + unknown);
        assertRefused(
                cli("key", "create", "--org", "acme", "--name", "ci", "--scopes", "read_only"),
                "--org must be an organization id");
    }

    @Test
    void unknownScopeExitsWithTwo() {
        assertRefused(
                cli(
                        "key",
                        "create",
                        "--org",
                        organization.publicId(),
                        "--name",
                        "ci",
                        "--scopes",
                        "clients:read,clients:fly"),
                "--scopes must be");
    }

    @Test
    void reencryptSecretsMovesEveryStoredSecretToTheCurrentKey() throws Exception {
        TestOrg connected = newOrganization("CLI rotation");
        Api.Response connect = connected
                .api()
                .patch(
                        "/api/organization",
                        Map.of(
                                "stripe",
                                Map.of(
                                        "secretKey", "sk_test_CliRotation000000000001234",
                                        "webhookSecret", "whsec_CliRotation0000000000")));
        assertThat(connect.status()).as(connect.toString()).isEqualTo(200);
        String serverKey = ApiTest.SECRETS_KEY;
        String newKey = java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));

        Run rotated = cli(
                Map.of("CLEARMARGIN_SECRETS_KEY", newKey, "CLEARMARGIN_SECRETS_PREVIOUS_KEYS", serverKey),
                "reencrypt-secrets");
        assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
        assertThat(rotated.json().get("stripeAccountsReencrypted").asInt()).isPositive();
        assertThat(storedKeyIds(connected)).containsOnly(keyId(newKey));

        // and back, so the test server (which knows only its own key) reads every account again
        Run back = cli(
                Map.of("CLEARMARGIN_SECRETS_KEY", serverKey, "CLEARMARGIN_SECRETS_PREVIOUS_KEYS", newKey),
                "reencrypt-secrets");
        assertThat(back.exitCode()).as(back.stderr()).isZero();
        assertThat(storedKeyIds(connected)).containsOnly(keyId(serverKey));
        assertThat(connected
                        .api()
                        .get("/api/organization")
                        .json()
                        .get("stripe")
                        .get("keyLast4")
                        .asString())
                .isEqualTo("1234");

        Run keyless = cli(Map.of("CLEARMARGIN_SECRETS_KEY", ""), "reencrypt-secrets");
        assertThat(keyless.exitCode()).isEqualTo(1);
        assertThat(keyless.stderr()).contains("CLEARMARGIN_SECRETS_KEY");
    }

    /** The key ids (bytes 2–9) of the organization's two stored secrets, hex. */
    private List<String> storedKeyIds(TestOrg org) throws java.sql.SQLException {
        TestDatabase db = TestDatabase.get();
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
                var s = c.prepareStatement("SELECT encode(substring(secret_key from 2 for 8), 'hex'),"
                        + " encode(substring(webhook_secret from 2 for 8), 'hex')"
                        + " FROM stripe_accounts WHERE organization_id = ?")) {
            s.setObject(1, org.organization().id());
            try (var r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return List.of(r.getString(1), r.getString(2));
            }
        }
    }

    private static String keyId(String base64Key) throws java.security.NoSuchAlgorithmException {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getDecoder().decode(base64Key));
        return java.util.HexFormat.of().formatHex(digest, 0, 8);
    }

    private static void assertRefused(Run run, String reason) {
        assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("error: ").contains(reason);
        assertThat(run.stdout()).as("stdout carries only a result").isBlank();
    }

    /** Runs the jar's main class in a new JVM on the test class path, configured like an operator would. */
    private static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    private static Run cli(Map<String, String> extraEnv, String... args) {
        TestDatabase db = TestDatabase.get();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-XX:TieredStopAtLevel=1"); // a short-lived JVM: start fast rather than optimise
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("app.clearmargin.Clearmargin");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("CLEARMARGIN_DB_URL", db.url());
        env.put("CLEARMARGIN_DB_USER", db.user());
        env.put("CLEARMARGIN_DB_PASSWORD", db.password());
        env.putAll(extraEnv);
        try {
            Path stdout = Files.createTempFile("cli-out", ".txt");
            Path stderr = Files.createTempFile("cli-err", ".txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not exit within 3 minutes: " + String.join(" ", args));
            }
            Run run = new Run(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            return run;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
