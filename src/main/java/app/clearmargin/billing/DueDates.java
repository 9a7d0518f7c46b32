package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.ApiException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Invoices due soon and overdue (the time sweeps' billing work). */
@Component
class DueDates {

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final Recipients recipients;
    private final Events events;

    DueDates(Registry registry, Documents documents, DocumentStore store, Recipients recipients, Events events) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.recipients = recipients;
        this.events = events;
    }

    /** Marks an unpaid, past-due invoice overdue and emits invoice_overdue once per due date. */
    void markOverdue(WriteContext ctx, String invoiceId) {
        Doc invoice = store.findForUpdate("invoices", invoiceId).orElseThrow(ApiException::notFound);
        InvoiceStatus status = InvoiceStatus.of(invoice.requiredString("status"));
        LocalDate today = ctx.today();
        boolean unpaid = switch (status) {
            case SENT, PARTIALLY_PAID, OVERDUE -> true;
            case DRAFT, PAID, VOID, REFUNDED -> false;
        };
        if (!unpaid
                || !invoice.requiredDate("dueDate").isBefore(today)
                || invoice.requiredDecimal("amountDue").signum() <= 0) {
            return;
        }
        Doc saved = invoice;
        if (status != InvoiceStatus.OVERDUE) {
            Doc draft = invoice.copy().put("status", InvoiceStatus.OVERDUE.wire());
            saved = documents.updateChecked(registry.get("invoices"), invoice, draft, ctx, "overdue");
        }
        Map<String, Object> data = recipients.of(saved).eventData("invoice", saved);
        data.put("dueDate", saved.string("dueDate"));
        data.put("amountDue", saved.decimal("amountDue"));
        data.put("daysOverdue", ChronoUnit.DAYS.between(saved.date("dueDate"), today));
        events.publishOnce(ctx, EventTypes.INVOICE_OVERDUE, saved.requiredString("dueDate"), data);
    }

    /** Emits invoice_due_soon once per invoice and due date. */
    void dueSoon(WriteContext ctx, String invoiceId) {
        Doc invoice = store.find("invoices", invoiceId).orElseThrow();
        long days = ChronoUnit.DAYS.between(ctx.today(), invoice.date("dueDate"));
        Map<String, Object> data = recipients.of(invoice).eventData("invoice", invoice);
        data.put("dueDate", invoice.string("dueDate"));
        data.put("amountDue", invoice.decimal("amountDue"));
        data.put("daysUntilDue", days);
        events.publishOnce(ctx, EventTypes.INVOICE_DUE_SOON, invoice.requiredString("dueDate"), data);
    }
}
