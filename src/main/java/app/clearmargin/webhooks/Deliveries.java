package app.clearmargin.webhooks;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Webhook deliveries, as other packages see them: {@link #runDue()} runs every due delivery now (the
 * testing endpoint run-jobs). Inside the package: the {@link DeliveryLoop} of each node dispatches
 * outbox events into deliveries ({@link OutboxDispatcher}), leases due ones ({@link DeliveryClaimer})
 * and hands them to its {@link EndpointSenders}, which send them per endpoint and record every attempt.
 */
@Component
public class Deliveries {

    private final DeliveryLoop loop;
    private final DeliveryClaimer claimer;
    private final EndpointSenders senders;

    Deliveries(DeliveryLoop loop, DeliveryClaimer claimer, EndpointSenders senders) {
        this.loop = loop;
        this.claimer = claimer;
        this.senders = senders;
    }

    /**
     * Dispatches the outbox and attempts every due delivery, returning when those attempts (and any
     * already in flight on this node) are written.
     */
    public void runDue() {
        loop.runDue();
    }

    /**
     * Writes a ping delivery for one webhook, leased to this node (the webhook's test action, inside
     * its transaction); {@link #sendPing} attempts it once that has committed.
     */
    LeasedDelivery preparePing(UUID org, UUID webhookId, String url, String secret) {
        return claimer.leasePing(org, webhookId, url, secret);
    }

    /**
     * Attempts a prepared ping now and records it, outside any transaction: the endpoint may take the
     * whole timeout to answer. (Should this node die first, the ping's lease expires and it is sent as
     * any other due delivery.)
     */
    void sendPing(LeasedDelivery ping) {
        senders.sendNow(ping);
    }
}
