package app.clearmargin.collections;

import static app.clearmargin.collections.Fields.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hooks and action handlers are bound to definitions by slug; start-up fails naming every hook or
 * handler without its definition and every declared action without its handler.
 */
class BindingsTest {

    static final Collection NOTES = Collection.define("notes")
            .singular("Note")
            .idPrefix("note")
            .fields(text("body"))
            .action("pin", "notes")
            .collectionAction("import", "notes")
            .build();

    static Registry registry(Collection... collections) {
        return new Registry(List.of(collections), JsonMapper.builder().build());
    }

    record Hooks(String collection) implements CollectionHooks {}

    record Handlers(List<Binding> handlers) implements ActionHandlers {}

    static final ActionHandler OK = request -> ActionResult.acted("notes", null, "done");

    static Bindings bound(Object... beans) {
        Bindings bindings = new Bindings();
        for (Object bean : beans) {
            bindings.postProcessAfterInitialization(bean, bean.getClass().getSimpleName());
        }
        return bindings;
    }

    @Test
    void hooksAndHandlersAreFoundBySlug() {
        Hooks hooks = new Hooks("notes");
        Bindings bindings = bound(
                hooks,
                new Handlers(List.of(ActionHandlers.on("notes", "pin", OK), ActionHandlers.on("notes", "import", OK))),
                "an unrelated bean");
        bindings.verify(registry(NOTES));
        assertThat(bindings.hooks("notes")).isSameAs(hooks);
        assertThat(bindings.handler("notes", "pin")).containsSame(OK);
        assertThat(bindings.handler("notes", "archive")).isEmpty();
    }

    @Test
    void aCollectionWithoutHooksGetsRulesThatChangeNothing() {
        Bindings bindings = bound(
                new Handlers(List.of(ActionHandlers.on("notes", "pin", OK), ActionHandlers.on("notes", "import", OK))));
        bindings.verify(registry(NOTES));
        CollectionHooks none = bindings.hooks("notes");
        Doc draft = new Doc().put("body", "x");
        none.beforeChange(null, draft, null);
        assertThat(draft.asMap()).containsOnlyKeys("body");
    }

    @Test
    void startUpFailsNamingEveryMismatch() {
        Bindings bindings = bound(
                new Hooks("notes"),
                new Hooks("notes"),
                new Hooks("tags"),
                new Handlers(List.of(
                        ActionHandlers.on("notes", "pin", OK),
                        ActionHandlers.on("notes", "archive", OK),
                        ActionHandlers.on("tags", "merge", OK))));
        assertThatThrownBy(() -> bindings.verify(registry(NOTES)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two hooks beans for collection notes")
                .hasMessageContaining("hooks for unknown collection tags")
                .hasMessageContaining("action import of notes has no handler")
                .hasMessageContaining("a handler for archive of notes, which no definition declares")
                .hasMessageContaining("a handler for merge of tags, which no definition declares");
    }

    @Test
    void anActionIsADocumentActionOrACollectionActionNotBoth() {
        Collection both = Collection.define("notes")
                .singular("Note")
                .idPrefix("note")
                .fields(text("body"))
                .action("pin", "notes")
                .collectionAction("pin", "notes")
                .build();
        Bindings bindings = bound(new Handlers(List.of(ActionHandlers.on("notes", "pin", OK))));
        assertThatThrownBy(() -> bindings.verify(registry(both)))
                .hasMessageContaining("notes declares pin both as a document and a collection action");
    }
}
