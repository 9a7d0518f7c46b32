package app.clearmargin.billing;

import app.clearmargin.collections.CollectionHooks;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Errors;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.crm.Crm;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Invoices: numbered at creation; issue date today, due date after the client's (or organization's)
 * payment terms, currency the client's, contact the client's primary; totals recomputed on every
 * change; money fields and lines frozen once the invoice leaves draft; only drafts can be deleted,
 * and deleting one releases the time and expenses it billed.
 */
@Component
class InvoiceHooks implements CollectionHooks {

    /** Fields that decide what is owed; they change only while the invoice is a draft. */
    static final Set<String> FROZEN_AFTER_DRAFT = Set.of("client", "currency", "lineItems", "taxRate", "discount");

    private final DocumentStore store;
    private final Numbering numbering;
    private final Ids ids;
    private final Crm crm;
    private final TimeBilling timeBilling;
    private final Schedules schedules;

    InvoiceHooks(
            DocumentStore store, Numbering numbering, Ids ids, Crm crm, TimeBilling timeBilling, Schedules schedules) {
        this.store = store;
        this.numbering = numbering;
        this.ids = ids;
        this.crm = crm;
        this.timeBilling = timeBilling;
        this.schedules = schedules;
    }

    @Override
    public String collection() {
        return "invoices";
    }

    @Override
    public String currency(WriteContext ctx, Doc draft) {
        if (draft.has("currency")) {
            return draft.requiredString("currency");
        }
        return client(draft).map(c -> c.string("currency")).orElse(ctx.currency());
    }

    @Override
    public void validate(WriteContext ctx, Doc draft, @Nullable Doc existing, Errors errors) {
        if (existing != null && InvoiceStatus.of(existing.requiredString("status")) != InvoiceStatus.DRAFT) {
            for (String f : FROZEN_AFTER_DRAFT) {
                if (!Objects.equals(draft.get(f), existing.get(f))) {
                    throw ApiException.stateConflict(
                            "Invoice " + existing.string("number") + " is " + existing.string("status") + ": " + f
                                    + " can change only while it is a draft.",
                            existing.requiredString("status"));
                }
            }
        }
        crm.checkContactOfClient(draft, errors);
        checkProjectsOfClient(draft, errors);
        BillingRules.checkDiscount(draft, currency(ctx, draft), errors);
        if (draft.has("issueDate")
                && draft.has("dueDate")
                && !errors.has("dueDate")
                && !errors.has("issueDate")
                && draft.requiredDate("dueDate").isBefore(draft.date("issueDate"))) {
            errors.add("dueDate", "dueDate must not be before issueDate.");
        }
    }

    private void checkProjectsOfClient(Doc draft, Errors errors) {
        if (errors.has("projects") || errors.has("client") || draft.ref("client") == null) {
            return;
        }
        List<String> projects = draft.refs("projects");
        for (int i = 0; i < projects.size(); i++) {
            String p = projects.get(i);
            int index = i;
            store.find("projects", p)
                    .filter(project -> !draft.requiredRef("client").equals(project.ref("client")))
                    .ifPresent(project -> errors.add("projects." + index, "This project belongs to another client."));
        }
    }

    @Override
    public void beforeChange(WriteContext ctx, Doc draft, @Nullable Doc existing) {
        // the client only when a default needs it: a send or a payment writes an invoice whose currency and dates are
        // set
        boolean needsClient = (existing == null && draft.get("currency") == null) || draft.get("dueDate") == null;
        Doc client = needsClient ? client(draft).orElseThrow() : null;
        if (existing == null) {
            draft.put("number", numbering.next(ctx.organization(), Numbering.Kind.INVOICE));
            draft.put("status", InvoiceStatus.DRAFT.wire());
            if (draft.get("currency") == null) {
                draft.put("currency", Objects.requireNonNull(client).string("currency"));
            }
            if (draft.get("contact") == null) {
                draft.put(
                        "contact",
                        crm.primaryContact(draft.requiredRef("client"))
                                .map(Doc::id)
                                .orElse(null));
            }
            if (draft.get("amountPaid") == null) {
                draft.put("amountPaid", BigDecimal.ZERO);
            }
        }
        if (draft.get("issueDate") == null) {
            draft.put("issueDate", ctx.today().toString());
        }
        if (draft.get("dueDate") == null) {
            Integer terms = Objects.requireNonNull(client).integer("paymentTermsDays");
            LocalDate issue = draft.requiredDate("issueDate");
            draft.put(
                    "dueDate",
                    issue.plusDays(terms == null ? ctx.organization().paymentTermsDays() : terms)
                            .toString());
        }
        String currency = draft.requiredString("currency");
        LineItems.apply(
                draft, currency, ids, id -> store.find("catalog-items", id).orElse(null));
        Money total = Money.of(draft.requiredDecimal("total"), currency);
        Money paid = Money.of(draft.decimalOrZero("amountPaid"), currency);
        Money zero = Money.zero(currency);
        draft.put("amountDue", total.minus(paid).max(zero).plain());
        // a provider payment is never refused (API.md §9): what exceeds the total, or all of it on a void
        // invoice, shows here instead of as a negative amount due
        boolean voided = InvoiceStatus.of(draft.requiredString("status")) == InvoiceStatus.VOID;
        draft.put("amountOverpaid", (voided ? paid : paid.minus(total).max(zero)).plain());
    }

    @Override
    public void beforeDelete(WriteContext ctx, Doc invoice) {
        if (InvoiceStatus.of(invoice.requiredString("status")) != InvoiceStatus.DRAFT) {
            throw ApiException.stateConflict(
                    "Invoice " + invoice.string("number") + " is " + invoice.string("status")
                            + "; only drafts can be deleted (void it instead).",
                    invoice.requiredString("status"));
        }
        timeBilling.release(ctx, invoice);
        schedules.detach(ctx, invoice);
    }

    private java.util.Optional<Doc> client(Doc draft) {
        String id = draft.ref("client");
        return id == null ? java.util.Optional.empty() : store.find("clients", id);
    }
}
