package app.clearmargin.links;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where clients reach the server: {@code clearmargin.public-url} ({@code CLEARMARGIN_PUBLIC_URL}), by
 * default {@code http://127.0.0.1:<port the server listens on>}. Read on every rendering, never stored
 * with a document, so links follow the configuration when it changes. A value that is not an absolute
 * http(s) URL stops the start. (The organization's read-only {@code publicBaseUrl} shows it too.)
 */
@Component
public class PublicBaseUrl {

    private final String configured;
    private final Environment environment;

    PublicBaseUrl(@Value("${clearmargin.public-url:}") @Nullable String configured, Environment environment) {
        this.configured = normalize(configured);
        this.environment = environment;
    }

    /** The base URL without a trailing slash. */
    public String get() {
        if (!configured.isEmpty()) {
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

    static String normalize(@Nullable String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return "";
        }
        try {
            URI uri = new URI(v);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new IllegalStateException(
                        "CLEARMARGIN_PUBLIC_URL must be an absolute http(s) URL without query or fragment, such as https://billing.example.com; got "
                                + v);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("CLEARMARGIN_PUBLIC_URL is not a URL: " + v, e);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }
}
