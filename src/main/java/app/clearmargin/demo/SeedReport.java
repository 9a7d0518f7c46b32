package app.clearmargin.demo;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a bulk seed wrote, table by table: rows, seconds and rows per second (the command's JSON summary). */
final class SeedReport {

    /** One load that returns how many rows it wrote. */
    interface Load {
        long rows() throws SQLException;
    }

    private record Table(long rows, long nanos) {}

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    /** Runs {@code load} and adds its rows and time to {@code table}'s line. */
    long time(String table, Load load) throws SQLException {
        long t0 = System.nanoTime();
        long rows = load.rows();
        add(table, rows, System.nanoTime() - t0);
        return rows;
    }

    synchronized void add(String table, long rows, long nanos) {
        tables.merge(table, new Table(rows, nanos), (a, b) -> new Table(a.rows() + b.rows(), a.nanos() + b.nanos()));
    }

    /** Overrides a table's time with the wall-clock time of a parallel load (its streams' times overlap). */
    synchronized void wallTime(String table, long nanos) {
        Table t = tables.getOrDefault(table, new Table(0, 0));
        tables.put(table, new Table(t.rows(), nanos));
    }

    void put(String key, Object value) {
        extras.put(key, value);
    }

    long rows(String table) {
        Table t = tables.get(table);
        return t == null ? 0 : t.rows();
    }

    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> byTable = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Table> e : tables.entrySet()) {
            Table t = e.getValue();
            double seconds = t.nanos() / 1e9;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("rows", t.rows());
            line.put("seconds", round(seconds));
            line.put("rowsPerSecond", seconds > 0 ? Math.round(t.rows() / seconds) : t.rows());
            byTable.put(e.getKey(), line);
            total += t.rows();
        }
        out.putAll(extras);
        out.put("tables", byTable);
        double elapsed = (System.nanoTime() - started) / 1e9;
        out.put("totalRows", total);
        out.put("elapsedSeconds", round(elapsed));
        out.put("rowsPerSecond", Math.round(total / elapsed));
        return out;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
