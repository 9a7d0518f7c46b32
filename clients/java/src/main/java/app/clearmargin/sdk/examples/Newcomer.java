package app.clearmargin.sdk.examples;

import app.clearmargin.sdk.Clearmargin;
import app.clearmargin.sdk.ClearmarginException;
import app.clearmargin.sdk.Invoices;
import app.clearmargin.sdk.ListParams;
import app.clearmargin.sdk.Page;
import app.clearmargin.sdk.WebhookEvent;
import app.clearmargin.sdk.Webhooks;
import app.clearmargin.sdk.Where;
import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Contact;
import app.clearmargin.sdk.model.Invoice;
import app.clearmargin.sdk.model.Member;
import app.clearmargin.sdk.model.Project;
import app.clearmargin.sdk.model.TimeEntry;
import app.clearmargin.sdk.model.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A newcomer's first hour with the API, end to end: a client and its contact, a project and a team
 * member, time logged, an invoice generated from that time, sent and paid, the paid invoices listed
 * with a filter, and the {@code invoice_paid} webhook received and verified.
 *
 * <pre>
 * CLEARMARGIN_BASE_URL=http://127.0.0.1:8080 CLEARMARGIN_API_KEY=sk_… \
 *   java -cp … app.clearmargin.sdk.examples.Newcomer
 * </pre>
 *
 * The webhook step points an endpoint at a listener on 127.0.0.1, which a server accepts only with
 * {@code CLEARMARGIN_TESTING=true} (or {@code CLEARMARGIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS}), and asks a
 * testing server to deliver at once ({@code POST /api/testing/run-jobs}). Exits 1 on any failure.
 */
public final class Newcomer {

    private Newcomer() {}

    /** A delivery as received: the exact bytes and the headers. */
    private record Delivery(byte[] body, Map<String, List<String>> headers) {}

    public static void main(String[] args) throws Exception {
        String baseUrl = System.getenv().getOrDefault("CLEARMARGIN_BASE_URL", "http://127.0.0.1:8080");
        String apiKey = System.getenv("CLEARMARGIN_API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("set CLEARMARGIN_API_KEY (and CLEARMARGIN_BASE_URL)");
            System.exit(2);
        }
        try {
            run(Clearmargin.builder().apiKey(apiKey).baseUrl(baseUrl).build());
            System.out.println("newcomer flow: OK");
        } catch (ClearmarginException e) {
            System.err.println("API error " + e.status() + " " + e.errors() + " (request " + e.requestId() + ")");
            System.exit(1);
        } catch (RuntimeException | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(Clearmargin cm) throws Exception {
        // Somewhere to receive webhooks: a tiny HTTP server that keeps what it was sent.
        BlockingQueue<Delivery> received = new ArrayBlockingQueue<>(16);
        HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/clearmargin", ex -> {
            received.add(new Delivery(ex.getRequestBody().readAllBytes(), Map.copyOf(ex.getRequestHeaders())));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        listener.start();
        try {
            Webhook hook = cm.webhooks()
                    .create(Map.of(
                            "url", "http://127.0.0.1:" + listener.getAddress().getPort() + "/clearmargin",
                            "events", List.of("invoice_paid")));
            String secret = hook.secret(); // shown once: store it with the endpoint
            check(secret != null, "the new webhook's secret");

            Client client = cm.clients().create(Map.of("name", "Acme Corp", "currency", "USD"));
            Contact contact = cm.contacts()
                    .create(Map.of("client", client.id(), "name", "Jane Smith", "email", "jane@acme.example"));
            Project project = cm.projects()
                    .create(Map.of("client", client.id(), "name", "Website relaunch", "billingType", "hourly"));
            Member member = cm.members()
                    .create(Map.of(
                            "name", "Sam Designer",
                            "email", "sam+" + System.nanoTime() + "@studio.example",
                            "rates", Map.of("standard", 120)));
            System.out.printf("client %s, contact %s, project %s, member %s%n", client.id(), contact.id(), project.id(), member.id());

            LocalDate today = LocalDate.now();
            TimeEntry entry = cm.timeEntries()
                    .create(Map.of(
                            "project", project.id(),
                            "member", member.id(),
                            "date", today.toString(),
                            "hours", 2.5,
                            "description", "Homepage design"));
            System.out.printf("logged %s h at %s = %s%n", entry.hours(), entry.rate(), entry.amount());

            Invoice draft = cm.invoices()
                    .generate(List.of(project.id()), today.minusDays(30).toString(), today.plusDays(1).toString());
            check("draft".equals(draft.status()), "a draft from the time");
            Invoice sent = cm.invoices().send(draft.id());
            System.out.printf("invoice %s sent: total %s %s, due %s%n", sent.number(), sent.total(), sent.currency(), sent.dueDate());

            Invoices.PaymentResult paid = cm.invoices()
                    .recordPayment(sent.id(), Map.of("amount", sent.amountDue(), "method", "bank_transfer", "reference", "wire-001"));
            check(paid.invoice() != null && "paid".equals(paid.invoice().status()), "the invoice is paid");
            System.out.printf("payment %s recorded; invoice %s%n", paid.payment().id(), paid.invoice().status());

            Page<Invoice> paidInvoices = cm.invoices()
                    .list(ListParams.builder()
                            .where(Where.field("status").equalTo("paid").and(Where.field("client").equalTo(client.id())))
                            .sort("-issueDate")
                            .select("number", "total", "status")
                            .build());
            check(paidInvoices.docs().size() == 1 && paidInvoices.docs().get(0).id().equals(sent.id()), "the filter finds it");
            System.out.printf("paid invoices of %s: %d%n", client.name(), paidInvoices.totalDocs());

            // Deliveries go out from the outbox; a testing server delivers on request.
            cm.testing().runJobs();
            Delivery d = received.poll(30, TimeUnit.SECONDS);
            check(d != null, "an invoice_paid delivery within 30 s");
            WebhookEvent event = Webhooks.verify(d.body(), d.headers(), secret, Webhooks.DEFAULT_TOLERANCE);
            check("invoice_paid".equals(event.event()), "the event is invoice_paid");
            check(sent.id().equals(event.data().path("documentId").asText()), "about our invoice");
            System.out.printf("webhook %s %s verified (amount %s)%n", event.event(), event.id(), event.data().path("amount"));

            cm.webhooks().delete(hook.id());
        } finally {
            listener.stop(0);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("failed: " + what);
        }
    }
}
