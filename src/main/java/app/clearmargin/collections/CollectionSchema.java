package app.clearmargin.collections;

import app.clearmargin.query.QueryField;
import app.clearmargin.query.QuerySchema;
import app.clearmargin.query.ValueKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code where} and {@code sort} may use in a collection, derived from its fields: every stored
 * scalar (nested object fields by dotted path), has-many relationships, {@code id}, {@code createdAt},
 * {@code updatedAt}, and one hop through a relationship ({@code project.client}, {@code client.name}).
 */
final class CollectionSchema {

    private final Registry registry;
    private final Layout layout;

    CollectionSchema(Registry registry, Layout layout) {
        this.registry = registry;
        this.layout = layout;
    }

    QuerySchema in(ZoneId zone) {
        return new QuerySchema() {
            @Override
            public Optional<QueryField> resolve(String path) {
                return CollectionSchema.this.resolve(path, true);
            }

            @Override
            public ZoneId zone() {
                return zone;
            }
        };
    }

    Optional<QueryField> resolve(String path, boolean allowHop) {
        switch (path) {
            case "id" -> {
                return Optional.of(new QueryField(
                        "id",
                        ValueKind.ID,
                        layout.id(),
                        Set.of(),
                        layout.collection().idPrefix(),
                        null,
                        true));
            }
            case "createdAt" -> {
                return Optional.of(
                        new QueryField(path, ValueKind.INSTANT, layout.createdAt(), Set.of(), null, null, true));
            }
            case "updatedAt" -> {
                return Optional.of(
                        new QueryField(path, ValueKind.INSTANT, layout.updatedAt(), Set.of(), null, null, true));
            }
            default -> {}
        }
        Layout.Leaf leaf = layout.leaf(path);
        if (leaf != null) {
            return local(leaf);
        }
        if (!allowHop) {
            return Optional.empty();
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Layout.Leaf relation = layout.leaf(path.substring(0, dot));
        if (relation == null || !relation.field().queryable()) {
            return Optional.empty();
        }
        String rest = path.substring(dot + 1);
        return switch (relation.field().kind()) {
            case FieldKind.Ref r -> hop(relation, r.target(), false, rest, path);
            case FieldKind.RefMany r -> hop(relation, r.target(), true, rest, path);
            default -> Optional.empty();
        };
    }

    private Optional<QueryField> hop(Layout.Leaf relation, String target, boolean many, String rest, String fullPath) {
        Layout targetLayout = registry.layout(target);
        return registry.schema(target)
                .resolve(rest, false)
                .map(f -> f.withHop(
                        new QueryField.Hop(relation.column(), many, targetLayout.table(), targetLayout.id()),
                        fullPath));
    }

    private Optional<QueryField> local(Layout.Leaf leaf) {
        Field f = leaf.field();
        if (!f.queryable() || !f.rendered()) {
            return Optional.empty();
        }
        String path = leaf.dotted();
        @Nullable
        QueryField qf = switch (f.kind()) {
            case FieldKind.Text t -> scalar(path, ValueKind.TEXT, leaf);
            case FieldKind.Email e -> scalar(path, ValueKind.TEXT, leaf);
            case FieldKind.Currency c -> scalar(path, ValueKind.TEXT, leaf);
            case FieldKind.Decimal d -> scalar(path, ValueKind.NUMBER, leaf);
            case FieldKind.Int i -> scalar(path, ValueKind.NUMBER, leaf);
            case FieldKind.Money m -> scalar(path, ValueKind.NUMBER, leaf);
            case FieldKind.Date d -> scalar(path, ValueKind.DATE, leaf);
            case FieldKind.Instant i -> scalar(path, ValueKind.INSTANT, leaf);
            case FieldKind.Bool b -> scalar(path, ValueKind.BOOLEAN, leaf);
            case FieldKind.Choice c ->
                new QueryField(path, ValueKind.ENUM, leaf.column(), Set.copyOf(c.values()), null, null, true);
            case FieldKind.Ref r ->
                new QueryField(path, ValueKind.ID, leaf.column(), Set.of(), registry.prefixOf(r.target()), null, true);
            case FieldKind.RefMany r ->
                new QueryField(
                        path, ValueKind.ID_LIST, leaf.column(), Set.of(), registry.prefixOf(r.target()), null, false);
            case FieldKind.Strings s ->
                new QueryField(path, ValueKind.TEXT_LIST, leaf.column(), Set.of(), null, null, false);
            case FieldKind.Items i -> null;
            case FieldKind.Json j -> null;
            case FieldKind.Link l -> null;
            case FieldKind.Obj o -> null;
        };
        return Optional.ofNullable(qf);
    }

    private static QueryField scalar(String path, ValueKind kind, Layout.Leaf leaf) {
        return new QueryField(path, kind, leaf.column(), Set.of(), null, null, true);
    }

    /**
     * Every path {@code where} takes without crossing a relationship, in the order of the fields: {@code
     * id}, the stored fields (nested ones dotted), {@code createdAt}, {@code updatedAt}.
     */
    List<QueryField> localPaths() {
        List<QueryField> paths = new ArrayList<>();
        resolve("id", false).ifPresent(paths::add);
        for (Layout.Leaf leaf : layout.leaves()) {
            resolve(leaf.dotted(), false).ifPresent(paths::add);
        }
        resolve("createdAt", false).ifPresent(paths::add);
        resolve("updatedAt", false).ifPresent(paths::add);
        return paths;
    }

    /** Top-level names accepted by {@code select[…]}. */
    List<String> selectable() {
        List<String> names = selectable;
        if (names == null) {
            names = layout.collection().fields().stream()
                    .filter(Field::rendered)
                    .map(Field::name)
                    .toList();
            selectable = names;
        }
        return names;
    }

    private @Nullable List<String> selectable;
}
