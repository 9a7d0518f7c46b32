package app.clearmargin.proposals;

import static app.clearmargin.collections.Fields.text;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventData;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Times;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** The proposal lifecycle: send, accept, reject, convert (once) and duplicate (API.md §4). */
@Component
class ProposalActions {

    static final List<Field> REJECT = List.of(text("reason", 0, 2000));

    private final Billing billing;
    private final Documents documents;
    private final DocumentStore store;
    private final Registry registry;
    private final Events events;

    ProposalActions(@Lazy Billing billing, @Lazy Documents documents, @Lazy DocumentStore store, @Lazy Registry registry,
            Events events) {
        this.billing = billing;
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.events = events;
    }

    private Collection proposals() {
        return registry.get("proposals");
    }

    ActionResult send(ActionRequest request) {
        Doc proposal = request.document();
        WriteContext ctx = request.context();
        requireStatus(proposal, "send", "draft", "sent");
        Doc recipient = billing.recipient(proposal).orElseThrow(() -> ApiException.stateConflict("Proposal "
                + proposal.string("number") + " has no recipient: set a contact with an email on the proposal or give "
                + "the client a primary contact with an email.", proposal.string("status")));
        Doc sent = documents.updateChecked(proposals(), proposal,
                proposal.copy().put("status", "sent").put("sentAt", Times.format(ctx.now())), ctx, "send");
        billing.mail(ctx, sent, recipient, "Proposal " + sent.string("number") + ": " + sent.string("title"),
                "Please find proposal " + sent.string("number") + " (" + sent.decimal("total").toPlainString() + " "
                        + sent.string("currency") + "), valid until " + sent.string("expiresAt") + ".\n");
        events.publish(ctx, EventTypes.PROPOSAL_SENT, data(sent));
        return ActionResult.acted("proposals", sent, "Proposal sent.");
    }

    ActionResult accept(ActionRequest request) {
        Doc proposal = request.document();
        WriteContext ctx = request.context();
        requireStatus(proposal, "accept", "sent");
        Doc accepted = documents.updateChecked(proposals(), proposal,
                proposal.copy().put("status", "accepted").put("acceptedAt", Times.format(ctx.now())), ctx, "accept");
        events.publish(ctx, EventTypes.PROPOSAL_ACCEPTED, data(accepted));
        if (!ProposalHooks.terms(accepted).isEmpty()) {
            billing.createSchedule(ctx, accepted);
        }
        return ActionResult.acted("proposals", accepted, "Proposal accepted.");
    }

    ActionResult reject(ActionRequest request) {
        Doc proposal = request.document();
        WriteContext ctx = request.context();
        requireStatus(proposal, "reject", "sent");
        Map<String, Object> body = documents.validateAction("proposals", REJECT, request.body());
        Doc rejected = documents.updateChecked(proposals(), proposal, proposal.copy()
                .put("status", "rejected")
                .put("rejectedAt", Times.format(ctx.now()))
                .put("rejectionReason", body.get("reason")), ctx, "reject");
        Map<String, Object> data = data(rejected);
        data.put("reason", body.get("reason"));
        events.publish(ctx, EventTypes.PROPOSAL_REJECTED, data);
        return ActionResult.acted("proposals", rejected, "Proposal rejected.");
    }

    /** Creates the project of an accepted proposal, once: title, client, event date, lines as scope, milestones. */
    ActionResult convert(ActionRequest request) {
        Doc proposal = request.document();
        WriteContext ctx = request.context();
        requireStatus(proposal, "convert", "accepted");
        if (proposal.ref("project") != null) {
            throw ApiException.stateConflict("Proposal " + proposal.string("number") + " was already converted into project "
                    + proposal.ref("project") + ".", proposal.string("status"));
        }
        List<Map<String, Object>> scope = new ArrayList<>();
        for (Map<String, Object> line : proposal.items("lineItems")) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("description", line.get("description"));
            item.put("quantity", line.get("quantity"));
            item.put("unit", line.get("unit"));
            item.put("rate", line.get("rate"));
            item.put("catalogItem", line.get("catalogItem"));
            scope.add(item);
        }
        Doc project = documents.insertInternal(registry.get("projects"), new Doc()
                .put("client", proposal.ref("client"))
                .put("name", proposal.string("title"))
                .put("eventDate", proposal.string("eventDate"))
                .put("billingType", "fixed")
                .put("budgetAmount", proposal.decimal("total"))
                .put("scopeItems", scope)
                .put("sourceProposal", proposal.id()), ctx, false);
        var milestones = registry.layout("milestones");
        for (Doc m : store.findWhere("milestones", milestones.<UUID>column("proposal").eq(proposal.uuid("prop")))) {
            documents.insertInternal(registry.get("milestones"), new Doc()
                    .put("project", project.id())
                    .put("name", m.string("name"))
                    .put("description", m.string("description"))
                    .put("dueDate", m.string("dueDate"))
                    .put("sortOrder", m.get("sortOrder"))
                    .put("amount", m.decimal("amount")), ctx, false);
        }
        documents.updateChecked(proposals(), proposal, proposal.copy().put("project", project.id()), ctx, "convert");
        billing.attachProject(ctx, proposal.id(), project.id());
        return ActionResult.created("projects", project, "Proposal converted into a project.");
    }

    /** A new draft with the same content and a new number (from any status). */
    ActionResult duplicate(ActionRequest request) {
        Doc proposal = request.document();
        WriteContext ctx = request.context();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> line : proposal.items("lineItems")) {
            Map<String, Object> copy = new LinkedHashMap<>(line);
            copy.remove("id");
            copy.put("recipe", null);
            lines.add(copy);
        }
        Doc copy = documents.insertInternal(proposals(), new Doc()
                .put("client", proposal.ref("client"))
                .put("contact", proposal.ref("contact"))
                .put("title", proposal.string("title"))
                .put("eventDate", proposal.string("eventDate"))
                .put("currency", proposal.string("currency"))
                .put("lineItems", lines)
                .put("taxRate", proposal.decimal("taxRate"))
                .put("discount", proposal.get("discount"))
                .put("notes", proposal.string("notes"))
                .put("terms", proposal.string("terms"))
                .put("paymentTerms", proposal.get("paymentTerms")), ctx, false);
        var milestones = registry.layout("milestones");
        for (Doc m : store.findWhere("milestones", milestones.<UUID>column("proposal").eq(proposal.uuid("prop")))) {
            documents.insertInternal(registry.get("milestones"), new Doc()
                    .put("proposal", copy.id())
                    .put("name", m.string("name"))
                    .put("description", m.string("description"))
                    .put("dueDate", m.string("dueDate"))
                    .put("sortOrder", m.get("sortOrder"))
                    .put("amount", m.decimal("amount")), ctx, false);
        }
        documents.recordAction(ctx, proposals(), "duplicate", null, copy);
        return ActionResult.created("proposals", copy, "Proposal duplicated as " + copy.string("number") + ".");
    }

    /** The common event data of a proposal, with its expiry date. */
    Map<String, Object> data(Doc proposal) {
        Map<String, Object> data = EventData.of("proposal", proposal.id(), proposal.string("number"), proposal.decimal("total"),
                proposal.string("currency"), store.find("clients", proposal.ref("client")).orElse(null),
                billing.contactOf(proposal));
        data.put("expiresAt", proposal.string("expiresAt"));
        return data;
    }

    private static void requireStatus(Doc proposal, String action, String... allowed) {
        String status = proposal.string("status");
        for (String a : allowed) {
            if (a.equals(status)) {
                return;
            }
        }
        throw ApiException.stateConflict("Proposal " + proposal.string("number") + " is " + status + "; " + action
                + " needs a proposal that is " + String.join(" or ", allowed) + ".", status);
    }
}
