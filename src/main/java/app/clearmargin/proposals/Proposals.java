package app.clearmargin.proposals;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Times;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The proposal entry point: for the time sweeps (expiring soon, and expired) and for the client's accept
 * and reject through the proposal's link (API.md §8), which run the same code as the API actions.
 */
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

    /** The longest rejection reason a client may give. */
    public static final int REASON_MAX = ProposalActions.REASON_MAX;

    /** Whether the client may still accept or reject {@code proposal} today: sent and not past its expiry date. */
    public static boolean open(Doc proposal, LocalDate today) {
        LocalDate expiresAt = proposal.date("expiresAt");
        return ProposalStatus.of(proposal.requiredString("status")) == ProposalStatus.SENT
                && (expiresAt == null || !expiresAt.isBefore(today));
    }

    /**
     * The client accepts through the link, in the caller's transaction: the API's accept (status,
     * schedule, deposit invoice, event with {@code via: client_link} and {@code acceptedBy}) plus the
     * proposal's {@code acceptance}. {@code documentSha256} is given the locked proposal as it stood
     * (the PDF the client was shown). 409 when it is not open.
     */
    public Doc acceptByClient(
            WriteContext ctx,
            String proposalId,
            String name,
            String ip,
            @Nullable String userAgent,
            Function<Doc, String> documentSha256) {
        Doc proposal = lockOpen(ctx, proposalId, "accept");
        Map<String, Object> acceptance = new LinkedHashMap<>();
        acceptance.put("name", name);
        acceptance.put("at", Times.format(ctx.now()));
        acceptance.put("ip", ip);
        acceptance.put("userAgent", userAgent);
        acceptance.put("documentSha256", documentSha256.apply(proposal));
        return actions.accept(ctx, proposal, acceptance);
    }

    /** The client rejects through the link: the API's reject plus the proposal's {@code rejection}. */
    public Doc rejectByClient(
            WriteContext ctx,
            String proposalId,
            @Nullable String name,
            @Nullable String reason,
            String ip,
            @Nullable String userAgent) {
        Doc proposal = lockOpen(ctx, proposalId, "reject");
        Map<String, Object> rejection = new LinkedHashMap<>();
        rejection.put("name", name);
        rejection.put("reason", reason);
        rejection.put("at", Times.format(ctx.now()));
        rejection.put("ip", ip);
        rejection.put("userAgent", userAgent);
        return actions.reject(ctx, proposal, reason, rejection);
    }

    private Doc lockOpen(WriteContext ctx, String proposalId, String action) {
        Doc proposal = store.findForUpdate("proposals", proposalId).orElseThrow(ApiException::notFound);
        if (ProposalStatus.of(proposal.requiredString("status")) == ProposalStatus.SENT
                && !open(proposal, ctx.today())) {
            throw ApiException.stateConflict(
                    "Proposal " + proposal.string("number") + " expired on " + proposal.string("expiresAt")
                            + "; it can no longer be " + action + "ed.",
                    ProposalStatus.EXPIRED.wire());
        }
        return proposal;
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
