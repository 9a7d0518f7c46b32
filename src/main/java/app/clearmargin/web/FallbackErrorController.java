package app.clearmargin.web;

import app.clearmargin.shared.ApiError;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container reports outside Spring MVC (a failure in a filter, a rejected
 * request) are rendered in the same {@code errors} format instead of Spring Boot's default page.
 */
@RestController
@Hidden
class FallbackErrorController implements ErrorController {

    private final ErrorResponder errors;

    FallbackErrorController(ErrorResponder errors) {
        this.errors = errors;
    }

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable t) {
            return errors.entity(errors.classify(t, request));
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        // an error dispatch is a GET (Servlet 6.1); the refused method is kept in ERROR_METHOD
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        ApiError error = ErrorResponder.ofContainerStatus(
                status,
                method == null ? request.getMethod() : method.toString(),
                String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
        return errors.entity(error);
    }
}
