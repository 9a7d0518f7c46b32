package app.clearmargin.printing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.mail.Mailer;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.web.PublicBaseUrl;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The e-mails that send an invoice, a proposal or a receipt (API.md §8): a subject that says what is due
 * by when, a plain-text and an HTML part from the {@code mail*.jte} templates, the organization's name as
 * the sender and its address for replies, the document's private link (a "View invoice" button) and its
 * PDF, the same bytes as {@code GET /api/…/pdf}. Composed in the sending transaction, so the PDF is the
 * document as it was sent: its XHTML is taken there, its bytes rendered from that after commit.
 */
@Component
class Letters implements Mailer.Composer {

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    private final Printing printing;
    private final Sheets sheets;
    private final DocumentStore store;
    private final PublicBaseUrl publicBaseUrl;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Letters.class.getClassLoader(), "app.clearmargin.printing");

    Letters(Printing printing, Sheets sheets, DocumentStore store, PublicBaseUrl publicBaseUrl) {
        this.printing = printing;
        this.sheets = sheets;
        this.store = store;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public Mailer.Letter compose(
            Organization org, String collection, Doc document, Doc recipient, java.util.Collection<Doc> read) {
        DocumentKind kind = DocumentKind.ofSlug(collection);
        if (kind == null) {
            throw new IllegalArgumentException("no send e-mail for " + collection);
        }
        // the markup of the PDF as the document reads in this transaction; the PDF itself is rendered
        // from it after commit, once, by the mail sender (see render)
        Sheet sheet = sheets.of(org, kind, document, read);
        String snapshot = printing.xhtml(sheet);
        String client = sheet.head().client().name();
        String currency = document.string("currency");
        Formats f =
                new Formats(org.identity().javaLocale(), currency == null ? org.currency() : currency, org.timezone());
        String number = Objects.requireNonNullElse(document.string("number"), "");
        String filename = Printing.filename(kind, number);
        String sender = oneLine(org.name());
        List<Sheet.Fact> facts = new ArrayList<>();
        String title = null;
        String invoiceNumber = null;
        String instructions = null;
        String subject = switch (kind) {
            case INVOICE -> {
                String due = f.money(document.decimalOrZero("amountDue"));
                String dueDate = f.date(document.date("dueDate"));
                facts.add(new Sheet.Fact("Billed to", client));
                facts.add(new Sheet.Fact("Amount due", due));
                if (!dueDate.isEmpty()) {
                    facts.add(new Sheet.Fact("Due date", dueDate));
                }
                instructions = Sheets.blankToNull(org.identity().paymentInstructions());
                yield "Invoice " + number + " from " + sender + " — " + due
                        + (dueDate.isEmpty() ? "" : " due " + dueDate);
            }
            case PROPOSAL -> {
                String total = f.money(document.decimalOrZero("total"));
                String validUntil = f.date(document.date("expiresAt"));
                title = Sheets.blankToNull(document.string("title"));
                facts.add(new Sheet.Fact("Prepared for", client));
                facts.add(new Sheet.Fact("Total", total));
                if (!validUntil.isEmpty()) {
                    facts.add(new Sheet.Fact("Valid until", validUntil));
                }
                yield "Proposal " + number + " from " + sender + " — " + (title == null ? "" : title + ", ") + total
                        + (validUntil.isEmpty() ? "" : ", valid until " + validUntil);
            }
            case RECEIPT -> {
                String amount = f.money(document.decimal("amount"));
                Doc invoice =
                        store.find("invoices", document.requiredRef("invoice")).orElse(null);
                invoiceNumber = invoice == null ? null : Sheets.blankToNull(invoice.string("number"));
                Instant issued = document.instant("issuedAt");
                facts.add(new Sheet.Fact("Amount received", amount));
                if (issued != null) {
                    facts.add(new Sheet.Fact(
                            "Date", f.date(issued.atZone(f.zone()).toLocalDate())));
                }
                facts.add(new Sheet.Fact("Paid by", client));
                if (invoice != null && invoiceNumber != null) {
                    facts.add(new Sheet.Fact("Invoice", invoiceNumber));
                    if (invoice.decimal("amountDue") != null) {
                        facts.add(new Sheet.Fact("Balance due", f.money(invoice.decimal("amountDue"))));
                    }
                }
                yield "Receipt " + number + " from " + sender + " — " + amount + " received"
                        + (invoiceNumber == null ? "" : " for invoice " + invoiceNumber);
            }
        };
        String replyTo = Sheets.blankToNull(org.identity().email());
        String recipientName = Sheets.blankToNull(recipient.string("name"));
        MailSheet mail = new MailSheet(
                kind.label(),
                number,
                sender,
                color(org.identity().brandColor()),
                recipientName == null ? "Hello," : "Hello " + oneLine(recipientName) + ",",
                List.copyOf(facts),
                title,
                invoiceNumber,
                instructions,
                publicUrl(document),
                "View " + kind.label().toLowerCase(Locale.ROOT),
                filename,
                replyTo);
        String name = "mail" + kind.label();
        return new Mailer.Letter(
                sender,
                replyTo,
                oneLine(subject),
                render(name + "Text.jte", mail),
                render(name + ".jte", mail),
                new Mailer.Attachment(filename, snapshot));
    }

    @Override
    public byte[] render(String snapshot) {
        return printing.render(snapshot);
    }

    /**
     * The one seam for the document's private link: its {@code publicUrl} as the API renders it (the
     * field holds the link's token, shown under the public base URL), null when it has none (then the
     * e-mail has no link and no button).
     */
    @Nullable
    String publicUrl(Doc document) {
        String token = Sheets.blankToNull(document.string("publicUrl"));
        return token == null ? null : publicBaseUrl.get() + "/c/" + token;
    }

    private String render(String template, MailSheet mail) {
        StringOutput out = new StringOutput(8192);
        templates.render(template, mail, out);
        return out.toString();
    }

    /** Anything but {@code #rrggbb} (which the organization's settings enforce) prints the default. */
    private static String color(@Nullable String value) {
        return value != null && COLOR.matcher(value).matches() ? value : Organization.Identity.DEFAULT_BRAND_COLOR;
    }

    /** Line breaks and other control characters become spaces: a header is one line. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
