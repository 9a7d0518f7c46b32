package app.clearmargin.collections;

/**
 * Told of every successful write, inside its transaction: generic create/update/delete and each
 * action. The audit log is one.
 *
 * @param action {@code create}, {@code update}, {@code delete} or the action's name
 */
public interface WriteListener {

    void written(WriteContext ctx, Collection collection, String action, Doc before, Doc after);
}
