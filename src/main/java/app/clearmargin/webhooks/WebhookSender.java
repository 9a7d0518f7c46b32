package app.clearmargin.webhooks;

import app.clearmargin.shared.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes one delivery attempt: the SSRF guard, the signed request, the outcome. The target's name is
 * resolved once per attempt, the guard judges those addresses, and the connection goes to the
 * address judged (the URL's host still names the request and the TLS server): a DNS server that
 * answers differently a moment later (rebinding) is never asked again.
 */
@Component
class WebhookSender implements AutoCloseable {

    /** How long an attempt may take to connect, and then to answer (API.md §5). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The most of an endpoint's answer kept in the delivery log. */
    static final int RESPONSE_BODY_LIMIT = 2048;

    private static final ContentType JSON = ContentType.create("application/json");

    /** Every target carries the address the guard judged: a lookup by the client itself would be a second, unchecked one. */
    private static final DnsResolver NEVER_RESOLVES = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("webhook targets are resolved by the SSRF guard only");
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    /** Pooled connections idle longer than this are checked for a close by the receiver before reuse. */
    private static final TimeValue STALE_CHECK_AFTER = TimeValue.ofMilliseconds(200);

    private final TargetGuard guard;
    private final HostResolver resolver;
    /**
     * The signature timestamp's clock: receivers check it against their own, so it is the real time
     * of the attempt, never the test clock (which dates the events).
     */
    private final Clock realClock;

    private final Duration timeout;
    /**
     * Made on the first delivery, not at start: building them (a TLS context over the JDK's trust store)
     * was one of the larger costs of a start that often delivers nothing for a while (docs/decisions.md,
     * "Start-up"). Nothing in them depends on settings, so no configuration error can hide here.
     */
    private @Nullable Clients clients;

    /** Pooled connections, and {@code fresh} ones for the resend after a receiver closed a pooled one. */
    private record Clients(CloseableHttpClient http, CloseableHttpClient fresh) {}

    @Autowired
    WebhookSender(TargetGuard guard) {
        this(guard, HostResolver.SYSTEM, Clock.systemUTC(), TIMEOUT);
    }

    WebhookSender(TargetGuard guard, HostResolver resolver, Clock realClock, Duration timeout) {
        this.guard = guard;
        this.resolver = resolver;
        this.realClock = realClock;
        this.timeout = timeout;
    }

    private synchronized Clients clients() {
        Clients made = clients;
        if (made == null) {
            made = new Clients(client(timeout, true), client(timeout, false));
            clients = made;
        }
        return made;
    }

    /**
     * The HTTP client. With {@code reuse} false every request goes out on a new connection, closed after
     * its answer: the resend after a receiver closed a pooled connection must not meet another one.
     */
    private static CloseableHttpClient client(Duration timeout, boolean reuse) {
        Timeout limit = Timeout.of(timeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(NEVER_RESOLVES)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit)
                                .setSocketTimeout(limit)
                                // a pooled connection idle this long is checked before reuse: receivers
                                // close idle keep-alive connections (the JDK's server beyond 200 idle ones)
                                .setValidateAfterInactivity(STALE_CHECK_AFTER)
                                .build())
                        .setMaxConnTotal(EndpointSenders.MAX_IN_FLIGHT)
                        .setMaxConnPerRoute(EndpointSenders.MAX_IN_FLIGHT) // the endpoint queues limit concurrency
                        .build())
                .setConnectionReuseStrategy((request, response, context) -> reuse)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(limit)
                        .setResponseTimeout(limit)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    /** How long an attempt may take to connect, and then to answer. */
    Duration timeout() {
        return timeout;
    }

    private record Answer(int status, byte[] body) {}

    Outcome send(LeasedDelivery d) {
        long started = System.nanoTime();
        URI target;
        HttpHost checked;
        try {
            target = URI.create(d.url());
            String host = target.getHost();
            if (host == null) {
                return failed("invalid target URL", started);
            }
            List<InetAddress> addresses = resolver.resolve(host);
            TargetGuard.Verdict verdict = guard.judge(addresses);
            if (verdict != TargetGuard.Verdict.ALLOWED) {
                return failed(
                        verdict == TargetGuard.Verdict.REFUSED
                                ? TargetGuard.REFUSED_MESSAGE
                                : "could not resolve the target host",
                        started);
            }
            checked = pinned(target, addresses.getFirst());
        } catch (IllegalArgumentException e) {
            return failed("invalid target URL", started);
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = realClock.instant().getEpochSecond();
        ClassicRequestBuilder request = ClassicRequestBuilder.post(target)
                .setHeader("User-Agent", "Clearmargin-Webhooks/1")
                .setHeader("X-Webhook-Id", Ids.format("evt", d.eventId()))
                .setHeader("X-Webhook-Event", d.eventType())
                .setHeader("X-Webhook-Timestamp", Long.toString(timestamp))
                .setEntity(new ByteArrayEntity(body, JSON));
        if (d.secret() != null && !d.secret().isEmpty()) {
            request.setHeader("X-Signature", Signer.sign(d.secret(), timestamp, body));
        }
        try {
            Answer answer = exchange(checked, request.build());
            String responseBody = new String(answer.body(), StandardCharsets.UTF_8);
            boolean ok = answer.status() >= 200 && answer.status() < 300;
            return new Outcome(
                    ok, answer.status(), responseBody, ok ? null : "HTTP " + answer.status(), elapsed(started));
        } catch (SocketTimeoutException e) { // connect or read
            return failed("timeout after " + timeout.toSeconds() + " s", started);
        } catch (ConnectException e) {
            return failed("connection refused", started);
        } catch (IOException e) {
            return failed("connection failed: " + e.getMessage(), started);
        }
    }

    /** The target as the client connects to it: at {@code address}, named by the URL's host (Host header, TLS). */
    private static HttpHost pinned(URI target, InetAddress address) {
        String host = target.getHost();
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host; // an IPv6 literal
        int port = target.getPort() >= 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        return new HttpHost(target.getScheme().toLowerCase(), address, name, port);
    }

    /**
     * Sends the request; if the keep-alive connection it went out on turns out to have been closed by
     * the receiver (no byte came back), sends it once more on a new connection, at once: receivers
     * drop idle connections, and that race is not the endpoint failing. (The receiver may in rare
     * cases have read the first copy: at least once, same {@code X-Webhook-Id}.)
     */
    private Answer exchange(HttpHost checked, ClassicHttpRequest request) throws IOException {
        Clients c = clients();
        try {
            return c.http().execute(checked, request, WebhookSender::answer);
        } catch (NoHttpResponseException e) {
            return c.fresh().execute(checked, request, WebhookSender::answer);
        }
    }

    private static Answer answer(ClassicHttpResponse response) throws IOException {
        if (response.getEntity() == null) {
            return new Answer(response.getCode(), new byte[0]);
        }
        try (InputStream in = response.getEntity().getContent()) {
            return new Answer(response.getCode(), in.readNBytes(RESPONSE_BODY_LIMIT));
        }
    }

    private static Outcome failed(String error, long startedNanos) {
        return new Outcome(false, null, null, error, elapsed(startedNanos));
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public synchronized void close() throws IOException {
        Clients made = clients;
        if (made != null) {
            made.fresh().close();
            made.http().close();
        }
    }
}
