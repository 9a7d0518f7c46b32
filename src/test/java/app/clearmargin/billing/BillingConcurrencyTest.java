package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Money under concurrency on PostgreSQL: parallel payments never pay more than the total, parallel
 * creations get distinct gapless numbers, parallel generations bill each time entry once. Every
 * request of a round is released at the same moment.
 */
class BillingConcurrencyTest extends ApiTest {

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Concurrent Client");
    }

    @Test
    void twentyParallelPaymentsOfATenthEachPayExactlyTheTotal() {
        String invoice = f.sentInvoice(client, 100);
        List<Api.Response> answers = parallel(
                20,
                i -> api.post(
                        "/api/invoices/" + invoice + "/payments?depth=0", Map.of("method", "card", "amount", 10)));

        // the invoice row lock serializes them: ten pay 10.00 each, then it is paid and the rest are refused (409)
        assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 10, 409, 10));
        answers.stream().filter(r -> r.status() == 409).forEach(r -> Fixtures.assertStateConflict(r, "paid"));
        assertPaidExactly(invoice, "100", 10);
    }

    @Test
    void twentyParallelPaymentsOfTheAmountDueLeaveOneWinner() {
        String invoice = f.sentInvoice(client, 100);
        List<Api.Response> answers = parallel(
                20, i -> api.post("/api/invoices/" + invoice + "/payments?depth=0", Map.of("method", "bank_transfer")));
        assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 1, 409, 19));
        assertPaidExactly(invoice, "100", 1);
    }

    @Test
    void paymentsLargerThanWhatIsLeftAreValidationErrors() {
        String invoice = f.sentInvoice(client, 100);
        List<Api.Response> answers = parallel(
                20,
                i -> api.post(
                        "/api/invoices/" + invoice + "/payments?depth=0", Map.of("method", "card", "amount", 15)));
        // six fit (90.00); then 10.00 is due and 15.00 exceeds it: 400 on amount, the invoice stays partially paid
        assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 6, 400, 14));
        answers.stream().filter(r -> r.status() == 400).forEach(r -> Fixtures.assertInvalid(r, "amount"));
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("90");
        assertThat(dec(after.get("amountDue"))).isEqualByComparingTo("10");
        assertThat(sumOfSucceededPayments(invoice)).isEqualByComparingTo("90");
    }

    @Test
    void parallelRefundsNeverRefundMoreThanThePayment() {
        String invoice = f.sentInvoice(client, 100);
        String payment = f.pay(invoice, null).doc().get("id").asString();
        List<Api.Response> answers =
                parallel(10, i -> api.post("/api/payments/" + payment + "/refund?depth=0", Map.of("amount", 30)));
        assertThat(statusCounts(answers)).isEqualTo(Map.of(200, 3, 400, 7));
        assertThat(dec(f.get("payments", payment).get("refundedAmount"))).isEqualByComparingTo("90");
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("partially_paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo("10");
        BigDecimal ledger = f.list("transactions", "payment", payment).stream()
                .map(t -> dec(t.get("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(ledger).isEqualByComparingTo("10");
    }

    @Test
    void fiftyParallelInvoiceCreationsGetFiftyGaplessNumbers() {
        Fixtures own = new Fixtures(newOrganization("Numbering race").api());
        String c = own.client("Race Client");
        List<Api.Response> answers = parallel(
                50,
                i -> own.api()
                        .post(
                                "/api/invoices?depth=0",
                                Map.of("client", c, "lineItems", List.of(Fixtures.line("Item " + i, 1, i + 1)))));
        assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 50));
        List<String> numbers = answers.stream()
                .map(r -> r.doc().get("number").asString())
                .sorted()
                .toList();
        List<String> expected = IntStream.rangeClosed(1, 50)
                .mapToObj(n -> "INV-%04d".formatted(n))
                .toList();
        assertThat(numbers).isEqualTo(expected);
        assertThat(own.draftInvoice(c, 1).get("number").asString()).isEqualTo("INV-0051");
    }

    @Test
    void twoParallelGenerationsBillEachEntryOnce() {
        String member = f.member("Racer", 100, 50);
        for (int round = 1; round <= 5; round++) {
            String project = f.project(client, "Race " + round);
            String date = "2026-0" + round + "-15";
            List<String> entries = new ArrayList<>();
            for (int e = 0; e < 3; e++) {
                entries.add(f.time(project, member, date, 1 + e).get("id").asString());
            }
            String expense = f.expense(40, date, Map.of("project", project, "billable", true))
                    .get("id")
                    .asString();
            Map<String, Object> body = Map.of("projects", List.of(project), "from", date, "to", date);

            List<Api.Response> answers = parallel(2, i -> api.post("/api/invoices/generate?depth=0", body));
            assertThat(statusCounts(answers)).as("round " + round).isEqualTo(Map.of(201, 1, 409, 1));
            String winner = answers.stream()
                    .filter(r -> r.status() == 201)
                    .findFirst()
                    .orElseThrow()
                    .doc()
                    .get("id")
                    .asString();
            for (String entry : entries) {
                assertThat(f.get("time-entries", entry).get("invoice").asString())
                        .isEqualTo(winner);
            }
            assertThat(f.get("transactions", expense).get("invoice").asString()).isEqualTo(winner);
            assertThat(f.list("invoices", "projects", project)).hasSize(1);
            assertThat(dec(f.get("invoices", winner).get("subtotal"))).isEqualByComparingTo("640"); // 6 h × 100 + 40
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code n} requests released together; answers in request order. */
    private static List<Api.Response> parallel(int n, IntFunction<Api.Response> request) {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index);
                }));
            }
            ready.await();
            go.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Integer> statusCounts(List<Api.Response> answers) {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    private void assertPaidExactly(String invoice, String total, int payments) {
        JsonNode after = f.get("invoices", invoice);
        assertThat(after.get("status").asString()).isEqualTo("paid");
        assertThat(dec(after.get("amountPaid"))).isEqualByComparingTo(total);
        assertThat(dec(after.get("amountDue"))).isZero();
        assertThat(f.list("payments", "invoice", invoice)).hasSize(payments);
        assertThat(sumOfSucceededPayments(invoice)).isEqualByComparingTo(total);
        List<JsonNode> receipts = f.list("receipts", "invoice", invoice);
        assertThat(receipts).hasSize(payments);
        assertThat(receipts.stream().map(r -> r.get("number").asString()).distinct())
                .hasSize(payments);
        assertThat(f.eventTypes(invoice).stream().filter("invoice_paid"::equals))
                .hasSize(1);
    }

    private BigDecimal sumOfSucceededPayments(String invoice) {
        return f.list("payments", "invoice", invoice).stream()
                .filter(p -> p.get("status").asString().equals("succeeded"))
                .map(p -> dec(p.get("amount")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
