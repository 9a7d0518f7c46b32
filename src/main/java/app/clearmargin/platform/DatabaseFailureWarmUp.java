package app.clearmargin.platform;

import java.util.List;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the database-failure path once at start, before any request: a statement that fails inside a
 * transaction initialises Spring's SQL error-code tables (an XML file read from the jar) and jOOQ's
 * exception translator, and the exceptions a lost connection raises are loaded.
 *
 * <p>Why: the first failure otherwise does that on every request thread at once. In the packaged jar,
 * virtual threads that load classes through the nested-jar class loader pin their carriers while they
 * wait for its lock (spring-projects/spring-boot#51463, open); with as many waiters as carriers the
 * holder never runs again. Seen in bench/failover.sh: after the primary was killed every request hung.
 */
@Component
class DatabaseFailureWarmUp implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFailureWarmUp.class);
    private static final List<String> FAILURE_CLASSES = List.of(
            "org.springframework.transaction.TransactionSystemException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "org.springframework.jdbc.CannotGetJdbcConnectionException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.QueryTimeoutException",
            "org.springframework.dao.CannotAcquireLockException",
            "org.springframework.dao.TransientDataAccessResourceException",
            "org.postgresql.util.PSQLException",
            "org.postgresql.util.PSQLState",
            "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection",
            "java.sql.SQLTransientConnectionException");

    private final DSLContext db;
    private final TransactionTemplate tx;

    DatabaseFailureWarmUp(DSLContext db, TransactionTemplate tx) {
        this.db = db;
        this.tx = tx;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            tx.executeWithoutResult(status -> db.execute("select 1 / 0"));
            log.warn("the warm-up statement did not fail");
        } catch (DataAccessException expected) {
            log.debug("database failure path warmed up: {}", expected.getClass().getSimpleName());
        }
        ClassLoader loader = getClass().getClassLoader();
        for (String name : FAILURE_CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("not preloaded: {}", name);
            }
        }
    }
}
