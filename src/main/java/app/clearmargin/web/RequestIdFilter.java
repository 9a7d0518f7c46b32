package app.clearmargin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: fixes the request id, puts it on the response and in the log
 * context, and answers a failure thrown by a later filter (before Spring MVC's own handler could)
 * in the one error format — so the container neither logs it as a servlet crash nor renders it.
 */
final class RequestIdFilter extends OncePerRequestFilter {

    static final String MDC_KEY = "requestId";

    private final ErrorResponder errors;

    RequestIdFilter(ErrorResponder errors) {
        this.errors = errors;
    }

    /**
     * Also on error dispatches: a request Tomcat refuses before any filter ran (TRACE → 405) reaches
     * the application only as the error page, and that answer needs its request id too.
     */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // an error dispatch of the same request keeps the id its first pass chose
        String id = request.getAttribute(RequestIds.ATTRIBUTE) instanceof String chosen
                ? chosen
                : RequestIds.choose(request.getHeader(RequestIds.HEADER));
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        response.setHeader(RequestIds.HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException failure) {
            if (response.isCommitted()) {
                throw failure;
            }
            errors.write(request, response, failure);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
