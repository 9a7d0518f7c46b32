package app.clearmargin.query;

import app.clearmargin.shared.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.SortField;

/** {@code sort=-dueDate,number}: fields in order, each ascending or descending. */
public record Sort(List<Key> keys) {

    public record Key(QueryField field, boolean descending) {}

    public Sort {
        keys = List.copyOf(keys);
    }

    /** Parses a sort parameter; unknown and non-sortable paths are a 400 QueryError. */
    public static Sort parse(String raw, QuerySchema schema) {
        List<Key> keys = new ArrayList<>();
        for (String part : raw.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            boolean desc = p.startsWith("-");
            String path = desc ? p.substring(1) : p.startsWith("+") ? p.substring(1) : p;
            Optional<QueryField> f = schema.resolve(path).filter(QueryField::sortable);
            keys.add(new Key(f.orElseThrow(() -> ApiException.query(path)), desc));
        }
        return new Sort(keys);
    }

    /**
     * ORDER BY these keys (PostgreSQL's null order: nulls last ascending, first descending), then
     * {@code idColumn} in the direction of the first key, so pages never overlap or skip.
     */
    public List<SortField<?>> orderBy(Field<?> idColumn) {
        List<SortField<?>> out = new ArrayList<>();
        for (Key k : keys) {
            out.add(
                    k.descending()
                            ? k.field().column().desc()
                            : k.field().column().asc());
            if (k.field().column().equals(idColumn)) {
                return out; // ids are unique: nothing after them can matter
            }
        }
        boolean idDesc = !keys.isEmpty() && keys.getFirst().descending();
        out.add(idDesc ? idColumn.desc() : idColumn.asc());
        return out;
    }
}
