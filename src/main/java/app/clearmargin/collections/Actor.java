package app.clearmargin.collections;

/** Who made a write: an API key (id and name), or the server itself for scheduled work. */
public record Actor(String apiKeyId, String name) {

    public static final Actor SYSTEM = new Actor(null, "system");
}
