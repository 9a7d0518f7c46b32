package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This node's leases of deliveries, in the database: takes due deliveries nobody holds (exactly one
 * node wins each; a dead node's leases expire), writes a webhook's ping leased to this node, and
 * gives back the leases of deliveries this node will not send after all.
 */
@Component
class DeliveryClaimer {

    private static final Logger log = LoggerFactory.getLogger(DeliveryClaimer.class);
    /**
     * How long a node's lease of a delivery lasts. Leases are kept in the database's own time
     * ({@link #LEASE_UNTIL}, {@link #LEASE_EXPIRED}), not the injected clock: they measure whether a node
     * is still alive, so they must neither expire when the test clock jumps ahead (a delivery queued or
     * in flight would be claimed and sent again) nor depend on the nodes' clocks agreeing.
     */
    static final Duration LEASE = Duration.ofSeconds(60);

    static final String LEASE_UNTIL = "clock_timestamp() + interval '" + LEASE.toSeconds() + " seconds'";
    private static final String LEASE_EXPIRED = "locked_until < clock_timestamp()";

    private final DSLContext db;
    private final Clock clock;
    private final Ids ids;
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);

    DeliveryClaimer(DSLContext db, Clock clock, Ids ids) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
    }

    /** The name this node writes into the leases it takes. */
    String node() {
        return node;
    }

    /** An endpoint this node already holds deliveries of, and how many more it may lease. */
    record Busy(UUID webhookId, int free) {}

    /**
     * Takes the leases of up to {@code room} due deliveries nobody holds: per enabled endpoint with
     * undelivered work, its oldest due ones up to its free places (index probes, however deep its
     * backlog and however many idle webhooks there are); an endpoint not in {@code busy} has
     * {@link EndpointSenders#HELD_PER_ENDPOINT} free places.
     * {@code SKIP LOCKED} and the re-checked lease condition make exactly one node win each.
     */
    List<LeasedDelivery> claim(OffsetDateTime now, int room, List<Busy> busy) {
        return db.resultQuery(
                        CLAIM_SQL,
                        DSL.val(node),
                        uuids(busy, Busy::webhookId),
                        integers(busy, Busy::free),
                        DSL.val(now),
                        DSL.val(EndpointSenders.HELD_PER_ENDPOINT),
                        DSL.val(room))
                .fetch(r -> new LeasedDelivery(
                        r.get("organization_id", UUID.class),
                        r.get("id", UUID.class),
                        r.get("webhook_id", UUID.class),
                        r.get("event_id", UUID.class),
                        r.get("event_type", String.class),
                        r.get("attempts", Integer.class),
                        r.get("body", String.class),
                        r.get("window_started_at", OffsetDateTime.class).toInstant(),
                        r.get("url", String.class),
                        r.get("secret", String.class)));
    }

    // Only endpoints with undelivered work are probed: `waiting` walks the partial index of due
    // deliveries one (organization, webhook) pair at a time (a loose index scan), so a round costs
    // O(endpoints with a backlog), not O(enabled webhooks) (~0.3 ms instead of ~20 ms with 10,000 idle
    // webhooks). The webhook lookup is a LATERAL with LIMIT 1 so it stays a key lookup per pair.
    // The choice is materialized: run as the inner side of a join it would be rescanned, and each
    // rescan would skip the rows this statement just leased and take the next ones past the limit.
    // The rows it returns are locked and their conditions re-checked by FOR UPDATE, so the UPDATE
    // joins on the key alone: repeating the status condition there let a cached generic plan pick
    // the partial index of due deliveries and scan the organization's whole backlog for each row.
    private static final String CLAIM_SQL = """
            WITH RECURSIVE waiting AS (
                (SELECT x.organization_id, x.webhook_id
                   FROM webhook_deliveries x
                  WHERE x.status IN ('pending', 'retrying')
                  ORDER BY x.organization_id, x.webhook_id
                  LIMIT 1)
                UNION ALL
                SELECT next.organization_id, next.webhook_id
                  FROM waiting p
                 CROSS JOIN LATERAL (
                       SELECT x.organization_id, x.webhook_id
                         FROM webhook_deliveries x
                        WHERE x.status IN ('pending', 'retrying')
                          AND (x.organization_id, x.webhook_id) > (p.organization_id, p.webhook_id)
                        ORDER BY x.organization_id, x.webhook_id
                        LIMIT 1) next),
            c AS MATERIALIZED (
                SELECT due.organization_id, due.id, w.url, w.secret
                  FROM waiting p
                 CROSS JOIN LATERAL (
                       SELECT w.id, w.url, w.secret
                         FROM webhooks w
                        WHERE w.organization_id = p.organization_id AND w.id = p.webhook_id AND w.enabled
                        LIMIT 1) w
                  LEFT JOIN unnest({1}, {2}) AS busy(webhook_id, free) ON busy.webhook_id = w.id
                 CROSS JOIN LATERAL (
                       SELECT x.organization_id, x.id
                         FROM webhook_deliveries x
                        WHERE x.organization_id = p.organization_id AND x.webhook_id = p.webhook_id
                          AND x.status IN ('pending', 'retrying') AND x.next_attempt_at <= {3}
                          AND (x.locked_until IS NULL OR x.%2$s)
                        ORDER BY x.next_attempt_at
                        LIMIT coalesce(busy.free, {4})
                          FOR UPDATE OF x SKIP LOCKED) due
                 WHERE coalesce(busy.free, {4}) > 0
                 LIMIT {5})
            UPDATE webhook_deliveries d SET locked_until = %1$s, locked_by = {0}
              FROM c
             WHERE d.organization_id = c.organization_id AND d.id = c.id
            RETURNING d.organization_id, d.id, d.webhook_id, d.event_id, d.event_type, d.attempts, d.body,
                      d.window_started_at, c.url, c.secret""".formatted(LEASE_UNTIL, LEASE_EXPIRED);

    /** Gives back the leases of deliveries not yet sent, so another node takes them now, not in a minute. */
    void giveBack(List<LeasedDelivery> waiting) {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            db.execute(
                    """
                    UPDATE webhook_deliveries SET locked_until = NULL, locked_by = NULL
                     WHERE (organization_id, id) IN (SELECT * FROM unnest({0}, {1})) AND locked_by = {2}""",
                    uuids(waiting, LeasedDelivery::organizationId), uuids(waiting, LeasedDelivery::id), DSL.val(node));
        } catch (RuntimeException e) {
            log.warn("{} webhook leases left to expire: {}", waiting.size(), e.toString());
        }
    }

    /**
     * Writes a ping delivery for one webhook, leased to this node (the webhook's test action, inside
     * its transaction); it is attempted once that has committed.
     */
    LeasedDelivery leasePing(UUID org, UUID webhookId, String url, String secret) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        UUID id = ids.newUuid();
        UUID eventId = ids.newUuid();
        String data = "{\"documentType\":\"webhook\",\"documentId\":\"" + Ids.format("whk", webhookId)
                + "\",\"message\":" + "\"This is a test delivery from Clearmargin.\"}";
        String body =
                OutboxDispatcher.envelope(Ids.format("evt", eventId), "ping", now.toInstant(), JSONB.valueOf(data));
        db.insertInto(
                        DELIVERIES,
                        D_ORG,
                        D_ID,
                        D_WEBHOOK,
                        D_EVENT,
                        D_EVENT_TYPE,
                        D_STATUS,
                        D_ATTEMPTS,
                        D_NEXT_ATTEMPT,
                        D_BODY,
                        DSL.field(DSL.name("window_started_at"), OffsetDateTime.class),
                        D_CREATED,
                        D_UPDATED,
                        D_LOCKED_UNTIL,
                        D_LOCKED_BY)
                .values(
                        DSL.val(org),
                        DSL.val(id),
                        DSL.val(webhookId),
                        DSL.val(eventId),
                        DSL.val("ping"),
                        DSL.val("pending"),
                        DSL.val(0),
                        DSL.val(now),
                        DSL.val(body),
                        DSL.val(now),
                        DSL.val(now),
                        DSL.val(now),
                        DSL.field(LEASE_UNTIL, OffsetDateTime.class),
                        DSL.val(node))
                .execute();
        return new LeasedDelivery(org, id, webhookId, eventId, "ping", 0, body, now.toInstant(), url, secret);
    }
}
