package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns outbox events into deliveries: claims undispatched events with {@code FOR UPDATE SKIP LOCKED}
 * and writes one delivery per subscribed, enabled webhook in the same transaction, leasing to this
 * node those whose endpoint has room here, which it hands to the {@link EndpointSenders} at once.
 */
@Component
class OutboxDispatcher {

    private static final int BATCH = 200;

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Ids ids;
    private final DeliveryClaimer leases;
    private final EndpointSenders senders;

    OutboxDispatcher(
            DSLContext db,
            TransactionTemplate tx,
            Clock clock,
            Ids ids,
            DeliveryClaimer leases,
            EndpointSenders senders) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.ids = ids;
        this.leases = leases;
        this.senders = senders;
    }

    /** What a dispatch transaction did: events taken, and the deliveries it leased to this node. */
    private record Dispatched(int events, List<LeasedDelivery> leased) {}

    /**
     * Writes the deliveries of undispatched events and starts sending those whose endpoint has room
     * on this node (leased as they are written: no claim round between an event and its first
     * attempt); returns how many events it took.
     */
    int dispatch() {
        int total = 0;
        while (true) {
            List<LeasedDelivery> reserved = new ArrayList<>();
            Dispatched done;
            try {
                done = tx.execute(s -> {
                    // Safe without the WAL flush: events and their deliveries commit together or not at
                    // all, so a commit lost in a crash leaves the events undispatched, to dispatch again
                    // (a delivery already sent from it is then sent again: at least once, same id).
                    db.execute("SET LOCAL synchronous_commit = off");
                    return dispatchBatch(reserved);
                });
            } catch (RuntimeException e) {
                reserved.forEach(d -> senders.unreserve(d.webhookId())); // rolled back: nothing leased
                throw e;
            }
            if (done == null || done.events() == 0) {
                return total;
            }
            senders.start(done.leased());
            total += done.events();
        }
    }

    private Dispatched dispatchBatch(List<LeasedDelivery> reserved) {
        List<? extends Record> events = db.select(E_ORG, E_ID, E_TYPE, E_DATA, E_CREATED)
                .from(EVENTS)
                .where(E_DISPATCHED.isFalse())
                .orderBy(E_CREATED)
                .limit(BATCH)
                .forUpdate()
                .skipLocked()
                .fetch();
        if (events.isEmpty()) {
            return new Dispatched(0, List.of());
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        Map<UUID, List<? extends Record>> hooksByOrg = new HashMap<>();
        List<NewDelivery> rows = new ArrayList<>();
        for (Record e : events) {
            UUID org = e.get(E_ORG);
            List<? extends Record> hooks = hooksByOrg.computeIfAbsent(
                    org,
                    o -> db.select(W_ID, W_EVENTS, W_URL, W_SECRET)
                            .from(HOOKS)
                            .where(W_ORG.eq(o))
                            .and(W_ENABLED.isTrue())
                            .fetch());
            String type = e.get(E_TYPE);
            String body = envelope(
                    Ids.format("evt", e.get(E_ID)), type, e.get(E_CREATED).toInstant(), e.get(E_DATA));
            for (Record h : hooks) {
                List<String> wanted = List.of(h.get(W_EVENTS));
                if (wanted.contains("*") || wanted.contains(type)) {
                    LeasedDelivery delivery = new LeasedDelivery(
                            org,
                            ids.newUuid(),
                            h.get(W_ID),
                            e.get(E_ID),
                            type,
                            0,
                            body,
                            now.toInstant(),
                            h.get(W_URL),
                            h.get(W_SECRET));
                    boolean room = senders.reserve(h.get(W_ID), reserved.size());
                    rows.add(new NewDelivery(delivery, room));
                    if (room) {
                        reserved.add(delivery);
                    }
                }
            }
        }
        if (!rows.isEmpty()) {
            // columns as arrays: one short statement, however many deliveries (a VALUES row per delivery
            // took PostgreSQL ~0.3 s to parse for 200 events to 50 endpoints)
            db.execute(
                    """
                    INSERT INTO webhook_deliveries (organization_id, id, webhook_id, event_id, event_type, body, locked_until,
                                                    locked_by, status, attempts, next_attempt_at, window_started_at,
                                                    created_at, updated_at)
                    SELECT v.organization_id, v.id, v.webhook_id, v.event_id, v.event_type, v.body,
                           CASE WHEN v.leased THEN %s END, CASE WHEN v.leased THEN {7} END,
                           'pending', 0, {8}, {8}, {8}, {8}
                      FROM unnest({0}, {1}, {2}, {3}, {4}, {5}, {6})
                           AS v(organization_id, id, webhook_id, event_id, event_type, body, leased)""".formatted(DeliveryClaimer.LEASE_UNTIL),
                    uuids(rows, r -> r.delivery().organizationId()),
                    uuids(rows, r -> r.delivery().id()),
                    uuids(rows, r -> r.delivery().webhookId()),
                    uuids(rows, r -> r.delivery().eventId()),
                    texts(rows, r -> r.delivery().eventType()),
                    texts(rows, r -> r.delivery().body()),
                    booleans(rows, NewDelivery::leased),
                    DSL.val(leases.node()),
                    DSL.val(now));
        }
        db.execute(
                "UPDATE events SET dispatched = true WHERE (organization_id, id) IN (SELECT * FROM unnest({0}, {1}))",
                uuids(events, e -> e.get(E_ORG)), uuids(events, e -> e.get(E_ID)));
        return new Dispatched(events.size(), List.copyOf(reserved));
    }

    /** A delivery to write, and whether this node leases it as it is written. */
    private record NewDelivery(LeasedDelivery delivery, boolean leased) {}

    /** The delivered body: exactly id, event, timestamp and data; fixed once, so every attempt sends the same bytes. */
    static String envelope(String eventId, String type, Instant createdAt, JSONB data) {
        return "{\"id\":\"" + eventId + "\",\"event\":\"" + type + "\",\"timestamp\":\"" + Times.format(createdAt)
                + "\",\"data\":" + data.data() + "}";
    }
}
