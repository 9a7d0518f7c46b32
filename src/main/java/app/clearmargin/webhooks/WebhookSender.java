package app.clearmargin.webhooks;

import app.clearmargin.shared.Ids;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Makes one delivery attempt: the SSRF guard, the signed request, the outcome. */
@Component
class WebhookSender {

    private final TargetGuard guard;
    private final HostResolver resolver;
    /**
     * The signature timestamp's clock: receivers check it against their own, so it is the real time
     * of the attempt, never the test clock (which dates the events).
     */
    private final Clock realClock;
    private final Duration timeout;
    private final HttpClient http;

    @Autowired
    WebhookSender(TargetGuard guard) {
        this(guard, HostResolver.SYSTEM, Clock.systemUTC(), Deliveries.TIMEOUT);
    }

    WebhookSender(TargetGuard guard, HostResolver resolver, Clock realClock, Duration timeout) {
        this.guard = guard;
        this.resolver = resolver;
        this.realClock = realClock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    Deliveries.Outcome send(Deliveries.Claimed d) {
        String url = d.url();
        String secret = d.secret();
        long started = System.nanoTime();
        TargetGuard.Verdict verdict;
        try {
            verdict = guard.judge(resolver.resolve(URI.create(url).getHost()));
        } catch (IllegalArgumentException e) {
            return new Deliveries.Outcome(false, null, null, "invalid target URL", elapsed(started));
        }
        if (verdict != TargetGuard.Verdict.ALLOWED) {
            return new Deliveries.Outcome(false, null, null, verdict == TargetGuard.Verdict.REFUSED
                    ? TargetGuard.REFUSED_MESSAGE : "could not resolve the target host", elapsed(started));
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = realClock.instant().getEpochSecond();
        URI target = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                // HTTP/2 only where TLS negotiates it: a cleartext h2c upgrade offer is extra headers on
                // every request for receivers that, in practice, never accept it
                .version("http".equalsIgnoreCase(target.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Clearmargin-Webhooks/1")
                .header("X-Webhook-Id", Ids.format("evt", d.eventId()))
                .header("X-Webhook-Event", d.eventType())
                .header("X-Webhook-Timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null && !secret.isEmpty()) {
            request.header("X-Signature", Signer.sign(secret, timestamp, body));
        }
        try {
            HttpResponse<byte[]> response = exchange(request.build());
            String responseBody = new String(response.body(), 0, Math.min(response.body().length, Deliveries.RESPONSE_BODY_LIMIT),
                    StandardCharsets.UTF_8);
            boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
            return new Deliveries.Outcome(ok, response.statusCode(), responseBody, ok ? null : "HTTP " + response.statusCode(),
                    elapsed(started));
        } catch (HttpTimeoutException e) {
            return new Deliveries.Outcome(false, null, null, "timeout after " + timeout.toSeconds() + " s", elapsed(started));
        } catch (ConnectException e) {
            return new Deliveries.Outcome(false, null, null, "connection refused", elapsed(started));
        } catch (IOException e) {
            return new Deliveries.Outcome(false, null, null, "connection failed: " + e.getMessage(), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Deliveries.Outcome(false, null, null, "interrupted", elapsed(started));
        } catch (IllegalArgumentException e) {
            return new Deliveries.Outcome(false, null, null, "invalid target URL", elapsed(started));
        }
    }

    /**
     * Sends the request; if the keep-alive connection it went out on turns out to have been closed by
     * the receiver (the JDK reports that no byte came back), sends it once more on a new connection,
     * at once: receivers drop idle connections, and that race is not the endpoint failing. (The
     * receiver may in rare cases have read the first copy: at least once, same {@code X-Webhook-Id}.)
     */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            if (!closedBeforeAnswering(e)) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static boolean closedBeforeAnswering(IOException e) {
        return !(e instanceof HttpTimeoutException) && !(e instanceof ConnectException)
                && e.getMessage() != null && e.getMessage().contains("received no bytes");
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
