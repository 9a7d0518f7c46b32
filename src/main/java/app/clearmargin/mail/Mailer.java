package app.clearmargin.mail;

import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Queues an e-mail in the caller's transaction (a rolled-back send mails nobody); the
 * {@link MailSender} delivers it after commit, by SMTP when {@code spring.mail.host} is set,
 * otherwise as an .eml file under {@code data/outbox-mail/}.
 */
@Component
public class Mailer {

    record Queued() {}

    private final DSLContext db;
    private final Ids ids;
    private final ApplicationEventPublisher publisher;

    Mailer(DSLContext db, Ids ids, ApplicationEventPublisher publisher) {
        this.db = db;
        this.ids = ids;
        this.publisher = publisher;
    }

    public void queue(WriteContext ctx, String documentId, String recipient, String subject, String body) {
        OffsetDateTime now = OffsetDateTime.ofInstant(ctx.now(), ZoneOffset.UTC);
        db.insertInto(MailTable.T)
                .set(MailTable.ORG, TenantScope.organizationId())
                .set(MailTable.ID, ids.newUuid())
                .set(MailTable.RECIPIENT, recipient)
                .set(MailTable.SUBJECT, subject)
                .set(MailTable.BODY, body)
                .set(MailTable.DOCUMENT_ID, documentId)
                .set(MailTable.NEXT_ATTEMPT_AT, now)
                .set(MailTable.CREATED_AT, now)
                .execute();
        publisher.publishEvent(new Queued());
    }
}
