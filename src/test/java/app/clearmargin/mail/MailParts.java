package app.clearmargin.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A received send e-mail taken apart: multipart/mixed of a multipart/alternative (text/plain, then
 * text/html) and the document's PDF as an attachment.
 */
record MailParts(String text, String html, List<Part> attachments) {

    static MailParts of(MimeMessage mail) throws MessagingException, IOException {
        assertThat(mail.isMimeType("multipart/mixed"))
                .as("a multipart/mixed message")
                .isTrue();
        Multipart mixed = (Multipart) mail.getContent();
        BodyPart body = mixed.getBodyPart(0);
        assertThat(body.isMimeType("multipart/alternative"))
                .as("its first part: the alternatives")
                .isTrue();
        Multipart alternative = (Multipart) body.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).as("plain text first").isTrue();
        assertThat(html.isMimeType("text/html")).as("then HTML").isTrue();
        List<Part> attachments = new ArrayList<>();
        for (int i = 1; i < mixed.getCount(); i++) {
            attachments.add(mixed.getBodyPart(i));
        }
        return new MailParts(text.getContent().toString(), html.getContent().toString(), attachments);
    }

    /** The one attachment is {@code <number>.pdf}, a PDF whose text has the number; returns its bytes. */
    byte[] assertPdf(String number) throws MessagingException, IOException {
        assertThat(attachments).hasSize(1);
        Part pdf = attachments.getFirst();
        assertThat(pdf.isMimeType("application/pdf")).isTrue();
        assertThat(pdf.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(pdf.getFileName()).isEqualTo(number + ".pdf");
        byte[] bytes;
        try (InputStream in = pdf.getInputStream()) {
            bytes = in.readAllBytes();
        }
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(text(bytes)).contains(number);
        return bytes;
    }

    static String text(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
