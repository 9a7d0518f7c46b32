package app.clearmargin.collections;

import java.util.List;

/**
 * A bean that handles actions declared by collection definitions. The engine collects every such bean
 * at start-up and binds each handler by slug and action name; start-up fails when a declared action has
 * no handler, or a handler names an action no definition declares.
 */
public interface ActionHandlers {

    List<Binding> handlers();

    /** {@code on("invoices", "send", this::send)}. */
    static Binding on(String collection, String action, ActionHandler handler) {
        return new Binding(collection, action, handler);
    }

    record Binding(String collection, String action, ActionHandler handler) {}
}
