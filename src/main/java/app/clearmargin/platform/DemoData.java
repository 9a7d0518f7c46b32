package app.clearmargin.platform;

import app.clearmargin.tenancy.Organization;

/**
 * Fills a new demo organization with sample documents (provided by the demo data package). Called by
 * {@link DemoBootstrap} with the organization bound as the current tenant.
 */
public interface DemoData {

    void populate(Organization organization);
}
