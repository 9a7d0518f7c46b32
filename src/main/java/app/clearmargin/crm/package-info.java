/**
 * Clients, their contacts, the team members and calendar events: definitions and hooks (currency and
 * payment terms from the organization, one primary contact per client, member e-mails unique). A client
 * gets its default project and takes its currency to its projects through {@link app.clearmargin.work.Work}.
 * Its door, {@link app.clearmargin.crm.Crm}, tells billing and proposals whose contact is whose and who
 * a client's primary contact is.
 */
package app.clearmargin.crm;
