package app.clearmargin.mail;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.TenantScope;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Queues an e-mail in the caller's transaction (a rolled-back send mails nobody); the
 * {@link MailSender} delivers it after commit, by SMTP when {@code spring.mail.host} is set,
 * otherwise as an .eml file under {@code data/outbox-mail/}.
 *
 * <p>The e-mail that sends a document (invoice, proposal, receipt) is written by a {@link Composer}:
 * printing implements it with its templates and the document's PDF. Mail names no capability; the
 * capabilities that send documents (billing, proposals) reach printing only through this door, since
 * printing itself reads billing.
 */
@Component
public class Mailer {

    record Queued() {}

    /**
     * Writes the e-mail that sends a document, in the sending transaction (so its PDF is the document as
     * sent), and renders its PDF after commit.
     */
    public interface Composer {

        /**
         * The e-mail from {@code organization} (the sending request's) sending {@code document} of
         * {@code collection} ({@code invoices}, {@code proposals}, {@code receipts}) to {@code recipient}
         * (a contact), as the document reads now; {@code read} are documents the sender read in the same
         * transaction (the client, the contact), not read again.
         */
        Letter compose(Organization organization, String collection, Doc document, Doc recipient, Collection<Doc> read);

        /** The PDF of an attachment's snapshot: the same snapshot always renders the same bytes. */
        byte[] render(String snapshot);
    }

    /**
     * One e-mail: the sender's display name (the organization), its Reply-To (null: none), the subject,
     * the plain-text and HTML parts, and an attachment (null: none).
     */
    public record Letter(
            String senderName,
            @Nullable String replyTo,
            String subject,
            String text,
            String html,
            @Nullable Attachment attachment) {}

    /**
     * The PDF sent with an e-mail: its name ({@code INV-0042.pdf}) and the snapshot of the document it is
     * rendered from (its XHTML, taken in the sending transaction). The sender renders it once, before the
     * first attempt, and keeps the bytes: every retry sends those.
     */
    public record Attachment(String filename, String snapshot) {}

    /** Bound while writes run that must mail nobody (the demo's backdated history). */
    private static final ScopedValue<Boolean> WITHOUT_MAIL = ScopedValue.newInstance();

    private final DSLContext db;
    private final Ids ids;
    private final ApplicationEventPublisher publisher;
    private final Composer composer;

    Mailer(DSLContext db, Ids ids, ApplicationEventPublisher publisher, Composer composer) {
        this.db = db;
        this.ids = ids;
        this.publisher = publisher;
        this.composer = composer;
    }

    /**
     * Runs {@code work} (on this thread) with every send e-mail it would queue left out: for the demo's
     * generated history, whose sends happened long ago to fictional contacts. Rendering their ~550 PDFs
     * took a core from the demo's start (DemoDataTest: 32 s of population against its 20 s budget).
     */
    public static void withoutMail(Runnable work) {
        ScopedValue.where(WITHOUT_MAIL, Boolean.TRUE).run(work);
    }

    /**
     * Queues the e-mail that sends {@code document} (of {@code collection}) to {@code recipient}'s
     * address ({@code alreadyRead}: the client and contact the caller read in this transaction): composed now, the PDF's snapshot included, so that what is delivered, and every retry, is the
     * document as it was when sent.
     */
    public void queueDocument(
            WriteContext ctx, String collection, Doc document, Doc recipient, Collection<Doc> alreadyRead) {
        if (WITHOUT_MAIL.isBound()) {
            return;
        }
        Letter letter = composer.compose(ctx.organization(), collection, document, recipient, alreadyRead);
        OffsetDateTime now = OffsetDateTime.ofInstant(ctx.now(), ZoneOffset.UTC);
        Attachment attachment = letter.attachment();
        db.insertInto(MailTable.T)
                .set(MailTable.ORG, TenantScope.organizationId())
                .set(MailTable.ID, ids.newUuid())
                .set(MailTable.RECIPIENT, recipient.requiredString("email"))
                .set(MailTable.FROM_NAME, letter.senderName())
                .set(MailTable.REPLY_TO, letter.replyTo())
                .set(MailTable.SUBJECT, letter.subject())
                .set(MailTable.BODY, letter.text())
                .set(MailTable.HTML_BODY, letter.html())
                .set(MailTable.ATTACHMENT_NAME, attachment == null ? null : attachment.filename())
                .set(MailTable.ATTACHMENT_SOURCE, attachment == null ? null : attachment.snapshot())
                .set(MailTable.DOCUMENT_ID, document.id())
                .set(MailTable.NEXT_ATTEMPT_AT, now)
                .set(MailTable.CREATED_AT, now)
                .execute();
        publisher.publishEvent(new Queued());
    }
}
