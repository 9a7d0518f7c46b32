package app.clearmargin.payments;

import app.clearmargin.billing.PaymentProvider;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import com.stripe.exception.StripeException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Refunds of Stripe payments go to Stripe first (API.md §9); billing records the refund only when this
 * returns. The idempotency key is our refund's id, so a retried call cannot refund twice.
 */
@Component
class StripeRefunds implements PaymentProvider {

    private final StripeAccounts accounts;
    private final StripeApi stripe;

    StripeRefunds(StripeAccounts accounts, StripeApi stripe) {
        this.accounts = accounts;
        this.stripe = stripe;
    }

    @Override
    public String name() {
        return StripeEvents.PROVIDER;
    }

    @Override
    public void refund(WriteContext ctx, Doc payment, Money amount, String refundId) {
        StripeCredentials credentials = accounts.credentials()
                .orElseThrow(() -> ApiException.paymentProvider(
                        "Stripe is not connected, so this Stripe payment cannot be refunded: connect it again with "
                                + "PATCH /api/organization {\"stripe\": …}, or refund it in Stripe's dashboard."));
        try {
            stripe.refund(
                    credentials,
                    payment.requiredString("reference"),
                    amount.minorUnits(),
                    Map.of(
                            "organization", ctx.organization().publicId(),
                            "invoice", payment.requiredRef("invoice"),
                            "payment", payment.id(),
                            "refund", refundId),
                    refundId);
        } catch (StripeException e) {
            throw ApiException.paymentProvider(StripeApi.message(e));
        }
    }
}
