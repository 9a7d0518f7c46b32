package app.clearmargin.collections;

import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.TenantScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic write engine: validate a body against the definition, run the collection's hooks,
 * store the row and tell the listeners (audit) — all inside the caller's transaction. Domain code
 * uses the {@code …Internal} variants to write documents with the same hooks but without a body.
 */
@Component
public class Documents implements SmartInitializingSingleton {

    private final Registry registry;
    private final DocumentStore store;
    private final Ids ids;
    private final DSLContext db;
    private final List<WriteListener> listeners;
    private final JsonMapper json;
    private final Bindings bindings;

    Documents(
            Registry registry,
            DocumentStore store,
            Ids ids,
            DSLContext db,
            List<WriteListener> listeners,
            JsonMapper json,
            Bindings bindings) {
        this.registry = registry;
        this.store = store;
        this.ids = ids;
        this.db = db;
        this.listeners = listeners;
        this.json = json;
        this.bindings = bindings;
    }

    /** Every hooks and action-handler bean exists now: they must match the definitions. */
    @Override
    public void afterSingletonsInstantiated() {
        bindings.verify(registry);
    }

    private CollectionHooks hooks(Collection c) {
        return bindings.hooks(c.slug());
    }

    // ---------------------------------------------------------------- validated writes (HTTP)

    /** The document, locked for the rest of the transaction (404 when it does not exist here). */
    public Doc lock(Collection c, String id) {
        return store.findForUpdate(c.slug(), id).orElseThrow(ApiException::notFound);
    }

    public Doc create(Collection c, ObjectNode body, WriteContext ctx) {
        return create(c, body, ctx, true);
    }

    /** A validated create whose audit entry the caller writes itself (an action records one entry). */
    public Doc create(Collection c, ObjectNode body, WriteContext ctx, boolean notifyListeners) {
        Errors errors = new Errors(c.slug());
        BodyValidator.Result result =
                BodyValidator.validate(c.fields(), body, BodyValidator.Mode.CREATE, registry::prefixOf, errors);
        Doc draft = new Doc();
        applyDefaults(c.fields(), draft.asMap());
        merge(c.fields(), draft.asMap(), result.values());
        check(c, ctx, draft, null, result, errors);
        return insertChecked(c, draft, ctx, notifyListeners);
    }

    public Doc update(Collection c, String id, ObjectNode body, WriteContext ctx) {
        Doc existing = store.findForUpdate(c.slug(), id).orElseThrow(ApiException::notFound);
        Errors errors = new Errors(c.slug());
        BodyValidator.Result result =
                BodyValidator.validate(c.fields(), body, BodyValidator.Mode.UPDATE, registry::prefixOf, errors);
        Doc draft = existing.copy();
        merge(c.fields(), draft.asMap(), result.values());
        check(c, ctx, draft, existing, result, errors);
        return updateChecked(c, existing, draft, ctx, "update");
    }

    /** Deletes, or for a collection that revokes instead (api-keys) stamps its revocation field. */
    public Doc delete(Collection c, String id, WriteContext ctx) {
        Doc existing = store.findForUpdate(c.slug(), id).orElseThrow(ApiException::notFound);
        if (c.revokeField() != null) {
            Doc draft = existing.copy();
            if (draft.get(c.revokeField()) == null) {
                draft.put(c.revokeField(), app.clearmargin.shared.Times.format(ctx.now()));
            }
            return updateChecked(c, existing, draft, ctx, "delete");
        }
        deleteInternal(c, existing, ctx, true);
        return existing;
    }

    /**
     * Validates an action body ({@code /refund {amount, reason}}) against field definitions: required
     * fields enforced, every offending path reported under {@code name}.
     */
    public Map<String, Object> validateAction(String name, List<Field> fields, ObjectNode body) {
        Errors errors = new Errors(name);
        BodyValidator.Result r =
                BodyValidator.validate(fields, body, BodyValidator.Mode.CREATE, registry::prefixOf, errors);
        checkReferencesExist(r.refs(), errors);
        errors.throwIfAny();
        return r.values();
    }

    /** Validates a PATCH body against fields outside any collection table (the organization). */
    public static Map<String, Object> validatePatch(
            String name,
            List<Field> fields,
            ObjectNode body,
            java.util.function.Function<String, String> prefixOfTarget) {
        Errors errors = new Errors(name);
        BodyValidator.Result r =
                BodyValidator.validate(fields, body, BodyValidator.Mode.UPDATE, prefixOfTarget, errors);
        errors.throwIfAny();
        return r.values();
    }

    private void check(
            Collection c,
            WriteContext ctx,
            Doc draft,
            @Nullable Doc existing,
            BodyValidator.Result result,
            Errors errors) {
        checkReferencesExist(result.refs(), errors);
        String currency = hooks(c).currency(ctx, draft);
        if (currency != null && Money.currencyCode(currency).isPresent()) {
            for (BodyValidator.MoneyCheck m : result.money()) {
                if (!errors.has(m.path()) && !Money.fitsCurrency(m.amount(), currency)) {
                    int digits = Money.digits(currency);
                    errors.add(
                            m.path(),
                            currency + " amounts have "
                                    + (digits == 0
                                            ? "no decimal places."
                                            : "at most " + digits + " decimal place" + (digits == 1 ? "." : "s.")));
                }
            }
        }
        storable(c, () -> hooks(c).validate(ctx, draft, existing, errors));
        errors.throwIfAny();
    }

    /** Runs a hook whose computed amounts may not fit the money columns: a 400 at the path that caused it. */
    private static void storable(Collection c, Runnable hook) {
        try {
            hook.run();
        } catch (Money.NotStorable e) {
            throw ApiException.invalidField(c.slug(), e.path(), "This amount is too large.");
        }
    }

    private void checkReferencesExist(List<BodyValidator.RefCheck> refs, Errors errors) {
        Map<String, Set<UUID>> byTarget = new LinkedHashMap<>();
        for (BodyValidator.RefCheck r : refs) {
            byTarget.computeIfAbsent(r.target(), k -> new HashSet<>()).add(r.id());
        }
        Map<String, Set<UUID>> found = new HashMap<>();
        byTarget.forEach((target, wanted) -> found.put(target, store.existing(target, wanted)));
        for (BodyValidator.RefCheck r : refs) {
            if (!Objects.requireNonNull(found.get(r.target()), "every target was looked up")
                    .contains(r.id())) {
                errors.add(
                        r.path(),
                        "This relationship is invalid: "
                                + registry.get(r.target()).singular() + " not found.");
            }
        }
    }

    // ---------------------------------------------------------------- internal writes (domain code)

    /** Creates a document from values already known to be valid: defaults, hooks, row, listeners. */
    public Doc insertInternal(Collection c, Doc values, WriteContext ctx, boolean notifyListeners) {
        Doc draft = new Doc();
        applyDefaults(c.fields(), draft.asMap());
        merge(c.fields(), draft.asMap(), values.asMap());
        draft.internal().putAll(values.internal());
        return insertChecked(c, draft, ctx, notifyListeners);
    }

    private Doc insertChecked(Collection c, Doc draft, WriteContext ctx, boolean notifyListeners) {
        String now = app.clearmargin.shared.Times.format(ctx.now());
        if (draft.get("id") == null) {
            draft.put("id", ids.newId(c.idPrefix()));
        }
        storable(c, () -> hooks(c).beforeChange(ctx, draft, null));
        Doc saved = reorder(c, draft, now, now);
        saved.internal().putAll(draft.internal());
        saved.transients().putAll(draft.transients());
        store.insert(c.slug(), saved, saved.internal());
        hooks(c).afterChange(ctx, saved, null);
        if (notifyListeners) {
            listeners.forEach(l -> l.written(ctx, c, "create", null, saved));
        }
        return saved;
    }

    /**
     * Writes {@code draft} over {@code existing} (locked by the caller), running beforeChange and
     * afterChange, and records it under {@code action} (null: no listener call).
     */
    public Doc updateChecked(Collection c, Doc existing, Doc draft, WriteContext ctx, @Nullable String action) {
        storable(c, () -> hooks(c).beforeChange(ctx, draft, existing));
        Doc saved =
                reorder(c, draft, existing.requiredString("createdAt"), app.clearmargin.shared.Times.format(ctx.now()));
        saved.internal().putAll(draft.internal());
        saved.transients().putAll(draft.transients());
        Set<String> changed = changedFields(c, existing, saved);
        store.update(c.slug(), saved, changed, saved.internal());
        hooks(c).afterChange(ctx, saved, existing);
        if (action != null) {
            listeners.forEach(l -> l.written(ctx, c, action, existing, saved));
        }
        return saved;
    }

    /** Deletes after the collection's rules and the reference check (409 naming who refers to it). */
    public void deleteInternal(Collection c, Doc existing, WriteContext ctx, boolean notifyListeners) {
        hooks(c).beforeDelete(ctx, existing);
        List<String> referencedBy = referencingCollections(c, existing);
        if (!referencedBy.isEmpty()) {
            throw ApiException.conflict(
                    c.singular() + " " + existing.id() + " is referenced by " + String.join(", ", referencedBy)
                            + "; archive it instead of deleting it.",
                    Map.of("referencedBy", referencedBy));
        }
        store.delete(c.slug(), existing);
        if (notifyListeners) {
            listeners.forEach(l -> l.written(ctx, c, "delete", existing, null));
        }
    }

    /**
     * Runs an action declared by the collection on {@code document} (locked by the caller; null for a
     * collection action), inside the caller's transaction.
     */
    public ActionResult act(
            Collection c,
            String action,
            @Nullable Doc document,
            tools.jackson.databind.node.ObjectNode body,
            WriteContext ctx) {
        ActionHandler handler = bindings.handler(c.slug(), action)
                .orElseThrow(() -> new IllegalArgumentException("no action " + action + " on " + c.slug()));
        return handler.handle(new ActionRequest(document, body, ctx));
    }

    /** Extra keys of the create response only (a secret shown once), from the collection's hooks. */
    void decorateCreated(Collection c, Doc saved, Map<String, Object> rendered) {
        hooks(c).decorateCreated(saved, rendered);
    }

    /** Tells the listeners of an action's write (one audit entry per action). */
    public void recordAction(WriteContext ctx, Collection c, String action, @Nullable Doc before, @Nullable Doc after) {
        listeners.forEach(l -> l.written(ctx, c, action, before, after));
    }

    private List<String> referencingCollections(Collection target, Doc doc) {
        UUID id = doc.uuid(target.idPrefix());
        List<String> out = new ArrayList<>();
        for (Collection other : registry.all()) {
            Layout layout = registry.layout(other.slug());
            for (Layout.Leaf leaf : layout.leaves()) {
                if (out.contains(other.slug())) {
                    break;
                }
                Condition condition = referenceCondition(leaf, target.slug(), id, doc.id());
                if (condition != null
                        && db.fetchExists(DSL.selectOne()
                                .from(layout.table())
                                .where(TenantScope.of(layout.table()))
                                .and(condition))) {
                    out.add(other.slug());
                }
            }
        }
        return out;
    }

    /** Where {@code leaf} holds a reference to the document, or null when it cannot hold one. */
    private @Nullable Condition referenceCondition(Layout.Leaf leaf, String target, UUID id, String publicId) {
        return switch (leaf.field().kind()) {
            case FieldKind.Ref r ->
                r.target().equals(target) && !r.history() ? leaf.column().eq(id) : null;
            case FieldKind.RefMany r ->
                r.target().equals(target)
                        ? DSL.condition("{0} @> array[{1}]::uuid[]", leaf.column(), DSL.val(id))
                        : null;
            case FieldKind.Items items -> {
                List<Condition> any = new ArrayList<>();
                for (Map<String, Object> item : itemsReferencing(items, target, publicId)) {
                    JSONB pattern = JSONB.valueOf(json.writeValueAsString(List.of(item)));
                    any.add(DSL.condition("{0} @> {1}", leaf.column(), DSL.val(pattern, SQLDataType.JSONB)));
                }
                yield any.isEmpty() ? null : DSL.or(any);
            }
            default -> null;
        };
    }

    /**
     * JSON containment patterns of one array item that refers to the document (stored in wire form, so by
     * its public id). Read-only fields of items are server-written billing history — the time entries and
     * expenses a line billed, an installment's invoice — whose release their domain rules own.
     */
    private static List<Map<String, Object>> itemsReferencing(FieldKind.Items items, String target, String publicId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Field f : items.fields()) {
            if (f.readOnly()) {
                continue;
            }
            switch (f.kind()) {
                case FieldKind.Ref r
                when r.target().equals(target) && !r.history() -> out.add(Map.of(f.name(), publicId));
                case FieldKind.RefMany r when r.target().equals(target) -> out.add(Map.of(f.name(), List.of(publicId)));
                case FieldKind.Items inner ->
                    itemsReferencing(inner, target, publicId).forEach(p -> out.add(Map.of(f.name(), List.of(p))));
                default -> {}
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** The document with its keys in definition order: id, fields…, createdAt, updatedAt. */
    private static Doc reorder(Collection c, Doc draft, String createdAt, String updatedAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", draft.get("id"));
        for (Field f : c.fields()) {
            out.put(f.name(), draft.get(f.name()));
        }
        out.put("createdAt", createdAt);
        out.put("updatedAt", updatedAt);
        Layout.collapseEmptyObjects(out, c.fields());
        return new Doc(out);
    }

    private static Set<String> changedFields(Collection c, Doc before, Doc after) {
        Set<String> changed = new LinkedHashSet<>();
        for (Field f : c.fields()) {
            if (!Objects.equals(before.get(f.name()), after.get(f.name()))) {
                changed.add(f.name());
            }
        }
        if (!after.internal().isEmpty()) {
            changed.add("__internal__");
        }
        return changed;
    }

    /** Static defaults of absent fields, recursively into nested objects. */
    @SuppressWarnings("unchecked")
    static void applyDefaults(List<Field> fields, Map<String, Object> values) {
        for (Field f : fields) {
            if (f.kind() instanceof FieldKind.Obj obj) {
                Object v = values.get(f.name());
                Map<String, Object> child = v instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
                applyDefaults(obj.fields(), child);
                values.put(f.name(), child);
            } else if (!values.containsKey(f.name()) || values.get(f.name()) == null) {
                if (f.defaultValue() != null) {
                    values.put(f.name(), f.defaultValue());
                } else if (!values.containsKey(f.name())) {
                    values.put(
                            f.name(),
                            f.kind() instanceof FieldKind.RefMany
                                            || f.kind() instanceof FieldKind.Strings
                                            || f.kind() instanceof FieldKind.Items
                                    ? List.of()
                                    : null);
                }
            }
        }
    }

    /** Body values over a draft: nested objects merge field by field; {@code null} clears; arrays replace. */
    @SuppressWarnings("unchecked")
    static void merge(List<Field> fields, Map<String, Object> target, Map<String, Object> patch) {
        for (Field f : fields) {
            if (!patch.containsKey(f.name())) {
                continue;
            }
            Object v = patch.get(f.name());
            if (f.kind() instanceof FieldKind.Obj obj) {
                Map<String, Object> current = target.get(f.name()) instanceof Map<?, ?> m
                        ? new LinkedHashMap<>((Map<String, Object>) m)
                        : new LinkedHashMap<>();
                if (v == null) {
                    current.replaceAll((k, x) -> null);
                    obj.fields().forEach(cf -> current.put(cf.name(), null));
                } else {
                    merge(obj.fields(), current, (Map<String, Object>) v);
                }
                target.put(f.name(), current);
            } else if (f.kind() instanceof FieldKind.Items items && v instanceof List<?> list) {
                List<Map<String, Object>> withDefaults = new ArrayList<>();
                for (Object o : list) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    applyDefaults(items.fields(), item);
                    merge(items.fields(), item, (Map<String, Object>) o);
                    withDefaults.add(item);
                }
                target.put(f.name(), withDefaults);
            } else {
                target.put(f.name(), v);
            }
        }
    }
}
