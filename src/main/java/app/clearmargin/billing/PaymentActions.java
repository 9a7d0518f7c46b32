package app.clearmargin.billing;

import static app.clearmargin.collections.Fields.positiveMoney;
import static app.clearmargin.collections.Fields.text;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.ledger.Ledger;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code /payments/:id/refund} and {@code /payments/:id/dispute} (API.md §4). */
@Component
class PaymentActions implements ActionHandlers {

    static final List<Field> REFUND = List.of(positiveMoney("amount"), text("reason", 0, 500));
    static final List<Field> DISPUTE = List.of(text("reason", 0, 500));

    private final Documents documents;
    private final DocumentStore store;
    private final Registry registry;
    private final Recipients recipients;
    private final RevenuePostings revenue;
    private final Events events;

    PaymentActions(
            Documents documents,
            DocumentStore store,
            Registry registry,
            Recipients recipients,
            RevenuePostings revenue,
            Events events) {
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.recipients = recipients;
        this.revenue = revenue;
        this.events = events;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(
                ActionHandlers.on("payments", "refund", this::refund),
                ActionHandlers.on("payments", "dispute", this::dispute));
    }

    private Doc lockInvoice(String id) {
        return store.findForUpdate("invoices", id).orElseThrow(ApiException::notFound);
    }

    /** Refunds part or all of what is left of a succeeded payment; the invoice is paid back down. */
    ActionResult refund(ActionRequest request) {
        Doc payment = request.requireDocument();
        WriteContext ctx = request.context();
        if (PaymentStatus.of(payment.requiredString("status")) != PaymentStatus.SUCCEEDED) {
            throw ApiException.stateConflict(
                    "Payment " + payment.id() + " failed; only succeeded payments can be refunded.",
                    payment.requiredString("status"));
        }
        String currency = payment.requiredString("currency");
        Money amount = Money.of(payment.requiredDecimal("amount"), currency);
        Money refundable = amount.minus(Money.of(payment.decimalOrZero("refundedAmount"), currency));
        if (refundable.isZero()) {
            throw ApiException.stateConflict(
                    "Payment " + payment.id() + " is already fully refunded.", payment.requiredString("status"));
        }
        Map<String, Object> body = documents.validateAction("payments", REFUND, request.body());
        BigDecimal requested = body.get("amount") instanceof BigDecimal d ? d : refundable.amount();
        if (!Money.fitsCurrency(requested, currency)) {
            throw ApiException.invalidField(
                    "payments",
                    "amount",
                    currency + " amounts have at most " + Money.digits(currency) + " decimal places.");
        }
        Money refund = Money.of(requested, currency);
        if (refund.compareTo(refundable) > 0) {
            throw ApiException.invalidField(
                    "payments",
                    "amount",
                    "The refund " + refund.plain().toPlainString() + " exceeds the refundable amount "
                            + refundable.plain().toPlainString() + " " + currency + ".");
        }
        Doc invoice = lockInvoice(payment.requiredRef("invoice"));
        Doc refunded = documents.updateChecked(
                registry.get("payments"),
                payment,
                payment.copy()
                        .put(
                                "refundedAmount",
                                Money.of(payment.decimalOrZero("refundedAmount"), currency)
                                        .plus(refund)
                                        .plain()),
                ctx,
                "refund");
        Money paid = Money.of(invoice.decimalOrZero("amountPaid"), currency).minus(refund);
        Doc invoiceDraft = invoice.copy()
                .put("amountPaid", paid.plain())
                .put("status", (paid.isZero() ? InvoiceStatus.REFUNDED : InvoiceStatus.PARTIALLY_PAID).wire());
        if (InvoiceStatus.of(invoiceDraft.requiredString("status")) != InvoiceStatus.PAID) {
            invoiceDraft.put("paidAt", null);
        }
        Doc updated = documents.updateChecked(registry.get("invoices"), invoice, invoiceDraft, ctx, null);
        revenue.post(ctx, updated, refunded, refund.negate().plain(), Ledger.Revenue.Source.REFUND);
        Map<String, Object> data = recipients.of(updated).eventData("invoice", updated);
        data.put("amount", refund.plain());
        data.put("paymentId", refunded.id());
        data.put("reason", body.get("reason"));
        InvoiceActions.paymentFields(data, refunded);
        events.publish(ctx, EventTypes.INVOICE_REFUNDED, data);
        return ActionResult.acted("payments", refunded, "Refund recorded.");
    }

    ActionResult dispute(ActionRequest request) {
        Doc payment = request.requireDocument();
        WriteContext ctx = request.context();
        if (PaymentStatus.of(payment.requiredString("status")) != PaymentStatus.SUCCEEDED || payment.bool("disputed")) {
            throw ApiException.stateConflict(
                    "Payment " + payment.id()
                            + (payment.bool("disputed")
                                    ? " is already disputed."
                                    : " failed; only succeeded payments can be disputed."),
                    payment.requiredString("status"));
        }
        Map<String, Object> body = documents.validateAction("payments", DISPUTE, request.body());
        Doc disputed = documents.updateChecked(
                registry.get("payments"), payment, payment.copy().put("disputed", true), ctx, "dispute");
        Doc invoice = lockInvoice(payment.requiredRef("invoice"));
        Map<String, Object> data = recipients.of(invoice).eventData("invoice", invoice);
        data.put("amount", disputed.decimal("amount"));
        data.put("paymentId", disputed.id());
        data.put("reason", body.get("reason"));
        InvoiceActions.paymentFields(data, disputed);
        events.publish(ctx, EventTypes.INVOICE_DISPUTED, data);
        return ActionResult.acted("payments", disputed, "Dispute recorded.");
    }
}
