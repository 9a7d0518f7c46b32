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
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code /payments/:id/refund} and {@code /payments/:id/dispute} (API.md §4); a refund of a payment a provider
 * took goes through that provider first (API.md §9).
 */
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
    private final List<PaymentProvider> providers;

    PaymentActions(
            Documents documents,
            DocumentStore store,
            Registry registry,
            Recipients recipients,
            RevenuePostings revenue,
            Events events,
            List<PaymentProvider> providers) {
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.recipients = recipients;
        this.revenue = revenue;
        this.events = events;
        this.providers = providers;
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
        String refundId = refundId(payment, refund);
        String provider = payment.string("provider");
        if (provider != null) {
            // the provider first: a refund is recorded only once the money went back (its refusal, a 402,
            // rolls back nothing since nothing is written yet); should this transaction fail after it, the
            // provider's own report of the refund records it (recordProviderRefund)
            provider(provider).refund(ctx, payment, refund, refundId);
        }
        Doc refunded = applyRefund(ctx, invoice, payment, refund, (String) body.get("reason"), refundId);
        return ActionResult.acted("payments", refunded, "Refund recorded.");
    }

    /**
     * The refund's id, derived from the payment, what it had refunded before and this amount: a retry of the
     * same refund after a lost answer carries the same id, which is the provider's idempotency key, so the
     * provider answers the refund it already made instead of refunding twice. A later refund of the same
     * amount has another "refunded before", hence another id.
     */
    static String refundId(Doc payment, Money refund) {
        String seed = payment.id() + "|"
                + payment.decimalOrZero("refundedAmount").stripTrailingZeros().toPlainString() + "|"
                + refund.plain().toPlainString();
        return Ids.format(
                "re", java.util.UUID.nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private PaymentProvider provider(String name) {
        return providers.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.paymentProvider(
                        "Payments taken by " + name + " cannot be refunded here: it is not connected."));
    }

    /**
     * Lowers what the payment has left and what the invoice has been paid by {@code refund}, with its ledger
     * transaction and invoice_refunded; {@code invoice} is locked by the caller. A void invoice stays void; an
     * invoice still paid its total (an overpaid excess refunded) stays paid.
     */
    Doc applyRefund(
            WriteContext ctx,
            Doc invoice,
            Doc payment,
            Money refund,
            @Nullable String reason,
            @Nullable String refundId) {
        String currency = payment.requiredString("currency");
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
        Money total = Money.of(invoice.requiredDecimal("total"), currency);
        InvoiceStatus after;
        if (InvoiceStatus.of(invoice.requiredString("status")) == InvoiceStatus.VOID) {
            after = InvoiceStatus.VOID;
        } else if (paid.isZero()) {
            after = InvoiceStatus.REFUNDED;
        } else if (paid.compareTo(total) >= 0) {
            after = InvoiceStatus.PAID;
        } else {
            after = InvoiceStatus.PARTIALLY_PAID;
        }
        Doc invoiceDraft = invoice.copy().put("amountPaid", paid.plain()).put("status", after.wire());
        if (after != InvoiceStatus.PAID) {
            invoiceDraft.put("paidAt", null);
        }
        Doc updated = documents.updateChecked(registry.get("invoices"), invoice, invoiceDraft, ctx, null);
        revenue.post(ctx, updated, refunded, refund.negate().plain(), Ledger.Revenue.Source.REFUND);
        Map<String, Object> data = recipients.of(updated).eventData("invoice", updated);
        data.put("amount", refund.plain());
        data.put("paymentId", refunded.id());
        data.put("refundId", refundId);
        data.put("reason", reason);
        InvoiceActions.paymentFields(data, refunded);
        events.publish(ctx, EventTypes.INVOICE_REFUNDED, data);
        return refunded;
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
        Doc disputed = applyDispute(ctx, payment, (String) body.get("reason"));
        return ActionResult.acted("payments", disputed, "Dispute recorded.");
    }

    /** Marks a succeeded, undisputed payment (locked by the caller) disputed and publishes invoice_disputed. */
    Doc applyDispute(WriteContext ctx, Doc payment, @Nullable String reason) {
        Doc disputed = documents.updateChecked(
                registry.get("payments"), payment, payment.copy().put("disputed", true), ctx, "dispute");
        Doc invoice = lockInvoice(payment.requiredRef("invoice"));
        Map<String, Object> data = recipients.of(invoice).eventData("invoice", invoice);
        data.put("amount", disputed.decimal("amount"));
        data.put("paymentId", disputed.id());
        data.put("reason", reason);
        InvoiceActions.paymentFields(data, disputed);
        events.publish(ctx, EventTypes.INVOICE_DISPUTED, data);
        return disputed;
    }
}
