package app.clearmargin.collections;

import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Rows of collection tables, always confined to the current organization by {@link TenantScope}. */
@Component
public class DocumentStore {

    private final DSLContext db;
    private final Registry registry;
    private final FastReads fast;

    DocumentStore(DSLContext db, Registry registry, javax.sql.DataSource dataSource) {
        this.db = db;
        this.registry = registry;
        this.fast = new FastReads(dataSource);
    }

    public Optional<Doc> find(String slug, String id) {
        Layout l = registry.layout(slug);
        return Ids.parse(l.collection().idPrefix(), id).flatMap(uuid -> find(l, uuid, false));
    }

    /** Reads and locks the row for the rest of the transaction (writes and actions). */
    public Optional<Doc> findForUpdate(String slug, String id) {
        Layout l = registry.layout(slug);
        return Ids.parse(l.collection().idPrefix(), id).flatMap(uuid -> find(l, uuid, true));
    }

    private Optional<Doc> find(Layout l, UUID id, boolean lock) {
        return fast.byId(l, id, lock);
    }

    /** A {@code where} rendered once for its count and its page; the empty condition renders to nothing. */
    FastReads.Filter filter(Condition where) {
        if (where.equals(org.jooq.impl.DSL.noCondition())) {
            return FastReads.Filter.NONE;
        }
        return new FastReads.Filter(db.render(where), db.extractBindValues(where));
    }

    /** A page of a list: SQL rendered once per collection and sort, plus the rendered filter. */
    List<Doc> page(String slug, FastReads.Filter filter, app.clearmargin.query.Sort sort, int limit, long offset) {
        return fast.page(registry.layout(slug), filter, sort, limit, offset);
    }

    /**
     * Up to {@code limit} documents next to {@code cursor} by id: older ones newest first when {@code older}, else
     * newer ones oldest first (the caller turns them around).
     */
    List<Doc> cursorPage(String slug, FastReads.Filter filter, UUID cursor, boolean older, int limit) {
        return fast.cursorPage(registry.layout(slug), filter, cursor, older, limit);
    }

    /** The number of documents a filter matches; with no filter, the row-count deltas' sum. */
    long count(String slug, FastReads.Filter filter) {
        Layout l = registry.layout(slug);
        return filter.sql().isEmpty() ? countAll(slug) : fast.count(l, filter);
    }

    /** The planner's estimate of the rows a filter matches: the cost of planning the count, not of running it. */
    long estimate(String slug, FastReads.Filter filter) {
        return fast.estimate(registry.layout(slug), filter);
    }

    public List<Doc> list(String slug, Condition where, List<SortField<?>> orderBy, int limit, long offset) {
        Layout l = registry.layout(slug);
        return docs(
                l,
                db.select(l.selectList())
                        .from(l.table())
                        .where(TenantScope.of(l.table()))
                        .and(where)
                        .orderBy(orderBy)
                        .limit(limit)
                        .offset(offset));
    }

    /** Documents matching a domain condition (tenant-scoped), oldest first. */
    public List<Doc> findWhere(String slug, Condition where) {
        Layout l = registry.layout(slug);
        return docs(
                l,
                db.select(l.selectList())
                        .from(l.table())
                        .where(TenantScope.of(l.table()))
                        .and(where)
                        .orderBy(l.createdAt(), l.id()));
    }

    /** Like {@link #findWhere} but locks the rows for the rest of the transaction. */
    public List<Doc> findWhereForUpdate(String slug, Condition where) {
        Layout l = registry.layout(slug);
        return docs(
                l,
                db.select(l.selectList())
                        .from(l.table())
                        .where(TenantScope.of(l.table()))
                        .and(where)
                        .orderBy(l.createdAt(), l.id())
                        .forUpdate());
    }

    public long count(String slug, Condition where) {
        Layout l = registry.layout(slug);
        return db.selectCount()
                .from(l.table())
                .where(TenantScope.of(l.table()))
                .and(where)
                .fetchOne(0, Long.class);
    }

    /** All documents of the collection in this organization: a sum of the row-count deltas, not a scan. */
    public long countAll(String slug) {
        return fast.countAll(registry.layout(slug).collection().table());
    }

    /** The documents with these ids that exist in this organization, by id string. */
    public Map<String, Doc> findAll(String slug, Collection<UUID> ids) {
        Map<String, Doc> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        fast.byIds(registry.layout(slug), ids).forEach(d -> out.put(d.id(), d));
        return out;
    }

    /** Which of these ids exist in this organization. */
    public java.util.Set<UUID> existing(String slug, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        Layout l = registry.layout(slug);
        return new java.util.HashSet<>(db.select(l.id())
                .from(l.table())
                .where(TenantScope.of(l.table()))
                .and(l.id().in(ids))
                .fetch(l.id()));
    }

    /** Inserts a document (its {@code id}, timestamps and values) plus internal columns that are not fields. */
    public void insert(String slug, Doc doc, Map<String, Object> internalColumns) {
        Layout l = registry.layout(slug);
        var insert = db.insertInto(l.table())
                .set(TenantScope.column(l.table()), TenantScope.organizationId())
                .set(l.id(), doc.uuid(l.collection().idPrefix()))
                .set(l.createdAt(), instant(doc.requiredString("createdAt")))
                .set(l.updatedAt(), instant(doc.requiredString("updatedAt")));
        for (Layout.Leaf leaf : l.leaves()) {
            insert = insert.set(leaf.column(), l.toColumn(leaf.field().kind(), valueAt(doc.asMap(), leaf.path())));
        }
        for (Map.Entry<String, Object> e : internalColumns.entrySet()) {
            insert = insert.set(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(e.getKey())), e.getValue());
        }
        insert.execute();
    }

    /** Rewrites the stored values of {@code changedTopLevel} fields (and {@code updatedAt}). */
    public void update(String slug, Doc doc, Collection<String> changedTopLevel, Map<String, Object> internalColumns) {
        Layout l = registry.layout(slug);
        var update = db.update(l.table()).set(l.updatedAt(), instant(doc.requiredString("updatedAt")));
        for (Layout.Leaf leaf : l.leaves()) {
            if (changedTopLevel.contains(leaf.path().getFirst())) {
                update = update.set(leaf.column(), l.toColumn(leaf.field().kind(), valueAt(doc.asMap(), leaf.path())));
            }
        }
        for (Map.Entry<String, Object> e : internalColumns.entrySet()) {
            update = update.set(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name(e.getKey())), e.getValue());
        }
        update.where(TenantScope.of(l.table()))
                .and(l.id().eq(doc.uuid(l.collection().idPrefix())))
                .execute();
    }

    public void delete(String slug, Doc doc) {
        Layout l = registry.layout(slug);
        db.deleteFrom(l.table())
                .where(TenantScope.of(l.table()))
                .and(l.id().eq(doc.uuid(l.collection().idPrefix())))
                .execute();
    }

    /**
     * Runs a DSL-built select of {@link Layout#selectList()} and maps its rows with the same mapper as
     * the fixed-shape reads ({@link FastReads#docs}), so a document reads the same whichever query found it.
     */
    private static List<Doc> docs(Layout l, ResultQuery<?> query) {
        try (ResultSet rs = query.fetchResultSet()) {
            return FastReads.docs(l, rs);
        } catch (SQLException e) {
            throw new DataAccessException("read of " + l.collection().table() + " failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    static @Nullable Object valueAt(Map<String, Object> values, List<String> path) {
        @Nullable Object current = values;
        for (String p : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = ((Map<String, Object>) m).get(p);
        }
        return current;
    }

    private static java.time.OffsetDateTime instant(String s) {
        return Instant.parse(s).atOffset(ZoneOffset.UTC);
    }
}
