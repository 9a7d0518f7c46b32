/**
 * Webhook endpoints and their deliveries: the SSRF guard, signing, the delivery worker that claims,
 * sends and retries across organizations, the delivery log and its actions. It reacts to the outbox;
 * no capability depends on it. Its only door, {@link app.clearmargin.webhooks.Deliveries}, lets the
 * testing endpoint run due deliveries at once.
 */
package app.clearmargin.webhooks;
