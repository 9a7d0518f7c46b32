package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Attempts are written in batches; a batch must leave each delivery and each endpoint exactly as
 * the same attempts written one by one, in the order they finished, would have.
 */
class AttemptLogTest extends ApiTest {

    private static final Outcome OK = new Outcome(true, 200, "ok", null, 3);
    private static final Outcome FAILED = new Outcome(false, 500, "no", "HTTP 500", 3);

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Ids ids;

    @Autowired
    WebhookMetrics metrics;

    AttemptLog log;
    UUID webhookId;
    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void newEndpoint() {
        log = new AttemptLog(db, tx, metrics);
        // disabled, so the server's own loop leaves these deliveries to the test
        String id = api.post(
                        "/api/webhooks?depth=0",
                        Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("*"), "enabled", false))
                .doc()
                .get("id")
                .asString();
        webhookId = Ids.parse("whk", id).orElseThrow();
    }

    @Test
    void failuresAfterTheLastSuccessOfABatchCountFromZero() {
        log.write(List.of(attempt(FAILED, 0), attempt(FAILED, 1), attempt(OK, 2), attempt(FAILED, 3)));

        Record hook = hook();
        assertThat(hook.get(W_FAILURES)).isEqualTo(1);
        assertThat(hook.get(W_LAST_SUCCESS)).isEqualTo(at(2));
        assertThat(hook.get(W_LAST_FAILURE)).isEqualTo(at(3));
        assertThat(hook.get(W_FAILING_SINCE)).isEqualTo(at(3));
    }

    @Test
    void aBatchEndingInSuccessClearsTheFailureState() {
        log.write(List.of(attempt(FAILED, 0)));
        log.write(List.of(attempt(FAILED, 1), attempt(OK, 2)));

        Record hook = hook();
        assertThat(hook.get(W_FAILURES)).isZero();
        assertThat(hook.get(W_FAILING_SINCE)).isNull();
        assertThat(hook.get(W_LAST_SUCCESS)).isEqualTo(at(2));
        assertThat(hook.get(W_LAST_FAILURE)).isEqualTo(at(1));
    }

    @Test
    void failuresOnlyBatchesAddUpAndKeepWhenFailingStarted() {
        log.write(List.of(attempt(FAILED, 0), attempt(FAILED, 1)));
        log.write(List.of(attempt(FAILED, 2), attempt(FAILED, 3), attempt(FAILED, 4)));

        Record hook = hook();
        assertThat(hook.get(W_FAILURES)).isEqualTo(5);
        assertThat(hook.get(W_FAILING_SINCE)).isEqualTo(at(0));
        assertThat(hook.get(W_LAST_FAILURE)).isEqualTo(at(4));
        assertThat(hook.get(W_LAST_SUCCESS)).isNull();
    }

    @Test
    void eachDeliveryOfABatchGetsItsOwnOutcomeAndLosesItsLease() {
        List<AttemptLog.Attempt> batch = List.of(attempt(OK, 0), attempt(FAILED, 1));
        log.write(batch);

        Record succeeded = delivery(batch.get(0).delivery().id());
        assertThat(succeeded.get(D_STATUS)).isEqualTo("succeeded");
        assertThat(succeeded.get(D_ATTEMPTS)).isEqualTo(1);
        assertThat(succeeded.get(D_NEXT_ATTEMPT)).isNull();
        assertThat(succeeded.get(D_LOCKED_UNTIL)).isNull();
        assertThat(succeeded.get(D_RESPONSE_STATUS)).isEqualTo(200);
        Record retrying = delivery(batch.get(1).delivery().id());
        assertThat(retrying.get(D_STATUS)).isEqualTo("retrying");
        assertThat(retrying.get(D_ERROR)).isEqualTo("HTTP 500");
        assertThat(retrying.get(D_NEXT_ATTEMPT)).isAfter(at(1).plusSeconds(50));
        assertThat(retrying.get(D_LOCKED_UNTIL)).isNull();
    }

    @Test
    void theLastAttemptOfThreeFailingDaysDisablesTheEndpoint() {
        db.update(HOOKS).set(W_ENABLED, true).where(W_ID.eq(webhookId)).execute();
        Instant windowStart = t0.minus(Duration.ofDays(3)).minusSeconds(60);
        log.write(List.of(attempt(FAILED, windowStart, t0.minus(Duration.ofDays(3)))));
        log.write(List.of(attempt(FAILED, windowStart, t0.plusSeconds(1))));

        Record hook = hook();
        assertThat(hook.get(W_ENABLED)).isFalse();
        assertThat(hook.get(W_DISABLED_REASON)).isEqualTo("failing");
    }

    private AttemptLog.Attempt attempt(Outcome outcome, int second) {
        return attempt(outcome, t0, t0.plusSeconds(second));
    }

    /** A leased delivery of the test endpoint, attempted once at {@code at}. */
    private AttemptLog.Attempt attempt(Outcome outcome, Instant windowStart, Instant at) {
        UUID org = organization.id();
        UUID id = ids.newUuid();
        UUID event = ids.newUuid();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        db.insertInto(DELIVERIES)
                .set(D_ORG, org)
                .set(D_ID, id)
                .set(D_WEBHOOK, webhookId)
                .set(D_EVENT, event)
                .set(D_EVENT_TYPE, "invoice_sent")
                .set(D_STATUS, "pending")
                .set(D_ATTEMPTS, 0)
                .set(D_NEXT_ATTEMPT, now)
                .set(D_BODY, "{}")
                .set(
                        DSL.field(DSL.name("window_started_at"), OffsetDateTime.class),
                        windowStart.atOffset(ZoneOffset.UTC))
                .set(D_LOCKED_UNTIL, now.plusMinutes(1))
                .set(D_LOCKED_BY, "this-node")
                .set(D_CREATED, now)
                .set(D_UPDATED, now)
                .execute();
        LeasedDelivery claimed = new LeasedDelivery(
                org, id, webhookId, event, "invoice_sent", 0, "{}", windowStart, "http://127.0.0.1:9/hook", null);
        return AttemptLog.Attempt.of(claimed, outcome, at, () -> {});
    }

    private OffsetDateTime at(int second) {
        return t0.plusSeconds(second).atOffset(ZoneOffset.UTC);
    }

    private Record hook() {
        return db.select(W_FAILURES, W_LAST_SUCCESS, W_LAST_FAILURE, W_FAILING_SINCE, W_ENABLED, W_DISABLED_REASON)
                .from(HOOKS)
                .where(W_ORG.eq(organization.id()), W_ID.eq(webhookId))
                .fetchOne();
    }

    private Record delivery(UUID id) {
        return db.select(D_STATUS, D_ATTEMPTS, D_NEXT_ATTEMPT, D_LOCKED_UNTIL, D_RESPONSE_STATUS, D_ERROR)
                .from(DELIVERIES)
                .where(D_ORG.eq(organization.id()), D_ID.eq(id))
                .fetchOne();
    }
}
