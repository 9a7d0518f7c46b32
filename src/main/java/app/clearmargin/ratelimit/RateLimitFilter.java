package app.clearmargin.ratelimit;

import app.clearmargin.auth.Principal;
import app.clearmargin.shared.ApiError;
import app.clearmargin.web.ErrorResponder;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes one token per authenticated request, whatever its outcome, and answers 429 (taking none)
 * when the key's bucket is empty. Runs before anything else executes.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final TokenBuckets buckets;
    private final ErrorResponder errors;
    // Rate-limit headers are about real elapsed time, never the test clock.
    private final Clock realTime = Clock.systemUTC();

    RateLimitFilter(TokenBuckets buckets, ErrorResponder errors) {
        this.buckets = buckets;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal key = Principal.current();
        Decision d =
                decide(buckets.tryConsume(key.keyId().toString(), key.rateLimitPerMinute()), key.rateLimitPerMinute());
        response.setHeader("X-RateLimit-Limit", Long.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (!d.allowed()) {
            errors.write(response, new ApiError.RateLimited(d.limit(), d.retryAfterSeconds()));
            return;
        }
        chain.doFilter(request, response);
    }

    Decision decide(ConsumptionProbe probe, int limit) {
        long nowMillis = realTime.millis();
        long resetMillis = nowMillis + TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForReset());
        long reset = (resetMillis + 999) / 1000;
        if (probe.isConsumed()) {
            return new Decision(true, limit, probe.getRemainingTokens(), reset, 0);
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new Decision(false, limit, 0, reset, retryAfter);
    }
}
