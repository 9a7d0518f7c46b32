package app.clearmargin.collections;

import org.jspecify.annotations.Nullable;

/** Who made a write: an API key (id and name), or the server itself for scheduled work. */
public record Actor(@Nullable String apiKeyId, String name) {

    public static final Actor SYSTEM = new Actor(null, "system");
}
