package app.clearmargin.platform;

import app.clearmargin.tenancy.Organization;
import java.util.Optional;

/**
 * Fills a new demo organization with sample documents (provided by the demo data package). Called by
 * {@link DemoBootstrap} with the organization bound as the current tenant.
 */
public interface DemoData {

    void populate(Organization organization);

    /**
     * The link token of a proposal a person can open, read, accept and download now (status sent, not
     * past its expiry date), for the start-up printout. Called at every start with the organization
     * bound; when the demo has none left (accepted, rejected or expired since), one is created and sent
     * through the normal create and send path. Empty when this data offers no proposal.
     */
    default Optional<String> openProposalToken(Organization organization) {
        return Optional.empty();
    }
}
