package app.clearmargin.printing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The door of printing: the documents an agency's client receives (API.md §8), as an HTML fragment for
 * a page to embed and as a PDF, from the same templates. Reads run in the caller's tenant scope (the
 * current organization); an unknown id, or one of another organization, is the API's 404.
 */
@Component
public class Printing {

    /** A rendered PDF: its bytes, its strong ETag (quoted) and a file name such as {@code INV-0042.pdf}. */
    public record Pdf(byte[] bytes, String etag, String filename) {}

    /**
     * What besides the XHTML decides a PDF's bytes: change it when the renderer, its settings or the
     * fonts change, so every ETag changes with them. (A template or stylesheet change changes the XHTML.)
     */
    static final String RENDERER = "openhtmltopdf-pdfbox 1.1.31; Noto Sans 2.x (Debian 20201225); v1";

    private static final String CSS = stylesheetResource();
    private static final Pattern BRAND_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final String DEFAULT_BRAND_COLOR = "#1f2937";
    private static final long CACHE_BYTES = 32L * 1024 * 1024;

    private final Sheets sheets;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Printing.class.getClassLoader(), "app.clearmargin.printing");

    /** Rendered PDFs by ETag (a hash of everything that decides their bytes), at most 32 MiB of them. */
    private final Cache<String, byte[]> rendered = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .<String, byte[]>weigher((etag, bytes) -> bytes.length)
            .build();

    Printing(Sheets sheets) {
        this.sheets = sheets;
    }

    /**
     * The document as an HTML fragment (one {@code <article class="cm-doc">}), exactly the markup its PDF
     * prints, every user text escaped. Style it with {@link #stylesheet()}.
     */
    public String html(DocumentKind kind, String id) {
        return fragment(sheets.of(kind, id));
    }

    /** The document's PDF, rendered once per distinct content and then served from memory. */
    public Pdf pdf(DocumentKind kind, String id) {
        Sheet sheet = sheets.of(kind, id);
        String xhtml = xhtml(sheet);
        String etag = etagOf(xhtml);
        byte[] bytes = rendered.get(etag, k -> Pdfs.render(xhtml));
        return new Pdf(bytes, etag, filename(kind, sheet.head().number()));
    }

    /** The ETag {@link #pdf} would answer with, without rendering (to answer If-None-Match with 304). */
    public String etag(DocumentKind kind, String id) {
        return etagOf(xhtml(sheets.of(kind, id)));
    }

    /**
     * The organization's accent colour as rules over the documents' classes: a page's Content-Security-Policy
     * allows no inline style attribute, so the markup carries classes and this sheet colours them (the PDF
     * embeds it; a page links it). Anything but {@code #rrggbb} falls back to the default colour.
     */
    public static String brandStylesheet(String brandColor) {
        String color = BRAND_COLOR.matcher(brandColor).matches() ? brandColor : DEFAULT_BRAND_COLOR;
        return ".cm-head { border-bottom-color: " + color + "; }\n"
                + ".cm-issuer-name, .cm-kind, .cm-amount { color: " + color + "; }\n"
                + ".cm-doc thead tr { border-bottom-color: " + color + "; }\n"
                + ".cm-sums .cm-strong { border-top-color: " + color + "; }\n"
                + ".cm-acceptance { border-color: " + color + "; }\n";
    }

    /** The stylesheet of the documents (classes {@code cm-*}; {@code @page} rules apply to print only). */
    public static String stylesheet() {
        return CSS;
    }

    // ------------------------------------------------------------------ behind the door

    String fragment(Sheet sheet) {
        StringOutput out = new StringOutput(8192);
        switch (sheet) {
            case Sheet.Invoice s -> templates.render("invoice.jte", s, out);
            case Sheet.Proposal s -> templates.render("proposal.jte", s, out);
            case Sheet.Receipt s -> templates.render("receipt.jte", s, out);
        }
        return out.toString();
    }

    /** The whole XHTML document the PDF is rendered from: stylesheet and fragment. */
    String xhtml(Sheet sheet) {
        StringOutput out = new StringOutput(16384);
        Map<String, Object> params = Map.of(
                "title",
                sheet.head().kind() + " " + sheet.head().number(),
                "css",
                CSS + brandStylesheet(sheet.head().brandColor()),
                "body",
                fragment(sheet));
        templates.render("pdf.jte", params, out);
        return out.toString();
    }

    /** The PDF of an XHTML snapshot: the bytes {@link #pdf} serves while the document reads the same. */
    byte[] render(String xhtml) {
        return rendered.get(etagOf(xhtml), k -> Pdfs.render(xhtml));
    }

    static String etagOf(String xhtml) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(RENDERER.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            byte[] hash = sha.digest(xhtml.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code INV-0042.pdf}: the number with anything but letters, digits, dot, dash and underscore replaced. */
    static String filename(DocumentKind kind, String number) {
        String safe = number.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.isEmpty() ? kind.slug() : safe) + ".pdf";
    }

    private static String stylesheetResource() {
        try (InputStream in = Printing.class.getResourceAsStream("/printing/document.css")) {
            if (in == null) {
                throw new IllegalStateException("missing resource /printing/document.css");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
