package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;
import static app.clearmargin.webhooks.WebhookChecks.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.collections.WriteContext;
import app.clearmargin.collections.WriteContexts;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.Ids;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.AppInstance;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.support.WebhookReceiver.Answer;
import app.clearmargin.support.WebhookReceiver.Gate;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The outbox under concurrency (API.md §5 Delivery, DESIGN.md "Events and webhooks"): however many
 * threads dispatch and send at once — beside the server's own delivery loop — each event gets one
 * delivery per subscribed endpoint and each attempt is sent once; a delivery leased by a node that
 * died is taken over when the lease expires; a slow endpoint holds at most its own share of senders.
 * Each test works in an organization of its own, so no other endpoint sees its events.
 */
class OutboxDispatchTest extends ApiTest {

    @Autowired
    Deliveries deliveries;

    @Autowired
    OutboxDispatcher dispatcher;

    @Autowired
    DeliveryLoop loop;

    @Autowired
    EndpointSenders senders;

    @Autowired
    Events events;

    @Autowired
    WriteContexts contexts;

    @Autowired
    Ids ids;

    @Autowired
    DSLContext db;

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    /** Publishes {@code n} events of an organization, each in its own transaction, as actions do. */
    private List<String> publish(UUID organizationId, int n) {
        List<String> published = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            published.add(new Tenant(organizationId)
                    .call(() -> tx.execute(s -> {
                        WriteContext ctx = contexts.system("outbox-test");
                        return events.publish(
                                ctx,
                                EventTypes.INVOICE_SENT,
                                Events.data(
                                        "invoice",
                                        ids.newId("inv"),
                                        "INV-0001",
                                        new BigDecimal("10.00"),
                                        "USD",
                                        null,
                                        null));
                    })));
        }
        return published;
    }

    /** Events published and dispatched while the organization has no webhook: no delivery yet. */
    private List<String> publishedBeforeAnySubscriber(UUID organizationId, int n) {
        List<String> eventIds = publish(organizationId, n);
        deliveries.runDue();
        return eventIds;
    }

    private String webhook(TestOrg org, String path) {
        return org.api()
                .post("/api/webhooks?depth=0", Map.of("url", receiver.url(path), "events", List.of("*")))
                .doc()
                .get("id")
                .asString();
    }

    @Test
    void concurrentDispatchersAndSendersDeliverEachEventOncePerEndpoint() throws Exception {
        TestOrg org = newOrganization("Outbox");
        List<String> paths = List.of("busy-a", "busy-b", "busy-c");
        paths.forEach(p -> webhook(org, p));
        int publishers = 4;
        int perPublisher = 30;
        ExecutorService pool = Executors.newFixedThreadPool(publishers + 6);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<Future<?>> work = new ArrayList<>();
        List<Future<List<String>>> published = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            published.add(pool.submit(() -> {
                start.await();
                return publish(org.organization().id(), perPublisher);
            }));
        }
        for (int w = 0; w < 6; w++) {
            boolean dispatching = w % 2 == 0;
            work.add(pool.submit(() -> {
                start.await();
                while (publishing.get()) { // unsynchronised, as separate nodes would be
                    if (dispatching) {
                        dispatcher.dispatch();
                    } else {
                        loop.claimAndSend();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        List<String> eventIds = new ArrayList<>();
        for (Future<List<String>> f : published) {
            eventIds.addAll(f.get(60, TimeUnit.SECONDS));
        }
        publishing.set(false);
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        deliveries.runDue();

        int total = publishers * perPublisher;
        for (String path : paths) {
            List<WebhookReceiver.Received> got = receiver.await(path, r -> r.size() >= total, Duration.ofSeconds(30));
            assertThat(got)
                    .extracting(r -> r.header("X-Webhook-Id"))
                    .as("ids received on %s", path)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(eventIds);
        }
        UUID orgId = org.organization().id();
        assertThat(db.select(D_EVENT, D_WEBHOOK)
                        .from(DELIVERIES)
                        .where(D_ORG.eq(orgId))
                        .groupBy(D_EVENT, D_WEBHOOK)
                        .having(DSL.count().gt(1))
                        .fetch())
                .as("(event, webhook) pairs with more than one delivery")
                .isEmpty();
        assertThat(db.fetchCount(DELIVERIES, D_ORG.eq(orgId))).isEqualTo(total * paths.size());
        assertThat(db.fetchCount(EVENTS, E_ORG.eq(orgId).and(E_DISPATCHED.isFalse())))
                .isZero();
        assertThat(db.select(D_STATUS, D_ATTEMPTS)
                        .from(DELIVERIES)
                        .where(D_ORG.eq(orgId))
                        .fetch())
                .allSatisfy(r -> {
                    assertThat(r.get(D_STATUS)).isEqualTo("succeeded");
                    assertThat(r.get(D_ATTEMPTS)).isEqualTo(1);
                });
        deliveries.runDue(); // a further round, as the node's own loop keeps making, written before it returns
        paths.forEach(path ->
                assertThat(receiver.received(path)).as("sent again on %s", path).hasSize(total));
    }

    @Test
    void aNodeKeepsNoQueueForAnEndpointOnceItsDeliveriesAreRecorded() {
        TestOrg org = newOrganization("Queues");
        List<UUID> webhookIds = Stream.of("queue-a", "queue-b", "queue-c")
                .map(path -> Ids.parse("whk", webhook(org, path)).orElseThrow())
                .toList();
        publish(org.organization().id(), 5);
        deliveries.runDue();
        webhookIds.forEach(id ->
                assertThat(succeededDeliveriesTo(id)).as("deliveries to %s", id).isEqualTo(5));

        loop.claimAndSend(); // the next round finds nothing of theirs held

        assertThat(senders.queuedEndpoints()).doesNotContainAnyElementsOf(webhookIds);
    }

    private int succeededDeliveriesTo(UUID webhookId) {
        return db.fetchCount(DELIVERIES, D_WEBHOOK.eq(webhookId).and(D_STATUS.eq("succeeded")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "retrying"})
    void aDeliveryLeasedByADeadNodeIsTakenOverWhenTheLeaseExpires(String status) throws Exception {
        TestOrg org = newOrganization("Lease");
        UUID orgId = org.organization().id();
        String eventId = publishedBeforeAnySubscriber(orgId, 1).getFirst();
        String path = "lease-" + status;
        UUID webhookId = Ids.parse("whk", webhook(org, path)).orElseThrow();
        UUID deliveryId = leftBehindByADeadNode(
                orgId, webhookId, Ids.parse("evt", eventId).orElseThrow(), status);

        deliveries.runDue(); // a round of dispatch and claim, written before it returns
        assertThat(receiver.received(path)).as("the lease still holds").isEmpty();
        Record held = db.select(D_ATTEMPTS, D_LOCKED_BY)
                .from(DELIVERIES)
                .where(D_ORG.eq(orgId), D_ID.eq(deliveryId))
                .fetchOne();
        assertThat(held.get(D_LOCKED_BY)).isEqualTo("node-that-died");
        assertThat(held.get(D_ATTEMPTS)).as("attempts recorded").isEqualTo(status.equals("pending") ? 0 : 1);

        db.update(DELIVERIES)
                .set(D_LOCKED_UNTIL, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                .where(D_ORG.eq(orgId), D_ID.eq(deliveryId))
                .execute();
        deliveries.runDue();

        assertThat(receiver.await(path, r -> !r.isEmpty(), Duration.ofSeconds(10)))
                .hasSize(1);
        assertThat(receiver.received(path).getFirst().header("X-Webhook-Id")).isEqualTo(eventId);
        Record row = db.select(D_STATUS, D_ATTEMPTS, D_LOCKED_BY, D_LOCKED_UNTIL)
                .from(DELIVERIES)
                .where(D_ORG.eq(orgId), D_ID.eq(deliveryId))
                .fetchOne();
        assertThat(row.get(D_STATUS)).isEqualTo("succeeded");
        assertThat(row.get(D_ATTEMPTS)).isEqualTo(status.equals("pending") ? 1 : 2);
        assertThat(row.get(D_LOCKED_BY)).isNull();
        assertThat(row.get(D_LOCKED_UNTIL)).isNull();
        deliveries.runDue();
        assertThat(receiver.received(path)).hasSize(1);
    }

    @Test
    void deletingAWebhookFailsItsDeliveriesStillWaitingForAnAttempt() {
        TestOrg org = newOrganization("Deleted");
        UUID orgId = org.organization().id();
        String eventId = publishedBeforeAnySubscriber(orgId, 1).getFirst();
        String hook = webhook(org, "deleted");
        UUID deliveryId = leftBehindByADeadNode(
                orgId,
                Ids.parse("whk", hook).orElseThrow(),
                Ids.parse("evt", eventId).orElseThrow(),
                "retrying");

        assertThat(org.api().delete("/api/webhooks/" + hook).status()).isEqualTo(200);

        Record row = db.select(D_STATUS, D_ERROR, D_NEXT_ATTEMPT)
                .from(DELIVERIES)
                .where(D_ORG.eq(orgId), D_ID.eq(deliveryId))
                .fetchOne();
        assertThat(row.get(D_STATUS)).isEqualTo("failed");
        assertThat(row.get(D_ERROR)).isEqualTo("webhook deleted");
        assertThat(row.get(D_NEXT_ATTEMPT)).isNull();
    }

    /**
     * A node shut down normally gives back the leases of the deliveries waiting in its endpoint
     * queues: another node sends them at once, not after the 60-second lease (as after a crash).
     */
    @Test
    void aNodeStoppedNormallyGivesBackTheLeasesOfDeliveriesItHasNotSent() throws Exception {
        TestOrg org = newOrganization("Handover");
        UUID orgId = org.organization().id();
        int n = 32;
        List<String> eventIds = publishedBeforeAnySubscriber(orgId, n);
        UUID webhookId;
        try (Gate answers = new Gate()) {
            // every answer is held until the other node is stopping: it stops with attempts under way and more waiting
            receiver.plan("handover", Answer.heldUntil(answers, n));
            webhookId = Ids.parse("whk", webhook(org, "handover")).orElseThrow();
            leftBehindByADeadNode(orgId, webhookId, eventIds);
            try (AppInstance other = AppInstance.start(Map.of())) {
                String otherNode = other.bean(DeliveryClaimer.class).node();
                db.update(DELIVERIES)
                        .set(D_LOCKED_UNTIL, (OffsetDateTime) null)
                        .set(D_LOCKED_BY, (String) null)
                        .where(D_ORG.eq(orgId), D_WEBHOOK.eq(webhookId))
                        .execute();
                other.bean(DeliveryLoop.class)
                        .claimAndSend(); // this node's loop claims at most as many: the other one gets its full share
                assertThat(leasedBy(otherNode, webhookId))
                        .as("leased by the other node")
                        .isEqualTo(EndpointSenders.HELD_PER_ENDPOINT);
                // both nodes have their attempts under way at the receiver, the rest of their share waits in their
                // queues
                receiver.await("handover", r -> r.size() == 2 * EndpointSenders.PER_ENDPOINT, Duration.ofSeconds(10));

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(other::close);
                // given back while its attempts under way are still held (they would time out after 10 s and free their
                // leases)
                eventually(Duration.ofSeconds(8), () -> {
                    assertThat(receiver.received("handover"))
                            .as("requests, none answered yet")
                            .hasSize(2 * EndpointSenders.PER_ENDPOINT);
                    assertThat(leasedBy(otherNode, webhookId))
                            .as("leased by the stopping node: only its attempts under way")
                            .isEqualTo(EndpointSenders.PER_ENDPOINT);
                });
                answers.open();
                stopping.get(30, TimeUnit.SECONDS);
                assertThat(leasedBy(otherNode, webhookId))
                        .as("still leased by the stopped node")
                        .isZero();
            }
        }
        List<WebhookReceiver.Received> got = receiver.await("handover", r -> r.size() >= n, Duration.ofSeconds(60));
        assertThat(got)
                .extracting(r -> r.header("X-Webhook-Id"))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(eventIds);
    }

    /**
     * Leases are kept in the database's time, not the test clock: moving the clock days ahead while
     * deliveries wait in an endpoint queue or are being sent must not make them look abandoned (they
     * would be claimed and sent a second time).
     */
    @Test
    void movingTheTestClockAheadDoesNotExpireLeasesOfDeliveriesUnderWay() throws Exception {
        TestOrg org = newOrganization("ClockJump");
        List<String> eventIds;
        try (Gate answers = new Gate()) {
            receiver.plan("clock-jump", Answer.heldUntil(answers, 24));
            webhook(org, "clock-jump");
            eventIds = publish(org.organization().id(), 24); // the loop leases 16: 8 under way (held), 8 queued
            receiver.await("clock-jump", r -> r.size() == EndpointSenders.PER_ENDPOINT, Duration.ofSeconds(10));
            try {
                clock.set(clock.instant().plus(Duration.ofDays(2)));
                answers.open(); // places free up: the loop claims again, with every lease "two days old" by the test
                // clock
                deliveries.runDue(); // and a claim round of its own
            } finally {
                clock.set(null);
            }
        }
        receiver.await("clock-jump", r -> r.size() >= 24, Duration.ofSeconds(30));
        deliveries.runDue(); // returns once every attempt claimed meanwhile is written: a duplicate has arrived by then
        assertThat(receiver.received("clock-jump"))
                .extracting(r -> r.header("X-Webhook-Id"))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(eventIds);
    }

    private int leasedBy(String node, UUID webhookId) {
        return db.fetchCount(DELIVERIES, D_WEBHOOK.eq(webhookId).and(D_LOCKED_BY.eq(node)));
    }

    /** A pending delivery per event to the webhook, each left leased by a node that died. */
    private void leftBehindByADeadNode(UUID orgId, UUID webhookId, List<String> eventIds) {
        eventIds.forEach(eventId -> leftBehindByADeadNode(
                orgId, webhookId, Ids.parse("evt", eventId).orElseThrow(), "pending"));
    }

    /** The row a node leaves when it dies after claiming a due delivery: leased to it for another minute. */
    private UUID leftBehindByADeadNode(UUID orgId, UUID webhookId, UUID eventId, String status) {
        Record event = db.select(E_TYPE, E_DATA, E_CREATED)
                .from(EVENTS)
                .where(E_ORG.eq(orgId), E_ID.eq(eventId))
                .fetchOne();
        String body = OutboxDispatcher.envelope(
                Ids.format("evt", eventId),
                event.get(E_TYPE),
                event.get(E_CREATED).toInstant(),
                event.get(E_DATA));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID id = ids.newUuid();
        db.insertInto(DELIVERIES)
                .set(D_ORG, orgId)
                .set(D_ID, id)
                .set(D_WEBHOOK, webhookId)
                .set(D_EVENT, eventId)
                .set(D_EVENT_TYPE, event.get(E_TYPE))
                .set(D_STATUS, status)
                .set(D_ATTEMPTS, status.equals("pending") ? 0 : 1)
                .set(D_NEXT_ATTEMPT, now.minusSeconds(1))
                .set(D_BODY, body)
                .set(DSL.field(DSL.name("window_started_at"), OffsetDateTime.class), now)
                .set(D_LOCKED_UNTIL, now.plusSeconds(60))
                .set(D_LOCKED_BY, "node-that-died")
                .set(D_CREATED, now)
                .set(D_UPDATED, now)
                .execute();
        return id;
    }

    @Test
    void aSlowEndpointGetsAtMostItsShareOfSendersAndDoesNotDelayTheOthers() throws Exception {
        TestOrg org = newOrganization("Slow");
        int n = 24;
        ExecutorService helpers = Executors.newFixedThreadPool(3);
        try (Gate slowAnswers = new Gate()) {
            receiver.plan("slow", Answer.heldUntil(slowAnswers, n)); // it answers nothing until the test lets it
            webhook(org, "slow");
            webhook(org, "fast");
            publish(org.organization().id(), n);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // extra senders on this node beside its loop, as run-jobs would be
                runs.add(helpers.submit(() -> deliveries.runDue()));
            }

            receiver.await("fast", r -> r.size() >= n, Duration.ofSeconds(10));
            assertThat(receiver.received("slow"))
                    .as("requests to the slow endpoint while the fast one got everything")
                    .hasSizeBetween(1, EndpointSenders.PER_ENDPOINT);
            slowAnswers.open();
            receiver.await("slow", r -> r.size() >= n, Duration.ofSeconds(30));
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            helpers.shutdown();
        }
        assertThat(receiver.maxConcurrent("slow"))
                .as("requests in flight at once to the slow endpoint")
                .isBetween(2, EndpointSenders.PER_ENDPOINT);
    }

    /**
     * Several senders of one node (its loop, run-jobs, …) claiming at the same moment still respect
     * the cap. Each round leaves 16 due deliveries to one endpoint and lets 8 threads claim at once.
     */
    @Test
    void concurrentSendersOnOneNodeNeverExceedThePerEndpointCap() throws Exception {
        TestOrg org = newOrganization("Cap");
        UUID orgId = org.organization().id();
        int n = 16;
        List<String> eventIds = publishedBeforeAnySubscriber(orgId, n);
        ExecutorService claimers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 6; round++) {
                String path = "cap-" + round;
                try (Gate answers = new Gate()) {
                    receiver.plan(
                            path, Answer.heldUntil(answers, n)); // each attempt stays in flight until the gate opens
                    UUID webhookId = Ids.parse("whk", webhook(org, path)).orElseThrow();
                    leftBehindByADeadNode(orgId, webhookId, eventIds);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> claims = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        claims.add(claimers.submit(() -> {
                            go.await();
                            loop.claimAndSend();
                            return null;
                        }));
                    }
                    db.update(DELIVERIES)
                            .set(
                                    D_LOCKED_UNTIL,
                                    OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                            .where(D_ORG.eq(orgId), D_WEBHOOK.eq(webhookId))
                            .execute();
                    go.countDown();
                    for (Future<?> f : claims) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    // every delivery this node leased has reached the receiver or waits in the endpoint's queue
                    eventually(
                            Duration.ofSeconds(10),
                            () -> assertThat(receiver.received(path).size() + senders.waiting(webhookId))
                                    .as("at the receiver or waiting, on %s", path)
                                    .isEqualTo(n));
                    // the most held at once, not the count at this instant: on a loaded machine a held
                    // attempt may already have timed out by the time the check runs
                    assertThat(receiver.maxConcurrent(path))
                            .as("in flight at once to one endpoint, round %d", round)
                            .isEqualTo(EndpointSenders.PER_ENDPOINT);
                    answers.open();
                    receiver.await(path, r -> r.size() >= n, Duration.ofSeconds(30));
                    assertThat(receiver.maxConcurrent(path))
                            .as("the most in flight at once, round %d", round)
                            .isLessThanOrEqualTo(EndpointSenders.PER_ENDPOINT);
                    org.api().patch("/api/webhooks/" + Ids.format("whk", webhookId), Map.of("enabled", false));
                }
            }
        } finally {
            claimers.shutdown();
        }
    }

    /**
     * run-jobs (API.md §7) returns only when the attempts are done — also for events the server's own
     * loop is dispatching at that very moment, right after their commit woke it up.
     */
    @Test
    void runDueReturnsOnlyWhenEveryCommittedEventHasBeenAttempted() {
        TestOrg org = newOrganization("RunDue");
        webhook(org, "run-due");
        for (int i = 1; i <= 30; i++) {
            String eventId = publish(org.organization().id(), 1).getFirst();
            deliveries.runDue();
            assertThat(receiver.received("run-due"))
                    .as("received when runDue returned, round %d", i)
                    .extracting(r -> r.header("X-Webhook-Id"))
                    .contains(eventId);
        }
    }
}
