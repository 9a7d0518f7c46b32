package app.clearmargin.organization;

import app.clearmargin.tenancy.Organization;
import java.util.Map;

/** The wire form of an organization, shared by the API and the admin CLI. */
public final class OrganizationView {

    private OrganizationView() {}

    public static Map<String, Object> render(Organization organization) {
        return OrganizationController.render(organization).asMap();
    }
}
