/**
 * Outgoing mail: queued in the caller's transaction, sent after commit by SMTP or written to files.
 * Its door is {@link app.clearmargin.mail.Mailer}.
 */
package app.clearmargin.mail;
