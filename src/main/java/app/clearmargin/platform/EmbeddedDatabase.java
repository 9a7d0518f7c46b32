package app.clearmargin.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started and watched by the server itself when no external database is configured.
 *
 * <ul>
 *   <li>Durable: fsync, synchronous commit and full-page writes on (the embedded library's defaults are
 *       meant for unit tests and lose acknowledged commits when PostgreSQL is killed).
 *   <li>One owner: a lock file beside the data directory is held for the server's life, so a second
 *       server on the same directory is refused at start.
 *   <li>Restart after a crash: a postmaster left running by a server that was killed is shut down
 *       (fast, then wait) before ours starts; never two postmasters on one directory.
 *   <li>Supervised: if the postmaster dies while we serve, it is started again on the same port, so the
 *       connection pool reconnects by itself (bounded retries, each logged).
 * </ul>
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** First start may initialise a cluster; a restart may replay WAL after a crash. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private static final Duration ORPHAN_FAST_SHUTDOWN = Duration.ofSeconds(60);
    private static final Duration ORPHAN_IMMEDIATE_SHUTDOWN = Duration.ofSeconds(30);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);
    private static final int MAX_RESTART_ATTEMPTS = 8;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final Path dataDirectory;
    private final int port;
    private final FileChannel ownerLockFile;
    private final FileLock ownerLock;
    private final Thread watcher;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closing;

    private EmbeddedDatabase(
            Path dataDirectory, int port, FileChannel ownerLockFile, FileLock ownerLock, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.ownerLockFile = ownerLockFile;
        this.ownerLock = ownerLock;
        this.postgres = postgres;
        this.watcher =
                Thread.ofPlatform().daemon().name("embedded-postgres-watcher").unstarted(this::watch);
    }

    static EmbeddedDatabase start(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        @Nullable FileChannel lockFile = null;
        try {
            Files.createDirectories(dir);
            lockFile = FileChannel.open(
                    dir.resolveSibling(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                throw new IllegalStateException("Another Clearmargin server is using " + dir + " (its lock file "
                        + dir.getFileName() + ".lock is held). Stop it first, or set CLEARMARGIN_DATA_DIR.");
            }
            lockFile.truncate(0)
                    .write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"));
            stopOrphan(dir);
            boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
            int port = freePort();
            EmbeddedPostgres pg = launchOrExplainMissingBinaries(dir, port);
            log.info(
                    "Embedded PostgreSQL {} on port {} (data in {}; fsync, synchronous_commit and full_page_writes on)",
                    fresh ? "initialised" : "started",
                    port,
                    dir);
            EmbeddedDatabase db = new EmbeddedDatabase(dir, port, lockFile, lock, pg);
            db.watcher.start();
            return db;
        } catch (IOException e) {
            closeQuietly(lockFile);
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        synchronized (
                this) { // waits for a restart in progress, so that the PostgreSQL it starts is the one stopped here
            closing = true;
        }
        watcher.interrupt();
        try {
            postgres.close();
        } finally {
            ownerLock.release();
            ownerLockFile.close();
        }
    }

    /**
     * A jar carries the PostgreSQL binaries of the platform it was built on only (pom.xml's
     * embedded-postgres-* profiles); on another platform the library's bare "Missing embedded postgres
     * binaries" would leave the user guessing.
     */
    private static EmbeddedPostgres launchOrExplainMissingBinaries(Path dir, int port) throws IOException {
        try {
            return launch(dir, port);
        } catch (IllegalStateException e) {
            if (!"Missing embedded postgres binaries".equals(e.getMessage())) {
                throw e;
            }
            throw new IllegalStateException(
                    "This jar carries no embedded PostgreSQL for " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")
                            + ". Set CLEARMARGIN_DB_URL to an external PostgreSQL, or build the jar on this platform"
                            + " or with its profile, e.g. -P embedded-postgres-linux-arm64 (docs/operations.md,"
                            + " \"Building the jar\").",
                    e);
        }
    }

    private static EmbeddedPostgres launch(Path dir, int port) throws IOException {
        // The library locks this file per instance and releases it only in close(); an instance whose
        // postmaster died is abandoned, not closed (its pg_ctl stop would wait on a zombie). Our own
        // owner lock is what keeps a second server out, so the library's lock file is made anew.
        Files.deleteIfExists(dir.resolve("epg-lock"));
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                // the server closes it after the pool, in order; the library's own hook would stop
                // PostgreSQL while requests in flight are still being finished
                .setRegisterShutdownHook(false)
                .setLocaleConfig("locale", "C")
                // the library passes -F (fsync off) and synchronous_commit=off: every setting here
                // comes after them on the command line and wins
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "120")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("unix_socket_directories", "")
                .start();
    }

    /**
     * A postmaster still running on our directory belongs to a server that is gone (we hold the owner
     * lock): shut it down cleanly before ours starts. A dead or zombie one only leaves its lock file.
     */
    private static void stopOrphan(Path dir) throws IOException {
        var orphan = Postmaster.of(dir);
        if (orphan.isEmpty()) {
            return;
        }
        Postmaster pm = orphan.get();
        if (pm.running()) {
            log.warn(
                    "PostgreSQL (pid {}) is still running on {} although its server is gone: fast shutdown before starting",
                    pm.pid(),
                    dir);
            pm.requestFastShutdown();
            if (!pm.awaitExit(ORPHAN_FAST_SHUTDOWN)) {
                log.warn(
                        "PostgreSQL (pid {}) did not stop within {} s: immediate shutdown (crash recovery follows, no committed data is lost)",
                        pm.pid(),
                        ORPHAN_FAST_SHUTDOWN.toSeconds());
                pm.requestImmediateShutdown();
                if (!pm.awaitExit(ORPHAN_IMMEDIATE_SHUTDOWN)) {
                    throw new IllegalStateException("PostgreSQL (pid " + pm.pid() + ") on " + dir
                            + " does not stop; stop it by hand before starting the server");
                }
            }
            log.info("Orphaned PostgreSQL (pid {}) stopped", pm.pid());
        }
        pm.removeStalePidFile();
    }

    /** Restarts the postmaster when it dies (not when it is merely stopped or slow). */
    private void watch() {
        while (!closing) {
            try {
                Thread.sleep(WATCH_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            if (closing || Postmaster.of(dataDirectory).map(Postmaster::running).orElse(false)) {
                continue;
            }
            restart();
        }
    }

    private void restart() {
        log.error("Embedded PostgreSQL on port {} has stopped unexpectedly; starting it again", port);
        Duration backoff = Duration.ofMillis(250);
        for (int attempt = 1; attempt <= MAX_RESTART_ATTEMPTS && !closing; attempt++) {
            try {
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    // an earlier attempt's postmaster may have come up after its start timed out
                    stopOrphan(dataDirectory);
                    postgres = launch(dataDirectory, port);
                }
                log.warn(
                        "Embedded PostgreSQL restarted on port {} (attempt {} of {})",
                        port,
                        attempt,
                        MAX_RESTART_ATTEMPTS);
                return;
            } catch (IOException | RuntimeException e) {
                log.error(
                        "Embedded PostgreSQL restart attempt {} of {} failed: {}",
                        attempt,
                        MAX_RESTART_ATTEMPTS,
                        e.toString());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return; // the server is stopping
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        if (!closing) {
            log.error(
                    "Embedded PostgreSQL could not be restarted after {} attempts; requests answer 503 until the server is restarted",
                    MAX_RESTART_ATTEMPTS);
            closing = true; // stop watching: a human has to look at the data directory
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the start failed already; that failure is what the caller needs to see
            }
        }
    }
}
