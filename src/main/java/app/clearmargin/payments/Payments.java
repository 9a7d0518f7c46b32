package app.clearmargin.payments;

import app.clearmargin.collections.Doc;
import app.clearmargin.tenancy.Organization;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The door of payments: the organization settings read and write the Stripe connection through it, and
 * the invoice page asks it for "Pay online". Behind it, package-private: the accounts and their
 * encryption, the Stripe client, Checkout, the inbound events and refunds through Stripe.
 */
@Component
public class Payments {

    private final StripeAccounts accounts;
    private final StripeCheckout checkout;

    Payments(StripeAccounts accounts, StripeCheckout checkout) {
        this.accounts = accounts;
        this.checkout = checkout;
    }

    /** The bound organization's {@code stripe} setting as responses show it (no secret). */
    public Map<String, Object> stripeView() {
        return accounts.view();
    }

    /** {@code PATCH /api/organization {"stripe": …}} in the caller's transaction; null disconnects. */
    public void updateStripe(@Nullable Object value) {
        accounts.update(value);
    }

    /** Whether the invoice page offers "Pay online": Stripe connected and the invoice has something due. */
    public boolean offersOnlinePayment(Doc invoice) {
        return checkout.offered(invoice);
    }

    /** "Pay online" pressed on the page at {@code pageUrl}: Stripe's Checkout, or why not. */
    public OnlinePayment payOnline(Organization org, Doc invoice, String pageUrl) {
        return checkout.start(org, invoice, pageUrl);
    }

    /**
     * The admin command {@code reencrypt-secrets}: rewrites every organization's stored Stripe secrets
     * under the current {@code CLEARMARGIN_SECRETS_KEY} (after a rotation), in the caller's transaction;
     * returns how many accounts changed.
     */
    public int reencryptSecrets() {
        return accounts.reencryptAll();
    }
}
