package app.clearmargin.work;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The door of work for other capabilities. Projects, milestones and time entries that clients,
 * proposals and invoices create, bill or release are written here: documents through the engine, so
 * work's hooks and {@code updatedAt} apply; the billing bookkeeping of time entries (invoice, status)
 * in one statement that stamps {@code updatedAt}. These writes have no audit entry of their own: each
 * is part of the caller's write (a client created, an invoice generated), which has its one entry.
 */
@Component
public class Work {

    static final String DEFAULT_PROJECT = "General";

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final DSLContext db;

    Work(Registry registry, Documents documents, DocumentStore store, DSLContext db) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.db = db;
    }

    // ------------------------------------------------------------------ projects

    /** Every client gets a default project, "General". */
    public Doc createDefaultProject(WriteContext ctx, String clientId) {
        return documents.insertInternal(
                projects(),
                new Doc().put("client", clientId).put("name", DEFAULT_PROJECT).put("isDefault", true),
                ctx,
                false);
    }

    /** Projects carry their client's currency: after a client's changed, each of its projects follows. */
    public void followClientCurrency(WriteContext ctx, String clientId, String currency) {
        for (Doc project : store.findWhereForUpdate("projects", projectsOf(clientId))) {
            if (!currency.equals(project.string("currency"))) {
                documents.updateChecked(projects(), project, project.copy().put("currency", currency), ctx, null);
            }
        }
    }

    /**
     * A client being deleted takes its default project with it, unless that project has scope items:
     * then the client is in use (409).
     */
    public void deleteDefaultProjects(WriteContext ctx, String clientId) {
        var projects = registry.layout("projects");
        for (Doc project : store.findWhereForUpdate(
                "projects",
                projectsOf(clientId).and(projects.<Boolean>column("isDefault").isTrue()))) {
            if (!project.items("scopeItems").isEmpty()) {
                throw ApiException.conflict("Client " + clientId + " is referenced by projects (its default project "
                        + project.id() + " has scope items); archive it instead of deleting it.");
            }
            documents.deleteInternal(projects(), project, ctx, false);
        }
    }

    /** A project made from another document (an accepted proposal converted). */
    public Doc createProject(WriteContext ctx, Doc values) {
        return documents.insertInternal(projects(), values, ctx, false);
    }

    private Condition projectsOf(String clientId) {
        return registry.layout("projects")
                .<UUID>column("client")
                .eq(Ids.parse("client", clientId).orElseThrow());
    }

    private Collection projects() {
        return registry.get("projects");
    }

    // ------------------------------------------------------------------ milestones

    /** The milestones of a proposal, copied onto the project it was converted into. */
    public void copyMilestonesToProject(WriteContext ctx, String proposalId, String projectId) {
        copyMilestones(ctx, proposalId, "project", projectId);
    }

    /** The milestones of a proposal, copied onto its duplicate. */
    public void copyMilestonesToProposal(WriteContext ctx, String proposalId, String copyId) {
        copyMilestones(ctx, proposalId, "proposal", copyId);
    }

    private void copyMilestones(WriteContext ctx, String proposalId, String ownerField, String ownerId) {
        for (Doc m : milestonesOf(proposalId)) {
            documents.insertInternal(
                    registry.get("milestones"),
                    new Doc()
                            .put(ownerField, ownerId)
                            .put("name", m.string("name"))
                            .put("description", m.string("description"))
                            .put("dueDate", m.string("dueDate"))
                            .put("sortOrder", m.get("sortOrder"))
                            .put("amount", m.decimal("amount")),
                    ctx,
                    false);
        }
    }

    /** A deleted proposal's milestones go with it. */
    public void deleteProposalMilestones(WriteContext ctx, String proposalId) {
        for (Doc m : milestonesOf(proposalId)) {
            documents.deleteInternal(registry.get("milestones"), m, ctx, false);
        }
    }

    private List<Doc> milestonesOf(String proposalId) {
        return store.findWhere(
                "milestones",
                registry.layout("milestones")
                        .<UUID>column("proposal")
                        .eq(Ids.parse("prop", proposalId).orElseThrow()));
    }

    // ------------------------------------------------------------------ billing time

    /**
     * The unbilled billable time entries of these projects in a period, locked for the rest of the
     * transaction, so two concurrent invoice generations never bill an entry twice.
     */
    public List<Doc> lockUnbilled(List<String> projectIds, LocalDate from, LocalDate to) {
        var te = registry.layout("time-entries");
        List<UUID> projects = projectIds.stream()
                .map(id -> Ids.parse("project", id).orElseThrow())
                .toList();
        return store.findWhereForUpdate(
                "time-entries",
                te.<UUID>column("project")
                        .in(projects)
                        .and(te.<LocalDate>column("date").between(from, to))
                        .and(te.<Boolean>column("billable").isTrue())
                        .and(te.<String>column("status").eq(TimeEntryStatus.UNBILLED.wire()))
                        .and(te.<UUID>column("invoice").isNull()));
    }

    /**
     * Time entries (locked by {@link #lockUnbilled}) billed on an invoice: immutable until it is voided or
     * deleted. One statement for all of them, stamping {@code updatedAt}: billing changes an entry's invoice
     * and status only, from which no time-entry hook derives anything, and an engine write per entry made
     * generating from 200 entries about five times slower (docs/decisions.md).
     */
    public void markBilled(WriteContext ctx, List<Doc> entries, String invoiceId) {
        if (entries.isEmpty()) {
            return;
        }
        var te = registry.layout("time-entries");
        db.update(te.table())
                .set(te.<UUID>column("invoice"), Ids.parse("inv", invoiceId).orElseThrow())
                .set(te.<String>column("status"), TimeEntryStatus.BILLED.wire())
                .set(te.updatedAt(), ctx.now().atOffset(ZoneOffset.UTC))
                .where(TenantScope.of(te.table()))
                .and(te.id().in(entries.stream().map(e -> e.uuid("te")).toList()))
                .execute();
    }

    /** The time entries billed on a voided or deleted invoice become unbilled again (one statement, as billing). */
    public void release(WriteContext ctx, String invoiceId) {
        var te = registry.layout("time-entries");
        db.update(te.table())
                .set(te.<UUID>column("invoice"), (UUID) null)
                .set(te.<String>column("status"), TimeEntryStatus.UNBILLED.wire())
                .set(te.updatedAt(), ctx.now().atOffset(ZoneOffset.UTC))
                .where(TenantScope.of(te.table()))
                .and(te.<UUID>column("invoice").eq(Ids.parse("inv", invoiceId).orElseThrow()))
                .execute();
    }
}
