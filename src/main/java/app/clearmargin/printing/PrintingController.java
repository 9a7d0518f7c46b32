package app.clearmargin.printing;

import app.clearmargin.auth.Principal;
import app.clearmargin.collections.Registry;
import app.clearmargin.shared.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/{invoices|proposals|receipts}/:id/pdf} (scope {@code <res>:read}): the document's PDF,
 * inline, with a strong ETag; {@code If-None-Match} with it answers 304 without rendering.
 */
@RestController
class PrintingController {

    static final String PATH = "/api/{slug:invoices|proposals|receipts}/{id}/pdf";

    private final Printing printing;
    private final Registry registry;

    PrintingController(Printing printing, Registry registry) {
        this.printing = printing;
        this.registry = registry;
    }

    @GetMapping(PATH)
    ResponseEntity<byte[]> pdf(@PathVariable String slug, @PathVariable String id, HttpServletRequest request) {
        DocumentKind kind = Objects.requireNonNull(DocumentKind.ofSlug(slug));
        Principal.current().requireRead(registry.get(slug).scope());
        CacheControl revalidate = CacheControl.noCache().cachePrivate();
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            String etag = printing.etag(kind, id);
            if (matches(ifNoneMatch, etag)) {
                return ResponseEntity.status(304)
                        .eTag(etag)
                        .cacheControl(revalidate)
                        .build();
            }
        }
        Printing.Pdf pdf = printing.pdf(kind, id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + pdf.filename() + "\"")
                .eTag(pdf.etag())
                .cacheControl(revalidate)
                .body(pdf.bytes());
    }

    @RequestMapping(
            path = PATH,
            method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
    void otherMethods(HttpServletRequest request) {
        throw ApiException.methodNotAllowed(request.getMethod(), request.getRequestURI());
    }

    /** RFC 9110 weak comparison: {@code *}, or any listed tag equal to ours with or without {@code W/}. */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
