package app.clearmargin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.WebhookReceiver;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * API.md §5, §7 (SSRF): a DNS server can answer a public address when the target is checked and a
 * loopback one a moment later (DNS rebinding). The sender resolves a target once per connection and
 * connects to exactly the address it checked, so a production node never reaches loopback.
 */
class DnsRebindingTest {

    private static final String BODY =
            "{\"id\":\"evt_x\",\"event\":\"invoice_sent\",\"timestamp\":\"2026-03-02T09:00:00.000Z\",\"data\":{}}";

    @AutoClose
    private final WebhookReceiver loopbackReceiver = WebhookReceiver.start();

    /** Answers {@code answers} in turn (the last one from then on), recording every question. */
    private static final class RebindingResolver implements HostResolver {
        private final List<InetAddress> answers;
        private final AtomicInteger asked = new AtomicInteger();
        final List<String> questions = new ArrayList<>();

        RebindingResolver(InetAddress... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public synchronized List<InetAddress> resolve(String host) {
            questions.add(host);
            return List.of(answers.get(Math.min(asked.getAndIncrement(), answers.size() - 1)));
        }
    }

    private static WebhookSender productionSender(HostResolver resolver) {
        return new WebhookSender(new TargetGuard(false, false), resolver, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    private LeasedDelivery deliveryTo(String host, String path) {
        return new LeasedDelivery(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "invoice_sent",
                0,
                BODY,
                Instant.now(),
                "http://" + host + ":" + loopbackReceiver.port() + "/" + path,
                "whsec_0123456789");
    }

    @Test
    void aNameAnsweringPublicThenLoopbackIsNeverDeliveredToLoopback() throws Exception {
        RebindingResolver resolver =
                new RebindingResolver(InetAddress.getByName("192.0.2.10"), InetAddress.getLoopbackAddress());

        Outcome outcome = productionSender(resolver).send(deliveryTo("localhost", "rebound"));

        assertThat(outcome.success()).as("%s", outcome).isFalse();
        assertThat(loopbackReceiver.received("rebound"))
                .as("nothing reached loopback")
                .isEmpty();
        assertThat(resolver.questions)
                .as("one resolution: the address checked is the address connected to")
                .containsExactly("localhost");
    }

    /** A name no DNS server knows reaches the receiver only through the address the resolver gave the guard. */
    @Test
    void theConnectionGoesToTheCheckedAddressAndTheRequestStillNamesTheHost() throws Exception {
        RebindingResolver resolver = new RebindingResolver(InetAddress.getLoopbackAddress());
        WebhookSender testingSender =
                new WebhookSender(new TargetGuard(true, false), resolver, Clock.systemUTC(), Duration.ofSeconds(1));

        Outcome outcome = testingSender.send(deliveryTo("receiver.invalid", "pinned"));

        assertThat(outcome.success()).as("%s", outcome).isTrue();
        assertThat(loopbackReceiver.received("pinned")).hasSize(1);
        assertThat(loopbackReceiver.received("pinned").getFirst().header("Host"))
                .isEqualTo("receiver.invalid:" + loopbackReceiver.port());
        assertThat(resolver.questions).containsExactly("receiver.invalid");
    }

    @Test
    void aNameAnsweringLoopbackIsRefusedAndNothingIsSent() throws Exception {
        RebindingResolver resolver = new RebindingResolver(InetAddress.getLoopbackAddress());

        Outcome outcome = productionSender(resolver).send(deliveryTo("localhost", "refused"));

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.error()).isEqualTo(TargetGuard.REFUSED_MESSAGE);
        assertThat(outcome.status()).isNull();
        assertThat(loopbackReceiver.received("refused")).isEmpty();
    }
}
