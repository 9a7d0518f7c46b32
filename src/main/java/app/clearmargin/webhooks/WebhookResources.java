package app.clearmargin.webhooks;

import static app.clearmargin.collections.Fields.*;

import app.clearmargin.collections.Action;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Operation;
import app.clearmargin.events.EventTypes;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** {@code /api/webhooks} and {@code /api/webhook-deliveries} (API.md §3, §5). */
@Configuration(proxyBeanMethods = false)
class WebhookResources {

    @Bean
    Collection webhooksCollection() {
        return Collection.define("webhooks")
                .singular("Webhook")
                .idPrefix("whk")
                .description("Endpoints that receive signed event deliveries")
                .fields(
                        text("url", 1, 2000).asRequired(),
                        strings("events", WebhookResources::events).asRequired(),
                        text("secret", 8, 200).asWriteOnly(),
                        bool("enabled").withDefault(true),
                        text("description", 0, 500),
                        integer("consecutiveFailures", 0, Integer.MAX_VALUE)
                                .asReadOnly()
                                .withDefault(0L),
                        instant("lastSuccessAt").asReadOnly(),
                        instant("lastFailureAt").asReadOnly(),
                        text("disabledReason").asReadOnly())
                .shownOnCreate("secret", "The signing secret (whsec_…), returned only here and by rotate-secret")
                .action(Action.named("rotate-secret", "webhooks")
                        .summarized("Rotate the signing secret of a webhook")
                        .showingOnce("secret"))
                .action(Action.named("test", "webhooks")
                        .summarized("Send a test ping to a webhook")
                        .creating("webhook-deliveries"))
                .action(Action.named("redeliver-failed", "webhooks")
                        .summarized("Redeliver the failed deliveries of a webhook")
                        .accepting(WebhookActions.REDELIVER_FAILED)
                        .countingIn("queued"))
                .build();
    }

    @Bean
    Collection webhookDeliveriesCollection() {
        return Collection.define("webhook-deliveries")
                .singular("Webhook Delivery")
                .idPrefix("whd")
                .scope("webhooks")
                .description("Every delivery of an event to a webhook, with its attempts")
                .fields(
                        historyRef("webhook", "webhooks").asReadOnly(),
                        historyRef("event", "events").asReadOnly(),
                        text("eventType").asReadOnly(),
                        choice("status", "pending", "succeeded", "failed", "retrying")
                                .asReadOnly(),
                        integer("attempts", 0, Integer.MAX_VALUE).asReadOnly().withDefault(0L),
                        instant("lastAttemptAt").asReadOnly(),
                        instant("nextAttemptAt").asReadOnly(),
                        integer("responseStatus", 0, 999).asReadOnly(),
                        text("responseBody").asReadOnly(),
                        text("error").asReadOnly(),
                        integer("durationMs", 0, Integer.MAX_VALUE).asReadOnly())
                .operations(Operation.LIST, Operation.READ)
                .cursorPaging()
                .action(Action.named("redeliver", "webhooks").summarized("Redeliver a webhook delivery"))
                .build();
    }

    /** Event names of API.md §5, or {@code ["*"]} for all of them. */
    static List<String> events(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            throw new IllegalArgumentException("events must be a non-empty list of event names, or [\"*\"].");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : value) {
            if (!n.isString() || !(n.stringValue().equals("*") || EventTypes.ALL.contains(n.stringValue()))) {
                throw new IllegalArgumentException(
                        "Unknown event " + n + "; known events: " + String.join(", ", EventTypes.ALL) + " (or \"*\").");
            }
            if (!out.contains(n.stringValue())) {
                out.add(n.stringValue());
            }
        }
        return out.contains("*") ? List.of("*") : out;
    }
}
