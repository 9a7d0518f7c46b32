package app.clearmargin.platform;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} the server runs its own PostgreSQL under
 * {@code dataDir/pg}; otherwise it connects to the given server. {@code statementTimeout} bounds every
 * statement of the serving pool (zero: none, for the admin CLI's bulk loads).
 */
@ConfigurationProperties("clearmargin.db")
record DatabaseSettings(
        String url, String user, String password, int poolSize, Path dataDir, Duration statementTimeout) {

    boolean embedded() {
        return url == null || url.isBlank();
    }
}
