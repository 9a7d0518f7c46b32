package app.clearmargin.auth;

import app.clearmargin.shared.ApiError;
import app.clearmargin.tenancy.Tenant;
import app.clearmargin.web.ErrorResponder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/**} request by {@code Authorization: Bearer sk_…} or
 * {@code x-api-key}, and binds the key and its organization for the rest of the request.
 */
final class AuthFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final ErrorResponder errors;

    AuthFilter(ApiKeys keys, ErrorResponder errors) {
        this.keys = keys;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Principal> principal;
        try {
            principal = presentedKey(request).flatMap(keys::authenticate);
        } catch (RuntimeException e) {
            errors.write(request, response, e); // the key store is unreachable: 503, not 401
            return;
        }
        if (principal.isEmpty()) {
            errors.write(response, new ApiError.Unauthorized());
            return;
        }
        Principal p = principal.get();
        try {
            new Tenant(p.organizationId()).bind().where(Principal.CURRENT, p).call(() -> {
                chain.doFilter(request, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    static Optional<String> presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(authorization.substring(7).trim());
            }
            return Optional.empty(); // another scheme is not a key, even with x-api-key beside it
        }
        return Optional.ofNullable(request.getHeader("x-api-key")).map(String::trim);
    }
}
