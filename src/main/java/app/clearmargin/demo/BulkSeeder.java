package app.clearmargin.demo;

import app.clearmargin.platform.Seeder;
import app.clearmargin.tenancy.Organization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code seed} admin command (API.md §6): bulk data for benchmarks, written with COPY in
 * batches rather than a request per row. The rows are what the API would have written — ids,
 * stamped rates and amounts, totals, numbers from the organization's counters — only much faster.
 * Time entries, by far the largest table, stream over two connections when there are many.
 */
@Component
class BulkSeeder implements Seeder {

    /** Below this many time entries one stream is as fast as two. */
    private static final int PARALLEL_FROM = 200_000;
    /**
     * From this many time entries (and more than the table already holds) its secondary indexes and
     * foreign keys are dropped for the load and rebuilt after it (see {@link LoadWindow}).
     */
    private static final int LOAD_WINDOW_FROM = 500_000;

    private static final List<String> TABLES = List.of(
            "members",
            "clients",
            "contacts",
            "projects",
            "time_entries",
            "catalog_items",
            "invoices",
            "payments",
            "receipts",
            "transactions",
            "proposals",
            "number_sequences");

    private final DataSource dataSource;
    private final Clock clock;
    private final JsonMapper json;

    BulkSeeder(DataSource dataSource, Clock clock, JsonMapper json) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Object seed(Organization organization, SeedOptions options) {
        SeedPlan plan = SeedPlan.from(options);
        try {
            return run(organization, plan);
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    Map<String, Object> run(Organization organization, SeedPlan plan) throws SQLException {
        SeedReport report = new SeedReport();
        report.put("organization", organization.publicId());
        Instant now = clock.instant();
        Random random = new Random(plan.seed());

        SeedWorld world;
        try (Connection connection = dataSource.getConnection()) {
            prepare(connection);
            world = SeedWorld.generate(plan, organization, now, random, existingMembers(connection, organization));
            world.write(connection, report);
            connection.commit();
        }
        progress("clients, contacts, projects, members written");

        if (plan.timeEntries() > 0) {
            writeTimeEntries(world, plan, report);
        }

        try (Connection connection = dataSource.getConnection()) {
            prepare(connection);
            new SeedBilling(world, random, json).write(connection, plan, report);
            connection.commit();
        }
        progress("invoices, payments, receipts, transactions, proposals written");

        long t0 = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
                Statement s = connection.createStatement()) {
            connection.setAutoCommit(true);
            // fresh statistics for the planner, and a visibility map so counts can use index-only scans
            s.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
        }
        report.put("vacuumAnalyzeSeconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan);
        out.putAll(report.summary());
        return out;
    }

    private void writeTimeEntries(SeedWorld world, SeedPlan plan, SeedReport report) throws SQLException {
        long t0 = System.nanoTime();
        boolean window = plan.timeEntries() >= LOAD_WINDOW_FROM && estimatedRows("time_entries") < plan.timeEntries();
        LoadWindow loadWindow = window ? LoadWindow.open(dataSource, "time_entries") : null;
        try {
            streamTimeEntries(world, plan, report);
        } catch (SQLException | RuntimeException e) {
            if (loadWindow != null) {
                try {
                    loadWindow.close(); // the indexes come back even when the load failed
                } catch (SQLException | RuntimeException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
        if (loadWindow != null) {
            long t = System.nanoTime();
            progress("time entries: rebuilding indexes and checking foreign keys");
            loadWindow.close();
            report.put("timeEntryIndexRebuildSeconds", Math.round((System.nanoTime() - t) / 1e6) / 1000.0);
        }
        // the table's line counts the whole load, index rebuild included
        report.wallTime("time_entries", System.nanoTime() - t0);
    }

    private long estimatedRows(String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = ?::regclass")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private void streamTimeEntries(SeedWorld world, SeedPlan plan, SeedReport report) throws SQLException {
        TimeEntryStream stream = new TimeEntryStream(world, plan.timeEntries(), plan.seed());
        int streams = plan.timeEntries() >= PARALLEL_FROM ? 2 : 1;
        long total = plan.timeEntries();
        AtomicLong done = new AtomicLong();
        long step = Math.max(TimeEntryStream.BATCH, total / 10 / TimeEntryStream.BATCH * TimeEntryStream.BATCH);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(streams)) {
            List<Future<Long>> parts = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                long from = total * s / streams;
                long to = total * (s + 1) / streams;
                int index = s;
                parts.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    long rows = stream.write(dataSource, from, to, index, batch -> {
                        long before = done.getAndAdd(batch);
                        if ((before + batch) / step > before / step) {
                            progress(String.format(
                                    "time entries: %,d of %,d (%.0f s)",
                                    before + batch, total, (System.nanoTime() - t0) / 1e9));
                        }
                    });
                    report.add("time_entries", rows, System.nanoTime() - t);
                    return rows;
                }));
            }
            for (Future<Long> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding time entries", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("seeding time entries failed: " + e.getCause(), e.getCause());
        }
        report.put("timeEntryStreams", streams);
    }

    /** Starts a transaction that commits without waiting for the WAL flush (this transaction only; see {@link #relaxCommit}). */
    private static void prepare(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        relaxCommit(connection);
    }

    /**
     * {@code SET LOCAL synchronous_commit = off}: a crash could lose the last committed batch, never
     * integrity. LOCAL ends with the transaction, so a pooled connection goes back unchanged.
     */
    static void relaxCommit(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL synchronous_commit = off");
        }
    }

    private static int existingMembers(Connection connection, Organization organization) throws SQLException {
        try (PreparedStatement s =
                connection.prepareStatement("SELECT count(*) FROM members WHERE organization_id = ?")) {
            s.setObject(1, organization.id());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void progress(String line) {
        System.err.println("seed: " + line);
    }
}
