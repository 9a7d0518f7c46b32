// A closed-loop HTTP/1.1 load generator for the client pages (API.md §8), run as a single source file:
//   java bench/PageLoad.java --base http://127.0.0.1:18140 --paths paths.txt --conns 8 --duration 20 --warmup 5
//   java bench/PageLoad.java --base … --paths paths.txt --conns 8 --once        (each path exactly once)
// Runs within a minute of each other need distinct --address-offset values (e.g. 0, 100000, 200000).
// Why not wrk: the pages allow 60 requests a minute per client address (429 after that), and wrk sends
// everything from 127.0.0.1. Here every connection binds its own loopback source address (127.1.0.1,
// 127.1.0.2, … never reused in a run) and makes at most --per-address requests (default 50) on it before
// moving to the next, so no request meets the limit and every one takes the shipped path, the limit's
// bucket included. Keep-alive connections; latency = first byte written to last byte read, per request.
// Prints one line of key=value pairs (requests, seconds, rps, p50/p90/p99/max in ms, non200, bytes).
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class PageLoad {

    static final AtomicLong ADDRESSES = new AtomicLong();

    static InetAddress nextAddress() throws IOException {
        long n = ADDRESSES.getAndIncrement();
        int c = (int) (n % 250) + 1;
        int b = (int) ((n / 250) % 250) + 1;
        int a = (int) ((n / 62_500) % 250) + 1;
        return InetAddress.getByAddress(new byte[] {127, (byte) a, (byte) b, (byte) c});
    }

    record Result(long[] nanos, int count, int non200, long bytes, Map<Integer, Integer> statuses) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--once")) {
                o.put("once", "true");
            } else {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        URI base = URI.create(o.get("base"));
        List<String> paths = Files.readAllLines(Path.of(o.get("paths"))).stream()
                .filter(s -> !s.isBlank())
                .toList();
        int conns = Integer.parseInt(o.getOrDefault("conns", "8"));
        // several runs within a minute must not share addresses: each starts at its own offset
        ADDRESSES.set(Long.parseLong(o.getOrDefault("address-offset", "0")));
        int perAddress = Integer.parseInt(o.getOrDefault("per-address", "50"));
        boolean once = o.containsKey("once");
        double warmup = once ? 0 : Double.parseDouble(o.getOrDefault("warmup", "5"));
        double duration = Double.parseDouble(o.getOrDefault("duration", "20"));
        if (warmup > 0) {
            run(base, paths, conns, perAddress, false, warmup);
        }
        long t0 = System.nanoTime();
        List<Result> results = run(base, paths, conns, perAddress, once, duration);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int count = results.stream().mapToInt(Result::count).sum();
        long[] all = new long[count];
        int k = 0;
        for (Result r : results) {
            System.arraycopy(r.nanos(), 0, all, k, r.count());
            k += r.count();
        }
        Arrays.sort(all);
        int non200 = results.stream().mapToInt(Result::non200).sum();
        long bytes = results.stream().mapToLong(Result::bytes).sum();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        results.forEach(r -> r.statuses().forEach((code, n) -> statuses.merge(code, n, Integer::sum)));
        System.out.printf(
                Locale.ROOT,
                "requests=%d seconds=%.1f rps=%.0f p50=%.2f p90=%.2f p99=%.2f max=%.2f non200=%d bytes=%d statuses=%s%n",
                count,
                seconds,
                count / seconds,
                pct(all, 0.50),
                pct(all, 0.90),
                pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                non200,
                count == 0 ? 0 : bytes / count,
                statuses.toString().replace(" ", ""));
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static List<Result> run(URI base, List<String> paths, int conns, int perAddress, boolean once, double seconds)
            throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        Result[] results = new Result[conns];
        for (int w = 0; w < conns; w++) {
            int worker = w;
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    results[worker] = worker(base, paths, perAddress, once, end, next, worker);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return List.of(results);
    }

    static Result worker(
            URI base, List<String> paths, int perAddress, boolean once, long end, AtomicInteger next, int worker)
            throws IOException {
        long[] nanos = new long[1 << 16];
        int count = 0;
        int non200 = 0;
        long bytes = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        String host = base.getHost() + ":" + base.getPort();
        int cursor = worker;
        while (true) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(nextAddress(), 0));
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                s.setTcpNoDelay(true);
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                for (int i = 0; i < perAddress; i++) {
                    String path;
                    if (once) {
                        int n = next.getAndIncrement();
                        if (n >= paths.size()) {
                            return new Result(nanos, count, non200, bytes, statuses);
                        }
                        path = paths.get(n);
                    } else {
                        if (System.nanoTime() >= end) {
                            return new Result(nanos, count, non200, bytes, statuses);
                        }
                        path = paths.get(cursor++ % paths.size());
                    }
                    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host
                                    + "\r\nUser-Agent: PageLoad\r\nAccept: */*\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    long t0 = System.nanoTime();
                    out.write(request);
                    out.flush();
                    Response r = read(in);
                    long t = System.nanoTime() - t0;
                    if (count == nanos.length) {
                        nanos = Arrays.copyOf(nanos, nanos.length * 2);
                    }
                    nanos[count++] = t;
                    bytes += r.length();
                    if (r.status() != 200) {
                        non200++;
                        statuses.merge(r.status(), 1, Integer::sum);
                    }
                    if (r.close()) {
                        break;
                    }
                }
            }
        }
    }

    record Response(int status, long length, boolean close) {}

    static Response read(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        long total = 0;
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, n);
                total += n;
                line(in);
            }
        } else if (length >= 0) {
            skip(in, length);
            total = length;
        }
        return new Response(code, total, close);
    }

    static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long k = in.skip(left);
            if (k <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                k = 1;
            }
            left -= k;
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }
}
