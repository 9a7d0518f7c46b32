package app.clearmargin.query;

import java.util.Set;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * A path that can appear in {@code where} or {@code sort}: its value kind, the column it reads and,
 * for a path through a relationship ({@code project.client}), the hop to take first.
 *
 * @param enumValues the allowed values of an {@link ValueKind#ENUM}, else empty
 * @param idPrefix the id prefix of an {@link ValueKind#ID} or {@link ValueKind#ID_LIST} path, else null
 * @param hop the relationship crossed before reaching {@code column}, or null for a local path
 * @param sortable whether the path may be used in {@code sort}
 */
public record QueryField(
        String path,
        ValueKind kind,
        Field<?> column,
        Set<String> enumValues,
        @Nullable String idPrefix,
        @Nullable Hop hop,
        boolean sortable) {

    public QueryField {
        enumValues = Set.copyOf(enumValues);
    }

    /**
     * A relationship crossed by a path: the local column holding the id (or ids, when {@code many}) and
     * the target table whose {@code id} it references. The target is tenant-scoped when compiled.
     */
    public record Hop(Field<?> localColumn, boolean many, Table<?> target, Field<UUID> targetId) {}

    public QueryField withHop(Hop via, String fullPath) {
        return new QueryField(fullPath, kind, column, enumValues, idPrefix, via, false);
    }
}
