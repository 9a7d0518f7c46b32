package app.clearmargin.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Host's error report: what Tomcat answers on its own, before any servlet or filter ran (a
 * malformed request line or header, {@code %00} in the path, CONNECT, a request line or headers over
 * the limit, more than {@code maxHeaderCount} headers), in the API's error body with a request id instead of Tomcat's HTML page. Requests that
 * reach the application are answered by it, and this valve leaves them alone (it writes only when
 * nothing was written). It also enforces the request-target limit: the connector's buffer is sized
 * for the request line and headers together, so a target over {@link #TARGET_LIMIT_BYTES} that
 * still fits is refused here, with the same 414 as one that does not.
 */
final class HttpErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorReportValve.class);

    /** Request targets (path and query) up to 16 KiB are served: a where[id][in] list of 300 ids fits. */
    static final int TARGET_LIMIT_BYTES = 16 * 1024;

    /**
     * Tomcat has one limit for the request line and headers together and answers 400 with this
     * message when it is passed; taken from Tomcat's own messages so that it matches in any locale.
     */
    private static final String HEAD_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    private final ErrorResponder errors;

    HttpErrorReportValve(ErrorResponder errors) {
        this.errors = errors;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (!response.isError() && targetLength(request) > TARGET_LIMIT_BYTES) {
            // the application is skipped; the 414 goes through the error page like every other error
            response.sendError(414);
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        // the same preconditions as Tomcat's report: an error, nothing written yet, not reported yet
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        int status = response.getStatus() == 400 ? sizeStatus(request, failure).orElse(400) : response.getStatus();
        if (response.getHeader(RequestIds.HEADER) == null) {
            response.setHeader(RequestIds.HEADER, RequestIds.choose(request.getHeader(RequestIds.HEADER)));
        }
        try {
            errors.write(
                    response,
                    ErrorResponder.ofContainerStatus(
                            status, request.getMethod(), String.valueOf(request.getRequestURI())));
        } catch (IOException | RuntimeException e) {
            // the connection is being closed under us; there is nobody to tell
            log.debug("could not write the error report ({}): {}", status, e.toString());
        }
    }

    /**
     * Tomcat answers 400 to a request head that is too large; the contract distinguishes 414 (the
     * request line alone was too long: no target was read) from 431 (headers too large or too many).
     */
    private static Optional<Integer> sizeStatus(Request request, Throwable failure) {
        if (failure instanceof IllegalArgumentException && HEAD_TOO_LARGE.equals(failure.getMessage())) {
            return Optional.of(request.getCoyoteRequest().requestURI().isNull() ? 414 : 431);
        }
        if (failure instanceof IllegalStateException
                && request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http
                && http.getMaxHeaderCount() >= 0
                && request.getCoyoteRequest().getMimeHeaders().size() >= http.getMaxHeaderCount()) {
            return Optional.of(431);
        }
        return Optional.empty();
    }

    private static int targetLength(Request request) {
        MessageBytes query = request.getCoyoteRequest().queryString();
        return request.getCoyoteRequest().requestURI().getLength() + (query.isNull() ? 0 : 1 + query.getLength());
    }
}
