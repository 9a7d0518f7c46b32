package app.clearmargin.collections;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Every collection definition of the server, by slug, with its storage layout and query schema. */
@Component
public class Registry {

    private final Map<String, app.clearmargin.collections.Collection> bySlug = new LinkedHashMap<>();
    private final Map<String, Layout> layouts = new ConcurrentHashMap<>();
    private final Map<String, CollectionSchema> schemas = new ConcurrentHashMap<>();
    private final JsonMapper json;

    Registry(List<app.clearmargin.collections.Collection> collections, JsonMapper json) {
        this.json = json;
        for (var c : collections) {
            if (bySlug.put(c.slug(), c) != null) {
                throw new IllegalStateException("two collections named " + c.slug());
            }
        }
        for (var c : collections) {
            checkTargets(c.fields(), c.slug());
        }
    }

    private void checkTargets(List<Field> fields, String owner) {
        for (Field f : fields) {
            switch (f.kind()) {
                case FieldKind.Ref r -> require(r.target(), owner);
                case FieldKind.RefMany r -> require(r.target(), owner);
                case FieldKind.Obj o -> checkTargets(o.fields(), owner);
                case FieldKind.Items i -> checkTargets(i.fields(), owner);
                default -> {}
            }
        }
    }

    private void require(String target, String owner) {
        if (!bySlug.containsKey(target)) {
            throw new IllegalStateException(owner + " references unknown collection " + target);
        }
    }

    public Optional<app.clearmargin.collections.Collection> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    public app.clearmargin.collections.Collection get(String slug) {
        return find(slug).orElseThrow(() -> new IllegalArgumentException("unknown collection " + slug));
    }

    public Collection<app.clearmargin.collections.Collection> all() {
        return bySlug.values();
    }

    /** The resources whose scopes guard the collections ({@code events} share {@code webhooks}), distinct, in registry order. */
    public List<String> scopeResources() {
        return bySlug.values().stream()
                .map(app.clearmargin.collections.Collection::scope)
                .distinct()
                .toList();
    }

    public String prefixOf(String slug) {
        return get(slug).idPrefix();
    }

    public Layout layout(String slug) {
        return layouts.computeIfAbsent(slug, s -> new Layout(get(s), this::prefixOf, json));
    }

    CollectionSchema schema(String slug) {
        return schemas.computeIfAbsent(slug, s -> new CollectionSchema(this, layout(s)));
    }
}
