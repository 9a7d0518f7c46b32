package app.clearmargin.ledger;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Transactions: scope defaults to project when a project is given, else overhead; a project
 * expense needs its project, a shared one allocations summing to 1; client and currency follow the
 * project. Re-billed and payment-made transactions are read-only.
 */
@Component
class TransactionHooks implements CollectionHooks {

    private final DocumentStore store;

    TransactionHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "transactions";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        if (draft.has("currency")) {
            return draft.requiredString("currency");
        }
        return project(draft).map(p -> p.string("currency")).orElse(ctx.currency());
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (existing != null) {
            refuseIfLocked(existing, "changed");
        }
        String scope = scope(draft);
        boolean hasProject = draft.ref("project") != null || errors.has("project");
        switch (scope) {
            case "project" -> {
                if (!hasProject) {
                    errors.add("project", "A transaction with scope project needs a project.");
                }
            }
            case "shared" -> checkAllocations(draft, errors);
            default -> {
                if (hasProject && !errors.has("project")) {
                    errors.add("scope", "An overhead transaction belongs to no project; use scope project or shared.");
                }
            }
        }
        if (!"shared".equals(scope) && !draft.items("allocations").isEmpty() && !errors.has("allocations")) {
            errors.add("allocations", "Allocations apply to shared transactions only.");
        }
        if (draft.bool("billable") && TransactionType.REVENUE.wire().equals(draft.string("type"))) {
            errors.add("billable", "Only expenses can be re-billed.");
        }
        if (draft.ref("category") != null && !errors.has("category")) {
            store.find("catalog-items", draft.ref("category"))
                    .filter(c -> !"expense".equals(c.string("kind")))
                    .ifPresent(c -> errors.add("category", "The category must be a catalog item of kind expense."));
        }
    }

    private static void checkAllocations(Doc draft, Errors errors) {
        List<Map<String, Object>> allocations = draft.items("allocations");
        if (errors.has("allocations")) {
            return;
        }
        if (allocations.isEmpty()) {
            errors.add("allocations", "A shared transaction needs allocations to projects.");
            return;
        }
        BigDecimal sum = BigDecimal.ZERO;
        Set<Object> projects = new HashSet<>();
        for (Map<String, Object> a : allocations) {
            sum = sum.add((BigDecimal) a.get("share"));
            if (!projects.add(a.get("project"))) {
                errors.add("allocations", "Each project appears once in allocations.");
                return;
            }
        }
        if (sum.compareTo(BigDecimal.ONE) != 0) {
            errors.add("allocations", "Allocation shares must sum to 1 (they sum to " + sum.toPlainString() + ").");
        }
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc transaction) {
        refuseIfLocked(transaction, "deleted");
    }

    private static void refuseIfLocked(Doc t, String what) {
        if (TransactionSource.of(t.requiredString("source")) != TransactionSource.MANUAL) {
            throw ApiException.conflict("Transaction " + t.id() + " was recorded from a " + t.string("source")
                    + " and cannot be " + what + ".");
        }
        if (t.ref("invoice") != null) {
            throw ApiException.stateConflict(
                    "Transaction " + t.id() + " is billed on invoice " + t.ref("invoice") + " and cannot be " + what
                            + "; void or delete the invoice first.",
                    "billed");
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        draft.put("scope", scope(draft));
        Optional<Doc> project = project(draft);
        if (project.isPresent()) {
            draft.put("client", project.get().ref("client"));
        } else if (existing != null || TransactionSource.MANUAL.wire().equals(draft.string("source"))) {
            draft.put("client", null); // a manual transaction's client always follows its project
        }
        if (!draft.has("currency")) {
            draft.put("currency", project.map(p -> p.string("currency")).orElse(ctx.currency()));
        }
    }

    private static String scope(Doc draft) {
        if (draft.has("scope")) {
            return draft.requiredString("scope");
        }
        return draft.ref("project") != null ? "project" : "overhead";
    }

    private Optional<Doc> project(Doc draft) {
        String id = draft.ref("project");
        return id == null ? Optional.empty() : store.find("projects", id);
    }
}
