package app.clearmargin.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

    /** Holds the embedded server, when there is one, so that it stops after the pool has closed. */
    record DatabaseServer(Optional<EmbeddedDatabase> embedded, String url, String user, String password)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (embedded.isPresent()) {
                embedded.get().close();
            }
        }
    }

    @Bean
    DatabaseServer databaseServer(DatabaseSettings settings) {
        if (settings.embedded()) {
            EmbeddedDatabase db = EmbeddedDatabase.start(settings.dataDir().resolve("pg"));
            return new DatabaseServer(Optional.of(db), db.jdbcUrl(), "postgres", "");
        }
        return new DatabaseServer(Optional.empty(), settings.url(), settings.user(), settings.password());
    }

    @Bean
    DataSource dataSource(DatabaseServer server, DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("clearmargin");
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(4, settings.poolSize()));
        // Fail fast when the database is down: the request gets a 503 within seconds, not a hang.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(60_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "clearmargin");
        return new HikariDataSource(config);
    }
}
