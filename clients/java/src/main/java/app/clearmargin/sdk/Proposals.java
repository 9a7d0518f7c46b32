package app.clearmargin.sdk;

import app.clearmargin.sdk.model.Project;
import app.clearmargin.sdk.model.Proposal;
import java.util.Map;

/** {@code /api/proposals} and its actions. */
public final class Proposals extends Resource<Proposal> {

    Proposals(Transport transport) {
        super(transport, "proposals", Proposal.class);
    }

    /** draft → sent ({@code proposal_sent}). */
    public Proposal send(String id) {
        return action(id, "send", null, RequestOptions.none(), Proposal.class).doc();
    }

    /** sent → accepted; with payment terms, creates the schedule and the deposit invoice. */
    public Proposal accept(String id) {
        return action(id, "accept", null, RequestOptions.none(), Proposal.class).doc();
    }

    /** sent → rejected, with an optional {@code reason}. */
    public Proposal reject(String id, Map<String, ?> body) {
        return action(id, "reject", body, RequestOptions.none(), Proposal.class).doc();
    }

    /** accepted, once (201): the project made from the proposal. */
    public Project convert(String id) {
        return action(id, "convert", null, RequestOptions.none(), Project.class).doc();
    }

    /** Any status (201): a new draft copy with a new number. */
    public Proposal duplicate(String id) {
        return action(id, "duplicate", null, RequestOptions.none(), Proposal.class).doc();
    }

    /** Any action by name, for actions newer than this SDK. */
    public <U> Result<U> act(String id, String action, Map<String, ?> body, RequestOptions options, Class<U> docType) {
        return action(id, action, body, options, docType);
    }
}
