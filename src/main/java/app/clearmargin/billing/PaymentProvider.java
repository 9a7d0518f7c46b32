package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Money;

/**
 * A payment provider that refunds its own payments (API.md §9): a refund of a payment it took goes to
 * the provider first and is recorded only once the provider accepted it. Implemented outside billing
 * (payments) so billing does not depend on a provider's client.
 */
public interface PaymentProvider {

    /** The {@code provider} value of the payments it took ("stripe"). */
    String name();

    /**
     * Refunds {@code amount} of {@code payment} at the provider, idempotently under {@code refundId};
     * throws an ApiException (402 PaymentProviderError) with the provider's message when it refuses.
     */
    void refund(WriteContext ctx, Doc payment, Money amount, String refundId);
}
