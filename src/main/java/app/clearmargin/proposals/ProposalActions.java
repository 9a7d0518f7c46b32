package app.clearmargin.proposals;

import static app.clearmargin.collections.Fields.text;

import app.clearmargin.billing.Billing;
import app.clearmargin.billing.Parties;
import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.links.LinkKind;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Times;
import app.clearmargin.work.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The proposal lifecycle: send, accept, reject, convert (once) and duplicate (API.md §4). */
@Component
class ProposalActions implements ActionHandlers {

    /** The longest rejection reason, through the API and the client's page. */
    static final int REASON_MAX = 2000;

    static final List<Field> REJECT = List.of(text("reason", 0, REASON_MAX));
    static final String VIA_API = "api";
    static final String VIA_CLIENT_LINK = "client_link";

    private final Billing billing;
    private final Work work;
    private final Documents documents;
    private final Registry registry;
    private final Events events;

    ProposalActions(Billing billing, Work work, Documents documents, Registry registry, Events events) {
        this.billing = billing;
        this.work = work;
        this.documents = documents;
        this.registry = registry;
        this.events = events;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(
                ActionHandlers.on("proposals", "send", this::send),
                ActionHandlers.on("proposals", "accept", this::accept),
                ActionHandlers.on("proposals", "reject", this::reject),
                ActionHandlers.on("proposals", "convert", this::convert),
                ActionHandlers.on("proposals", "duplicate", this::duplicate),
                ActionHandlers.on(
                        "proposals", "rotate-link", r -> billing.rotateLink(r, LinkKind.PROPOSAL, "Proposal")));
    }

    private Collection proposals() {
        return registry.get("proposals");
    }

    ActionResult send(ActionRequest request) {
        Doc proposal = request.requireDocument();
        WriteContext ctx = request.context();
        requireStatus(proposal, "send", ProposalStatus.DRAFT, ProposalStatus.SENT);
        Parties parties = billing.parties(proposal);
        Doc recipient = parties.mailTo()
                .orElseThrow(() -> ApiException.stateConflict(
                        "Proposal "
                                + proposal.string("number")
                                + " has no recipient: set a contact with an email on the proposal or give "
                                + "the client a primary contact with an email.",
                        proposal.requiredString("status")));
        Doc sent = documents.updateChecked(
                proposals(),
                proposal,
                billing.withLink(
                        ctx,
                        LinkKind.PROPOSAL,
                        proposal,
                        proposal.copy()
                                .put("status", ProposalStatus.SENT.wire())
                                .put("sentAt", Times.format(ctx.now()))),
                ctx,
                "send");
        billing.mail(ctx, sent, parties, recipient, "proposals");
        events.publish(ctx, EventTypes.PROPOSAL_SENT, data(sent, parties));
        return ActionResult.acted("proposals", sent, "Proposal sent.");
    }

    ActionResult accept(ActionRequest request) {
        Doc accepted = accept(request.context(), request.requireDocument(), null);
        return ActionResult.acted("proposals", accepted, "Proposal accepted.");
    }

    /**
     * sent → accepted, with the payment schedule and deposit invoice when it has payment terms, in the
     * caller's transaction. {@code byClient} is the client's acceptance through the proposal's link
     * ({@code {name, at, ip, userAgent, documentSha256}}), null through the API.
     */
    Doc accept(WriteContext ctx, Doc proposal, @Nullable Map<String, Object> byClient) {
        requireStatus(proposal, "accept", ProposalStatus.SENT);
        Doc draft = proposal.copy()
                .put("status", ProposalStatus.ACCEPTED.wire())
                .put("acceptedAt", Times.format(ctx.now()));
        if (byClient != null) {
            draft.put("acceptance", byClient);
        }
        Doc accepted = documents.updateChecked(proposals(), proposal, draft, ctx, "accept");
        Map<String, Object> data = data(accepted);
        data.put("via", byClient == null ? VIA_API : VIA_CLIENT_LINK);
        if (byClient != null) {
            data.put("acceptedBy", Map.of("name", byClient.get("name")));
        }
        events.publish(ctx, EventTypes.PROPOSAL_ACCEPTED, data);
        if (!ProposalHooks.terms(accepted).isEmpty()) {
            billing.createSchedule(ctx, accepted);
        }
        return accepted;
    }

    ActionResult reject(ActionRequest request) {
        Map<String, Object> body = documents.validateAction("proposals", REJECT, request.body());
        Doc rejected = reject(request.context(), request.requireDocument(), (String) body.get("reason"), null);
        return ActionResult.acted("proposals", rejected, "Proposal rejected.");
    }

    /**
     * sent → rejected in the caller's transaction; {@code byClient} is the client's rejection through the
     * link ({@code {name, reason, at, ip, userAgent}}), null through the API.
     */
    Doc reject(WriteContext ctx, Doc proposal, @Nullable String reason, @Nullable Map<String, Object> byClient) {
        requireStatus(proposal, "reject", ProposalStatus.SENT);
        Doc draft = proposal.copy()
                .put("status", ProposalStatus.REJECTED.wire())
                .put("rejectedAt", Times.format(ctx.now()))
                .put("rejectionReason", reason);
        if (byClient != null) {
            draft.put("rejection", byClient);
        }
        Doc rejected = documents.updateChecked(proposals(), proposal, draft, ctx, "reject");
        Map<String, Object> data = data(rejected);
        data.put("reason", reason);
        data.put("via", byClient == null ? VIA_API : VIA_CLIENT_LINK);
        events.publish(ctx, EventTypes.PROPOSAL_REJECTED, data);
        return rejected;
    }

    /** Creates the project of an accepted proposal, once: title, client, event date, lines as scope, milestones. */
    ActionResult convert(ActionRequest request) {
        Doc proposal = request.requireDocument();
        WriteContext ctx = request.context();
        requireStatus(proposal, "convert", ProposalStatus.ACCEPTED);
        if (proposal.ref("project") != null) {
            throw ApiException.stateConflict(
                    "Proposal " + proposal.string("number") + " was already converted into project "
                            + proposal.ref("project") + ".",
                    proposal.requiredString("status"));
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
        Doc project = work.createProject(
                ctx,
                new Doc()
                        .put("client", proposal.ref("client"))
                        .put("name", proposal.string("title"))
                        .put("eventDate", proposal.string("eventDate"))
                        .put("billingType", "fixed")
                        .put("budgetAmount", proposal.decimal("total"))
                        .put("scopeItems", scope)
                        .put("sourceProposal", proposal.id()));
        work.copyMilestonesToProject(ctx, proposal.id(), project.id());
        documents.updateChecked(proposals(), proposal, proposal.copy().put("project", project.id()), ctx, "convert");
        billing.attachProject(ctx, proposal.id(), project.id());
        return ActionResult.created("projects", project, "Proposal converted into a project.");
    }

    /** A new draft with the same content and a new number (from any status). */
    ActionResult duplicate(ActionRequest request) {
        Doc proposal = request.requireDocument();
        WriteContext ctx = request.context();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> line : proposal.items("lineItems")) {
            Map<String, Object> copy = new LinkedHashMap<>(line);
            copy.remove("id");
            copy.put("recipe", null);
            lines.add(copy);
        }
        Doc copy = documents.insertInternal(
                proposals(),
                new Doc()
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
                        .put("paymentTerms", proposal.get("paymentTerms")),
                ctx,
                false);
        work.copyMilestonesToProposal(ctx, proposal.id(), copy.id());
        documents.recordAction(ctx, proposals(), "duplicate", null, copy);
        return ActionResult.created("proposals", copy, "Proposal duplicated as " + copy.string("number") + ".");
    }

    /** The common event data of a proposal, with its expiry date. */
    Map<String, Object> data(Doc proposal) {
        return data(proposal, billing.parties(proposal));
    }

    private static Map<String, Object> data(Doc proposal, Parties parties) {
        Map<String, Object> data = parties.eventData("proposal", proposal);
        data.put("expiresAt", proposal.string("expiresAt"));
        return data;
    }

    private static void requireStatus(Doc proposal, String action, ProposalStatus... allowed) {
        String status = proposal.requiredString("status");
        ProposalStatus current = ProposalStatus.of(status);
        for (ProposalStatus a : allowed) {
            if (a == current) {
                return;
            }
        }
        throw ApiException.stateConflict(
                "Proposal " + proposal.string("number") + " is " + status + "; " + action + " needs a proposal that is "
                        + String.join(
                                " or ",
                                Arrays.stream(allowed).map(ProposalStatus::wire).toList())
                        + ".",
                status);
    }
}
