package app.clearmargin.idempotency;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Marks the running idempotent request as executed inside the same transaction as its writes, so a
 * node dying between commit and storing the response can never lead to a second execution.
 */
@Component
class MarkExecutedBeforeCommit implements TransactionExecutionListener {

    // The store needs the transaction manager this listener is part of: resolve it on first use.
    private final ObjectProvider<IdempotencyStore> store;

    MarkExecutedBeforeCommit(ObjectProvider<IdempotencyStore> store) {
        this.store = store;
    }

    @Override
    public void beforeCommit(TransactionExecution transaction) {
        if (!transaction.isReadOnly() && IdempotencyFilter.RUNNING.isBound()) {
            store.getObject().markExecuted(IdempotencyFilter.RUNNING.get());
        }
    }
}
