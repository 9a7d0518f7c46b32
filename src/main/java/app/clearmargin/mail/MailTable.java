package app.clearmargin.mail;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

final class MailTable {

    static final Table<Record> T = table(name("mail_outbox"));
    static final Field<UUID> ORG = field(name("mail_outbox", "organization_id"), UUID.class);
    static final Field<UUID> ID = field(name("mail_outbox", "id"), UUID.class);
    static final Field<String> RECIPIENT = field(name("mail_outbox", "recipient"), String.class);
    static final Field<String> SUBJECT = field(name("mail_outbox", "subject"), String.class);
    static final Field<String> BODY = field(name("mail_outbox", "body"), String.class);
    static final Field<String> FROM_NAME = field(name("mail_outbox", "from_name"), String.class);
    static final Field<String> REPLY_TO = field(name("mail_outbox", "reply_to"), String.class);
    static final Field<String> HTML_BODY = field(name("mail_outbox", "html_body"), String.class);
    static final Field<String> ATTACHMENT_NAME = field(name("mail_outbox", "attachment_name"), String.class);
    static final Field<String> ATTACHMENT_SOURCE = field(name("mail_outbox", "attachment_source"), String.class);
    static final Field<byte[]> ATTACHMENT = field(name("mail_outbox", "attachment"), byte[].class);
    static final Field<String> DOCUMENT_ID = field(name("mail_outbox", "document_id"), String.class);
    static final Field<String> STATUS = field(name("mail_outbox", "status"), String.class);
    static final Field<Integer> ATTEMPTS = field(name("mail_outbox", "attempts"), Integer.class);
    static final Field<OffsetDateTime> NEXT_ATTEMPT_AT =
            field(name("mail_outbox", "next_attempt_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> LOCKED_UNTIL = field(name("mail_outbox", "locked_until"), OffsetDateTime.class);
    static final Field<String> ERROR = field(name("mail_outbox", "error"), String.class);
    static final Field<OffsetDateTime> SENT_AT = field(name("mail_outbox", "sent_at"), OffsetDateTime.class);
    static final Field<OffsetDateTime> CREATED_AT = field(name("mail_outbox", "created_at"), OffsetDateTime.class);

    private MailTable() {}
}
