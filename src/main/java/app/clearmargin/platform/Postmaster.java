package app.clearmargin.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL server process that owns a data directory, as its {@code postmaster.pid} names it.
 *
 * <p>"Running" means alive and not a zombie: where the machine's init process does not reap orphans
 * (many containers), a killed postmaster stays a zombie forever, and PostgreSQL itself would then take
 * the stale lock file for a live server and refuse to start.
 */
record Postmaster(long pid, Path dataDirectory) {

    private static final Duration POLL = Duration.ofMillis(100);

    /** The postmaster named in {@code dataDirectory/postmaster.pid}, if the file exists. */
    static Optional<Postmaster> of(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(pidFile(dataDirectory));
            if (lines.isEmpty() || lines.getFirst().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Postmaster(Long.parseLong(lines.getFirst().trim()), dataDirectory));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // PostgreSQL writes the file in one go; an unreadable one is treated as absent and
            // PostgreSQL's own interlock (shared memory in use) still guards the directory.
            return Optional.empty();
        }
    }

    static Path pidFile(Path dataDirectory) {
        return dataDirectory.resolve("postmaster.pid");
    }

    /** Alive and not a zombie. A stopped (SIGSTOP) postmaster is running: it must never get a twin. */
    boolean running() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        return !zombie() && isPostgres(process.get());
    }

    /** Asks for a fast shutdown (SIGINT: running transactions are rolled back, data is flushed). */
    void requestFastShutdown() {
        signal("INT");
    }

    /** Immediate shutdown (SIGQUIT): no checkpoint, crash recovery on the next start; nothing committed is lost. */
    void requestImmediateShutdown() {
        signal("QUIT");
    }

    /** Waits until the process is gone (or a zombie); true if it went within {@code limit}. */
    boolean awaitExit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (running()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    /** Removes the lock file of a postmaster that is no longer running, so PostgreSQL does not mistake a zombie for it. */
    void removeStalePidFile() throws IOException {
        if (!running()) {
            Files.deleteIfExists(pidFile(dataDirectory));
        }
    }

    private boolean zombie() {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            // "pid (comm) S …": the state follows the last ')' since comm may contain spaces or parentheses
            int close = s.lastIndexOf(')');
            return close > 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false; // no /proc (macOS): zombies are reaped by launchd there
        }
    }

    /** Guards against a recycled pid: the process must be a PostgreSQL server. */
    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(c -> c.endsWith("postgres") || c.endsWith("postmaster"))
                .orElse(true);
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("could not signal PostgreSQL (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL (pid " + pid + ")", e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
