package app.clearmargin.proposals;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.Times;
import org.springframework.stereotype.Component;

/** The proposal entry point for the time sweeps: expiring soon, and expired. */
@Component
public class Proposals {

    private final DocumentStore store;
    private final Documents documents;
    private final Registry registry;
    private final Events events;
    private final ProposalActions actions;

    Proposals(DocumentStore store, Documents documents, Registry registry, Events events, ProposalActions actions) {
        this.store = store;
        this.documents = documents;
        this.registry = registry;
        this.events = events;
        this.actions = actions;
    }

    /** Emits proposal_expiring once per proposal and expiry date. */
    public void expiring(WriteContext ctx, String proposalId) {
        Doc proposal = store.find("proposals", proposalId).orElseThrow();
        events.publishOnce(
                ctx, EventTypes.PROPOSAL_EXPIRING, proposal.requiredString("expiresAt"), actions.data(proposal));
    }

    /** A sent proposal past its expiry date becomes expired (proposal_expired, once). */
    public void expire(WriteContext ctx, String proposalId) {
        Doc proposal = store.findForUpdate("proposals", proposalId).orElseThrow();
        if (ProposalStatus.of(proposal.requiredString("status")) != ProposalStatus.SENT
                || !proposal.requiredDate("expiresAt").isBefore(ctx.today())) {
            return;
        }
        Doc expired = documents.updateChecked(
                registry.get("proposals"),
                proposal,
                proposal.copy().put("status", ProposalStatus.EXPIRED.wire()).put("expiredAt", Times.format(ctx.now())),
                ctx,
                "expire");
        events.publishOnce(
                ctx, EventTypes.PROPOSAL_EXPIRED, expired.requiredString("expiresAt"), actions.data(expired));
    }
}
