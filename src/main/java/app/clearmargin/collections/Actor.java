package app.clearmargin.collections;

import org.jspecify.annotations.Nullable;

/**
 * Who made a write: an API key (id and name), the server itself for scheduled work, or the agency's
 * client through a document's private link, or a payment provider's event ({@code type} api_key, system,
 * client or stripe).
 */
public record Actor(@Nullable String apiKeyId, String name, String type) {

    public static final Actor SYSTEM = new Actor(null, "system");

    /** Stripe, through an event it sent (API.md §9). */
    public static final Actor STRIPE = new Actor(null, "stripe", "stripe");

    /** An API key's write, or the server's when {@code apiKeyId} is null. */
    public Actor(@Nullable String apiKeyId, String name) {
        this(apiKeyId, name, apiKeyId == null ? "system" : "api_key");
    }

    /** The client, by the name it gave on a document's page. */
    public static Actor client(String name) {
        return new Actor(null, name, "client");
    }
}
