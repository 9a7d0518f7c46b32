package app.clearmargin.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A verified webhook delivery's body: {@code id} (evt_…), {@code event} (invoice_paid, ping, …), {@code timestamp}, {@code data}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookEvent(String id, String event, Instant timestamp, JsonNode data) {}
