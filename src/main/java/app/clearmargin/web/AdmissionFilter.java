package app.clearmargin.web;

import app.clearmargin.shared.ApiError;
import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a request to work only while fewer than the configured number are at work; past that it
 * waits in a short backlog (newest first, so the ones still likely to be read are served) and, when
 * the backlog is full or its wait runs out, is answered 503 with {@code Retry-After} at once. Without
 * it every request past saturation was accepted and queued on the connection pool, and the heap
 * filled with waiting requests until the JVM spent its time in full collections (docs/decisions.md).
 */
final class AdmissionFilter extends OncePerRequestFilter {

    /** Enough for a burst to drain; short enough that a client retrying sooner is not worse off. */
    static final long RETRY_AFTER_SECONDS = 1;

    private final Limiter<Void> limiter;
    private final ErrorResponder errors;
    private final Runnable onRejected;

    AdmissionFilter(Limiter<Void> limiter, ErrorResponder errors, Runnable onRejected) {
        this.limiter = limiter;
        this.errors = errors;
        this.onRejected = onRejected;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Limiter.Listener> admitted = limiter.acquire(null);
        if (admitted.isEmpty()) {
            onRejected.run();
            errors.write(response, new ApiError.Overloaded(RETRY_AFTER_SECONDS));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            // a fixed limit learns nothing from the outcome; success releases the place either way
            admitted.get().onSuccess();
        }
    }
}
