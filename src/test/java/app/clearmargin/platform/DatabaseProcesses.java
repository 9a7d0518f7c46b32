package app.clearmargin.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Signals to the processes of an embedded PostgreSQL, as an operator's or the kernel's hand would send them. */
final class DatabaseProcesses {

    private DatabaseProcesses() {}

    static Postmaster postmaster(Path dataDirectory) {
        return Postmaster.of(dataDirectory)
                .orElseThrow(() -> new AssertionError("no postmaster.pid in " + dataDirectory));
    }

    /** The postmaster and every process it started (backends, WAL writer, checkpointer …). */
    static List<Long> all(Path dataDirectory) {
        long pid = postmaster(dataDirectory).pid();
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .map(ProcessHandle::pid)
                .forEach(pids::add);
        return pids;
    }

    static void killAll(Path dataDirectory) {
        signal("KILL", all(dataDirectory));
    }

    static void killPostmaster(Path dataDirectory) {
        signal("KILL", List.of(postmaster(dataDirectory).pid()));
    }

    static void signal(String name, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes());
            if (kill.waitFor() != 0 && !name.equals("KILL")) {
                throw new AssertionError("kill -" + name + " " + pids + " failed: " + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code condition} holds, polling; fails after {@code limit}. */
    static void awaitTrue(Duration limit, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Postmaster.sleep(Duration.ofMillis(100));
        }
    }

    static Stream<Long> alive(List<Long> pids) {
        return pids.stream()
                .filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }
}
