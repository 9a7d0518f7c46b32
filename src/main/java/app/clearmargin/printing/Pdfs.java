package app.clearmargin.printing;

import com.openhtmltopdf.extend.FSStream;
import com.openhtmltopdf.extend.FSStreamFactory;
import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.JDKXRLogger;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.SimpleFormatter;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
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

    static {
        // openhtmltopdf logs through its own console handler at INFO, a few lines per render; hand its records
        // to java.util.logging's root (bridged to the application's log) and keep only warnings and errors
        XRLog.setLoggerImpl(new JDKXRLogger(true, Level.WARNING, new ConsoleHandler(), new SimpleFormatter()));
    }

    private static final byte[] REGULAR = resource("/fonts/NotoSans-Regular.ttf");
    private static final byte[] BOLD = resource("/fonts/NotoSans-Bold.ttf");

    /** Font metrics parsed once per process and shared by every render (the cache is thread-safe). */
    private static final FSDefaultCacheStore FONT_METRICS = new FSDefaultCacheStore();

    private Pdfs() {}

    /**
     * Parsed faces, reused: parsing a 500 KB TrueType file costs more than laying out a page. A parsed
     * font reads its tables through one cursor, so each render borrows a pair of its own and returns it.
     */
    private static final ConcurrentLinkedQueue<Faces> FACES = new ConcurrentLinkedQueue<>();

    /**
     * Noto Sans regular and bold, parsed once and lent to one render at a time. Glyph substitution (GSUB:
     * ligatures) is off: PDFBox 3 applies it by compiling regular expressions for every text run, which
     * was 80 % of a render's time and allocation; documents print Latin, Greek and Cyrillic text, which
     * needs no substitution, and text without ligatures copies and searches as typed.
     */
    record Faces(TrueTypeFont regular, TrueTypeFont bold) {
        static Faces parse() {
            try {
                TrueTypeFont regular = new TTFParser().parse(new RandomAccessReadBuffer(REGULAR));
                TrueTypeFont bold = new TTFParser().parse(new RandomAccessReadBuffer(BOLD));
                regular.setEnableGsub(false);
                bold.setEnableGsub(false);
                return new Faces(regular, bold);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static byte[] render(String xhtml) {
        Faces faces = FACES.poll();
        if (faces == null) {
            faces = Faces.parse();
        }
        try {
            return render(xhtml, faces);
        } finally {
            FACES.offer(faces);
        }
    }

    private static byte[] render(String xhtml, Faces faces) {
        PDDocument target = new PDDocument();
        PDFont regular;
        PDFont bold;
        try {
            regular = PDType0Font.load(target, faces.regular(), true);
            bold = PDType0Font.load(target, faces.bold(), true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(target);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .usePDDocument(target)
                .useFastMode()
                .withHtmlContent(xhtml, null)
                .withProducer(PRODUCER)
                .useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, FONT_METRICS)
                .useFont(new PDFontSupplier(regular), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                .useFont(new PDFontSupplier(bold), FONT_FAMILY, 700, FontStyle.NORMAL, true)
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
        try (PDDocument doc = target;
                PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            renderer.createPDFWithoutClosing();
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setCreationDate(null);
            info.setModificationDate(null);
            info.setProducer(PRODUCER);
            info.setCreator(PRODUCER);
            doc.setDocumentId(seed(xhtml));
            doc.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void closeQuietly(PDDocument doc) {
        try {
            doc.close();
        } catch (IOException ignored) {
            // nothing was written
        }
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
