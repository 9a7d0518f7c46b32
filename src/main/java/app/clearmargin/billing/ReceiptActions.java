package app.clearmargin.billing;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /receipts/:id/send}: mails the receipt (again) and emits receipt_sent. */
@Component
class ReceiptActions implements ActionHandlers {

    private final Receipts receipts;

    ReceiptActions(Receipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(ActionHandlers.on("receipts", "send", this::send));
    }

    ActionResult send(ActionRequest request) {
        return ActionResult.acted(
                "receipts", receipts.send(request.context(), request.requireDocument(), "send"), "Receipt sent.");
    }
}
