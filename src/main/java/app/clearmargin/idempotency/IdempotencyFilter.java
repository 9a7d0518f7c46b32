package app.clearmargin.idempotency;

import app.clearmargin.auth.Principal;
import app.clearmargin.shared.ApiError;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.RequestBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST (API.md §1, §7): the first request with a key executes and its
 * answer (below 500) is stored for 24 h; the same key and body replay it with
 * {@code Idempotent-Replayed: true}; another body, or a request while the first is still running,
 * is a 409. Keys are scoped to the API key.
 */
final class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    static final ScopedValue<IdempotencyStore.Ref> RUNNING = ScopedValue.newInstance();

    private final IdempotencyStore store;
    private final ErrorResponder errors;
    private final JsonMapper json;
    private final Clock clock;

    IdempotencyFilter(IdempotencyStore store, ErrorResponder errors, JsonMapper json, Clock clock) {
        this.store = store;
        this.errors = errors;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the method first: a GET is not scanned for the header at all
        String key = "POST".equals(request.getMethod()) ? request.getHeader(HEADER) : null;
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            errors.write(
                    response, new ApiError.BadRequest(HEADER + " must be 1 to " + MAX_LENGTH + " characters long."));
            return;
        }
        Principal principal = Principal.current();
        IdempotencyStore.Ref ref = new IdempotencyStore.Ref(principal.organizationId(), principal.keyId(), key);
        byte[] fingerprint = fingerprint(request);

        if (!store.claim(ref, fingerprint)) {
            switch (replayOrRefuse(ref, fingerprint, response)) {
                case Seen.Replayed() -> {
                    return;
                }
                case Seen.Refused(ApiError refusal) -> {
                    errors.write(response, refusal);
                    return;
                }
                case Seen.Claimed() -> {}
            }
        }
        execute(ref, request, response, chain);
    }

    /** What a request gets when its key was seen before: the stored answer, a refusal, or the key to run with. */
    private sealed interface Seen {
        record Replayed() implements Seen {}

        record Refused(ApiError error) implements Seen {}

        record Claimed() implements Seen {}
    }

    private Seen replayOrRefuse(IdempotencyStore.Ref ref, byte[] fingerprint, HttpServletResponse response)
            throws IOException {
        Optional<IdempotencyStore.Entry> found = store.find(ref);
        if (found.isEmpty()) {
            return store.claim(ref, fingerprint) ? new Seen.Claimed() : stillRunning();
        }
        IdempotencyStore.Entry entry = found.get();
        OffsetDateTime now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
        boolean expired = entry.createdAt().isBefore(now.minus(IdempotencyStore.RETENTION));
        boolean abandoned = entry.state().equals("running")
                && !entry.executed()
                && entry.lockedUntil().isBefore(now);
        if (expired || abandoned) {
            return store.takeOver(ref, fingerprint) ? new Seen.Claimed() : stillRunning();
        }
        if (!Arrays.equals(entry.requestHash(), fingerprint)) {
            return new Seen.Refused(
                    new ApiError.IdempotencyConflict(
                            "This Idempotency-Key was already used with a different request; use a new key for a new request."));
        }
        if (entry.state().equals("done")) {
            response.setStatus(entry.status());
            response.setContentType(ErrorResponder.JSON.toString());
            response.setHeader("Idempotent-Replayed", "true");
            response.getOutputStream().write(entry.body());
            return new Seen.Replayed();
        }
        if (entry.executed() && entry.lockedUntil().isBefore(now)) {
            return new Seen.Refused(new ApiError.IdempotencyConflict("The first request with this Idempotency-Key was "
                    + "executed but its response was lost; look the result up instead of retrying."));
        }
        return stillRunning();
    }

    private static Seen stillRunning() {
        return new Seen.Refused(new ApiError.IdempotencyConflict(
                "A request with this Idempotency-Key is still being processed; retry once it has finished."));
    }

    private void execute(
            IdempotencyStore.Ref ref, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            ScopedValue.where(RUNNING, ref).call(() -> {
                chain.doFilter(request, captured);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            store.release(ref);
            throw e;
        } catch (Exception e) {
            store.release(ref);
            throw new ServletException(e);
        }
        int status = captured.getStatus();
        if (status < 500) {
            store.complete(ref, status, captured.getContentAsByteArray());
        } else {
            store.release(ref);
        }
        captured.copyBodyToResponse();
    }

    /** Method, path and the body; a JSON body is compared by content, not by key order or spacing. */
    private byte[] fingerprint(HttpServletRequest request) {
        byte[] body = RequestBody.of(request);
        byte[] canonical = body;
        try {
            JsonNode node = json.readTree(body);
            canonical = json.writeValueAsBytes(sorted(node));
        } catch (RuntimeException notJson) {
            // compared byte for byte
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(canonical);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode sorted(JsonNode node) {
        if (node == null || !node.isContainer()) {
            return node;
        }
        if (node.isArray()) {
            var array = json.createArrayNode();
            node.forEach(n -> array.add(sorted(n)));
            return array;
        }
        var object = json.createObjectNode();
        node.propertyNames().stream().sorted().forEach(k -> object.set(k, sorted(node.get(k))));
        return object;
    }
}
