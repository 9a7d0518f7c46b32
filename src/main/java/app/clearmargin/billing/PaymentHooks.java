package app.clearmargin.billing;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Times;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Payments (created by the invoice's payments action): the amount defaults to the amount due and may
 * not exceed it; currency is the invoice's; paidAt defaults to now. A provider's payment skips
 * {@link #validate} ({@link InvoiceActions#payByProvider}): the money has moved, an excess is overpaid.
 */
@Component
class PaymentHooks implements CollectionHooks {

    private final DocumentStore store;

    PaymentHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "payments";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return invoice(draft).map(i -> i.string("currency")).orElse(ctx.currency());
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        Optional<Doc> invoice = invoice(draft);
        if (invoice.isEmpty() || errors.has("amount") || draft.get("amount") == null) {
            return;
        }
        BigDecimal due = invoice.get().decimalOrZero("amountDue");
        if (draft.requiredDecimal("amount").compareTo(due) > 0) {
            errors.add(
                    "amount",
                    "The amount " + draft.requiredDecimal("amount").toPlainString() + " exceeds the amount due ("
                            + due.toPlainString() + " " + invoice.get().string("currency") + ").");
        }
        if (PaymentStatus.FAILED.wire().equals(draft.string("status"))
                && draft.has("card")
                && draft.nested("card", "last4") == null
                && draft.nested("card", "brand") == null) {
            draft.put("card", null);
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        Doc invoice = invoice(draft).orElseThrow();
        if (draft.get("amount") == null) {
            draft.put("amount", invoice.decimalOrZero("amountDue"));
        }
        draft.put("currency", invoice.string("currency"));
        if (draft.get("paidAt") == null) {
            draft.put("paidAt", Times.format(ctx.now()));
        }
        if (draft.get("refundedAmount") == null) {
            draft.put("refundedAmount", BigDecimal.ZERO);
        }
    }

    private Optional<Doc> invoice(Doc payment) {
        String id = payment.ref("invoice");
        return id == null ? Optional.empty() : store.find("invoices", id);
    }
}
