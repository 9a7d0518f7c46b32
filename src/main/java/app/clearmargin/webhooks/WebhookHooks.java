package app.clearmargin.webhooks;

import static app.clearmargin.webhooks.DeliveryTable.*;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Webhooks: the URL must be https and resolve to a public address (SSRF guard); the secret is
 * generated when omitted and shown once; re-enabling clears the failure state.
 */
@Component
class WebhookHooks implements CollectionHooks {

    static final String SHOWN_SECRET = "secret";

    private final TargetGuard guard;
    private final DSLContext db;

    WebhookHooks(TargetGuard guard, DSLContext db) {
        this.guard = guard;
        this.db = db;
    }

    @Override
    public String collection() {
        return "webhooks";
    }

    @Override
    public @Nullable String currency(WriteContext ctx, Doc draft) {
        return null;
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (errors.has("url")
                || !draft.has("url")
                || (existing != null && draft.requiredString("url").equals(existing.string("url")))) {
            return;
        }
        String url = draft.requiredString("url");
        guard.checkUrl(url).or(() -> guard.refusal(url)).ifPresent(problem -> errors.add("url", problem));
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        if (existing == null) {
            if (!draft.has("secret")) {
                draft.put("secret", Signer.newSecret());
            }
            draft.transients().put(SHOWN_SECRET, draft.string("secret"));
            draft.put("consecutiveFailures", 0L);
        } else {
            if (draft.has("secret") && !draft.requiredString("secret").equals(existing.string("secret"))) {
                draft.transients().put(SHOWN_SECRET, draft.string("secret"));
            }
            if (draft.bool("enabled") && !existing.bool("enabled")) {
                draft.put("disabledReason", null);
                draft.put("consecutiveFailures", 0L);
                draft.internal().put("failing_since", null);
            }
        }
    }

    /**
     * The endpoint's deliveries still waiting for an attempt end {@code failed} ("webhook deleted"):
     * nothing will send them, and the delivery log must not show them pending for ever.
     */
    @Override
    public void beforeDelete(WriteContext ctx, Doc webhook) {
        OffsetDateTime now = ctx.now().atOffset(ZoneOffset.UTC);
        db.update(DELIVERIES)
                .set(D_STATUS, "failed")
                .set(D_ERROR, "webhook deleted")
                .set(D_NEXT_ATTEMPT, (OffsetDateTime) null)
                .set(D_UPDATED, now)
                .where(D_ORG.eq(app.clearmargin.tenancy.TenantScope.organizationId()))
                .and(D_WEBHOOK.eq(webhook.uuid("whk")))
                .and(D_STATUS.in("pending", "retrying"))
                .execute();
    }

    @Override
    public void decorateCreated(Doc saved, Map<String, Object> rendered) {
        Object secret = saved.transients().get(SHOWN_SECRET);
        if (secret != null) {
            rendered.put("secret", secret);
        }
    }
}
