package app.clearmargin.printing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the e-mail templates print (the send e-mail of a document), already formatted in the
 * organization's locale: the templates only place these strings, escaping them in the HTML part.
 *
 * @param kind Invoice, Proposal or Receipt
 * @param sender the organization's name
 * @param brandColor {@code #rrggbb}
 * @param greeting "Hello Jane," or "Hello,"
 * @param facts amount due and due date; total and validity; amount and payment date
 * @param title a proposal's title
 * @param invoiceNumber the invoice a receipt is for
 * @param paymentInstructions an invoice's payment instructions
 * @param link the document's private link; without it no button
 * @param button "View invoice"
 * @param filename the attached PDF's name
 * @param replyTo the organization's address, the e-mail's Reply-To
 */
record MailSheet(
        String kind,
        String number,
        String sender,
        String brandColor,
        String greeting,
        List<Sheet.Fact> facts,
        @Nullable String title,
        @Nullable String invoiceNumber,
        @Nullable String paymentInstructions,
        @Nullable String link,
        String button,
        String filename,
        @Nullable String replyTo) {}
