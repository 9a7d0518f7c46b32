package app.clearmargin.work;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Times;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Milestones belong to exactly one project or proposal; completing one stamps completedAt. */
@Component
class MilestoneHooks implements CollectionHooks {

    private final DocumentStore store;

    MilestoneHooks(DocumentStore store) {
        this.store = store;
    }

    @Override
    public String collection() {
        return "milestones";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        if (draft.ref("project") != null) {
            return store.find("projects", draft.ref("project"))
                    .map(p -> p.string("currency"))
                    .orElse(ctx.currency());
        }
        if (draft.ref("proposal") != null) {
            return store.find("proposals", draft.ref("proposal"))
                    .map(p -> p.string("currency"))
                    .orElse(ctx.currency());
        }
        return ctx.currency();
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        boolean project = draft.ref("project") != null || errors.has("project");
        boolean proposal = draft.ref("proposal") != null || errors.has("proposal");
        if (!project && !proposal) {
            errors.add("project", "A milestone needs exactly one of project or proposal.");
        } else if (project && proposal && !errors.has("project") && !errors.has("proposal")) {
            errors.add("proposal", "A milestone belongs to a project or to a proposal, not both.");
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        boolean completed = MilestoneStatus.COMPLETED.wire().equals(draft.string("status"));
        boolean wasCompleted =
                existing != null && MilestoneStatus.COMPLETED.wire().equals(existing.string("status"));
        if (completed && !wasCompleted) {
            draft.put("completedAt", Times.format(ctx.now()));
        } else if (!completed) {
            draft.put("completedAt", null);
        }
    }
}
