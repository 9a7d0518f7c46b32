package app.clearmargin.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An error answer of the API (any status ≥ 400), with everything the server said about it.
 * {@link #status()} is 0 when no answer arrived (a connection failure; see {@link #getCause()}).
 */
public class ClearmarginException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<ApiError> errors;
    private final @Nullable String requestId;
    private final @Nullable Long retryAfterSeconds;
    private final String body;

    ClearmarginException(
            int status, List<ApiError> errors, @Nullable String requestId, @Nullable Long retryAfterSeconds, String body) {
        super(describe(status, errors, requestId));
        this.status = status;
        this.errors = List.copyOf(errors);
        this.requestId = requestId;
        this.retryAfterSeconds = retryAfterSeconds;
        this.body = body;
    }

    ClearmarginException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errors = List.of();
        this.requestId = null;
        this.retryAfterSeconds = null;
        this.body = "";
    }

    private static String describe(int status, List<ApiError> errors, @Nullable String requestId) {
        StringBuilder sb = new StringBuilder("HTTP ").append(status);
        for (ApiError e : errors) {
            sb.append(": ");
            if (e.name() != null) {
                sb.append(e.name()).append(" ");
            }
            sb.append(e.message());
        }
        if (requestId != null) {
            sb.append(" (request ").append(requestId).append(")");
        }
        return sb.toString();
    }

    /** The HTTP status (0 when the request never got an answer). */
    public int status() {
        return status;
    }

    /** The response's {@code errors[]}. */
    public List<ApiError> errors() {
        return errors;
    }

    /** The first error's {@code name} ({@code ValidationError}, {@code QueryError}, {@code StateConflict}, …), if any. */
    public Optional<String> name() {
        return errors.stream().map(ApiError::name).filter(n -> n != null).findFirst();
    }

    /** Every offending path of every error (ValidationError and QueryError). */
    public List<ApiError.FieldError> fieldErrors() {
        List<ApiError.FieldError> out = new ArrayList<>();
        for (ApiError e : errors) {
            out.addAll(e.fieldErrors());
        }
        return out;
    }

    /** The response's {@code X-Request-Id}: quote it when asking for support; the server logs it. */
    public @Nullable String requestId() {
        return requestId;
    }

    /** {@code Retry-After} in seconds, on 429 and 503. */
    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The raw response body. */
    public String body() {
        return body;
    }
}
