package app.clearmargin.scheduling;

import static app.clearmargin.support.BillingScenario.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.events.EventTypes;
import app.clearmargin.shared.TestableClock;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.AppInstance;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.webhooks.Deliveries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Time-based events exactly once per document, event and occurrence (API.md §4 Time) with several
 * nodes on one database: two extra nodes run db-scheduler as in production, and on top of that all
 * three nodes run the sweeps from several threads at the same moment, again and again.
 */
class ClusterTimeEventsTest extends ApiTest {

    static final int INVOICES = 4;
    static final int PROPOSALS = 4;

    @Autowired
    TimeSweeps sweeps;

    @Autowired
    DSLContext db;

    @Autowired
    Deliveries deliveries;

    AppInstance nodeA;
    AppInstance nodeB;
    WebhookReceiver receiver;
    LocalDate today;
    final List<String> invoices = new ArrayList<>();
    final List<String> proposals = new ArrayList<>();
    String scheduleId;
    String webhookId;

    @BeforeAll
    void startNodesAndDocuments() {
        Map<String, String> scheduler = Map.of("db-scheduler.enabled", "true", "db-scheduler.polling-interval", "1s");
        nodeA = AppInstance.start(scheduler);
        nodeB = AppInstance.start(scheduler);
        receiver = WebhookReceiver.start();
        webhookId = createId("webhooks", Map.of("url", receiver.url("cluster"), "events", List.of("*")));

        today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        BillingScenario billing = new BillingScenario(api);
        BillingScenario.Party party = billing.clientWithContact();
        Map<String, Object> dates = Map.of(
                "issueDate", today.toString(), "dueDate", today.plusDays(10).toString());
        for (int i = 0; i < INVOICES; i++) {
            String id = billing.draftInvoice(party.clientId(), List.of(line("Retainer " + i, 1, 500)), dates)
                    .get("id")
                    .asString();
            billing.send("invoices", id);
            invoices.add(id);
        }
        for (int i = 0; i < PROPOSALS; i++) {
            String id = billing.draftProposal(
                            party.clientId(),
                            List.of(line("Concept " + i, 1, 900)),
                            Map.of(
                                    "issueDate",
                                    today.toString(),
                                    "expiresAt",
                                    today.plusDays(10).toString()))
                    .get("id")
                    .asString();
            billing.send("proposals", id);
            proposals.add(id);
        }
        Map<String, Object> terms = Map.of(
                "installments",
                List.of(
                        Map.of("label", "Deposit", "type", "percent", "value", 50, "dueOn", "acceptance"),
                        Map.of(
                                "label",
                                "Balance",
                                "type",
                                "remainder",
                                "dueOn",
                                "date",
                                "date",
                                today.plusDays(11).toString())));
        String accepted = billing.draftProposal(
                        party.clientId(),
                        List.of(line("Event production", 1, 4000)),
                        Map.of("issueDate", today.toString(), "paymentTerms", terms))
                .get("id")
                .asString();
        billing.send("proposals", accepted);
        billing.action("/api/proposals/" + accepted + "/accept", Map.of(), 200);
        scheduleId = api.get("/api/payment-schedules" + Api.q("where[proposal][equals]", accepted))
                .json()
                .get("docs")
                .get(0)
                .get("id")
                .asString();
    }

    @AfterAll
    void stopNodes() {
        clock.set(null);
        receiver.close();
        nodeA.close();
        nodeB.close();
    }

    /** Sets the same clock on all three nodes, then runs every node's sweeps from three threads each, four times. */
    private void sweepEverywhereAt(LocalDate day) throws Exception {
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        List<TimeSweeps> nodes = List.of(sweeps, nodeA.bean(TimeSweeps.class), nodeB.bean(TimeSweeps.class));
        for (TestableClock c : List.of(clock, nodeA.bean(TestableClock.class), nodeB.bean(TestableClock.class))) {
            c.set(noon);
        }
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 9; t++) {
                TimeSweeps node = nodes.get(t % 3);
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 4; round++) {
                        node.runAll();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
    }

    private int events(String documentId, String type) {
        return api.get("/api/events/count"
                        + Api.q("where[documentId][equals]", documentId, "where[type][equals]", type))
                .json()
                .get("totalDocs")
                .asInt();
    }

    @Test
    void everyTimeEventHappensOnceWhateverTheNumberOfNodesAndRuns() throws Exception {
        sweepEverywhereAt(today.plusDays(8));
        for (String invoice : invoices) {
            assertThat(events(invoice, EventTypes.INVOICE_DUE_SOON))
                    .as("due soon of %s", invoice)
                    .isEqualTo(1);
        }
        for (String proposal : proposals) {
            assertThat(events(proposal, EventTypes.PROPOSAL_EXPIRING))
                    .as("expiring of %s", proposal)
                    .isEqualTo(1);
        }

        sweepEverywhereAt(today.plusDays(12));
        for (String invoice : invoices) {
            assertThat(events(invoice, EventTypes.INVOICE_OVERDUE))
                    .as("overdue of %s", invoice)
                    .isEqualTo(1);
            assertThat(events(invoice, EventTypes.INVOICE_DUE_SOON)).isEqualTo(1);
            assertThat(api.get("/api/invoices/" + invoice).json().get("status").asString())
                    .isEqualTo("overdue");
        }
        for (String proposal : proposals) {
            assertThat(events(proposal, EventTypes.PROPOSAL_EXPIRED))
                    .as("expired of %s", proposal)
                    .isEqualTo(1);
            assertThat(events(proposal, EventTypes.PROPOSAL_EXPIRING)).isEqualTo(1);
            assertThat(api.get("/api/proposals/" + proposal)
                            .json()
                            .get("status")
                            .asString())
                    .isEqualTo("expired");
        }
        assertThat(events(scheduleId, EventTypes.SCHEDULE_INSTALLMENT_DUE)).isEqualTo(1);
        JsonNode balance = api.get("/api/payment-schedules/" + scheduleId + "?depth=0")
                .json()
                .get("installments")
                .get(1);
        assertThat(balance.get("status").asString()).isEqualTo("invoiced");
        assertThat(api.get("/api/invoices/count"
                                + Api.q("where[paymentSchedule][equals]", scheduleId, "where[installment][equals]", 2))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .as("draft invoices of the balance")
                .isEqualTo(1);

        // and each of those events reached the endpoint once, though three nodes deliver
        int expected = INVOICES * 2 + PROPOSALS * 2 + 1;
        receiver.await("cluster", got -> timeEvents(got).size() >= expected, Duration.ofSeconds(30));
        // once every delivery is recorded as succeeded no node can claim one again; a round on every node, each
        // returning once every attempt it holds is written, then leaves no second send on its way
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (api.get("/api/webhook-deliveries/count"
                                + Api.q("where[webhook][equals]", webhookId, "where[status][not_equals]", "succeeded"))
                        .json()
                        .get("totalDocs")
                        .asInt()
                > 0) {
            assertThat(System.nanoTime())
                    .as("every delivery recorded as succeeded within 30 s")
                    .isLessThan(deadline);
            Thread.sleep(20); // polling the record, not waiting for time to pass
        }
        for (Deliveries node : List.of(deliveries, nodeA.bean(Deliveries.class), nodeB.bean(Deliveries.class))) {
            node.runDue();
        }
        Map<String, Integer> perId = new LinkedHashMap<>();
        timeEvents(receiver.received("cluster")).forEach(r -> perId.merge(r.header("X-Webhook-Id"), 1, Integer::sum));
        assertThat(perId)
                .hasSize(expected)
                .allSatisfy((id, n) -> assertThat(n).as("deliveries of %s", id).isEqualTo(1));
    }

    @Test
    void theNodesShareOneScheduleOfTheSweepAndRunIt() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        var lastSuccess = DSL.field("last_success", OffsetDateTime.class);
        while (db.fetchCount(
                                DSL.table("scheduled_tasks"),
                                DSL.field("task_name").eq("time-sweeps").and(lastSuccess.isNotNull()))
                        == 0
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(db.select(lastSuccess)
                        .from("scheduled_tasks")
                        .where(DSL.field("task_name").eq("time-sweeps"))
                        .fetch())
                .as("one schedule for the cluster, executed by one of the nodes")
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.get(lastSuccess)).isNotNull());
    }

    private static List<WebhookReceiver.Received> timeEvents(List<WebhookReceiver.Received> got) {
        List<String> time = List.of(
                EventTypes.INVOICE_DUE_SOON,
                EventTypes.INVOICE_OVERDUE,
                EventTypes.PROPOSAL_EXPIRING,
                EventTypes.PROPOSAL_EXPIRED,
                EventTypes.SCHEDULE_INSTALLMENT_DUE);
        return got.stream().filter(r -> time.contains(r.event())).toList();
    }
}
