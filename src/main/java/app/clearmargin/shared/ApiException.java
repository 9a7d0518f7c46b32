package app.clearmargin.shared;

import java.util.List;
import java.util.Map;

/** Carries an {@link ApiError} from wherever it is detected to the one error handler. */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    public static ApiException notFound() {
        return new ApiException(new ApiError.NotFound());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(new ApiError.BadRequest(message));
    }

    public static ApiException validation(String collection, List<ApiError.FieldError> errors) {
        return new ApiException(new ApiError.Validation(collection, errors));
    }

    public static ApiException invalidField(String collection, String path, String message) {
        return validation(collection, List.of(new ApiError.FieldError(path, message)));
    }

    public static ApiException query(String path) {
        return new ApiException(new ApiError.Query(List.of(path)));
    }

    /** A QueryError at {@code path} whose message says what is wrong with it and what to do instead. */
    public static ApiException query(String path, String message) {
        return new ApiException(new ApiError.Query(List.of(path), message));
    }

    public static ApiException conflict(String message) {
        return new ApiException(new ApiError.Conflict(message, Map.of()));
    }

    public static ApiException conflict(String message, Map<String, Object> details) {
        return new ApiException(new ApiError.Conflict(message, details));
    }

    public static ApiException stateConflict(String message, String currentStatus) {
        return new ApiException(new ApiError.StateConflict(message, currentStatus));
    }

    /** 402 PaymentProviderError: the provider refused (a refund), with its message. */
    public static ApiException paymentProvider(String message) {
        return new ApiException(new ApiError.PaymentProvider(message));
    }

    public static ApiException forbidden(String requiredScope) {
        return new ApiException(new ApiError.Forbidden(requiredScope));
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(new ApiError.MethodNotAllowed(method, path));
    }
}
