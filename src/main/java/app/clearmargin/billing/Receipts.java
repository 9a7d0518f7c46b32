package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.links.LinkKind;
import app.clearmargin.shared.Times;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Receipts: issued for each succeeded payment, sent (mailed, receipt_sent) automatically or on request. */
@Component
class Receipts {

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final Numbering numbering;
    private final Recipients recipients;
    private final Events events;
    private final PublicLinks publicLinks;

    Receipts(
            Registry registry,
            Documents documents,
            DocumentStore store,
            Numbering numbering,
            Recipients recipients,
            Events events,
            PublicLinks publicLinks) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.numbering = numbering;
        this.recipients = recipients;
        this.events = events;
        this.publicLinks = publicLinks;
    }

    Doc issue(WriteContext ctx, Doc invoice, Doc payment) {
        Doc receipt = new Doc()
                .put("number", numbering.next(ctx.organization(), Numbering.Kind.RECEIPT))
                .put("invoice", invoice.id())
                .put("payment", payment.id())
                .put("amount", payment.decimal("amount"))
                .put("currency", payment.string("currency"))
                .put("issuedAt", Times.format(ctx.now()));
        Doc issued = documents.insertInternal(registry.get("receipts"), receipt, ctx, false);
        // the link needs the receipt's id; part of the same write, so no audit entry of its own
        return documents.updateChecked(
                registry.get("receipts"),
                issued,
                publicLinks.withLink(ctx, LinkKind.RECEIPT, issued, issued.copy()),
                ctx,
                null);
    }

    /** Marks a receipt sent, mails it when there is a recipient, and emits receipt_sent. */
    Doc send(WriteContext ctx, Doc receipt, @Nullable String auditAction) {
        Doc invoice = store.find("invoices", receipt.requiredRef("invoice")).orElseThrow();
        Parties parties = recipients.of(invoice);
        Doc sent = documents.updateChecked(
                registry.get("receipts"),
                receipt,
                receipt.copy().put("sentAt", Times.format(ctx.now())),
                ctx,
                auditAction);
        parties.mailTo().ifPresent(to -> recipients.mail(ctx, sent, parties, to, "receipts"));
        Map<String, Object> data = Events.data(
                "receipt",
                sent.id(),
                sent.requiredString("number"),
                sent.requiredDecimal("amount"),
                sent.requiredString("currency"),
                parties.client(),
                parties.contact());
        data.put("invoiceId", invoice.id());
        events.publish(ctx, EventTypes.RECEIPT_SENT, data);
        return sent;
    }
}
