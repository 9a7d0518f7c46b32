import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Webhook receiver for the benchmarks (run with the JDK's source launcher, HdrHistogram on the class path):
 *
 * <pre>
 *   java -cp HdrHistogram-2.2.2.jar bench/WebhookReceiver.java --port 19100 [--blackhole-port 19101] [--log FILE]
 * </pre>
 *
 * <ul>
 *   <li>{@code POST /hook/<anything>} answers 200 and records the delivery: its {@code X-Webhook-Id}, the
 *       path (one path per webhook), the arrival time and the latency from the event's {@code timestamp}
 *       (the event's createdAt, written by the server at commit time; milliseconds, so a latency reads
 *       at most 1 ms high) into an HdrHistogram.
 *   <li>{@code GET /stats}: JSON with received, distinct (path, id) pairs, duplicates, first and last
 *       arrival, and latency percentiles in milliseconds.
 *   <li>{@code GET /counts}: one line per (path, id): {@code count path id}.
 *   <li>{@code POST /reset}: forgets everything.
 *   <li>{@code --blackhole-port}: a second socket that accepts connections and never answers (the
 *       "dead endpoint" that only a timeout ends).
 *   <li>{@code --log FILE}: one line per delivery: {@code arrivalEpochMicros latencyMicros path id}.
 * </ul>
 * It runs until it is killed.
 */
public class WebhookReceiver {

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong firstArrivalMicros = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrivalMicros = new AtomicLong();
    private volatile Histogram latencyMicros = newHistogram();
    private final BufferedWriter log;

    WebhookReceiver(BufferedWriter log) {
        this.log = log;
    }

    private static Histogram newHistogram() {
        return new ConcurrentHistogram(3_600_000_000L, 3); // up to one hour, 3 significant digits
    }

    public static void main(String[] args) throws IOException {
        int port = 19100;
        int blackholePort = 0;
        BufferedWriter log = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--blackhole-port" -> blackholePort = Integer.parseInt(args[i + 1]);
                case "--log" -> log = Files.newBufferedWriter(Path.of(args[i + 1]), StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        WebhookReceiver receiver = new WebhookReceiver(log);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", receiver::hook);
        server.createContext("/stats", ex -> respond(ex, 200, receiver.stats()));
        server.createContext("/counts", ex -> respond(ex, 200, receiver.countLines()));
        server.createContext("/reset", ex -> {
            receiver.reset();
            respond(ex, 200, "{}");
        });
        server.start();
        if (blackholePort > 0) {
            blackhole(blackholePort);
        }
        if (log != null) {
            BufferedWriter out = log;
            Thread flusher = Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    try {
                        Thread.sleep(200);
                        synchronized (out) {
                            out.flush();
                        }
                    } catch (InterruptedException | IOException e) {
                        return;
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                flusher.interrupt();
                synchronized (out) {
                    try {
                        out.flush();
                    } catch (IOException ignored) {
                        // exiting anyway
                    }
                }
            }));
        }
        System.out.println("receiver listening on 127.0.0.1:" + port + (blackholePort > 0 ? ", black hole on " + blackholePort : ""));
    }

    /** Accepts connections and never answers: the sender waits for its timeout. */
    private static void blackhole(int port) throws IOException {
        ServerSocket socket = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread.ofPlatform().daemon().name("blackhole").start(() -> {
            while (true) {
                try {
                    Socket s = socket.accept();
                    synchronized (held) {
                        held.removeIf(Socket::isClosed);
                        held.add(s); // kept open, never read, never answered
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void hook(HttpExchange ex) throws IOException {
        long arrival = nowMicros();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String id = ex.getRequestHeaders().getFirst("X-Webhook-Id");
        String path = ex.getRequestURI().getPath();
        String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
        Matcher m = TIMESTAMP.matcher(text);
        long latency = -1;
        if (m.find()) {
            Instant created = Instant.parse(m.group(1));
            latency = Math.max(0, arrival - (created.getEpochSecond() * 1_000_000L + created.getNano() / 1_000));
            latencyMicros.recordValue(Math.min(latency, latencyMicros.getHighestTrackableValue()));
        }
        counts.computeIfAbsent(path + " " + id, k -> new AtomicInteger()).incrementAndGet();
        received.incrementAndGet();
        firstArrivalMicros.accumulateAndGet(arrival, Math::min);
        lastArrivalMicros.accumulateAndGet(arrival, Math::max);
        if (log != null) {
            String line = arrival + " " + latency + " " + path + " " + id + "\n";
            synchronized (log) {
                log.write(line);
            }
        }
        respond(ex, 200, "ok");
    }

    private String stats() {
        Histogram h = latencyMicros.copy();
        long duplicates = 0;
        int maxCount = 0;
        for (AtomicInteger c : counts.values()) {
            duplicates += c.get() - 1;
            maxCount = Math.max(maxCount, c.get());
        }
        long first = firstArrivalMicros.get();
        return "{\"received\":" + received.get()
                + ",\"distinct\":" + counts.size()
                + ",\"duplicates\":" + duplicates
                + ",\"maxCount\":" + maxCount
                + ",\"firstArrivalMicros\":" + (first == Long.MAX_VALUE ? 0 : first)
                + ",\"lastArrivalMicros\":" + lastArrivalMicros.get()
                + ",\"latencyCount\":" + h.getTotalCount()
                + ",\"p50ms\":" + ms(h.getValueAtPercentile(50))
                + ",\"p90ms\":" + ms(h.getValueAtPercentile(90))
                + ",\"p99ms\":" + ms(h.getValueAtPercentile(99))
                + ",\"p999ms\":" + ms(h.getValueAtPercentile(99.9))
                + ",\"maxms\":" + ms(h.getMaxValue())
                + "}";
    }

    private String countLines() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((key, c) -> out.append(c.get()).append(' ').append(key).append('\n'));
        return out.toString();
    }

    private void reset() {
        counts.clear();
        received.set(0);
        firstArrivalMicros.set(Long.MAX_VALUE);
        lastArrivalMicros.set(0);
        latencyMicros = newHistogram();
    }

    private static String ms(long micros) {
        return String.format("%.3f", micros / 1000.0);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
