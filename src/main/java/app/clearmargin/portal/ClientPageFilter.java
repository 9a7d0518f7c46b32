package app.clearmargin.portal;

import app.clearmargin.ratelimit.AddressLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalLong;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every answer under {@code /c/}: the privacy and framing headers first (so errors carry them too), then
 * the per client address limit (60 a minute; the stylesheets are not counted) answered with the 429
 * page and {@code Retry-After}.
 */
class ClientPageFilter extends OncePerRequestFilter {

    /**
     * The pages' policy; {@code form-action} also names Stripe's Checkout, because browsers apply it to the
     * redirect after "Pay online" too.
     */
    static String csp(String checkoutOrigin) {
        return "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; " + "form-action 'self' "
                + checkoutOrigin + "; frame-ancestors 'none'; base-uri 'none'";
    }

    private final AddressLimits limits;
    private final PageRenderer pages;
    private final String csp;

    ClientPageFilter(AddressLimits limits, PageRenderer pages, String checkoutOrigin) {
        this.limits = limits;
        this.pages = pages;
        this.csp = csp(checkoutOrigin);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", csp);
        if (!request.getRequestURI().startsWith("/c/assets/")) {
            OptionalLong retryAfter = limits.clientPage(request.getRemoteAddr());
            if (retryAfter.isPresent()) {
                byte[] body = pages.errorBytes(
                        429,
                        "Too many requests",
                        "Too many requests from your address. Please wait a minute and try again.",
                        null);
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(retryAfter.getAsLong()));
                response.setContentType(PageRenderer.HTML.toString());
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
