/**
 * The organization's own settings at {@code /api/organization}. Its door,
 * {@link app.clearmargin.organization.OrganizationView}, renders an organization for the admin CLI.
 */
package app.clearmargin.organization;
