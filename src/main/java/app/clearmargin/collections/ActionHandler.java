package app.clearmargin.collections;

/** Runs an action inside one transaction with the document locked. */
@FunctionalInterface
public interface ActionHandler {

    ActionResult handle(ActionRequest request);
}
