package app.clearmargin.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} the server runs its own PostgreSQL under
 * {@code dataDir/pg}; otherwise it connects to the given server.
 */
@ConfigurationProperties("clearmargin.db")
record DatabaseSettings(String url, String user, String password, int poolSize, Path dataDir) {

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
