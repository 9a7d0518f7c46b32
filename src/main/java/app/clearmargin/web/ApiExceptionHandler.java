package app.clearmargin.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every exception raised inside Spring MVC, ours or Spring's, leaves through here. */
@RestControllerAdvice
class ApiExceptionHandler {

    private final ErrorResponder errors;

    ApiExceptionHandler(ErrorResponder errors) {
        this.errors = errors;
    }

    @ExceptionHandler(Throwable.class)
    @Nullable
    ResponseEntity<Map<String, Object>> handle(Throwable failure, HttpServletRequest request) {
        if (errors.clientWentAway(failure, request)) {
            return null; // handled: writing an error to a closed connection would only fail again
        }
        return errors.entity(errors.classify(failure, request));
    }
}
