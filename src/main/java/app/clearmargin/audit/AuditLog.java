package app.clearmargin.audit;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.collections.WriteListener;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Writes one audit entry per successful write, in the write's transaction: the actor key, the
 * action, and the changed fields as {@code [before, after]} in their rendered form. Write-only
 * fields (secrets) never appear; API key secrets are never fields at all.
 */
@Component
class AuditLog implements WriteListener {

    private static final List<String> SYSTEM = List.of("id", "createdAt", "updatedAt");

    private final DocumentStore store;
    private final Ids ids;

    AuditLog(DocumentStore store, Ids ids) {
        this.store = store;
        this.ids = ids;
    }

    @Override
    public void written(
            WriteContext ctx, Collection collection, String action, @Nullable Doc before, @Nullable Doc after) {
        Doc subject = Objects.requireNonNull(after != null ? after : before, "a write has a document");
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("apiKey", ctx.actor().apiKeyId());
        actor.put("name", ctx.actor().name());
        actor.put("type", ctx.actor().type());
        String now = Times.format(ctx.now());
        Doc entry = new Doc()
                .put("id", ids.newId("aud"))
                .put("actor", actor)
                .put("action", action)
                .put("collection", collection.slug())
                .put("documentId", subject.id())
                .put("changes", changes(collection, before, after))
                .put("requestId", ctx.requestId())
                .put("createdAt", now)
                .put("updatedAt", now);
        store.insert("audit-log", entry, Map.of());
    }

    static Map<String, List<Object>> changes(Collection collection, @Nullable Doc before, @Nullable Doc after) {
        Map<String, List<Object>> changes = new LinkedHashMap<>();
        for (String name : names(collection, before, after)) {
            Object b = before == null ? null : before.get(name);
            Object a = after == null ? null : after.get(name);
            boolean creating = before == null;
            boolean deleting = after == null;
            if ((creating && a == null) || (deleting && b == null) || Objects.equals(a, b)) {
                continue;
            }
            changes.put(name, new ArrayList<>(Arrays.asList(b, a)));
        }
        return changes;
    }

    /** The rendered fields of the collection, or of the documents when it has none (the organization). */
    private static List<String> names(Collection collection, @Nullable Doc before, @Nullable Doc after) {
        if (!collection.fields().isEmpty()) {
            return collection.fields().stream()
                    .filter(Field::rendered)
                    .map(Field::name)
                    .toList();
        }
        Doc any = Objects.requireNonNull(after != null ? after : before, "a write has a document");
        return any.asMap().keySet().stream().filter(k -> !SYSTEM.contains(k)).toList();
    }
}
