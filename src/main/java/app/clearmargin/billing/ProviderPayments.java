package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Money;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a payment provider reports (API.md §9), recorded through the same code as the API's payments, refunds
 * and disputes ({@link InvoiceActions}, {@link PaymentActions}). Every report may arrive twice, late or
 * concurrently: each is checked against what is recorded under the invoice's row lock, so the second one
 * finds the first and changes nothing.
 */
@Component
class ProviderPayments {

    /** The {@code provider} of payments Stripe took. */
    static final String STRIPE = "stripe";

    private final DocumentStore store;
    private final Registry registry;
    private final InvoiceActions invoiceActions;
    private final PaymentActions paymentActions;

    ProviderPayments(
            DocumentStore store, Registry registry, InvoiceActions invoiceActions, PaymentActions paymentActions) {
        this.store = store;
        this.registry = registry;
        this.invoiceActions = invoiceActions;
        this.paymentActions = paymentActions;
    }

    /**
     * A draft is NOT_FOUND for a failed payment: no client was shown it, so there is nothing to tell. A
     * succeeded payment is recorded whatever the invoice's state, a draft included: money taken is never
     * dropped.
     */
    ProviderOutcome pay(WriteContext ctx, String invoiceId, ProviderPayment payment) {
        // the lock first: concurrent reports of one invoice's payments serialize here
        Optional<Doc> locked = store.findForUpdate("invoices", invoiceId);
        if (locked.isEmpty()) {
            return ProviderOutcome.NOT_FOUND;
        }
        Doc invoice = locked.get();
        if (payment.succeeded()) {
            if (succeeded(payment.provider(), payment.reference(), false).isPresent()) {
                return ProviderOutcome.ALREADY_RECORDED;
            }
        } else if (InvoiceStatus.of(invoice.requiredString("status")) == InvoiceStatus.DRAFT) {
            return ProviderOutcome.NOT_FOUND;
        }
        invoiceActions.payByProvider(ctx, invoice, payment);
        return ProviderOutcome.RECORDED;
    }

    /** Payment row first, then its invoice: the lock order of {@code POST /payments/:id/refund}. */
    ProviderOutcome refund(WriteContext ctx, String provider, String reference, Money refundedInTotal) {
        Optional<Doc> found = succeeded(provider, reference, true);
        if (found.isEmpty()) {
            return ProviderOutcome.NOT_FOUND;
        }
        Doc payment = found.get();
        Doc invoice =
                store.findForUpdate("invoices", payment.requiredRef("invoice")).orElseThrow();
        String currency = payment.requiredString("currency");
        Money newly = Money.of(refundedInTotal.amount(), currency)
                .minus(Money.of(payment.decimalOrZero("refundedAmount"), currency));
        if (!newly.isPositive()) {
            return ProviderOutcome.ALREADY_RECORDED;
        }
        // never more than is left of the payment, whatever the figure says
        newly = newly.min(Money.of(payment.requiredDecimal("amount"), currency)
                .minus(Money.of(payment.decimalOrZero("refundedAmount"), currency)));
        if (!newly.isPositive()) {
            return ProviderOutcome.ALREADY_RECORDED;
        }
        // the provider refunded it already: recorded without asking it (no refund id of ours)
        paymentActions.applyRefund(ctx, invoice, payment, newly, null, null);
        return ProviderOutcome.RECORDED;
    }

    ProviderOutcome dispute(WriteContext ctx, String provider, String reference, @Nullable String reason) {
        Optional<Doc> found = succeeded(provider, reference, true);
        if (found.isEmpty()) {
            return ProviderOutcome.NOT_FOUND;
        }
        if (found.get().bool("disputed")) {
            return ProviderOutcome.ALREADY_RECORDED;
        }
        paymentActions.applyDispute(ctx, found.get(), reason);
        return ProviderOutcome.RECORDED;
    }

    /** The one succeeded payment of this provider's reference (the unique index allows no second). */
    private Optional<Doc> succeeded(String provider, String reference, boolean lock) {
        var payments = registry.layout("payments");
        var where = payments.<String>column("provider")
                .eq(provider)
                .and(payments.<String>column("reference").eq(reference))
                .and(payments.<String>column("status").eq(PaymentStatus.SUCCEEDED.wire()));
        List<Doc> found = lock ? store.findWhereForUpdate("payments", where) : store.findWhere("payments", where);
        return found.stream().findFirst();
    }
}
