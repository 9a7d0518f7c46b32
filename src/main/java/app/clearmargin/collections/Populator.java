package app.clearmargin.collections;

import app.clearmargin.shared.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Renders documents at a depth: relationships become the related documents, whose own relationships
 * are populated down to the remaining depth. Related documents are fetched level by level with one
 * query per (collection, level), never one per row; a missing or foreign target stays an id.
 */
@Component
public class Populator {

    public static final int MAX_DEPTH = 3;

    private final Registry registry;
    private final DocumentStore store;

    Populator(Registry registry, DocumentStore store) {
        this.registry = registry;
        this.store = store;
    }

    record Target(String collection, String id) {}

    /** The documents of {@code slug} rendered at {@code depth} (write-only fields removed). */
    public List<Map<String, Object>> render(String slug, List<Doc> docs, int depth) {
        Map<Target, Doc> fetched = fetch(slug, docs, depth);
        List<Map<String, Object>> out = new ArrayList<>(docs.size());
        for (Doc d : docs) {
            out.add(build(slug, d.asMap(), Math.min(depth, MAX_DEPTH), fetched));
        }
        return out;
    }

    /** Every document the rendering at {@code depth} needs, fetched level by level: one query per (collection, level). */
    Map<Target, Doc> fetch(String slug, List<Doc> docs, int depth) {
        Map<Target, Doc> fetched = new HashMap<>();
        List<Map.Entry<String, Doc>> level = new ArrayList<>();
        docs.forEach(d -> level.add(Map.entry(slug, d)));
        for (int d = 1; d <= Math.min(depth, MAX_DEPTH) && !level.isEmpty(); d++) {
            Map<String, Set<UUID>> wanted = new LinkedHashMap<>();
            for (Map.Entry<String, Doc> e : level) {
                collectRefs(registry.get(e.getKey()).fields(), e.getValue().asMap(), wanted, fetched);
            }
            level.clear();
            for (Map.Entry<String, Set<UUID>> w : wanted.entrySet()) {
                if (w.getValue().isEmpty()) {
                    continue;
                }
                for (Doc found : store.findAll(w.getKey(), w.getValue()).values()) {
                    fetched.put(new Target(w.getKey(), found.id()), found);
                    level.add(Map.entry(w.getKey(), found));
                }
            }
        }
        return fetched;
    }

    public Map<String, Object> render(String slug, Doc doc, int depth) {
        return render(slug, List.of(doc), depth).getFirst();
    }

    @SuppressWarnings("unchecked")
    private void collectRefs(List<Field> fields, Map<String, Object> values, Map<String, Set<UUID>> wanted,
            Map<Target, Doc> fetched) {
        for (Field f : fields) {
            Object v = values.get(f.name());
            if (v == null) {
                continue;
            }
            switch (f.kind()) {
                case FieldKind.Ref r -> want(r.target(), (String) v, wanted, fetched);
                case FieldKind.RefMany r -> ((List<String>) v).forEach(id -> want(r.target(), id, wanted, fetched));
                case FieldKind.Obj o -> collectRefs(o.fields(), (Map<String, Object>) v, wanted, fetched);
                case FieldKind.Items i -> ((List<Map<String, Object>>) v).forEach(item -> collectRefs(i.fields(), item, wanted, fetched));
                default -> {}
            }
        }
    }

    private void want(String target, String id, Map<String, Set<UUID>> wanted, Map<Target, Doc> fetched) {
        if (fetched.containsKey(new Target(target, id))) {
            return;
        }
        Ids.parse(registry.prefixOf(target), id)
                .ifPresent(uuid -> wanted.computeIfAbsent(target, k -> new HashSet<>()).add(uuid));
    }

    private Map<String, Object> build(String slug, Map<String, Object> values, int depth, Map<Target, Doc> fetched) {
        return buildFields(registry.get(slug).fields(), values, depth, fetched, true);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> buildFields(List<Field> fields, Map<String, Object> values, int depth,
            Map<Target, Doc> fetched, boolean topLevel) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (topLevel) {
            out.put("id", values.get("id"));
        }
        for (Field f : fields) {
            if (!f.rendered()) {
                continue;
            }
            Object v = values.get(f.name());
            out.put(f.name(), switch (f.kind()) {
                case FieldKind.Ref r -> v == null || depth == 0 ? v : related(r.target(), (String) v, depth, fetched);
                case FieldKind.RefMany r -> v == null || depth == 0 ? v
                        : ((List<String>) v).stream().map(id -> related(r.target(), id, depth, fetched)).toList();
                case FieldKind.Obj o -> v == null ? null : buildFields(o.fields(), (Map<String, Object>) v, depth, fetched, false);
                case FieldKind.Items i -> v == null ? List.of()
                        : ((List<Map<String, Object>>) v).stream()
                                .map(item -> buildFields(i.fields(), item, depth, fetched, false))
                                .toList();
                default -> v;
            });
        }
        if (topLevel) {
            out.put("createdAt", values.get("createdAt"));
            out.put("updatedAt", values.get("updatedAt"));
        }
        return out;
    }

    private Object related(String target, String id, int depth, Map<Target, Doc> fetched) {
        Doc doc = fetched.get(new Target(target, id));
        if (doc == null) {
            return id;
        }
        return build(target, doc.asMap(), depth - 1, fetched);
    }
}
