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
 * Fetches the related documents a rendering at a depth needs ({@link JsonDocs} writes them in place
 * of their ids): level by level, one query per (collection, level), never one per row. A missing or
 * foreign target is not fetched and stays an id.
 */
@Component
class Populator {

    static final int MAX_DEPTH = 3;

    private final Registry registry;
    private final DocumentStore store;

    Populator(Registry registry, DocumentStore store) {
        this.registry = registry;
        this.store = store;
    }

    record Target(String collection, String id) {}

    /** Every document the rendering of {@code docs} at {@code depth} needs, by collection and id. */
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

    @SuppressWarnings("unchecked")
    private void collectRefs(
            List<Field> fields, Map<String, Object> values, Map<String, Set<UUID>> wanted, Map<Target, Doc> fetched) {
        for (Field f : fields) {
            Object v = values.get(f.name());
            if (v == null) {
                continue;
            }
            switch (f.kind()) {
                case FieldKind.Ref r -> want(r.target(), (String) v, wanted, fetched);
                case FieldKind.RefMany r -> ((List<String>) v).forEach(id -> want(r.target(), id, wanted, fetched));
                case FieldKind.Obj o -> collectRefs(o.fields(), (Map<String, Object>) v, wanted, fetched);
                case FieldKind.Items i ->
                    ((List<Map<String, Object>>) v).forEach(item -> collectRefs(i.fields(), item, wanted, fetched));
                default -> {}
            }
        }
    }

    private void want(String target, String id, Map<String, Set<UUID>> wanted, Map<Target, Doc> fetched) {
        if (fetched.containsKey(new Target(target, id))) {
            return;
        }
        Ids.parse(registry.prefixOf(target), id)
                .ifPresent(uuid ->
                        wanted.computeIfAbsent(target, k -> new HashSet<>()).add(uuid));
    }
}
