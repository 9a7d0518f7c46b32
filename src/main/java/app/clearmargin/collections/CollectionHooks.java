package app.clearmargin.collections;

import org.jspecify.annotations.Nullable;

/**
 * The domain rules of a collection, run by the generic engine around every write in the same
 * transaction. A bean implementing this names its collection by slug; the engine collects it at
 * start-up (at most one per collection). Each rule method is optional.
 */
public interface CollectionHooks {

    /** The slug of the collection these rules belong to. */
    String collection();

    /**
     * The currency of the document being written (for the minor-digits check of its money fields), or
     * null when it has none. {@code draft} holds only values that passed field validation.
     */
    default @Nullable String currency(WriteContext ctx, Doc draft) {
        return ctx.currency();
    }

    /** Cross-field and database rules, added to the same error list as field errors. */
    default void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {}

    /** Derives values (defaults from settings, totals, stamped rates) before the row is written. */
    default void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {}

    /** Side effects in the same transaction, after the row is written (child documents, releases). */
    default void afterChange(WriteContext ctx, Doc saved, @Nullable Doc previous) {}

    /** Refuses a delete (409) or cleans up what the document owns; runs before the row is deleted. */
    default void beforeDelete(WriteContext ctx, Doc doc) {}

    /** Extra keys for the create response only (a secret shown once). */
    default void decorateCreated(Doc saved, java.util.Map<String, Object> rendered) {}
}
