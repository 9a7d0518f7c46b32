package app.clearmargin.collections;

import app.clearmargin.query.Sort;
import app.clearmargin.tenancy.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reads every request makes — a document by id, documents by ids (depth population), an
 * unfiltered page, the unfiltered count — as plain JDBC with SQL rendered once per collection and
 * sort, rows read by position. Profiling the list endpoint showed a third of its CPU in building and
 * rendering these fixed-shape statements and in generic record mapping (docs/decisions.md); filtered
 * queries are still built with jOOQ's DSL and rendered once for their count and page. The tenant
 * predicate of every statement here is {@link TenantScope#SQL}, always the first placeholder, and
 * {@link TenantScope#bind} sets it: no statement can leave it out or bind another organization.
 */
final class FastReads {

    /** At DEBUG, each statement with its values inlined (what jOOQ's LoggerListener shows for the rest; bench/ reads both). */
    private static final Logger SQL_LOG = LoggerFactory.getLogger(FastReads.class);

    private final DataSource dataSource;
    private final Map<String, String> pageSql = new ConcurrentHashMap<>();

    FastReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Doc> byId(Layout l, UUID id, boolean lock) {
        String sql = l.selectSql() + " WHERE " + TenantScope.SQL + " AND id = ?" + (lock ? " FOR UPDATE" : "");
        List<Doc> docs = query(l, sql, id);
        return docs.isEmpty() ? Optional.empty() : Optional.of(docs.getFirst());
    }

    List<Doc> byIds(Layout l, Collection<UUID> ids) {
        return query(
                l, l.selectSql() + " WHERE " + TenantScope.SQL + " AND id = ANY(?)", (Object) ids.toArray(UUID[]::new));
    }

    /** A {@code where} rendered once into SQL with placeholders and its bind values, for its count and its page. */
    record Filter(String sql, List<Object> binds) {
        static final Filter NONE = new Filter("", List.of());
    }

    List<Doc> page(Layout l, Filter filter, Sort sort, int limit, long offset) {
        String sql = pageSql(l, sort);
        if (filter.sql().isEmpty()) {
            return query(l, sql, limit, offset);
        }
        int orderBy = sql.indexOf(" ORDER BY ");
        List<Object> params = new ArrayList<>(filter.binds().size() + 2);
        params.addAll(filter.binds());
        params.add(limit);
        params.add(offset);
        return query(
                l,
                sql.substring(0, orderBy) + " AND (" + filter.sql() + ")" + sql.substring(orderBy),
                params.toArray());
    }

    /**
     * A keyset page on the primary key {@code (organization_id, id)}: an index range scan from the cursor that stops
     * after {@code limit} matching rows, however long the log.
     */
    List<Doc> cursorPage(Layout l, Filter filter, UUID cursor, boolean older, int limit) {
        StringBuilder sql = new StringBuilder(l.selectSql())
                .append(" WHERE ")
                .append(TenantScope.SQL)
                .append(older ? " AND id < ?" : " AND id > ?");
        List<Object> params = new ArrayList<>(filter.binds().size() + 2);
        params.add(cursor);
        if (!filter.sql().isEmpty()) {
            sql.append(" AND (").append(filter.sql()).append(')');
            params.addAll(filter.binds());
        }
        sql.append(older ? " ORDER BY id DESC" : " ORDER BY id ASC").append(" LIMIT ?");
        params.add(limit);
        return query(l, sql.toString(), params.toArray());
    }

    long count(Layout l, Filter filter) {
        return scalar(
                "SELECT count(*) FROM \"" + l.collection().table() + "\" WHERE " + TenantScope.SQL + " AND ("
                        + filter.sql() + ")",
                filter.binds().toArray());
    }

    /**
     * The planner's row estimate for the filter: the top node's {@code Plan Rows} of {@code EXPLAIN (FORMAT JSON)},
     * planned with the bound values (the statistics of the table, never a scan of it).
     */
    long estimate(Layout l, Filter filter) {
        String plan = text(
                "EXPLAIN (FORMAT JSON) SELECT 1 FROM \"" + l.collection().table() + "\" WHERE " + TenantScope.SQL
                        + " AND (" + filter.sql() + ")",
                filter.binds().toArray());
        return JsonMapper.shared()
                .readTree(plan)
                .path(0)
                .path("Plan")
                .path("Plan Rows")
                .asLong();
    }

    private String pageSql(Layout l, Sort sort) {
        StringBuilder cacheKey = new StringBuilder(l.collection().slug());
        sort.keys()
                .forEach(k -> cacheKey.append(k.descending() ? ",-" : ",")
                        .append(k.field().path()));
        String sql = pageSql.computeIfAbsent(cacheKey.toString(), k -> {
            StringBuilder sb = new StringBuilder(l.selectSql())
                    .append(" WHERE ")
                    .append(TenantScope.SQL)
                    .append(" ORDER BY ");
            boolean idDesc = !sort.keys().isEmpty() && sort.keys().getFirst().descending();
            boolean idSeen = false;
            for (Sort.Key key : sort.keys()) {
                String column = key.field().column().getName();
                sb.append('"').append(column).append('"').append(key.descending() ? " DESC, " : " ASC, ");
                if (column.equals("id")) {
                    idSeen = true;
                    break;
                }
            }
            if (idSeen) {
                sb.setLength(sb.length() - 2);
            } else {
                sb.append("id").append(idDesc ? " DESC" : " ASC");
            }
            return sb.append(" LIMIT ? OFFSET ?").toString();
        });
        return sql;
    }

    long countAll(String table) {
        return scalar(
                "SELECT coalesce(sum(delta), 0) FROM row_count_deltas WHERE " + TenantScope.SQL + " AND table_name = ?",
                table);
    }

    private String text(String sql, Object... params) {
        return firstColumn(sql, rs -> rs.getString(1), "estimate failed", params);
    }

    private long scalar(String sql, Object... params) {
        return firstColumn(sql, rs -> rs.getLong(1), "count failed", params);
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The first column of the statement's single row. */
    private <T> T firstColumn(String sql, Column<T> column, String failure, Object... params) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return column.read(rs);
            }
        } catch (SQLException e) {
            throw new DataAccessException(failure, e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** The tenant as the first placeholder, then {@code params}. */
    private static void bind(Connection c, PreparedStatement ps, Object[] params) throws SQLException {
        TenantScope.bind(ps, 1);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            switch (p) {
                case UUID[] ids -> ps.setArray(i + 2, c.createArrayOf("uuid", ids));
                case String[] texts -> ps.setArray(i + 2, c.createArrayOf("text", texts));
                default -> ps.setObject(i + 2, p);
            }
        }
        if (SQL_LOG.isDebugEnabled()) {
            SQL_LOG.debug(
                    "Executing query : {}", ps.unwrap(PGStatement.class)); // the driver's toString inlines the values
        }
    }

    private List<Doc> query(Layout l, String sql, Object... params) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return docs(l, rs);
            }
        } catch (SQLException e) {
            throw new DataAccessException("read of " + l.collection().table() + " failed", e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** Every row of a result of {@link Layout#selectList()} (or its SQL) as a document: the one row mapper of every read. */
    static List<Doc> docs(Layout l, ResultSet rs) throws SQLException {
        List<Doc> out = new ArrayList<>();
        while (rs.next()) {
            out.add(l.toDoc(rs));
        }
        return out;
    }
}
