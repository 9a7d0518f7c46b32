package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.WebhookChecks.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.AppInstance;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * SSRF rules (API.md §5, §7): a server not in testing mode refuses loopback, private and link-local
 * targets — by address or by a name resolving to one — at registration (400 on {@code url}) and
 * again at every attempt ("target address not allowed", nothing sent); testing mode allows loopback
 * only. (Redirects: {@link DeliveryRetryTest}, since the production node here would refuse the
 * loopback receiver before any redirect.)
 */
class TargetRulesTest extends ApiTest {

    @Autowired
    DSLContext db;

    @Autowired
    WebhookSender testingNodeSender;

    /** A node started without testing mode, on the same database: production rules. */
    AppInstance production;

    Api productionApi;

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    @BeforeAll
    void startProductionNode() {
        production = AppInstance.start(Map.of("clearmargin.testing", "false"));
        productionApi = production.api(api.key());
    }

    @AfterAll
    void stopProductionNode() {
        production.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://127.8.9.10/hook",
                "https://localhost/hook",
                "https://[::1]/hook",
                "https://10.0.0.1/hook",
                "https://172.16.5.4/hook",
                "https://192.168.1.10/hook",
                "https://100.64.0.1/hook",
                "https://[fd00::1]/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[fe80::1]/hook",
                "https://0.0.0.0/hook",
                "https://[::ffff:10.0.0.1]/hook",
                "https://2130706433/hook",
                "https://127.1/hook",
                "https://[::]/hook",
                "https://[::127.0.0.1]/hook",
                "https://[64:ff9b::a00:1]/hook",
                "https://[64:ff9b::a9fe:a9fe]/hook",
                "https://[2002:c0a8:0101::1]/hook",
                "https://[fec0::1]/hook"
            })
    void productionRefusesInternalTargetsAtRegistration(String url) {
        Api.Response r = productionApi.post("/api/webhooks", Map.of("url", url, "events", List.of("*")));
        assertThat(r.status()).as("%s → %s", url, r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("ValidationError");
        assertThat(r.errorPaths()).containsExactly("url");
    }

    @Test
    void productionRefusesPlainHttpToTheLocalReceiver() {
        Api.Response r = productionApi.post("/api/webhooks", Map.of("url", receiver.url("x"), "events", List.of("*")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("url");
        assertThat(urlMessage(r))
                .as("names the settings that allow a local receiver")
                .contains("loopback address")
                .contains("CLEARMARGIN_TESTING=true")
                .contains("CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true");
    }

    /** The message of the ValidationError on {@code url}. */
    private static String urlMessage(Api.Response r) {
        return r.json()
                .path("errors")
                .path(0)
                .path("data")
                .path("errors")
                .path(0)
                .path("message")
                .asString();
    }

    @Test
    void aRefusedLoopbackOrPrivateTargetNamesTheSettingsThatAllowIt() {
        Api.Response loopback = productionApi.post(
                "/api/webhooks", Map.of("url", "https://localhost:8443/hook", "events", List.of("*")));
        assertThat(urlMessage(loopback))
                .contains("loopback address")
                .contains("CLEARMARGIN_TESTING=true")
                .contains("CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true");

        Api.Response privateNet =
                api.post("/api/webhooks", Map.of("url", "http://10.0.0.1/hook", "events", List.of("*")));
        assertThat(urlMessage(privateNet))
                .as("testing mode allows loopback only: private needs the self-hosted setting")
                .contains("private network address")
                .contains("CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true")
                .contains("CLEARMARGIN_TESTING=true allows loopback only");

        Api.Response metadata = api.post(
                "/api/webhooks", Map.of("url", "https://169.254.169.254/latest/meta-data", "events", List.of("*")));
        assertThat(urlMessage(metadata)).contains("never allowed").contains("public https URL");

        Api.Response plainHttp = productionApi.post(
                "/api/webhooks", Map.of("url", "http://hooks.example.com/hook", "events", List.of("*")));
        assertThat(urlMessage(plainHttp))
                .startsWith("This field must be an https URL")
                .contains("CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true");
    }

    @Test
    void productionRefusesChangingTheUrlToAnInternalTarget() {
        String id = productionApi
                .post(
                        "/api/webhooks?depth=0",
                        Map.of(
                                "url",
                                "https://hooks.example.com/clearmargin",
                                "events",
                                List.of("*"),
                                "enabled",
                                false))
                .doc()
                .get("id")
                .asString();
        Api.Response r = productionApi.patch("/api/webhooks/" + id, Map.of("url", "https://localhost/hook"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/hook"})
    void testingModeStillRefusesPrivateAndLinkLocalTargets(String url) {
        Api.Response r = api.post("/api/webhooks", Map.of("url", url, "events", List.of("*")));
        assertThat(r.status()).as("%s → %s", url, r).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com:99999/hook",
                "https://hooks.example.com:0/hook",
                "https://hooks.example.com:65536/hook",
                "https://203.0.113.10:70000/hook"
            })
    void urlWithAPortOutsideOneTo65535IsRefused(String url) {
        Api.Response r =
                productionApi.post("/api/webhooks", Map.of("url", url, "events", List.of("*"), "enabled", false));
        assertThat(r.status()).as("%s → %s", url, r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("ValidationError");
        assertThat(r.errorPaths()).containsExactly("url");
    }

    @Test
    void urlWithTheHighestPortIsAccepted() {
        Api.Response r = productionApi.post(
                "/api/webhooks?depth=0",
                Map.of("url", "https://hooks.example.com:65535/hook", "events", List.of("*"), "enabled", false));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void testingModeAllowsLoopback() {
        Api.Response r = api.post(
                "/api/webhooks?depth=0",
                Map.of("url", receiver.url("loopback"), "events", List.of("*"), "enabled", false));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    /**
     * A name can resolve differently at delivery time than at registration (DNS rebinding): the node
     * resolves again before every attempt. Here the production node is asked to deliver to
     * {@code localhost}, which the testing node delivers to without trouble.
     */
    @Test
    void productionRefusesATargetResolvingToLoopbackAtDeliveryTimeAndSendsNothing() {
        WebhookSender productionSender = production.bean(WebhookSender.class);
        String body =
                "{\"id\":\"evt_x\",\"event\":\"invoice_sent\",\"timestamp\":\"2026-03-02T09:00:00.000Z\",\"data\":{}}";
        String url = "http://localhost:" + receiver.port() + "/rebound";
        LeasedDelivery claimed = new LeasedDelivery(
                organization.id(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "invoice_sent",
                0,
                body,
                Instant.now(),
                url,
                "whsec_0123456789");

        Outcome refused = productionSender.send(claimed);

        assertThat(refused.success()).isFalse();
        assertThat(refused.error()).isEqualTo("target address not allowed");
        assertThat(refused.status()).isNull();
        assertThat(receiver.received("rebound")).isEmpty();
        Outcome allowed = testingNodeSender.send(claimed);
        assertThat(allowed.success())
                .as("the testing node reaches the same target: %s", allowed)
                .isTrue();
        assertThat(receiver.received("rebound")).hasSize(1);
        assertThat(receiver.received("rebound").getFirst().body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The whole path: an endpoint registered while its name pointed at a public address now points at
     * a private one (the stored URL is changed underneath, as DNS would). Every node refuses it, so
     * the recorded attempt fails with the refusal, whichever node made it.
     */
    @Test
    void aDeliveryToATargetThatNowResolvesToAPrivateAddressIsAFailedAttempt() {
        String webhookId =
                createId("webhooks", Map.of("url", receiver.url("public-once"), "events", List.of("invoice_sent")));
        db.update(DSL.table("webhooks"))
                .set(DSL.field("url"), "https://10.0.0.1/public-once")
                .where(DSL.field("organization_id").eq(organization.id()))
                .and(DSL.field("id").eq(Ids.parse("whk", webhookId).orElseThrow()))
                .execute();
        BillingScenario billing = new BillingScenario(api);
        billing.sentInvoice(billing.clientWithContact().clientId(), new BigDecimal("80.00"));

        eventually(Duration.ofSeconds(10), () -> {
            List<JsonNode> deliveries = WebhookChecks.deliveries(api, webhookId);
            assertThat(deliveries).hasSize(1);
            JsonNode d = deliveries.getFirst();
            assertThat(d.get("status").asString()).isEqualTo("retrying");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("error").asString()).isEqualTo("target address not allowed");
            assertThat(d.get("responseStatus").isNull()).isTrue();
        });
        assertThat(receiver.received("public-once")).isEmpty();
        api.patch("/api/webhooks/" + webhookId, Map.of("enabled", false));
    }
}
