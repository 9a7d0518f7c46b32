package app.clearmargin.mail;

import static app.clearmargin.mail.MailTable.*;

import jakarta.activation.DataHandler;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.StreamProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued e-mails: claims due rows with {@code FOR UPDATE SKIP LOCKED} (several nodes never
 * send one twice), sends them, and retries failures with backoff for a day.
 */
// Named explicitly: the default name "mailSender" is the one Spring Boot's mail auto-configuration (now
// excluded, see SmtpConfiguration) gave its JavaMailSender, and the clash stopped the server in SMTP mode.
@Component("mailOutboxSender")
class MailSender {

    private static final Logger log = LoggerFactory.getLogger(MailSender.class);
    static final int MAX_ATTEMPTS = 12;
    private static final int BATCH = 50;

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Optional<JavaMailSender> smtp;
    private final Path fileOutbox;
    private final String from;
    private final Mailer.Composer composer;
    private final MailMetrics metrics;
    /**
     * The session for messages written to the file outbox, made once: {@code Session.getInstance}
     * scans the class path for mail providers, which cost a fifth of the server's CPU when sending
     * invoices at 100/s. {@code mail.from} also spares the Message-ID a lookup of the local host name.
     */
    private final Session fileSession;
    /** Set when mail was queued after the drain now running started: one more drain follows. */
    private final AtomicBoolean drainRequested = new AtomicBoolean();

    private final ExecutorService drainer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("mail-sender").factory());

    MailSender(
            DSLContext db,
            TransactionTemplate tx,
            Clock clock,
            SmtpConfiguration.Smtp smtp,
            @Value("${clearmargin.db.data-dir}") Path dataDir,
            @Value("${clearmargin.mail.from:billing@clearmargin.local}") String from,
            Mailer.Composer composer,
            MailMetrics metrics) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.smtp = smtp.sender();
        this.fileOutbox = dataDir.resolve("outbox-mail");
        this.from = from;
        this.composer = composer;
        this.metrics = metrics;
        Properties properties = new Properties();
        properties.setProperty("mail.from", from);
        this.fileSession = Session.getInstance(properties);
        nameTheStreamProvider();
    }

    /**
     * Jakarta Mail 2.1 looks its StreamProvider up again for every message it writes, by a ServiceLoader
     * scan of the class path (jakartaee/mail-api#861; 7.5 % of the server's CPU while sending invoices).
     * Named in the system property it reads first, the provider is instantiated directly instead.
     */
    private static void nameTheStreamProvider() {
        String provider = "org.eclipse.angus.mail.util.MailStreamProvider";
        try {
            Class.forName(provider, false, MailSender.class.getClassLoader());
            System.getProperties().putIfAbsent(StreamProvider.class.getName(), provider);
        } catch (ClassNotFoundException e) {
            log.warn("{} not found: Jakarta Mail keeps looking its stream provider up per message", provider);
        }
    }

    /** After a commit that queued mail: one drain soon, however many sends committed meanwhile. */
    @TransactionalEventListener(fallbackExecution = true)
    void afterQueued(Mailer.Queued queued) {
        if (drainRequested.compareAndSet(false, true)) {
            try {
                drainer.execute(() -> {
                    drainRequested.set(false); // mail queued from here on asks for the next drain
                    deliverDue();
                });
            } catch (RejectedExecutionException e) {
                drainRequested.set(false); // shutting down: the poll of another node, or of the next start, sends it
            }
        }
    }

    @Scheduled(fixedDelayString = "${clearmargin.mail.poll-ms:5000}", initialDelayString = "PT10S")
    void poll() {
        deliverDue();
    }

    @PreDestroy
    void stop() {
        drainer.shutdown();
    }

    /** Sends every due message; returns how many were attempted. */
    synchronized int deliverDue() {
        int attempted = 0;
        while (true) {
            List<Record> batch = claim();
            if (batch.isEmpty()) {
                return attempted;
            }
            for (Record r : batch) {
                attempt(r);
                attempted++;
            }
        }
    }

    /** Leases up to a batch of due messages for two minutes, in one statement. */
    private List<Record> claim() {
        OffsetDateTime now = now();
        return tx.execute(s -> List.<Record>copyOf(db.update(T)
                .set(LOCKED_UNTIL, now.plusMinutes(2))
                .where(DSL.row(ORG, ID)
                        .in(db.select(ORG, ID)
                                .from(T)
                                .where(STATUS.eq("pending"))
                                .and(NEXT_ATTEMPT_AT.le(now))
                                .and(LOCKED_UNTIL.isNull().or(LOCKED_UNTIL.lt(now)))
                                .orderBy(NEXT_ATTEMPT_AT)
                                .limit(BATCH)
                                .forUpdate()
                                .skipLocked()))
                .returning(
                        ORG,
                        ID,
                        RECIPIENT,
                        FROM_NAME,
                        REPLY_TO,
                        SUBJECT,
                        BODY,
                        HTML_BODY,
                        ATTACHMENT_NAME,
                        ATTACHMENT_SOURCE,
                        ATTACHMENT,
                        ATTEMPTS)
                .fetch()));
    }

    private void attempt(Record r) {
        UUID org = r.get(ORG);
        UUID id = r.get(ID);
        try {
            JavaMailSender sender = smtp.orElse(null);
            MimeMessage message = message(r, attachment(r), sender);
            if (sender != null) {
                sender.send(message);
            } else {
                Files.createDirectories(fileOutbox);
                // written aside and renamed: an .eml file is always whole (readers of the directory
                // never see half a message, now that messages carry a PDF)
                Path partial = fileOutbox.resolve(id + ".eml.part");
                try (OutputStream out = Files.newOutputStream(partial)) {
                    message.writeTo(out);
                }
                Files.move(
                        partial,
                        fileOutbox.resolve(id + ".eml"),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            db.update(T)
                    .set(STATUS, "sent")
                    .set(SENT_AT, now())
                    .set(LOCKED_UNTIL, (OffsetDateTime) null)
                    .set(ATTEMPTS, r.get(ATTEMPTS) + 1)
                    .where(ORG.eq(org), ID.eq(id))
                    .execute();
            metrics.sent();
        } catch (MessagingException | IOException | RuntimeException e) {
            int attempts = r.get(ATTEMPTS) + 1;
            log.warn("mail {} to {} failed (attempt {}): {}", id, r.get(RECIPIENT), attempts, e.toString());
            db.update(T)
                    .set(STATUS, attempts >= MAX_ATTEMPTS ? "failed" : "pending")
                    .set(ATTEMPTS, attempts)
                    .set(ERROR, e.toString())
                    .set(NEXT_ATTEMPT_AT, now().plus(Duration.ofMinutes(Math.min(240, 1L << Math.min(attempts, 8)))))
                    .set(LOCKED_UNTIL, (OffsetDateTime) null)
                    .where(ORG.eq(org), ID.eq(id))
                    .execute();
            metrics.notSent(attempts >= MAX_ATTEMPTS);
        }
    }

    /**
     * The message for an outbox row, made by {@code sender} when mail goes by SMTP (null: the file outbox):
     * from the configured address under the organization's name, Reply-To the organization's address, the
     * plain text and the HTML as alternatives, and the PDF attached.
     */
    private MimeMessage message(Record r, byte @Nullable [] attachment, @Nullable JavaMailSender sender)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage m = sender != null ? sender.createMimeMessage() : new MimeMessage(fileSession);
        String fromName = r.get(FROM_NAME);
        m.setFrom(
                fromName == null || fromName.isBlank()
                        ? new InternetAddress(from)
                        : new InternetAddress(from, fromName, "UTF-8"));
        Address replyTo = replyTo(r);
        if (replyTo != null) {
            m.setReplyTo(new Address[] {replyTo});
        }
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(r.get(RECIPIENT)));
        m.setSubject(r.get(SUBJECT), "UTF-8");
        String html = r.get(HTML_BODY);
        if (html == null && attachment == null) {
            m.setText(r.get(BODY), "UTF-8"); // a row queued before e-mails had HTML parts
        } else {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(r.get(BODY), "UTF-8");
            alternative.addBodyPart(text);
            if (html != null) {
                MimeBodyPart rich = new MimeBodyPart();
                rich.setText(html, "UTF-8", "html");
                alternative.addBodyPart(rich);
            }
            if (attachment == null) {
                m.setContent(alternative);
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                body.setContent(alternative);
                mixed.addBodyPart(body);
                MimeBodyPart pdf = new MimeBodyPart();
                pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/pdf")));
                pdf.setFileName(r.get(ATTACHMENT_NAME));
                pdf.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(pdf);
                m.setContent(mixed);
            }
        }
        m.setSentDate(Date.from(clock.instant()));
        m.saveChanges();
        // the outbox row's id, so that a mail sent again after a crash (at-least-once) carries the same
        // Message-ID and mail systems can recognise the copy; set after saveChanges, which makes a new one
        m.setHeader("Message-ID", "<" + r.get(ID) + "@" + domainOf(from) + ">");
        return m;
    }

    /**
     * The PDF of a row: rendered from its snapshot at the first attempt and stored with the row, so a
     * retry sends the same bytes; null when the mail has no attachment.
     */
    private byte @Nullable [] attachment(Record r) {
        byte[] stored = r.get(ATTACHMENT);
        String snapshot = r.get(ATTACHMENT_SOURCE);
        if (stored != null || snapshot == null) {
            return stored;
        }
        byte[] rendered = composer.render(snapshot);
        db.update(T)
                .set(ATTACHMENT, rendered)
                .where(ORG.eq(r.get(ORG)), ID.eq(r.get(ID)))
                .execute();
        return rendered;
    }

    /** The organization's address for replies; none when unset or not an address (the mail still goes). */
    private static @Nullable Address replyTo(Record r) {
        String address = r.get(REPLY_TO);
        if (address == null || address.isBlank()) {
            return null;
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            return parsed;
        } catch (AddressException e) {
            log.warn("mail {}: Reply-To {} is not an address; sent without it", r.get(ID), address);
            return null;
        }
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
        return domain.isEmpty() ? "clearmargin.local" : domain;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
