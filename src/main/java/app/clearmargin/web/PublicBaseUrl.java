package app.clearmargin.web;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The address clients reach this server at, for the links on documents and in e-mails (API.md §8):
 * {@code CLEARMARGIN_PUBLIC_URL} ({@code clearmargin.public-url}), without a trailing slash; unset, the
 * loopback address and the port this server listens on. A value that is not an absolute http(s) URL
 * stops the start.
 */
@Component
public class PublicBaseUrl {

    private final String configured;
    private final Environment environment;

    PublicBaseUrl(@Value("${clearmargin.public-url:}") String configured, Environment environment) {
        this.configured = normalize(configured);
        this.environment = environment;
    }

    /** {@code https://billing.example.com} or, by default, {@code http://127.0.0.1:<port>}. */
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port;
    }

    static String normalize(String value) {
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
