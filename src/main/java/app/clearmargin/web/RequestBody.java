package app.clearmargin.web;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The request body, read once (bounded to 1 MiB) and kept for the idempotency check and the controller. */
public final class RequestBody {

    public static final int LIMIT_BYTES = 1_048_576;
    private static final String ATTRIBUTE = RequestBody.class.getName();
    private static final byte[] EMPTY = new byte[0];

    private RequestBody() {}

    /** The bytes of the body (empty when there is none). */
    public static byte[] of(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof byte[] bytes) {
            return bytes;
        }
        try {
            byte[] bytes = read(request);
            request.setAttribute(ATTRIBUTE, bytes);
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.");
        }
    }

    static byte[] read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > LIMIT_BYTES) {
            throw new ApiException(new ApiError.PayloadTooLarge(LIMIT_BYTES));
        }
        if (declared == 0) {
            return EMPTY;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(LIMIT_BYTES + 1);
            if (bytes.length > LIMIT_BYTES) {
                throw new ApiException(new ApiError.PayloadTooLarge(LIMIT_BYTES));
            }
            return bytes;
        }
    }

    /** A request whose body stream replays the cached bytes. */
    static HttpServletRequest replaying(HttpServletRequest request, byte[] bytes) {
        request.setAttribute(ATTRIBUTE, bytes);
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(bytes);
                return new ServletInputStream() {
                    @Override
                    public boolean isFinished() {
                        return in.available() == 0;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read() {
                        return in.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        return in.read(b, off, len);
                    }
                };
            }

            @Override
            public int getContentLength() {
                return bytes.length;
            }

            @Override
            public long getContentLengthLong() {
                return bytes.length;
            }
        };
    }
}
