package app.clearmargin.webhooks;

import static app.clearmargin.collections.Fields.instant;
import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** Webhook actions: rotate-secret, test (signed ping), redeliver-failed; and a delivery's redeliver. */
@Component
class WebhookActions implements ActionHandlers {

    static final List<Field> REDELIVER_FAILED = List.of(instant("since").asRequired());

    private final Documents documents;
    private final DocumentStore store;
    private final Registry registry;
    private final Deliveries deliveries;
    private final DSLContext db;

    WebhookActions(Documents documents, DocumentStore store, Registry registry, Deliveries deliveries, DSLContext db) {
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.deliveries = deliveries;
        this.db = db;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(
                ActionHandlers.on("webhooks", "rotate-secret", this::rotateSecret),
                ActionHandlers.on("webhooks", "test", this::test),
                ActionHandlers.on("webhooks", "redeliver-failed", this::redeliverFailed),
                ActionHandlers.on("webhook-deliveries", "redeliver", this::redeliver));
    }

    /** A new secret, shown once as {@code doc.secret}; deliveries from now on are signed with it. */
    ActionResult rotateSecret(ActionRequest request) {
        Doc hook = request.requireDocument();
        String secret = Signer.newSecret();
        Doc saved = documents.updateChecked(
                registry.get("webhooks"), hook, hook.copy().put("secret", secret), request.context(), "rotate-secret");
        return ActionResult.acted("webhooks", saved, "Secret rotated; it is shown only in this response.")
                .withDocValue("secret", secret);
    }

    /**
     * Sends a signed ping to this endpoint only and answers the recorded delivery (201). The ping is
     * written and audited in the action's transaction and sent after it commits: a slow endpoint must
     * not hold the webhook's row lock (which the delivery workers' health updates wait on) or a pool
     * connection for up to the 10 s timeout.
     */
    ActionResult test(ActionRequest request) {
        Doc hook = request.requireDocument();
        LeasedDelivery ping = deliveries.preparePing(
                app.clearmargin.tenancy.TenantScope.organizationId(),
                hook.uuid("whk"),
                hook.requiredString("url"),
                hook.requiredString("secret"));
        documents.recordAction(request.context(), registry.get("webhooks"), "test", hook, hook);
        return ActionResult.afterCommit(() -> {
            deliveries.sendPing(ping);
            Doc delivery = store.find("webhook-deliveries", Ids.format("whd", ping.id()))
                    .orElseThrow();
            return ActionResult.created(
                    "webhook-deliveries", delivery, "Test delivery " + delivery.string("status") + ".");
        });
    }

    /** Queues every failed delivery of this endpoint whose last attempt is at or after {@code since}. */
    ActionResult redeliverFailed(ActionRequest request) {
        Doc hook = request.requireDocument();
        WriteContext ctx = request.context();
        Map<String, Object> body = documents.validateAction("webhooks", REDELIVER_FAILED, request.body());
        OffsetDateTime since = Times.parseInstant(
                        Objects.requireNonNull(body.get("since"), "since").toString())
                .orElseThrow()
                .atOffset(ZoneOffset.UTC);
        int queued = requeue(
                ctx, D_WEBHOOK.eq(hook.uuid("whk")).and(D_STATUS.eq("failed")).and(D_LAST_ATTEMPT.ge(since)));
        documents.recordAction(ctx, registry.get("webhooks"), "redeliver-failed", hook, hook);
        return ActionResult.acted("webhooks", hook, queued + " failed deliveries queued again.")
                .withValue("queued", queued);
    }

    /** Deliveries back to pending, due now, with a new three-day retry window (attempts keep counting). */
    private int requeue(WriteContext ctx, org.jooq.Condition which) {
        OffsetDateTime now = ctx.now().atOffset(ZoneOffset.UTC);
        return db.update(DELIVERIES)
                .set(D_STATUS, "pending")
                .set(D_NEXT_ATTEMPT, now)
                .set(DSL.field(DSL.name("window_started_at"), OffsetDateTime.class), now)
                .set(D_LOCKED_UNTIL, (OffsetDateTime) null)
                .set(D_UPDATED, now)
                .where(D_ORG.eq(app.clearmargin.tenancy.TenantScope.organizationId()))
                .and(which)
                .execute();
    }

    /** Puts one delivery back to pending (its attempts keep counting). */
    ActionResult redeliver(ActionRequest request) {
        Doc delivery = request.requireDocument();
        WriteContext ctx = request.context();
        if ("pending".equals(delivery.string("status"))) {
            throw ApiException.stateConflict("Delivery " + delivery.id() + " is already pending.", "pending");
        }
        requeue(ctx, D_ID.eq(delivery.uuid("whd")));
        Doc queued = store.find("webhook-deliveries", delivery.id()).orElseThrow();
        documents.recordAction(ctx, registry.get("webhook-deliveries"), "redeliver", delivery, queued);
        return ActionResult.acted("webhook-deliveries", queued, "Delivery queued again.");
    }
}
