package app.clearmargin.collections;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The definition of one resource: everything the generic engine needs to validate, store, query,
 * render, populate and document it. Build with {@link #define(String)}.
 *
 * @param slug the URL segment ({@code time-entries})
 * @param singular the name used in messages ({@code Time Entry})
 * @param idPrefix the id prefix ({@code te})
 * @param table the table name
 * @param scope the scope resource that guards it ({@code events} are guarded by {@code webhooks})
 * @param description one line for the API reference
 * @param revokeField when set, DELETE stamps this field instead of removing the document
 */
public record Collection(
        String slug,
        String singular,
        String idPrefix,
        String table,
        String scope,
        String description,
        List<Field> fields,
        Set<Operation> operations,
        CollectionHooks hooks,
        Map<String, Action> documentActions,
        Map<String, Action> collectionActions,
        String defaultSort,
        String revokeField) {

    public Collection {
        fields = List.copyOf(fields);
        operations = Set.copyOf(operations);
        documentActions = Map.copyOf(documentActions);
        collectionActions = Map.copyOf(collectionActions);
    }

    public static Builder define(String slug) {
        return new Builder(slug);
    }

    public Optional<Field> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public boolean allows(Operation op) {
        return operations.contains(op);
    }

    public static final class Builder {
        private final String slug;
        private String singular;
        private String idPrefix;
        private String table;
        private String scope;
        private String description = "";
        private final List<Field> fields = new ArrayList<>();
        private Set<Operation> operations = EnumSet.allOf(Operation.class);
        private CollectionHooks hooks = CollectionHooks.NONE;
        private final Map<String, Action> documentActions = new LinkedHashMap<>();
        private final Map<String, Action> collectionActions = new LinkedHashMap<>();
        private String defaultSort = "-createdAt";
        private String revokeField;

        private Builder(String slug) {
            this.slug = slug;
            this.table = slug.replace('-', '_');
            this.scope = slug;
        }

        public Builder singular(String name) {
            this.singular = name;
            return this;
        }

        public Builder idPrefix(String prefix) {
            this.idPrefix = prefix;
            return this;
        }

        public Builder table(String name) {
            this.table = name;
            return this;
        }

        public Builder scope(String resource) {
            this.scope = resource;
            return this;
        }

        public Builder description(String text) {
            this.description = text;
            return this;
        }

        public Builder fields(Field... f) {
            fields.addAll(List.of(f));
            return this;
        }

        /** Restricts the generic operations (read-only resources, immutable payments). */
        public Builder operations(Operation first, Operation... rest) {
            this.operations = EnumSet.of(first, rest);
            return this;
        }

        public Builder hooks(CollectionHooks h) {
            this.hooks = h;
            return this;
        }

        public Builder action(Action a) {
            documentActions.put(a.name(), a);
            return this;
        }

        public Builder collectionAction(Action a) {
            collectionActions.put(a.name(), a);
            return this;
        }

        public Builder defaultSort(String sort) {
            this.defaultSort = sort;
            return this;
        }

        /** DELETE stamps this instant field instead of removing the row (API keys are revoked, not deleted). */
        public Builder revokeOnDelete(String instantField) {
            this.revokeField = instantField;
            return this;
        }

        public Collection build() {
            return new Collection(slug, singular, idPrefix, table, scope, description, fields, operations, hooks,
                    documentActions, collectionActions, defaultSort, revokeField);
        }
    }
}
