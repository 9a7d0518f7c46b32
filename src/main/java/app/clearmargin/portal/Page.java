package app.clearmargin.portal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a client page shows (templates {@code page.jte}, {@code error.jte}); every text escaped by jte. */
record Page(
        String lang,
        String title,
        String brandCss,
        @Nullable Banner banner,
        String documentHtml,
        String pdfHref,
        @Nullable InvoiceBox invoice,
        @Nullable ProposalBox proposal) {

    /** The status banner: {@code status} is the wire status (a CSS class), {@code text} what it says. */
    record Banner(String status, String text) {}

    /** Another document, by its own private link. */
    record LinkRow(String label, String href, String detail) {}

    /**
     * An invoice's part: the amount due, "Pay online" while Stripe takes it, the note after returning from
     * Stripe's Checkout, how to pay otherwise, and the receipts.
     */
    record InvoiceBox(
            String amountDue,
            @Nullable String dueDate,
            @Nullable String paymentInstructions,
            List<LinkRow> receipts,
            @Nullable PayForm pay,
            @Nullable String paymentNotice) {}

    /** The "Pay online" form: it posts to {@code action} and the server sends the client on to Stripe. */
    record PayForm(String action, String csrf, String amount) {}

    /**
     * A proposal's part: the forms while it is open, else who accepted and the deposit invoice (by its
     * link once it has one).
     */
    record ProposalBox(
            @Nullable Forms forms,
            @Nullable String decided,
            @Nullable LinkRow deposit,
            @Nullable String depositNotice) {}

    record Forms(
            String acceptAction,
            String rejectAction,
            String csrf,
            int reasonMax,
            @Nullable String error) {}

    /** The one error page: 400, 403, 404, 409, 429. */
    record Error(
            int status,
            String title,
            String message,
            @Nullable String backHref) {}
}
