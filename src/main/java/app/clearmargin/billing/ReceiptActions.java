package app.clearmargin.billing;

import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** {@code /receipts/:id/send}: mails the receipt (again) and emits receipt_sent. */
@Component
class ReceiptActions {

    private final Billing billing;

    ReceiptActions(@Lazy Billing billing) {
        this.billing = billing;
    }

    ActionResult send(ActionRequest request) {
        return ActionResult.acted("receipts", billing.sendReceipt(request.context(), request.document(), "send"), "Receipt sent.");
    }
}
