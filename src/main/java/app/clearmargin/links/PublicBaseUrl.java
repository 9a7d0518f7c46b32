package app.clearmargin.links;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where clients reach the server: {@code clearmargin.public-url} ({@code CLEARMARGIN_PUBLIC_URL}), by
 * default {@code http://127.0.0.1:<port the server listens on>}. Read on every rendering, never stored
 * with a document, so links follow the configuration when it changes.
 */
@Component
public class PublicBaseUrl {

    private final @Nullable String configured;
    private final Environment environment;

    PublicBaseUrl(@Value("${clearmargin.public-url:}") @Nullable String configured, Environment environment) {
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.strip());
        this.environment = environment;
    }

    /** The base URL without a trailing slash. */
    public String get() {
        if (configured != null) {
            return configured;
        }
        // the port actually bound (a random one in tests), known once the server has started
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port;
    }

    /** {@code <base>/c/<token>}. */
    public String linkTo(String token) {
        return get() + "/c/" + token;
    }

    private static String stripSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
