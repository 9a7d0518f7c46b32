import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop event producer for the webhook benchmarks (run with the JDK's source launcher):
 *
 * <pre>
 *   java bench/EventProducer.java --base http://127.0.0.1:18150 --key sk_… --ids invoices.txt --rate 20 --seconds 20
 * </pre>
 *
 * Sends {@code POST /api/invoices/{id}/send} (one {@code invoice_sent} event each) at a fixed rate,
 * cycling through the ids, each request on its own virtual thread and started on schedule whether or
 * not earlier ones have answered (so a slow server does not lower the offered rate, unlike a closed
 * loop such as wrk). Prints one JSON line: requests started, 2xx, other statuses, errors, seconds,
 * achieved rate and request latency percentiles (ms).
 */
public class EventProducer {

    public static void main(String[] args) throws Exception {
        String base = arg(args, "--base");
        String key = arg(args, "--key");
        List<String> ids = Files.readAllLines(Path.of(arg(args, "--ids"))).stream().filter(s -> !s.isBlank()).toList();
        double rate = Double.parseDouble(arg(args, "--rate"));
        double seconds = Double.parseDouble(arg(args, "--seconds"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long total = Math.round(rate * seconds);
        long[] latencyNanos = new long[(int) total];
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int n = i;
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/invoices/" + ids.get(n % ids.size()) + "/send"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build();
                requests.submit(() -> {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() / 100 == 2 ? ok : non2xx).incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencyNanos[n] = System.nanoTime() - sent;
                });
            }
            requests.shutdown();
            requests.awaitTermination(60, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.stream(latencyNanos).filter(l -> l > 0).sorted().toArray();
        List<String> fields = new ArrayList<>();
        fields.add("\"requests\":" + total);
        fields.add("\"ok\":" + ok.get());
        fields.add("\"non2xx\":" + non2xx.get());
        fields.add("\"errors\":" + errors.get());
        fields.add(String.format("\"seconds\":%.2f", elapsed));
        fields.add(String.format("\"rate\":%.1f", total / elapsed));
        fields.add(String.format("\"p50ms\":%.1f", percentile(sorted, 0.50)));
        fields.add(String.format("\"p99ms\":%.1f", percentile(sorted, 0.99)));
        System.out.println("{" + String.join(",", fields) + "}");
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
