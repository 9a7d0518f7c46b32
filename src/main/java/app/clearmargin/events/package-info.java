/**
 * Business events: written to the outbox in the writer's transaction, listed at {@code /api/events},
 * published once per occurrence for time-based ones. Its door is {@link app.clearmargin.events.Events}
 * (publish, and the common event data) with {@link app.clearmargin.events.EventTypes}, the event names
 * of the API.
 */
package app.clearmargin.events;
