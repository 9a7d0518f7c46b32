package app.clearmargin.support;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A local webhook endpoint for tests: the JDK's HTTP server on 127.0.0.1, recording every request
 * (method, path, headers and the exact body bytes) before it answers. Each path answers what its
 * plan says, in order ({@link #plan}): a status, a delay, a redirect, an answer held until the test
 * opens a {@link Gate}, or never answering; when the plan is used up it answers 200. Requests are
 * handled on virtual threads, so a hanging answer never holds up another request.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** What the receiver does with one request. */
    public sealed interface Answer {

        /** Answers {@code status} after {@code delay} (zero for at once). */
        record Status(int status, Duration delay, Map<String, String> headers) implements Answer {}

        /** Answers 200 once {@code gate} is opened (or the receiver closed): the test decides when the request ends. */
        record Held(Gate gate) implements Answer {}

        /** Never answers (until the receiver is closed): the sender has to time out. */
        record Hang() implements Answer {}

        static Answer status(int status) {
            return new Status(status, Duration.ZERO, Map.of());
        }

        static Answer delayed(Duration delay, int status) {
            return new Status(status, delay, Map.of());
        }

        static Answer redirect(String location) {
            return new Status(302, Duration.ZERO, Map.of("Location", location));
        }

        static Answer hang() {
            return new Hang();
        }

        /** {@code n} answers of 200, each held until {@code gate} opens. */
        static Answer[] heldUntil(Gate gate, int n) {
            return Collections.nCopies(n, new Held(gate)).toArray(Answer[]::new);
        }
    }

    /**
     * Holds the answers planned with it until the test opens it: requests stay in flight as long as the
     * test needs, without the test waiting for a delay to pass. Opening it again does nothing.
     */
    public static final class Gate implements AutoCloseable {

        private final CountDownLatch open = new CountDownLatch(1);

        public void open() {
            open.countDown();
        }

        /** Opens it, so that a test that fails half-way leaves no request hanging for the next one. */
        @Override
        public void close() {
            open();
        }

        private void await(Duration max) throws InterruptedException {
            open.await(max.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One request as it arrived. {@code answered} is the status it was given, or -1 when it was left hanging. */
    public record Received(String method, String path, Headers headers, byte[] body, Instant at, int answered) {

        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return Api.JSON.readTree(body);
        }

        /** {@code data.documentId} of a webhook body, or null. */
        public String documentId() {
            JsonNode id = json().path("data").path("documentId");
            return id.isString() ? id.asString() : null;
        }

        public String event() {
            return header("X-Webhook-Event");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> plans = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A receiver on a free port of 127.0.0.1. */
    public static WebhookReceiver start() {
        return start(0);
    }

    /** A receiver on the given port of 127.0.0.1 (0: any free port). */
    public static WebhookReceiver start(int port) {
        try {
            return new WebhookReceiver(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port of 127.0.0.1 on which nothing listens (bound once, then released). */
    public static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/<path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + "/" + path;
    }

    /** The next requests to {@code path} get these answers, in order; after them, 200. */
    public void plan(String path, Answer... answers) {
        plans.computeIfAbsent("/" + path, k -> new ArrayDeque<>());
        Deque<Answer> plan = plans.get("/" + path);
        synchronized (plan) {
            plan.clear();
            plan.addAll(List.of(answers));
        }
    }

    /** Everything received on {@code path}, in arrival order. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals("/" + path)).toList();
    }

    public List<Received> all() {
        return List.copyOf(received);
    }

    /** Waits until the requests on {@code path} satisfy {@code until}; returns them (fails after {@code timeout}). */
    public List<Received> await(String path, Predicate<List<Received>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> now = received(path);
            if (until.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver did not get what was expected on /" + path + " within " + timeout
                        + "; got " + now.size() + " request(s): "
                        + now.stream().map(Received::event).toList());
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /** Requests to {@code path} received and not yet answered. */
    public int inFlight(String path) {
        AtomicInteger current = inFlight.get("/" + path);
        return current == null ? 0 : current.get();
    }

    /** The most requests to {@code path} that were being handled at the same moment. */
    public int maxConcurrent(String path) {
        AtomicInteger max = maxInFlight.get("/" + path);
        return max == null ? 0 : max.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        AtomicInteger current = inFlight.computeIfAbsent(path, k -> new AtomicInteger());
        AtomicInteger max = maxInFlight.computeIfAbsent(path, k -> new AtomicInteger());
        max.accumulateAndGet(current.incrementAndGet(), Math::max);
        // a request stops counting as in flight when its answer starts: the sender can send its next
        // request only after reading this answer, so counting until the exchange closes would
        // overlap the two and report one more than the sender ever had in flight
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable answered = () -> {
            if (counted.getAndSet(false)) {
                current.decrementAndGet();
            }
        };
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Answer answer = nextAnswer(path);
            int status = switch (answer) {
                case Answer.Status s -> s.status();
                case Answer.Held h -> 200;
                case Answer.Hang h -> -1;
            };
            Headers headers = new Headers();
            headers.putAll(exchange.getRequestHeaders());
            received.add(new Received(exchange.getRequestMethod(), path, headers, body, Instant.now(), status));
            switch (answer) {
                case Answer.Hang h -> awaitClose(Duration.ofMinutes(5));
                case Answer.Held h -> {
                    awaitOpen(h.gate());
                    answered.run();
                    reply(exchange, 200);
                }
                case Answer.Status s -> {
                    if (!s.delay().isZero()) {
                        awaitClose(s.delay());
                    }
                    s.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    answered.run();
                    reply(exchange, s.status());
                }
            }
        } catch (IOException e) {
            // the sender gave up (timeout) while we were answering: nothing to do
        } finally {
            answered.run();
        }
    }

    private static void reply(HttpExchange exchange, int status) throws IOException {
        if (status == 204) { // no content: a body would be dropped anyway
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        byte[] reply = ("{\"received\":true,\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, reply.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    private Answer nextAnswer(String path) {
        Deque<Answer> plan = plans.get(path);
        if (plan == null) {
            return Answer.status(200);
        }
        synchronized (plan) {
            Answer next = plan.pollFirst();
            return next == null ? Answer.status(200) : next;
        }
    }

    /** Waits for the gate, at most five minutes; closing the receiver interrupts the wait. */
    private static void awaitOpen(Gate gate) {
        try {
            gate.await(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitClose(Duration max) {
        try {
            closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        received.forEach(r -> lines.add(r.method() + " " + r.path() + " " + r.event() + " → " + r.answered()));
        return "WebhookReceiver:" + port() + " " + lines;
    }
}
