package app.clearmargin.collections;

import app.clearmargin.query.Param;
import app.clearmargin.query.QuerySchema;
import app.clearmargin.query.Sort;
import app.clearmargin.query.WhereCompiler;
import app.clearmargin.query.WhereParser;
import app.clearmargin.shared.ApiException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.springframework.stereotype.Component;

/** Lists, counts and gets documents with the query language, rendered at a depth. */
@Component
public class Reader {

    private final Registry registry;
    private final DocumentStore store;
    private final Populator populator;

    Reader(Registry registry, DocumentStore store, Populator populator) {
        this.registry = registry;
        this.store = store;
        this.populator = populator;
    }

    /** The Payload list wrapper for one page. */
    Map<String, Object> list(Collection c, ListParams p, ZoneId zone) {
        QuerySchema schema = registry.schema(c.slug()).in(zone);
        Condition where = WhereCompiler.compile(WhereParser.parse(p.where(), schema));
        Sort sort = Sort.parse(p.sort().orElse(c.defaultSort()), schema);
        List<String> select = checkedSelect(c, p.select());
        long total = where.equals(org.jooq.impl.DSL.noCondition()) ? store.countAll(c.slug()) : store.count(c.slug(), where);
        List<Doc> docs = total == 0 || p.offset() >= total
                ? List.of()
                : store.list(c.slug(), where, sort.orderBy(registry.layout(c.slug()).id()), p.limit(), p.offset());
        List<Map<String, Object>> rendered = populator.render(c.slug(), docs, p.depth());
        if (!select.isEmpty()) {
            rendered = rendered.stream().map(d -> selectFields(d, select)).toList();
        }
        long totalPages = (total + p.limit() - 1) / p.limit();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("docs", rendered);
        out.put("totalDocs", total);
        out.put("limit", p.limit());
        out.put("totalPages", totalPages);
        out.put("page", p.page());
        out.put("pagingCounter", p.offset() + 1);
        out.put("hasPrevPage", p.page() > 1);
        out.put("hasNextPage", p.page() < totalPages);
        out.put("prevPage", p.page() > 1 ? p.page() - 1 : null);
        out.put("nextPage", p.page() < totalPages ? p.page() + 1 : null);
        return out;
    }

    long count(Collection c, Param where, ZoneId zone) {
        QuerySchema schema = registry.schema(c.slug()).in(zone);
        Condition condition = WhereCompiler.compile(WhereParser.parse(where, schema));
        return condition.equals(org.jooq.impl.DSL.noCondition()) ? store.countAll(c.slug()) : store.count(c.slug(), condition);
    }

    Map<String, Object> get(Collection c, String id, int depth, List<String> select) {
        List<String> fields = checkedSelect(c, select);
        Doc doc = store.find(c.slug(), id).orElseThrow(ApiException::notFound);
        Map<String, Object> rendered = populator.render(c.slug(), doc, depth);
        return fields.isEmpty() ? rendered : selectFields(rendered, fields);
    }

    private List<String> checkedSelect(Collection c, List<String> select) {
        List<String> allowed = registry.schema(c.slug()).selectable();
        for (String s : select) {
            if (!allowed.contains(s) && !BodyValidator.SYSTEM_FIELDS.contains(s)) {
                throw ApiException.query(s);
            }
        }
        return select;
    }

    private static Map<String, Object> selectFields(Map<String, Object> doc, List<String> select) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", doc.get("id"));
        for (String s : select) {
            if (doc.containsKey(s)) {
                out.put(s, doc.get(s));
            }
        }
        return out;
    }
}
