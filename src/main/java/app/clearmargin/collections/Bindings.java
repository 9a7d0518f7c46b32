package app.clearmargin.collections;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The hooks and action handlers of each collection, by slug. Definitions are plain data and the beans
 * holding domain rules depend on the engine, so the engine cannot be handed them in its constructor;
 * it collects them instead as Spring finishes each bean (as Spring itself collects {@code @Scheduled}
 * methods), and {@link #verify} checks the result against the definitions once every bean exists.
 */
@Component
class Bindings implements BeanPostProcessor {

    /** The rules of a collection that has none; its name is never asked for. */
    private static final CollectionHooks NONE = () -> "";

    private final Map<String, CollectionHooks> hooks = new ConcurrentHashMap<>();
    private final Map<String, ActionHandler> handlers = new ConcurrentHashMap<>();
    private final List<String> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof CollectionHooks h) {
            if (hooks.putIfAbsent(h.collection(), h) != null) {
                conflicts.add("two hooks beans for collection " + h.collection() + " (" + beanName + " is the second)");
            }
        }
        if (bean instanceof ActionHandlers a) {
            for (ActionHandlers.Binding b : a.handlers()) {
                if (handlers.putIfAbsent(key(b.collection(), b.action()), b.handler()) != null) {
                    conflicts.add("two handlers for action " + b.action() + " of " + b.collection());
                }
            }
        }
        return bean;
    }

    /** The rules of a collection; a collection without hooks gets rules that change nothing. */
    CollectionHooks hooks(String slug) {
        return hooks.getOrDefault(slug, NONE);
    }

    Optional<ActionHandler> handler(String slug, String action) {
        return Optional.ofNullable(handlers.get(key(slug, action)));
    }

    /**
     * Fails start-up naming every mismatch: hooks or handlers of a collection no definition declares, a
     * declared action without a handler, a handler for an action its collection does not declare.
     */
    void verify(Registry registry) {
        List<String> problems = new ArrayList<>(conflicts);
        hooks.keySet().stream()
                .filter(slug -> registry.find(slug).isEmpty())
                .forEach(slug -> problems.add("hooks for unknown collection " + slug));
        for (Collection c : registry.all()) {
            c.documentActions().keySet().stream()
                    .filter(c.collectionActions()::containsKey)
                    .forEach(a ->
                            problems.add(c.slug() + " declares " + a + " both as a document and a collection action"));
            for (String action : declared(c)) {
                if (!handlers.containsKey(key(c.slug(), action))) {
                    problems.add("action " + action + " of " + c.slug() + " has no handler");
                }
            }
        }
        for (String k : handlers.keySet()) {
            String[] parts = k.split(" ", 2);
            if (registry.find(parts[0])
                    .map(c -> !declared(c).contains(parts[1]))
                    .orElse(true)) {
                problems.add("a handler for " + parts[1] + " of " + parts[0] + ", which no definition declares");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("collection bindings: " + String.join("; ", problems));
        }
    }

    private static List<String> declared(Collection c) {
        List<String> out = new ArrayList<>(c.documentActions().keySet());
        out.addAll(c.collectionActions().keySet());
        return out;
    }

    private static String key(String slug, String action) {
        return slug + " " + action;
    }
}
