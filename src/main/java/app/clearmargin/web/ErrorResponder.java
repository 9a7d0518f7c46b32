package app.clearmargin.web;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns a failure into the API's error body ({@code {"errors":[…]}}) and status.
 * Used by the exception handler for everything inside Spring MVC and by the filters that answer
 * before it (401, 413, 429, 503).
 */
@Component
public class ErrorResponder {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);
    public static final MediaType JSON = MediaType.parseMediaType("application/json; charset=utf-8");
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    private final JsonMapper json;

    ErrorResponder(JsonMapper json) {
        this.json = json;
    }

    /** Classifies any throwable; logs the unexpected ones with the request id. */
    public ApiError classify(Throwable failure, HttpServletRequest request) {
        return switch (failure) {
            case ApiException e -> e.error();
            case HttpRequestMethodNotSupportedException e ->
                new ApiError.MethodNotAllowed(e.getMethod(), request.getRequestURI());
            case HttpMediaTypeNotSupportedException e ->
                new ApiError.UnsupportedMediaType(String.valueOf(e.getContentType()));
            case NoResourceFoundException e -> new ApiError.NotFound();
            case NoHandlerFoundException e -> new ApiError.NotFound();
            case MissingServletRequestParameterException e ->
                new ApiError.BadRequest("Missing query parameter " + e.getParameterName() + ".");
            case MethodArgumentTypeMismatchException e ->
                new ApiError.BadRequest("Invalid value for " + e.getName() + ".");
            default -> {
                if (databaseUnreachable(failure)) {
                    log.warn("database unreachable (request {}): {}", RequestIds.of(request), failure.toString());
                    yield new ApiError.Unavailable(DATABASE_RETRY_AFTER_SECONDS, why(failure));
                }
                log.error("unexpected failure (request {})", RequestIds.of(request), failure);
                yield new ApiError.Internal();
            }
        };
    }

    /**
     * True when {@code failure} only says the client closed the connection (reset, broken pipe,
     * Tomcat's ClientAbortException) while we were answering: nobody is left to read an error, and it
     * is the client's doing, not a server fault, so it is noted at DEBUG in one line and not answered.
     */
    boolean clientWentAway(Throwable failure, HttpServletRequest request) {
        // the helper matches any EOFException or "connection reset" in the chain: the database driver's
        // own lost connection looks the same, and must be a 503, not an unanswered 200
        if (!DisconnectedClientHelper.isClientDisconnectedException(failure) || fromTheDatabase(failure)) {
            return false;
        }
        log.debug(
                "client went away before the answer was sent (request {}): {}",
                RequestIds.of(request),
                failure.toString());
        return true;
    }

    /**
     * The error for a status the servlet container decided on its own (a rejected request line or
     * header, a method it refuses, a mapped error page): the status is kept, the body is ours.
     * {@code method} and {@code target} are the request's, as far as they were read.
     */
    static ApiError ofContainerStatus(int status, String method, String target) {
        return switch (status) {
            case 400 -> new ApiError.BadRequest(NOT_UNDERSTOOD);
            case 404 -> new ApiError.NotFound();
            case 405 -> new ApiError.MethodNotAllowed(method, target);
            case 413 -> new ApiError.PayloadTooLarge(RequestBody.LIMIT_BYTES);
            case 414 ->
                new ApiError.HttpRejected(
                        414,
                        "The request target is longer than " + HttpErrorReportValve.TARGET_LIMIT_BYTES + " bytes.");
            case 431 -> new ApiError.HttpRejected(431, "The request headers are too large.");
            case 505 -> new ApiError.HttpRejected(505, "The HTTP version is not supported; use HTTP/1.1.");
            // Tomcat answers CONNECT with 501 before any servlet; to a client it is a method this server refuses
            case 501 ->
                "CONNECT".equals(method)
                        ? new ApiError.MethodNotAllowed(method, target)
                        : new ApiError.HttpRejected(501, "The request uses a feature the server does not implement.");
            case 500 -> new ApiError.Internal();
            default ->
                new ApiError.HttpRejected(status, status < 500 ? NOT_UNDERSTOOD : new ApiError.Internal().message());
        };
    }

    private static final String NOT_UNDERSTOOD = "The request could not be understood.";

    public ResponseEntity<Map<String, Object>> entity(ApiError error) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(error.status()).contentType(JSON);
        retryAfter(error).ifPresent(s -> b.header("Retry-After", Long.toString(s)));
        return b.body(body(error));
    }

    /** Writes the error directly, for filters that answer before Spring MVC. */
    public void write(HttpServletResponse response, ApiError error) throws IOException {
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType(JSON.toString());
        retryAfter(error).ifPresent(s -> response.setHeader("Retry-After", Long.toString(s)));
        response.getOutputStream().write(json.writeValueAsBytes(body(error)));
        response.flushBuffer();
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Throwable failure) throws IOException {
        write(response, classify(failure, request));
    }

    static Map<String, Object> body(ApiError error) {
        Map<String, Object> e = new LinkedHashMap<>();
        if (error.name() != null) {
            e.put("name", error.name());
        }
        e.put("message", error.message());
        if (error.data() != null) {
            e.put("data", error.data());
        }
        return Map.of("errors", List.of(e));
    }

    private static java.util.Optional<Long> retryAfter(ApiError error) {
        return switch (error) {
            case ApiError.RateLimited r -> java.util.Optional.of(r.retryAfterSeconds());
            case ApiError.Unavailable u -> java.util.Optional.of(u.retryAfterSeconds());
            case ApiError.Overloaded o -> java.util.Optional.of(o.retryAfterSeconds());
            default -> java.util.Optional.empty();
        };
    }

    /**
     * The database is unreachable, hung or overloaded (pool timeout, refused, reset, lost inside a
     * transaction, shutting down, a statement or lock wait past its timeout): a retry later may succeed.
     */
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && retryableState(sql.getSQLState())) {
                return true;
            }
            if (t.getClass().getName().equals("org.springframework.jdbc.CannotGetJdbcConnectionException")) {
                return true;
            }
            // commit or rollback failed at the JDBC level: the connection was lost inside the
            // transaction (the pool hands back a closed proxy whose exception has no SQL state)
            if (t instanceof org.springframework.transaction.TransactionSystemException) {
                return true;
            }
        }
        return false;
    }

    /** What the database's error says: a statement or lock timeout, or anything else (unreachable). */
    static ApiError.Unavailable.Why why(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return ApiError.Unavailable.Why.STATEMENT_TIMEOUT;
            }
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return ApiError.Unavailable.Why.LOCKED;
            }
        }
        return ApiError.Unavailable.Why.UNREACHABLE;
    }

    private static boolean fromTheDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof org.springframework.dao.DataAccessException) {
                return true;
            }
        }
        return databaseUnreachable(failure);
    }

    /**
     * 08: connection exceptions (also a connection lost inside a transaction, at commit or rollback);
     * 57P: server shutting down or restarting; 57014: statement timeout; 55P03: lock timeout;
     * 25P03: idle-in-transaction timeout; 53300: too many connections.
     */
    private static boolean retryableState(String state) {
        return state.startsWith("08")
                || state.startsWith("57P")
                || state.equals("57014")
                || state.equals("55P03")
                || state.equals("25P03")
                || state.equals("53300");
    }
}
