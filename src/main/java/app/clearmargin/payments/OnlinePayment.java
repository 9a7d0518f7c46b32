package app.clearmargin.payments;

/** What "Pay online" on an invoice page leads to: Stripe's Checkout, or a page saying why not. */
public sealed interface OnlinePayment {

    /** 303 to Stripe's hosted Checkout page. */
    record Redirect(String url) implements OnlinePayment {}

    /** The invoice cannot be paid online now; {@code status} is the page's HTTP status. */
    record Refused(int status, String title, String message) implements OnlinePayment {}
}
