package app.clearmargin.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Renders the client pages from their precompiled jte templates ({@code src/main/jte-portal}). The 404
 * page is rendered once: every unknown, rotated or malformed link gets the same bytes.
 */
@Component
class PageRenderer {

    static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
    static final String CLIENT_CSS = resource("/portal/client.css");

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(
            null, ContentType.Html, PageRenderer.class.getClassLoader(), "app.clearmargin.portal");
    private final byte[] notFound;

    PageRenderer() {
        this.notFound = render(
                "error.jte",
                new Page.Error(
                        404,
                        "Link not found",
                        "This link does not open any document. It may have been mistyped or replaced by a newer"
                                + " link: ask the sender for the current one.",
                        null));
    }

    ResponseEntity<byte[]> html(int status, Page page) {
        return ResponseEntity.status(status).contentType(HTML).body(render("page.jte", page));
    }

    ResponseEntity<byte[]> notFound() {
        return ResponseEntity.status(404).contentType(HTML).body(notFound.clone());
    }

    ResponseEntity<byte[]> error(int status, String title, String message, @Nullable String backHref) {
        return ResponseEntity.status(status).contentType(HTML).body(errorBytes(status, title, message, backHref));
    }

    byte[] errorBytes(int status, String title, String message, @Nullable String backHref) {
        return render("error.jte", new Page.Error(status, title, message, backHref));
    }

    private byte[] render(String template, Object model) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        templates.render(template, model, out);
        return out.toByteArray();
    }

    private static String resource(String path) {
        try (InputStream in = PageRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
