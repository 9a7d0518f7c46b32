package app.clearmargin.payments;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.Doc;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import com.stripe.exception.StripeException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Pay online" (API.md §9): a Checkout Session for the invoice's amount due, in the currency's minor
 * units, with our metadata on the session and its PaymentIntent (the events carry it back), and success
 * and cancel URLs back to the invoice page.
 */
@Component
class StripeCheckout {

    private static final Logger log = LoggerFactory.getLogger(StripeCheckout.class);

    private final StripeAccounts accounts;
    private final StripeApi stripe;
    private final Clock clock;

    StripeCheckout(StripeAccounts accounts, StripeApi stripe, Clock clock) {
        this.accounts = accounts;
        this.stripe = stripe;
        this.clock = clock;
    }

    boolean offered(Doc invoice) {
        return Billing.acceptsPayments(invoice) && accounts.connected();
    }

    OnlinePayment start(Organization org, Doc invoice, String pageUrl) {
        String number = invoice.requiredString("number");
        if (!Billing.acceptsPayments(invoice)) {
            String status = invoice.requiredString("status");
            return new OnlinePayment.Refused(
                    409,
                    "Nothing to pay",
                    switch (status) {
                        case "paid" -> "Invoice " + number + " is paid. Thank you!";
                        case "void" -> "Invoice " + number + " is void; there is nothing to pay.";
                        case "refunded" -> "Invoice " + number + " was refunded; there is nothing to pay.";
                        default -> "Invoice " + number + " has nothing due.";
                    });
        }
        var credentials = accounts.credentials();
        if (credentials.isEmpty()) {
            return new OnlinePayment.Refused(
                    409,
                    "Online payment unavailable",
                    org.name() + " does not take payments online at the moment; please pay as the invoice describes.");
        }
        Money due = Money.of(invoice.requiredDecimal("amountDue"), invoice.requiredString("currency"));
        Map<String, String> metadata =
                Map.of("organization", org.publicId(), "invoice", invoice.id(), "number", number);
        // one session per invoice, amount due and hour: a double click or a reload reuses it; an hour
        // later (or after a partial payment) a new one, as Stripe forgets keys after 24 hours anyway
        String idempotencyKey = "clearmargin-checkout-" + invoice.id() + "-" + due.minorUnits() + "-"
                + clock.instant().getEpochSecond() / 3600;
        try {
            StripeApi.CheckoutSession session = stripe.createCheckout(
                    credentials.get(),
                    new StripeApi.CheckoutRequest(
                            due.currency().toLowerCase(Locale.ROOT),
                            due.minorUnits(),
                            "Invoice " + number,
                            "Invoice " + number + " — " + org.name(),
                            metadata,
                            pageUrl + "?payment=success",
                            pageUrl + "?payment=cancelled",
                            idempotencyKey));
            return new OnlinePayment.Redirect(session.url());
        } catch (StripeException e) {
            log.warn("Stripe refused a Checkout Session for invoice {}: {}", invoice.id(), StripeApi.message(e));
            return new OnlinePayment.Refused(
                    502,
                    "Payment not available",
                    "The payment provider did not accept the payment just now. Please try again in a few minutes.");
        }
    }
}
