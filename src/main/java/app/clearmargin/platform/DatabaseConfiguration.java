package app.clearmargin.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database and the pool. Every wait on the database is bounded, so that a database that hangs or is
 * gone turns into a 503 with Retry-After within 3 s instead of a request that hangs with it
 * (docs/operations.md, "Timeouts", says why each value).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

    /** Longest a request waits for a pooled connection: the 503 must come within 3 s. */
    static final Duration POOL_WAIT = Duration.ofSeconds(2);
    /**
     * Longest a liveness check of an idle pooled connection may take before it is replaced. Checked with a
     * test query, not JDBC4 isValid, whose whole-second timeout would make a frozen database's 503 take
     * the pool wait plus a full second.
     */
    static final Duration VALIDATION = Duration.ofMillis(500);
    /** TCP connect and the whole login of a new connection (made off the request path, by the pool). */
    static final Duration CONNECT = Duration.ofSeconds(2);

    static final Duration LOGIN = Duration.ofSeconds(3);
    /** A row or advisory lock waited on longer than this is contention gone wrong: 503, retry. */
    static final Duration LOCK = Duration.ofSeconds(2);
    /** A session idle inside a transaction this long holds locks for nothing: PostgreSQL ends it. */
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(10);
    /** The socket timeout exceeds the statement timeout so that a slow statement is cancelled cleanly by PostgreSQL. */
    static final Duration SOCKET_MARGIN = Duration.ofSeconds(1);

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
        config.setConnectionTimeout(POOL_WAIT.toMillis());
        config.setValidationTimeout(VALIDATION.toMillis());
        config.setConnectionTestQuery("SELECT 1");
        config.setInitializationFailTimeout(60_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "clearmargin");
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", Long.toString(LOGIN.toSeconds()));
        Duration statements = settings.statementTimeout() == null ? Duration.ZERO : settings.statementTimeout();
        if (statements.isPositive()) {
            // without it a frozen database holds a request for as long as it is frozen
            config.addDataSourceProperty(
                    "socketTimeout",
                    Long.toString(statements.plus(SOCKET_MARGIN).toSeconds()));
        }
        // session settings given at login: no extra round trip per connection (a URL that sets its
        // own "options" replaces these)
        config.addDataSourceProperty(
                "options",
                "-c statement_timeout=" + statements.toMillis()
                        + " -c lock_timeout=" + LOCK.toMillis()
                        + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
        return new HikariDataSource(config);
    }

    /**
     * Migrations run on their own connection without the serving pool's statement and socket timeouts: a
     * migration over millions of rows may rightly take minutes.
     */
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutRequestTimeouts(DatabaseServer server) {
        return configuration -> configuration.dataSource(server.url(), server.user(), server.password());
    }
}
