package app.clearmargin.mail;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.Fixtures;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Sending invoices, proposals and receipts mails the recipient through the durable outbox, by SMTP
 * when {@code spring.mail.host} is set: a real SMTP server (GreenMail) and a second server instance
 * configured for it. A send that rolls back mails nobody.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpMailTest {

    private GreenMail smtp;
    private SmtpNode node;
    private Fixtures f;

    @BeforeAll
    void start() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        node = SmtpNode.start(smtp.getSmtp().getPort());
        f = new Fixtures(node.api());
        // the organization the e-mails come from: its address for replies, its locale for the subject
        Fixtures.expect(
                200,
                node.api()
                        .patch(
                                "/api/organization",
                                Map.of(
                                        "email",
                                        "hello@agency.example",
                                        "locale",
                                        "en-GB",
                                        "paymentInstructions",
                                        "IBAN GB00 TEST 1234 5678")));
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void sendingAnInvoiceMailsItsContactEveryTime() throws Exception {
        String email = "ap" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Mail Client"));
        f.contact(client, "Accounts Payable", email);
        JsonNode invoice = f.send(f.draftInvoice(client, 250).get("id").asString());
        String number = invoice.get("number").asString();

        MimeMessage mail = awaitMails(email, 1).getFirst();
        assertThat(mail.getSubject()).startsWith("Invoice " + number + " from SMTP agency — US$250.00 due ");
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(email);
        assertThat(MailParts.of(mail).text()).contains("US$250.00");
        awaitCount(
                "SELECT count(*) FROM mail_outbox WHERE document_id = '"
                        + invoice.get("id").asString() + "' AND status = 'sent' AND attempts = 1",
                "the outbox row is marked sent after one attempt");

        f.send(invoice.get("id").asString());
        List<MimeMessage> both = awaitMails(email, 2);
        assertThat(both)
                .extracting(MimeMessage::getSubject)
                .allMatch(subject -> subject.startsWith("Invoice " + number + " from SMTP agency"));
        // each mail's Message-ID is its outbox row's: stable across attempts, different per send
        assertThat(both)
                .extracting(MimeMessage::getMessageID)
                .allMatch(id -> id.matches("<[0-9a-f-]{36}@agency\\.example>"))
                .doesNotHaveDuplicates();
    }

    @Test
    void sendingAProposalMailsItsContact() throws Exception {
        String email = "buyer" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Proposal Mail Client"));
        f.contact(client, "Buyer", email);
        String id = f.createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Spring campaign",
                        "lineItems",
                        List.of(Fixtures.line("Campaign", 1, 4000))));
        JsonNode sent = f.action(200, "proposals", id, "send", Map.of()).doc();

        String number = sent.get("number").asString();
        MimeMessage mail = awaitMails(email, 1).getFirst();
        String validUntil = LocalDate.parse(sent.get("expiresAt").asString())
                .format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK));
        assertThat(mail.getSubject())
                .isEqualTo("Proposal " + number + " from SMTP agency — Spring campaign, US$4,000.00, valid until "
                        + validUntil);
        MailParts parts = MailParts.of(mail);
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("SMTP agency");
        assertThat(mail.getReplyTo()[0].toString()).isEqualTo("hello@agency.example");
        assertThat(parts.text()).contains("proposal " + number + ": Spring campaign", "US$4,000.00", validUntil);
        assertThat(parts.html()).contains("Spring campaign", "US$4,000.00", "Proposal Mail Client");
        parts.assertPdf(number);
        assertLink(sent, parts, "View proposal");
    }

    @Test
    void receiptsAreMailedWhenIssuedAndWhenSentAgain() throws Exception {
        String email = "payer" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Receipt Mail Client"));
        f.contact(client, "Payer", email);
        String invoice = f.sentInvoice(client, 75);
        f.pay(invoice, null);
        JsonNode receipt = f.list("receipts", "invoice", invoice).getFirst();
        String number = receipt.get("number").asString();
        String subject = "Receipt " + number + " from SMTP agency — US$75.00 received for invoice "
                + f.get("invoices", invoice).get("number").asString();

        List<MimeMessage> mails = awaitMails(email, 2); // the invoice, then its receipt
        assertThat(mails.get(1).getSubject()).isEqualTo(subject);
        MailParts parts = MailParts.of(mails.get(1));
        assertThat(parts.text()).contains("Thank you for your payment", "US$75.00", number);
        assertThat(parts.html()).contains("Thank you for your payment", "US$75.00", "Receipt Mail Client");
        parts.assertPdf(number);
        assertLink(receipt, parts, "View receipt");

        f.action(200, "receipts", receipt.get("id").asString(), "send", Map.of());
        assertThat(awaitMails(email, 3).get(2).getSubject()).isEqualTo(subject);
    }

    @Test
    void aSendThatRollsBackMailsNobody() throws Exception {
        String email = "rollback" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Rollback Client"));
        f.contact(client, "Rollback", email);
        JsonNode doomed = f.draftInvoice(client, 10);
        String doomedId = doomed.get("id").asString();

        // the send's last write (its event) fails inside the transaction, after the mail was queued
        node.sql("CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.document_id = '" + doomedId + "' THEN RAISE EXCEPTION 'injected failure'; END IF; "
                + "RETURN NEW; END $$");
        node.sql("CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event()");
        Api.Response failed;
        try {
            failed = node.api().post("/api/invoices/" + doomedId + "/send", Map.of());
        } finally {
            node.sql("DROP TRIGGER refuse_event ON events");
            node.sql("DROP FUNCTION refuse_event()");
        }
        assertThat(failed.status()).isEqualTo(500);
        assertThat(f.get("invoices", doomedId).get("status").asString()).isEqualTo("draft");
        assertThat(node.count("SELECT count(*) FROM mail_outbox WHERE document_id = '" + doomedId + "'"))
                .isZero();

        // a later send to the same address is delivered, and it is the only mail that address got
        JsonNode other = f.send(f.draftInvoice(client, 20).get("id").asString());
        assertThat(awaitMails(email, 1))
                .extracting(MimeMessage::getSubject)
                .singleElement()
                .asString()
                .startsWith("Invoice " + other.get("number").asString() + " from ");

        // the same send, without the fault, mails as usual
        f.send(doomedId);
        assertThat(awaitMails(email, 2).get(1).getSubject())
                .startsWith("Invoice " + doomed.get("number").asString() + " from ");
    }

    @Test
    void mailThatCannotBeDeliveredStaysInTheOutboxAndIsRetried() throws Exception {
        String email = "retry" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Retry Client"));
        f.contact(client, "Retry", email);
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        JsonNode invoice;
        String outboxRow;
        try {
            invoice = f.send(f.draftInvoice(client, 33).get("id").asString()); // the send itself succeeds
            outboxRow = "SELECT count(*) FROM mail_outbox WHERE document_id = '"
                    + invoice.get("id").asString() + "'";
            awaitCount(
                    outboxRow + " AND status = 'pending' AND attempts >= 1 AND error IS NOT NULL",
                    "a failed attempt is recorded");
        } finally {
            smtp = new GreenMail(ServerSetupTest.SMTP.port(port));
            smtp.start();
        }
        // the retry is due after its backoff: move this node's clock past it
        Fixtures.expect(
                200,
                node.api()
                        .post(
                                "/api/testing/clock",
                                Map.of(
                                        "now",
                                        Instant.now()
                                                .plus(Duration.ofMinutes(5))
                                                .toString())));
        try {
            MimeMessage retried = awaitMails(email, 1).getFirst();
            assertThat(retried.getSubject())
                    .startsWith("Invoice " + invoice.get("number").asString() + " from ");
            assertThat(node.count("SELECT count(*) FROM mail_outbox WHERE document_id = '"
                            + invoice.get("id").asString() + "' AND '" + retried.getMessageID()
                            + "' = '<' || id || '@agency.example>'"))
                    .as("the retried mail carries its outbox row's Message-ID")
                    .isEqualTo(1);
            // its PDF was rendered for the failed attempt and kept: the retry sends those bytes
            byte[] pdf = MailParts.of(retried).assertPdf(invoice.get("number").asString());
            assertThat(node.count("SELECT count(*) FROM mail_outbox WHERE document_id = '"
                            + invoice.get("id").asString() + "' AND attachment = decode('"
                            + HexFormat.of().formatHex(pdf) + "', 'hex')"))
                    .as("the retried mail's PDF is the one stored with the queued mail")
                    .isEqualTo(1);
            awaitCount(
                    outboxRow + " AND status = 'sent' AND attempts >= 2",
                    "the outbox row is marked sent"); // after SMTP
        } finally {
            Fixtures.expect(
                    200, node.api().post("/api/testing/clock", java.util.Collections.singletonMap("now", null)));
        }
    }

    @Test
    void invoicesSentAtTheSameTimeMailEachContactExactlyOnce() throws Exception {
        int n = 24;
        String run = String.valueOf(Fixtures.unique());
        List<String> emails = new ArrayList<>();
        List<String> invoices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String email = "burst" + i + "-" + run + "@client.example";
            String client = f.createId("clients", Map.of("name", "Burst Client " + i));
            f.contact(client, "Burst " + i, email);
            emails.add(email);
            invoices.add(f.draftInvoice(client, 10 + i).get("id").asString());
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            for (Future<JsonNode> sent : senders.invokeAll(invoices.stream()
                    .map(id -> (Callable<JsonNode>) () -> f.send(id))
                    .toList())) {
                sent.get();
            }
        } finally {
            senders.shutdown();
        }

        for (String email : emails) {
            awaitMails(email, 1);
        }
        awaitCount(
                "SELECT CASE WHEN count(*) = " + n + " THEN 1 ELSE 0 END FROM mail_outbox WHERE recipient LIKE 'burst%-"
                        + run + "@client.example' AND status = 'sent' AND attempts = 1",
                "every outbox row sent after one attempt");
        assertThat(node.deliverDue()).as("attempted by a further drain").isZero();
        for (String email : emails) {
            assertThat(mailsTo(email)).as("mails to " + email).hasSize(1);
        }
    }

    @Test
    void anInvoiceMailHasTextAndHtmlPartsTheOrganizationAsSenderAndItsPdf() throws Exception {
        String email = "parts" + Fixtures.unique() + "@client.example";
        String client = f.createId("clients", Map.of("name", "Client <script>alert('x')</script> & Co"));
        f.contact(client, "Ann <b>Bold</b>", email);
        JsonNode draft = f.draftInvoice(
                client,
                Map.of(
                        "dueDate",
                        "2026-12-20",
                        "lineItems",
                        List.of(Fixtures.line("Stage design", 2, 750), Fixtures.line("Lighting", 1, 310))));
        JsonNode invoice = f.send(draft.get("id").asString());
        String number = invoice.get("number").asString();

        MimeMessage mail = awaitMails(email, 1).getFirst();
        assertThat(mail.getSubject())
                .isEqualTo("Invoice " + number + " from SMTP agency — US$1,810.00 due 20 Dec 2026");
        InternetAddress from = (InternetAddress) mail.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("SMTP agency");
        assertThat(from.getAddress()).isEqualTo("billing@agency.example");
        assertThat(mail.getReplyTo()).extracting(Object::toString).containsExactly("hello@agency.example");

        MailParts parts = MailParts.of(mail);
        assertThat(parts.text())
                .contains("Hello Ann <b>Bold</b>,", "invoice " + number, "US$1,810.00", "20 Dec 2026")
                .contains("Client <script>alert('x')</script> & Co", "IBAN GB00 TEST 1234 5678");
        assertThat(parts.html())
                .contains("Hello Ann &lt;b&gt;Bold&lt;/b&gt;,", "US$1,810.00", "20 Dec 2026")
                .contains("Client &lt;script&gt;alert('x')&lt;/script&gt; &amp; Co")
                .doesNotContain("<script", "<b>Bold", "src=\"http", "url(");
        byte[] pdf = parts.assertPdf(number);
        assertThat(pdf).as("the same bytes as GET /api/invoices/:id/pdf").isEqualTo(node.pdf("invoices", invoice));
        assertLink(invoice, parts, "View invoice");
    }

    @Test
    void noRecipientNoMail() throws Exception {
        String client = f.createId("clients", Map.of("name", "Silent Client"));
        String invoice = f.draftInvoice(client, 5).get("id").asString();
        Fixtures.assertStateConflict(node.api().post("/api/invoices/" + invoice + "/send", Map.of()), "draft");
        assertThat(node.count("SELECT count(*) FROM mail_outbox WHERE document_id = '" + invoice + "'"))
                .isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** Waits until {@code address} has received at least {@code count} mails; all of them, oldest first. */
    private List<MimeMessage> awaitMails(String address, int count) throws MessagingException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(mails).as("mails to " + address).hasSize(count);
                return mails;
            }
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
    }

    /** Waits until {@code query} counts one row. */
    private void awaitCount(String query, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (node.count(query) != 1) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private List<MimeMessage> mailsTo(String address) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address))) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The document's private link as the API shows it ({@code publicUrl}, issued when it was sent) is in
     * the text and is the HTML part's button.
     */
    private static void assertLink(JsonNode document, MailParts parts, String button) {
        String link = document.path("publicUrl").asString();
        assertThat(link).as("publicUrl").matches("http://127\\.0\\.0\\.1:\\d+/c/[A-Za-z0-9_-]{40,}");
        assertThat(parts.html()).contains("<a href=\"" + link + "\"", ">" + button + "</a>");
        assertThat(parts.text()).contains(button + ": " + link);
    }
}
