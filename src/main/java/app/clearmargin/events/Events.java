package app.clearmargin.events;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Times;
import app.clearmargin.tenancy.TenantScope;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes business events into the outbox, in the caller's transaction: an action that rolls back
 * emits nothing, and a committed one is delivered even if the node dies right after the commit.
 */
@Component
public class Events {

    /** Told (after commit, in process) that the outbox has new rows, so delivery starts at once. */
    public record OutboxWritten() {}

    /** Which time-based events were published for which document and occurrence (the once-only key). */
    private static final org.jooq.Table<?> OCCURRENCES = DSL.table(DSL.name("event_occurrences"));

    private final DocumentStore store;
    private final Ids ids;
    private final DSLContext db;
    private final ApplicationEventPublisher publisher;

    Events(DocumentStore store, Ids ids, DSLContext db, ApplicationEventPublisher publisher) {
        this.store = store;
        this.ids = ids;
        this.db = db;
        this.publisher = publisher;
    }

    /**
     * The common {@code data} of an event (API.md §5): the document, its amount and currency, the client
     * and the contact (or null); callers add the fields of their event.
     */
    public static Map<String, Object> data(
            String documentType,
            String documentId,
            String documentNumber,
            java.math.BigDecimal amount,
            String currency,
            @Nullable Doc client,
            @Nullable Doc contact) {
        return EventData.of(documentType, documentId, documentNumber, amount, currency, client, contact);
    }

    /** Records the event; returns its id. {@code data} must hold documentType and documentId. */
    public String publish(WriteContext ctx, String type, Map<String, Object> data) {
        return write(ctx, ids.newUuid(), type, data);
    }

    /**
     * The {@code documentId|occurrence} pairs among these documents for which {@code type} was published
     * already, so a sweep can skip them without opening a transaction per document.
     */
    public java.util.Set<String> published(String type, java.util.Collection<String> documentIds) {
        if (documentIds.isEmpty()) {
            return java.util.Set.of();
        }
        var doc = DSL.field(DSL.name("document_id"), String.class);
        var occurrence = DSL.field(DSL.name("occurrence"), String.class);
        return new java.util.HashSet<>(db.select(doc, occurrence)
                .from(OCCURRENCES)
                .where(TenantScope.of(OCCURRENCES))
                .and(DSL.field(DSL.name("event"), String.class).eq(type))
                .and(doc.in(documentIds))
                .fetch(r -> r.value1() + "|" + r.value2()));
    }

    /**
     * Publishes a time-based event at most once per document, event and occurrence (e.g. the due date),
     * however often and on however many nodes the sweep runs. Returns whether it was published now.
     */
    public boolean publishOnce(WriteContext ctx, String type, String occurrence, Map<String, Object> data) {
        UUID eventId = ids.newUuid();
        int claimed = db.insertInto(OCCURRENCES)
                .set(TenantScope.column(OCCURRENCES), TenantScope.organizationId())
                .set(DSL.field(DSL.name("document_id")), data.get("documentId"))
                .set(DSL.field(DSL.name("event")), type)
                .set(DSL.field(DSL.name("occurrence")), occurrence)
                .set(DSL.field(DSL.name("event_id")), eventId)
                .set(DSL.field(DSL.name("created_at")), OffsetDateTime.ofInstant(ctx.now(), ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
        if (claimed == 0) {
            return false;
        }
        write(ctx, eventId, type, data);
        return true;
    }

    private String write(WriteContext ctx, UUID eventId, String type, Map<String, Object> data) {
        String now = Times.format(ctx.now());
        Doc event = new Doc()
                .put("id", Ids.format("evt", eventId))
                .put("type", type)
                .put("documentType", data.get("documentType"))
                .put("documentId", data.get("documentId"))
                .put("data", data)
                .put("createdAt", now)
                .put("updatedAt", now);
        store.insert("events", event, Map.of());
        publisher.publishEvent(new OutboxWritten());
        return event.id();
    }
}
