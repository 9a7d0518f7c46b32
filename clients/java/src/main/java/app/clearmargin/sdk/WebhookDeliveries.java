package app.clearmargin.sdk;

import app.clearmargin.sdk.model.WebhookDelivery;

/** {@code /api/webhook-deliveries}: a cursor-paged log, and {@code redeliver}. */
public final class WebhookDeliveries extends LogResource<WebhookDelivery> {

    WebhookDeliveries(Transport transport) {
        super(transport, "webhook-deliveries", WebhookDelivery.class, d -> String.valueOf(d.id()));
    }

    /** {@code POST /webhook-deliveries/:id/redeliver}. */
    public WebhookDelivery redeliver(String id) {
        return action(id, "redeliver", null, RequestOptions.none(), WebhookDelivery.class).doc();
    }
}
