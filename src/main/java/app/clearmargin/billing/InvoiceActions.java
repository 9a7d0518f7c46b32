package app.clearmargin.billing;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.ledger.Ledger;
import app.clearmargin.links.LinkKind;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.shared.Times;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** {@code /invoices/:id/send}, {@code /void} and {@code /payments} (API.md §4). */
@Component
class InvoiceActions implements ActionHandlers {

    private static final Set<InvoiceStatus> SENDABLE = EnumSet.of(InvoiceStatus.DRAFT, InvoiceStatus.SENT);
    private static final Set<InvoiceStatus> VOIDABLE =
            EnumSet.of(InvoiceStatus.DRAFT, InvoiceStatus.SENT, InvoiceStatus.OVERDUE);
    static final Set<InvoiceStatus> PAYABLE =
            EnumSet.of(InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.OVERDUE);

    private final Documents documents;
    private final Registry registry;
    private final Recipients recipients;
    private final Receipts receipts;
    private final RevenuePostings revenue;
    private final Schedules schedules;
    private final TimeBilling timeBilling;
    private final Events events;
    private final PublicLinks publicLinks;

    InvoiceActions(
            Documents documents,
            Registry registry,
            Recipients recipients,
            Receipts receipts,
            RevenuePostings revenue,
            Schedules schedules,
            TimeBilling timeBilling,
            Events events,
            PublicLinks publicLinks) {
        this.documents = documents;
        this.registry = registry;
        this.recipients = recipients;
        this.receipts = receipts;
        this.revenue = revenue;
        this.schedules = schedules;
        this.timeBilling = timeBilling;
        this.publicLinks = publicLinks;
        this.events = events;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(
                ActionHandlers.on("invoices", "send", this::send),
                ActionHandlers.on("invoices", "void", this::voidInvoice),
                ActionHandlers.on("invoices", "payments", this::pay),
                ActionHandlers.on("invoices", "rotate-link", r -> publicLinks.rotate(r, LinkKind.INVOICE, "Invoice")));
    }

    private Collection invoices() {
        return registry.get("invoices");
    }

    /** Reads the client and the contacts once: for the recipient, the mail and the event. */
    ActionResult send(ActionRequest request) {
        Doc invoice = request.requireDocument();
        WriteContext ctx = request.context();
        String status = invoice.requiredString("status");
        if (!SENDABLE.contains(InvoiceStatus.of(status))) {
            throw ApiException.stateConflict(
                    "Invoice " + invoice.string("number") + " is " + status
                            + "; only draft and sent invoices can be sent.",
                    status);
        }
        Parties parties = recipients.of(invoice);
        Doc recipient = parties.mailTo()
                .orElseThrow(() -> ApiException.stateConflict(
                        "Invoice "
                                + invoice.string("number")
                                + " has no recipient: set a contact with an email on the invoice or give "
                                + "the client a primary contact with an email.",
                        status));
        Doc sent = documents.updateChecked(
                invoices(),
                invoice,
                publicLinks.withLink(
                        ctx,
                        LinkKind.INVOICE,
                        invoice,
                        invoice.copy().put("status", InvoiceStatus.SENT.wire()).put("sentAt", Times.format(ctx.now()))),
                ctx,
                "send");
        recipients.mail(ctx, sent, parties, recipient, "invoices");
        Map<String, Object> data = parties.eventData("invoice", sent);
        data.put("dueDate", sent.string("dueDate"));
        events.publish(ctx, EventTypes.INVOICE_SENT, data);
        return ActionResult.acted("invoices", sent, "Invoice sent.");
    }

    ActionResult voidInvoice(ActionRequest request) {
        Doc invoice = request.requireDocument();
        WriteContext ctx = request.context();
        String status = invoice.requiredString("status");
        if (!VOIDABLE.contains(InvoiceStatus.of(status))
                || invoice.decimalOrZero("amountPaid").signum() != 0) {
            throw ApiException.stateConflict(
                    "Invoice " + invoice.string("number") + " is " + status
                            + (VOIDABLE.contains(InvoiceStatus.of(status)) ? " and has payments" : "")
                            + "; only draft, sent or overdue invoices without payments can be voided.",
                    status);
        }
        Doc voided = documents.updateChecked(
                invoices(),
                invoice,
                invoice.copy().put("status", InvoiceStatus.VOID.wire()).put("voidedAt", Times.format(ctx.now())),
                ctx,
                "void");
        timeBilling.release(ctx, voided);
        // as when a draft is deleted: the installment is due again (the sweep invoices it anew), else the
        // schedule would wait for a void invoice forever and never complete
        schedules.detach(ctx, voided);
        return ActionResult.acted("invoices", voided, "Invoice voided.");
    }

    /** Records a payment (201, doc = the payment, plus the updated invoice). State is checked before amounts. */
    ActionResult pay(ActionRequest request) {
        Doc invoice = request.requireDocument();
        WriteContext ctx = request.context();
        String status = invoice.requiredString("status");
        if (!PAYABLE.contains(InvoiceStatus.of(status))) {
            throw ApiException.stateConflict(
                    "Invoice " + invoice.string("number") + " is " + status
                            + "; payments are recorded on sent, partially paid or overdue invoices.",
                    status);
        }
        if (invoice.decimalOrZero("amountDue").signum() <= 0) {
            throw ApiException.stateConflict("Invoice " + invoice.string("number") + " has nothing due.", status);
        }
        ObjectNode body = request.body().deepCopy();
        body.put("invoice", invoice.id());
        Doc payment = documents.create(registry.get("payments"), body, ctx, false);
        Doc updated = record(ctx, invoice, payment);
        return ActionResult.created(
                        "payments",
                        payment,
                        PaymentStatus.of(payment.requiredString("status")) == PaymentStatus.SUCCEEDED
                                ? "Payment recorded."
                                : "Failed payment attempt recorded.")
                .with("invoice", "invoices", updated);
    }

    /**
     * A payment a provider took or failed to take, on {@code invoice} (locked by the caller, not a draft):
     * no state or amount rule refuses it, since the money has moved already (API.md §9). Stored without the
     * API's body validation: its values come from the provider, and {@code provider} is read-only.
     */
    Doc payByProvider(WriteContext ctx, Doc invoice, ProviderPayment p) {
        if (!p.amount().currency().equals(invoice.requiredString("currency"))) {
            // a Checkout Session is created in the invoice's currency; anything else is a bug, not a payment
            throw new IllegalStateException("provider payment " + p.reference() + " in "
                    + p.amount().currency() + " on invoice " + invoice.id() + " in " + invoice.string("currency"));
        }
        Doc values = new Doc()
                .put("invoice", invoice.id())
                .put("amount", p.amount().plain())
                .put("method", "card")
                .put("status", (p.succeeded() ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED).wire())
                .put("paidAt", Times.format(p.paidAt()))
                .put("reference", p.reference())
                .put("provider", p.provider())
                .put("failureReason", p.succeeded() ? null : shortened(p.failureReason()));
        if (p.brand() != null || p.last4() != null) {
            Map<String, Object> card = new java.util.LinkedHashMap<>();
            card.put("brand", p.brand());
            card.put("last4", p.last4());
            values.put("card", card);
        }
        Doc payment = documents.insertInternal(registry.get("payments"), values, ctx, false);
        record(ctx, invoice, payment);
        return payment;
    }

    private static @Nullable String shortened(@Nullable String reason) {
        return reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500);
    }

    /**
     * What follows a stored payment, whoever reported it: a succeeded one is applied to the invoice (receipt,
     * ledger, invoice_paid), a failed one emits invoice_payment_failed; one audit entry for the invoice.
     */
    private Doc record(WriteContext ctx, Doc invoice, Doc payment) {
        Doc updated = invoice;
        if (PaymentStatus.of(payment.requiredString("status")) == PaymentStatus.SUCCEEDED) {
            updated = applyPayment(ctx, invoice, payment);
        } else {
            Map<String, Object> data = recipients.of(invoice).eventData("invoice", invoice);
            data.put("amount", payment.decimal("amount"));
            paymentFields(data, payment);
            data.put("paymentId", payment.id());
            data.put("failureReason", payment.string("failureReason"));
            events.publish(ctx, EventTypes.INVOICE_PAYMENT_FAILED, data);
        }
        Doc auditedAfter = updated.copy();
        documents.recordAction(ctx, invoices(), "payments", invoice, auditedAfter);
        return updated;
    }

    /**
     * Adds the payment to the invoice. The manual API pays only what is due; a provider payment may exceed it
     * (the excess shows as amountOverpaid) and may reach a paid or void invoice: a void invoice stays void, a
     * paid one keeps its paidAt, and invoice_paid is published only when the invoice becomes paid.
     */
    private Doc applyPayment(WriteContext ctx, Doc invoice, Doc payment) {
        String currency = invoice.requiredString("currency");
        InvoiceStatus before = InvoiceStatus.of(invoice.requiredString("status"));
        Money paid = Money.of(invoice.decimalOrZero("amountPaid"), currency)
                .plus(Money.of(payment.requiredDecimal("amount"), currency));
        Money total = Money.of(invoice.requiredDecimal("total"), currency);
        boolean fullyPaid = paid.compareTo(total) >= 0;
        boolean becomesPaid = fullyPaid && before != InvoiceStatus.PAID && before != InvoiceStatus.VOID;
        InvoiceStatus after = before == InvoiceStatus.VOID
                ? InvoiceStatus.VOID
                : fullyPaid ? InvoiceStatus.PAID : InvoiceStatus.PARTIALLY_PAID;
        Doc draft = invoice.copy().put("amountPaid", paid.plain()).put("status", after.wire());
        if (becomesPaid) {
            draft.put("paidAt", payment.string("paidAt"));
        }
        Doc updated = documents.updateChecked(invoices(), invoice, draft, ctx, null);
        Doc receipt = receipts.issue(ctx, updated, payment);
        revenue.post(ctx, updated, payment, payment.requiredDecimal("amount"), Ledger.Revenue.Source.PAYMENT);
        if (becomesPaid) {
            Map<String, Object> data = recipients.of(updated).eventData("invoice", updated);
            data.put("amount", payment.decimal("amount"));
            paymentFields(data, payment);
            data.put("paymentId", payment.id());
            events.publish(ctx, EventTypes.INVOICE_PAID, data);
            schedules.installmentPaid(ctx, updated);
        }
        if (ctx.organization().autoSendReceipts()) {
            receipts.send(ctx, receipt, null);
        }
        return updated;
    }

    static void paymentFields(Map<String, Object> data, Doc payment) {
        data.put("paymentMethod", payment.string("method"));
        data.put("last4", payment.nested("card", "last4"));
        data.put("brand", payment.nested("card", "brand"));
    }
}
