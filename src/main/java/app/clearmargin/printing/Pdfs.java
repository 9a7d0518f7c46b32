package app.clearmargin.printing;

import com.openhtmltopdf.extend.FSStream;
import com.openhtmltopdf.extend.FSStreamFactory;
import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.jspecify.annotations.Nullable;

/**
 * XHTML → PDF with openhtmltopdf over PDFBox 3. Deterministic (same XHTML, same bytes): no creation or
 * modification date, a fixed producer, and the file identifier derived from the XHTML instead of the
 * clock. Loads nothing from outside: every URI (http, file, jar, data…) is refused before it is even
 * resolved; the two Noto Sans faces come from the jar's bytes held in memory.
 */
final class Pdfs {

    static final String FONT_FAMILY = "Noto Sans";
    static final String PRODUCER = "Clearmargin";

    private static final byte[] REGULAR = resource("/fonts/NotoSans-Regular.ttf");
    private static final byte[] BOLD = resource("/fonts/NotoSans-Bold.ttf");

    /** Font metrics parsed once per process and shared by every render (the cache is thread-safe). */
    private static final FSDefaultCacheStore FONT_METRICS = new FSDefaultCacheStore();

    private Pdfs() {}

    static byte[] render(String xhtml) {
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .useFastMode()
                .withHtmlContent(xhtml, null)
                .withProducer(PRODUCER)
                .useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, FONT_METRICS)
                .useFont(() -> new ByteArrayInputStream(REGULAR), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                .useFont(() -> new ByteArrayInputStream(BOLD), FONT_FAMILY, 700, FontStyle.NORMAL, true)
                // nothing outside the jar: refuse every URI before and after resolution, resolve none,
                // and give every protocol a stream factory that fails
                .useExternalResourceAccessControl(
                        (uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                .useExternalResourceAccessControl(
                        (uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI)
                .useUriResolver((base, uri) -> null)
                .useHttpStreamImplementation(Refused.INSTANCE)
                .useProtocolsStreamImplementation(Refused.INSTANCE, "file", "jar", "ftp", "data", "classpath");
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            try (PDDocument doc = renderer.createPDFKeepOpen()) {
                PDDocumentInformation info = doc.getDocumentInformation();
                info.setCreationDate(null);
                info.setModificationDate(null);
                info.setProducer(PRODUCER);
                info.setCreator(PRODUCER);
                doc.setDocumentId(seed(xhtml));
                doc.save(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first 8 bytes of the XHTML's SHA-256: PDFBox derives the file identifier (/ID) from it. */
    private static long seed(String xhtml) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(xhtml.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = Pdfs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream factory that opens nothing: every stream is absent (the renderer skips the resource). */
    enum Refused implements FSStreamFactory, FSStream {
        INSTANCE;

        @Override
        public FSStream getUrl(String url) {
            return this;
        }

        @Override
        public @Nullable InputStream getStream() {
            return null;
        }

        @Override
        public java.io.@Nullable Reader getReader() {
            return null;
        }
    }
}
