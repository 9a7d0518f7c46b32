package app.clearmargin.collections;

import app.clearmargin.query.Param;
import app.clearmargin.query.QuerySchema;
import app.clearmargin.query.Sort;
import app.clearmargin.query.WhereCompiler;
import app.clearmargin.query.WhereParser;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Lists, counts and gets documents with the query language, rendered at a depth. */
@Component
public class Reader {

    private final Registry registry;
    private final DocumentStore store;
    private final JsonDocs jsonDocs;

    Reader(Registry registry, DocumentStore store, JsonDocs jsonDocs) {
        this.registry = registry;
        this.store = store;
        this.jsonDocs = jsonDocs;
    }

    /** Writes the Payload list wrapper for one page, or a cursor page (API.md §10) when a cursor is given. */
    void writeList(OutputStream out, Collection c, ListParams p, ZoneId zone) throws IOException {
        ListParams.Cursor cursor = p.cursor();
        if (cursor != null) {
            writeCursorPage(out, c, p, cursor, zone);
            return;
        }
        QuerySchema schema = registry.schema(c.slug()).in(zone);
        Condition where = WhereCompiler.compile(WhereParser.parse(p.where(), schema));
        Sort sort = Sort.parse(p.sort().orElse(c.defaultSort()), schema);
        List<String> select = checkedSelect(c, p.select());
        FastReads.Filter filter = store.filter(where);
        Map<String, Object> meta = new LinkedHashMap<>();
        List<Doc> docs;
        if (p.count() == ListParams.Count.EXACT) {
            long total = store.count(c.slug(), filter);
            docs = total == 0 || p.offset() >= total
                    ? List.of()
                    : store.page(c.slug(), filter, sort, p.limit(), p.offset());
            putPageMeta(meta, p, total, null, p.page() < pages(total, p.limit()));
        } else {
            // one row more than the page says whether a next page exists without counting
            List<Doc> rows = store.page(c.slug(), filter, sort, p.limit() + 1, p.offset());
            boolean hasNext = rows.size() > p.limit();
            docs = hasNext ? rows.subList(0, p.limit()) : rows;
            if (p.count() == ListParams.Count.NONE) {
                putPageMeta(meta, p, null, null, hasNext);
            } else {
                Estimate estimate = estimate(c, filter, p, docs.size(), hasNext);
                putPageMeta(meta, p, estimate.totalDocs(), estimate.estimated(), hasNext);
            }
        }
        jsonDocs.writePage(out, c.slug(), docs, p.depth(), select, meta);
    }

    /** {@code totalDocs} of {@code count=estimate}, and whether it is the planner's figure or known exactly. */
    private record Estimate(long totalDocs, boolean estimated) {}

    /**
     * The total of {@code count=estimate}. Exact where it costs nothing: the unfiltered count (row-count deltas),
     * and a page that reached the end (the total is the rows before it plus its own). Otherwise the planner's
     * estimate, kept consistent with what the page saw: at least one row past the page when there is a next
     * page, at most the rows before the page when it lies past the end.
     */
    private Estimate estimate(Collection c, FastReads.Filter filter, ListParams p, int pageSize, boolean hasNext) {
        if (filter.sql().isEmpty()) {
            return new Estimate(store.count(c.slug(), filter), false);
        }
        if (!hasNext && (pageSize > 0 || p.page() == 1)) {
            return new Estimate(p.offset() + pageSize, false);
        }
        long planned = store.estimate(c.slug(), filter);
        long total = hasNext ? Math.max(planned, p.offset() + pageSize + 1) : Math.min(planned, p.offset());
        return new Estimate(total, true);
    }

    /**
     * Payload's page keys; {@code totalDocs} and {@code totalPages} are null when the page was not counted, and
     * {@code totalDocsEstimated} is present with {@code count=estimate} only.
     */
    private static void putPageMeta(
            Map<String, Object> meta,
            ListParams p,
            @Nullable Long total,
            @Nullable Boolean estimated,
            boolean hasNext) {
        meta.put("totalDocs", total);
        if (estimated != null) {
            meta.put("totalDocsEstimated", estimated);
        }
        meta.put("limit", p.limit());
        meta.put("totalPages", total == null ? null : pages(total, p.limit()));
        meta.put("page", p.page());
        meta.put("pagingCounter", p.offset() + 1);
        meta.put("hasPrevPage", p.page() > 1);
        meta.put("hasNextPage", hasNext);
        meta.put("prevPage", p.page() > 1 ? p.page() - 1 : null);
        meta.put("nextPage", hasNext ? p.page() + 1 : null);
    }

    private static long pages(long total, int limit) {
        return (total + limit - 1) / limit;
    }

    /**
     * A page of a log by keyset on the id, newest first: ids are UUIDv7, so their order is the order of
     * creation, and a row written while a client pages lands before the first page or after the
     * cursor it will never reach again; no page shifts or repeats. No count: {@code limit + 1} rows say
     * whether there are more.
     */
    private void writeCursorPage(OutputStream out, Collection c, ListParams p, ListParams.Cursor cursor, ZoneId zone)
            throws IOException {
        String param = cursor.parameter();
        if (!c.cursorPaging()) {
            throw ApiException.query(
                    param,
                    param + " is not available on " + c.slug() + ": only "
                            + String.join(", ", cursorCollections())
                            + " page by cursor. Use page instead.");
        }
        String sort = p.sort().orElse(c.defaultSort());
        if (!sort.equals(c.defaultSort())) {
            throw ApiException.query(
                    param,
                    param + " cannot be combined with sort=" + sort + ": cursor pages are always newest first ("
                            + c.defaultSort() + "). Leave sort out, or page with page instead.");
        }
        UUID at = Ids.parse(c.idPrefix(), cursor.id())
                .orElseThrow(() -> ApiException.query(
                        param,
                        param + " must be the id of one of this organization's " + c.slug() + " ("
                                + c.idPrefix() + "_ followed by 26 characters); " + quoted(cursor.id())
                                + " is not."));
        if (store.existing(c.slug(), List.of(at)).isEmpty()) {
            throw ApiException.query(
                    param,
                    param + ": " + cursor.id() + " is not one of this organization's " + c.slug()
                            + " (it may have passed its retention period). Start again without a cursor.");
        }
        QuerySchema schema = registry.schema(c.slug()).in(zone);
        Condition where = WhereCompiler.compile(WhereParser.parse(p.where(), schema));
        List<String> select = checkedSelect(c, p.select());
        List<Doc> rows = store.cursorPage(c.slug(), store.filter(where), at, cursor.older(), p.limit() + 1);
        boolean hasMore = rows.size() > p.limit();
        List<Doc> docs = new ArrayList<>(hasMore ? rows.subList(0, p.limit()) : rows);
        if (!cursor.older()) {
            Collections.reverse(docs); // read oldest first from the cursor; shown newest first like every page
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("hasMore", hasMore);
        meta.put("limit", p.limit());
        jsonDocs.writePage(out, c.slug(), docs, p.depth(), select, meta);
    }

    private List<String> cursorCollections() {
        return registry.all().stream()
                .filter(Collection::cursorPaging)
                .map(Collection::slug)
                .sorted()
                .toList();
    }

    /** A caller's value in a message: quoted, and cut short so an error never echoes a long input. */
    private static String quoted(String value) {
        return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
    }

    long count(Collection c, @Nullable Param where, ZoneId zone) {
        QuerySchema schema = registry.schema(c.slug()).in(zone);
        return store.count(c.slug(), store.filter(WhereCompiler.compile(WhereParser.parse(where, schema))));
    }

    void writeOne(OutputStream out, Collection c, String id, int depth, ListParams.Selection select)
            throws IOException {
        List<String> fields = checkedSelect(c, select);
        Doc doc = store.find(c.slug(), id).orElseThrow(ApiException::notFound);
        jsonDocs.writeOne(out, c.slug(), doc, depth, fields);
    }

    private List<String> checkedSelect(Collection c, ListParams.Selection select) {
        List<String> allowed = registry.schema(c.slug()).selectable();
        for (String s : select.named()) {
            if (!allowed.contains(s) && !BodyValidator.SYSTEM_FIELDS.contains(s)) {
                throw ApiException.query(s);
            }
        }
        List<String> available = new ArrayList<>(allowed);
        available.addAll(BodyValidator.SYSTEM_FIELDS);
        return select.fields(available);
    }
}
