package app.clearmargin.web;

import app.clearmargin.shared.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/** Reads bodies up front with the 1 MiB limit (413 otherwise), after authentication and rate limiting. */
final class RequestBodyFilter extends OncePerRequestFilter {

    private static final Set<String> WITH_BODY = Set.of("POST", "PATCH", "PUT", "DELETE");
    private final ErrorResponder errors;

    RequestBodyFilter(ErrorResponder errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!WITH_BODY.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = RequestBody.read(request);
        } catch (ApiException e) {
            errors.write(response, e.error());
            return;
        }
        chain.doFilter(RequestBody.replaying(request, body), response);
    }
}
