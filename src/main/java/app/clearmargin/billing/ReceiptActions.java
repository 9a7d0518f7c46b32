package app.clearmargin.billing;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.links.LinkKind;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /receipts/:id/send}: mails the receipt (again) and emits receipt_sent; {@code /rotate-link}. */
@Component
class ReceiptActions implements ActionHandlers {

    private final Receipts receipts;
    private final PublicLinks publicLinks;

    ReceiptActions(Receipts receipts, PublicLinks publicLinks) {
        this.receipts = receipts;
        this.publicLinks = publicLinks;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(
                ActionHandlers.on("receipts", "send", this::send),
                ActionHandlers.on("receipts", "rotate-link", r -> publicLinks.rotate(r, LinkKind.RECEIPT, "Receipt")));
    }

    ActionResult send(ActionRequest request) {
        return ActionResult.acted(
                "receipts", receipts.send(request.context(), request.requireDocument(), "send"), "Receipt sent.");
    }
}
