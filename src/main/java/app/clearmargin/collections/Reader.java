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
        long total = store.count(c.slug(), filter);
        List<Doc> docs = total == 0 || p.offset() >= total
                ? List.of()
                : store.page(c.slug(), filter, sort, p.limit(), p.offset());
        long totalPages = (total + p.limit() - 1) / p.limit();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("totalDocs", total);
        meta.put("limit", p.limit());
        meta.put("totalPages", totalPages);
        meta.put("page", p.page());
        meta.put("pagingCounter", p.offset() + 1);
        meta.put("hasPrevPage", p.page() > 1);
        meta.put("hasNextPage", p.page() < totalPages);
        meta.put("prevPage", p.page() > 1 ? p.page() - 1 : null);
        meta.put("nextPage", p.page() < totalPages ? p.page() + 1 : null);
        jsonDocs.writePage(out, c.slug(), docs, p.depth(), select, meta);
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
