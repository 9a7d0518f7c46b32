package app.clearmargin.mail;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Without {@code spring.mail.host} (the shared test server) the outbox delivers each mail as an .eml
 * file under {@code <clearmargin.db.data-dir>/outbox-mail/}.
 */
class FileMailFallbackTest extends ApiTest {

    @Value("${clearmargin.db.data-dir}")
    private Path dataDir;

    @Test
    void anInvoiceSendIsWrittenAsAnEmlFile() throws Exception {
        Fixtures f = new Fixtures(api);
        // .eml files stay in target/ across runs: the address must be new to this run
        String email = "files-" + java.util.UUID.randomUUID() + "@client.example";
        String client = f.createId("clients", Map.of("name", "File Mail Client"));
        f.contact(client, "Files", email);
        JsonNode invoice = f.send(f.draftInvoice(client, 120.5).get("id").asString());

        MimeMessage mail = awaitFiles(email, 1).getFirst();
        String number = invoice.get("number").asString();
        assertThat(mail.getSubject()).startsWith("Invoice " + number + " from ");
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(email);
        // the file holds the whole message: both parts and the PDF
        MailParts parts = MailParts.of(mail);
        assertThat(parts.text()).contains("$120.50");
        assertThat(parts.html()).contains("$120.50");
        parts.assertPdf(number);

        // the receipt of a payment goes the same way
        f.pay(invoice.get("id").asString(), null);
        assertThat(awaitFiles(email, 2))
                .extracting(MimeMessage::getSubject)
                .anyMatch(s -> s.startsWith("Receipt RCPT-"));
    }

    /** The .eml files addressed to {@code address}, waiting until there are {@code count}. */
    private List<MimeMessage> awaitFiles(String address, int count) throws MessagingException {
        Path outbox = dataDir.resolve("outbox-mail");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            List<MimeMessage> found = new ArrayList<>();
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> files = Files.list(outbox)) {
                    for (Path p :
                            files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                        if (!addressedTo(p, address)) {
                            continue; // not parsed: every send of the suite leaves a file with a PDF here
                        }
                        MimeMessage m = read(p);
                        if (m != null
                                && Arrays.stream(m.getAllRecipients())
                                        .anyMatch(a -> a.toString().equals(address))) {
                            found.add(m);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (found.size() >= count || Instant.now().isAfter(deadline)) {
                assertThat(found)
                        .as(".eml files to " + address + " in " + outbox.toAbsolutePath())
                        .hasSize(count);
                return found;
            }
            sleep();
        }
    }

    /** Whether the file's headers name the address (a plain search; parsing comes after). */
    private static boolean addressedTo(Path file, String address) {
        try {
            byte[] head = new byte[4096];
            int read;
            try (InputStream in = Files.newInputStream(file)) {
                read = in.readNBytes(head, 0, head.length);
            }
            return new String(head, 0, read, java.nio.charset.StandardCharsets.US_ASCII).contains(address);
        } catch (IOException e) {
            return false; // being renamed into place: looked at again on the next poll
        }
    }

    /** A parsed file, or null while it is still being written. */
    private static MimeMessage read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            return m.getAllRecipients() == null ? null : m;
        } catch (IOException | MessagingException e) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
