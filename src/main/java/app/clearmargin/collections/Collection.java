package app.clearmargin.collections;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The definition of one resource: everything the generic engine needs to validate, store, query,
 * render, populate and document it. Build with {@link #define(String)}. Plain data: its hooks and
 * action handlers are beans that name the collection by slug ({@link CollectionHooks},
 * {@link ActionHandlers}), so a definition depends on nothing and the engine on no definition's code.
 *
 * @param slug the URL segment ({@code time-entries})
 * @param singular the name used in messages ({@code Time Entry})
 * @param idPrefix the id prefix ({@code te})
 * @param table the table name
 * @param scope the scope resource that guards it ({@code events} are guarded by {@code webhooks})
 * @param description one line for the API reference
 * @param documentActions the actions on a document ({@code /invoices/:id/send}), by name
 * @param collectionActions the actions on the collection ({@code /invoices/generate}), by name
 * @param revokeField when set, DELETE stamps this field instead of removing the document
 * @param cursorPaging whether the list also pages by {@code startingAfter}/{@code endingBefore} (logs that
 *     grow without end and are polled: events, deliveries, the audit log)
 * @param shownOnCreate keys the create answer adds to {@code doc} once (a generated secret), with their meaning
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
        Map<String, Action> documentActions,
        Map<String, Action> collectionActions,
        String defaultSort,
        @Nullable String revokeField,
        boolean cursorPaging,
        Map<String, String> shownOnCreate) {

    public Collection {
        fields = List.copyOf(fields);
        operations = Set.copyOf(operations);
        // in the order defined: the API reference lists them so
        documentActions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(documentActions));
        collectionActions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(collectionActions));
        shownOnCreate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shownOnCreate));
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
        private @Nullable String singular;
        private @Nullable String idPrefix;
        private String table;
        private String scope;
        private String description = "";
        private final List<Field> fields = new ArrayList<>();
        private Set<Operation> operations = EnumSet.allOf(Operation.class);
        private final Map<String, Action> documentActions = new LinkedHashMap<>();
        private final Map<String, Action> collectionActions = new LinkedHashMap<>();
        private String defaultSort = "-createdAt";
        private @Nullable String revokeField;
        private boolean cursorPaging;
        private final Map<String, String> shownOnCreate = new LinkedHashMap<>();

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

        /** A document action, {@code POST /<slug>/:id/<name>}, needing {@code <scopeResource>:write}. */
        public Builder action(String name, String scopeResource) {
            documentActions.put(name, new Action(name, scopeResource));
            return this;
        }

        /** A collection action, {@code POST /<slug>/<name>}, needing {@code <scopeResource>:write}. */
        public Builder collectionAction(String name, String scopeResource) {
            collectionActions.put(name, new Action(name, scopeResource));
            return this;
        }

        /** A document action with what it accepts and answers described ({@link Action#named}). */
        public Builder action(Action action) {
            documentActions.put(action.name(), action);
            return this;
        }

        /** A collection action with what it accepts and answers described. */
        public Builder collectionAction(Action action) {
            collectionActions.put(action.name(), action);
            return this;
        }

        /** The create answer's {@code doc} carries {@code key} once (a secret the server generated). */
        public Builder shownOnCreate(String key, String meaning) {
            shownOnCreate.put(key, meaning);
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

        /** The list also pages by cursor, newest first by id ({@code startingAfter}, {@code endingBefore}). */
        public Builder cursorPaging() {
            this.cursorPaging = true;
            return this;
        }

        public Collection build() {
            return new Collection(
                    slug,
                    Objects.requireNonNull(singular, () -> slug + " has no singular name"),
                    Objects.requireNonNull(idPrefix, () -> slug + " has no id prefix"),
                    table,
                    scope,
                    description,
                    fields,
                    operations,
                    documentActions,
                    collectionActions,
                    defaultSort,
                    revokeField,
                    cursorPaging,
                    shownOnCreate);
        }
    }
}
