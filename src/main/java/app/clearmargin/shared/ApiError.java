package app.clearmargin.shared;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every failure the API can answer, as a closed set. The one error handler renders each of them as
 * {@code {"errors":[{"name":…,"message":…,"data":…}]}} with the status given here.
 */
public sealed interface ApiError {

    int status();

    String message();

    /** The Payload-style error name, or null for errors that carry none. */
    default @Nullable String name() {
        return null;
    }

    /** Extra structured detail, or null. */
    default @Nullable Object data() {
        return null;
    }

    /** One offending path of a body. */
    record FieldError(String path, String message) {}

    record Validation(String collection, List<FieldError> errors) implements ApiError {
        public Validation {
            errors = List.copyOf(errors);
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public String name() {
            return "ValidationError";
        }

        @Override
        public String message() {
            List<String> paths =
                    errors.stream().map(FieldError::path).distinct().toList();
            return (paths.size() == 1 ? "The following field is invalid: " : "The following fields are invalid: ")
                    + String.join(", ", paths);
        }

        @Override
        public Object data() {
            return Map.of(
                    "collection",
                    collection,
                    "errors",
                    errors.stream()
                            .map(e -> Map.of("path", e.path(), "message", e.message()))
                            .toList());
        }
    }

    /** A path of a query that cannot be used; {@code detail} replaces the standard message when set. */
    record Query(List<String> paths, @Nullable String detail) implements ApiError {
        public Query {
            paths = List.copyOf(paths);
        }

        public Query(List<String> paths) {
            this(paths, null);
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public String name() {
            return "QueryError";
        }

        @Override
        public String message() {
            if (detail != null) {
                return detail;
            }
            return (paths.size() == 1
                            ? "The following path cannot be queried: "
                            : "The following paths cannot be queried: ")
                    + String.join(", ", paths);
        }

        @Override
        public Object data() {
            return paths.stream().map(p -> Map.of("path", p)).toList();
        }
    }

    /** A malformed request that is not about one field: bad parameter, malformed JSON, over-long header. */
    record BadRequest(String message) implements ApiError {
        @Override
        public int status() {
            return 400;
        }
    }

    /**
     * A request the HTTP layer refused before the application saw it, with the status that names
     * why: 414 target too long, 431 headers too large, 505 unsupported HTTP version and the like.
     */
    record HttpRejected(int status, String message) implements ApiError {}

    record Unauthorized() implements ApiError {
        @Override
        public int status() {
            return 401;
        }

        @Override
        public String message() {
            return "Missing or invalid API key.";
        }
    }

    record Forbidden(String requiredScope) implements ApiError {
        @Override
        public int status() {
            return 403;
        }

        @Override
        public String message() {
            return "You are not allowed to perform this action.";
        }

        @Override
        public Object data() {
            return Map.of("requiredScope", requiredScope);
        }
    }

    record NotFound() implements ApiError {
        @Override
        public int status() {
            return 404;
        }

        @Override
        public String message() {
            return "Not Found";
        }
    }

    record MethodNotAllowed(String method, String path) implements ApiError {
        @Override
        public int status() {
            return 405;
        }

        @Override
        public String message() {
            return "Method " + method + " is not allowed on " + path + ".";
        }
    }

    /** A write refused because other records reference the target, or a uniqueness/ordering rule. */
    record Conflict(String message, Map<String, Object> details) implements ApiError {
        @Override
        public int status() {
            return 409;
        }

        @Override
        public String name() {
            return "Conflict";
        }

        @Override
        public @Nullable Object data() {
            return details.isEmpty() ? null : details;
        }
    }

    /** A payment provider (Stripe) refused what it was asked to do; its own message, for the user. */
    record PaymentProvider(String message) implements ApiError {
        @Override
        public int status() {
            return 402;
        }

        @Override
        public String name() {
            return "PaymentProviderError";
        }
    }

    /** A state transition the document's current status does not allow. */
    record StateConflict(String message, String currentStatus) implements ApiError {
        @Override
        public int status() {
            return 409;
        }

        @Override
        public String name() {
            return "StateConflict";
        }

        @Override
        public Object data() {
            return Map.of("status", currentStatus);
        }
    }

    record IdempotencyConflict(String message) implements ApiError {
        @Override
        public int status() {
            return 409;
        }

        @Override
        public String name() {
            return "IdempotencyConflict";
        }
    }

    record PayloadTooLarge(long limitBytes) implements ApiError {
        @Override
        public int status() {
            return 413;
        }

        @Override
        public String message() {
            return "The request body is larger than " + limitBytes + " bytes.";
        }
    }

    record UnsupportedMediaType(String contentType) implements ApiError {
        @Override
        public int status() {
            return 415;
        }

        @Override
        public String message() {
            return "Content-Type " + contentType + " is not supported; send application/json.";
        }
    }

    record RateLimited(long limitPerMinute, long retryAfterSeconds) implements ApiError {
        @Override
        public int status() {
            return 429;
        }

        @Override
        public String message() {
            return "Rate limit of " + limitPerMinute + " requests per minute exceeded; retry after " + retryAfterSeconds
                    + " s.";
        }
    }

    record Internal() implements ApiError {
        @Override
        public int status() {
            return 500;
        }

        @Override
        public String message() {
            return "Something went wrong.";
        }
    }

    /**
     * 503: the server already works on as many requests as it admits and its short backlog is full or
     * waited too long; this request was not started, so nothing of it was changed and a retry is safe.
     */
    record Overloaded(long retryAfterSeconds) implements ApiError {
        @Override
        public int status() {
            return 503;
        }

        @Override
        public String message() {
            return "The server is busy with other requests and did not start this one; nothing was changed. Retry after "
                    + retryAfterSeconds + " s.";
        }
    }

    /** 503: the database could not answer in time; {@code why} says what the caller can do about it. */
    record Unavailable(long retryAfterSeconds, Why why) implements ApiError {

        /** Why the database did not answer, as far as its error says. */
        public enum Why {
            UNREACHABLE("The database is unreachable; retry shortly."),
            STATEMENT_TIMEOUT("The query took longer than the server allows and was cancelled; narrow the filter, "
                    + "or skip the exact count of a list with count=estimate or count=none."),
            LOCKED("Another request is changing the same data and did not finish in time; retry shortly.");

            private final String message;

            Why(String message) {
                this.message = message;
            }
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public String message() {
            return why.message;
        }
    }
}
