package app.clearmargin.work;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Time entries: the effective rate and cost rate are stamped when the entry is created, and again
 * when its project, member or rate type changes while unbilled; amount = billable ? hours × rate : 0.
 * A billed entry is immutable until its invoice is voided or deleted.
 */
@Component
class TimeEntryHooks implements CollectionHooks {

    private final DocumentStore store;

    TimeEntryHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "time-entries";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        return project(draft).map(p -> p.string("currency")).orElse(ctx.currency());
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (existing != null) {
            refuseIfBilled(existing, "changed");
        }
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc entry) {
        refuseIfBilled(entry, "deleted");
    }

    private static void refuseIfBilled(Doc entry, String what) {
        if (TimeEntryStatus.of(entry.requiredString("status")) == TimeEntryStatus.BILLED) {
            throw ApiException.stateConflict(
                    "Time entry " + entry.id() + " is billed on invoice " + entry.ref("invoice") + " and cannot be "
                            + what + "; void or delete the invoice first.",
                    TimeEntryStatus.BILLED.wire());
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        Doc project = project(draft).orElseThrow();
        String currency = project.requiredString("currency");
        boolean restamp = existing == null
                || !Objects.equals(draft.ref("project"), existing.ref("project"))
                || !Objects.equals(draft.ref("member"), existing.ref("member"))
                || !Objects.equals(draft.string("rateType"), existing.string("rateType"));
        if (restamp) {
            Optional<Doc> member =
                    draft.ref("member") == null ? Optional.empty() : store.find("members", draft.ref("member"));
            Map<String, Object> clientRates = store.find("clients", project.requiredRef("client"))
                    .flatMap(c -> c.object("rates"))
                    .orElse(null);
            BigDecimal rate = RateCascade.effective(
                    draft.requiredString("rateType"),
                    project.object("rates").orElse(null),
                    clientRates,
                    member.flatMap(m -> m.object("rates")).orElse(null));
            draft.put("rate", rate);
            draft.put("costRate", member.map(m -> m.decimal("costRate")).orElse(null));
        }
        BigDecimal rate = draft.decimal("rate");
        draft.put(
                "amount",
                draft.bool("billable") && rate != null
                        ? Money.of(draft.requiredDecimal("hours").multiply(rate), currency)
                                .storableAt("hours")
                                .plain()
                        : BigDecimal.ZERO);
    }

    private Optional<Doc> project(Doc entry) {
        String id = entry.ref("project");
        return id == null ? Optional.empty() : store.find("projects", id);
    }
}
