package app.clearmargin.printing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The PDF renderer alone (bench/pdf-bench.sh runs it; not a test): an invoice of 20 and of 500 lines
 * rendered from its sheet (jte → XHTML → openhtmltopdf → bytes, no cache, no database), p50/p99 per
 * render, throughput with 8 renders at once, and bytes allocated per render (ThreadMXBean).
 * Prints a Markdown table body.
 */
final class PdfBench {

    private PdfBench() {}

    public static void main(String[] args) throws Exception {
        int runs20 = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs500 = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int concurrentRenders = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        Printing printing = new Printing(null);
        Sheet twenty = invoice(20);
        Sheet fiveHundred = invoice(500);

        // warm-up: JIT, font metrics cache, class loading
        for (int i = 0; i < 60; i++) {
            render(printing, twenty);
        }
        for (int i = 0; i < 5; i++) {
            render(printing, fiveHundred);
        }

        Result small = measure(printing, twenty, runs20);
        Result large = measure(printing, fiveHundred, runs500);
        System.out.printf(
                "| invoice, 20 lines | %d | %.1f ms | %.1f ms | %s | %s |%n",
                runs20, small.p50, small.p99, kib(small.bytes), mib(small.allocated));
        System.out.printf(
                "| invoice, 500 lines | %d | %.1f ms | %.1f ms | %s | %s |%n",
                runs500, large.p50, large.p99, kib(large.bytes), mib(large.allocated));

        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                pool.submit(() -> render(printing, twenty));
            }
            long t0 = System.nanoTime();
            List<Future<byte[]>> all = new ArrayList<>();
            for (int i = 0; i < concurrentRenders; i++) {
                all.add(pool.submit(() -> render(printing, twenty)));
            }
            for (Future<byte[]> f : all) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "| invoice, 20 lines, 8 at once | %d | throughput %.0f renders/s | (%.1f s) | | |%n",
                    concurrentRenders, concurrentRenders / seconds, seconds);
        }
    }

    record Result(double p50, double p99, int bytes, long allocated) {}

    static Result measure(Printing printing, Sheet sheet, int runs) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        double[] ms = new double[runs];
        long allocated = 0;
        int bytes = 0;
        for (int i = 0; i < runs; i++) {
            long a0 = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            bytes = render(printing, sheet).length;
            ms[i] = (System.nanoTime() - t0) / 1e6;
            allocated += threads.getThreadAllocatedBytes(tid) - a0;
        }
        Arrays.sort(ms);
        return new Result(
                ms[(int) Math.floor(0.50 * (runs - 1))],
                ms[(int) Math.ceil(0.99 * (runs - 1))],
                bytes,
                allocated / runs);
    }

    static byte[] render(Printing printing, Sheet sheet) {
        return Pdfs.render(printing.xhtml(sheet));
    }

    /** An en-US invoice of {@code lines} lines with a full identity, notes, terms and instructions. */
    static Sheet invoice(int lines) {
        List<Sheet.Row> rows = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            rows.add(new Sheet.Row(
                    "Production crew, day rate — stage " + i + " (load-in, show, load-out)",
                    "1.5",
                    "day",
                    "$1,250.00",
                    "$1,875.00"));
        }
        Sheet.Head head = new Sheet.Head(
                "Invoice",
                "INV-0042",
                "DRAFT",
                new Sheet.Party(
                        "Northwind Studio GmbH",
                        List.of(
                                "Torstraße 140",
                                "10119 Berlin",
                                "Germany",
                                "billing@northwind.example",
                                "Tax ID: DE298765432")),
                new Sheet.Party(
                        "Harbour Events Inc.", List.of("12 Harbour Road", "97201 Portland, OR", "United States")),
                new Sheet.Party("Jane Client", List.of("jane@harbour.example")),
                List.of(new Sheet.Fact("Issue date", "Dec 6, 2026"), new Sheet.Fact("Due date", "Jan 5, 2027")),
                "#0f766e");
        return new Sheet.Invoice(
                head,
                rows,
                List.of(
                        new Sheet.Sum("Subtotal", "$37,500.00", false),
                        new Sheet.Sum("Tax (10%)", "$3,750.00", false),
                        new Sheet.Sum("Total", "$41,250.00", true),
                        new Sheet.Sum("Amount paid", "$0.00", false),
                        new Sheet.Sum("Amount due", "$41,250.00", true)),
                "Thank you for your business.",
                "Payable within 30 days.",
                "IBAN DE89 3704 0044 0532 0130 00\nBIC COBADEFFXXX");
    }

    static String kib(int bytes) {
        return String.format("%.0f KiB", bytes / 1024.0);
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
