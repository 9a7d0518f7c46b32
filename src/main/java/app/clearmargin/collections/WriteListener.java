package app.clearmargin.collections;

import org.jspecify.annotations.Nullable;

/**
 * Told of every successful write, inside its transaction: generic create/update/delete and each
 * action. The audit log is one.
 *
 * @param action {@code create}, {@code update}, {@code delete} or the action's name
 */
public interface WriteListener {

    void written(WriteContext ctx, Collection collection, String action, @Nullable Doc before, @Nullable Doc after);
}
