package app.clearmargin.collections;

import app.clearmargin.query.Param;
import app.clearmargin.query.QuerySchema;
import app.clearmargin.query.Sort;
import app.clearmargin.query.WhereCompiler;
import app.clearmargin.query.WhereParser;
import app.clearmargin.shared.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Writes the Payload list wrapper for one page. */
    void writeList(OutputStream out, Collection c, ListParams p, ZoneId zone) throws IOException {
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
