package app.clearmargin.billing;

import app.clearmargin.collections.Collection;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventData;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.mail.Mailer;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.shared.Times;
import app.clearmargin.tenancy.TenantScope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The billing entry point for other capabilities (proposals, scheduling) and for billing's own
 * actions: recipients, event payloads, invoice state changes, receipts, revenue postings and
 * payment schedules.
 */
@Component
public class Billing {

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final Events events;
    private final Mailer mailer;
    private final Numbering numbering;
    private final DSLContext db;

    Billing(@Lazy Registry registry, @Lazy Documents documents, @Lazy DocumentStore store, Events events, Mailer mailer,
            Numbering numbering, DSLContext db) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.events = events;
        this.mailer = mailer;
        this.numbering = numbering;
        this.db = db;
    }

    Collection invoices() {
        return registry.get("invoices");
    }

    // ------------------------------------------------------------------ recipients and events

    public Optional<Doc> primaryContact(String clientId) {
        var contacts = registry.layout("contacts");
        UUID client = Ids.parse("client", clientId).orElseThrow();
        return store.findWhere("contacts", contacts.<UUID>column("client").eq(client)
                .and(contacts.<Boolean>column("isPrimary").isTrue())).stream().findFirst();
    }

    /** Who a document is mailed to: its contact when it has an e-mail, else the client's primary contact with one. */
    public Optional<Doc> recipient(Doc document) {
        Optional<Doc> own = Optional.ofNullable(document.ref("contact")).flatMap(id -> store.find("contacts", id))
                .filter(c -> c.has("email"));
        return own.or(() -> primaryContact(document.ref("client")).filter(c -> c.has("email")));
    }

    /** The common event data of an invoice (amount = its total). */
    public Map<String, Object> invoiceData(Doc invoice) {
        return EventData.of("invoice", invoice.id(), invoice.string("number"), invoice.decimal("total"),
                invoice.string("currency"), store.find("clients", invoice.ref("client")).orElse(null), contactOf(invoice));
    }

    /** The contact an event names: the document's own contact, else the client's primary, else none. */
    public Doc contactOf(Doc document) {
        return Optional.ofNullable(document.ref("contact")).flatMap(id -> store.find("contacts", id))
                .or(() -> primaryContact(document.ref("client"))).orElse(null);
    }

    public void mail(WriteContext ctx, Doc document, Doc recipient, String subject, String body) {
        mailer.queue(ctx, document.id(), recipient.string("email"), subject, body);
    }

    // ------------------------------------------------------------------ invoice changes

    /** Writes a changed invoice (hooks recompute the totals) without an audit entry of its own. */
    Doc save(WriteContext ctx, Doc before, Doc after) {
        return documents.updateChecked(invoices(), before, after, ctx, null);
    }

    Doc lockInvoice(String id) {
        return store.findForUpdate("invoices", id).orElseThrow(ApiException::notFound);
    }

    /** Marks an unpaid, past-due invoice overdue and emits invoice_overdue once per due date. */
    public void markOverdue(WriteContext ctx, String invoiceId) {
        Doc invoice = lockInvoice(invoiceId);
        String status = invoice.string("status");
        LocalDate today = ctx.today();
        if (!(status.equals("sent") || status.equals("partially_paid") || status.equals("overdue"))
                || !invoice.date("dueDate").isBefore(today) || invoice.decimal("amountDue").signum() <= 0) {
            return;
        }
        Doc saved = invoice;
        if (!status.equals("overdue")) {
            Doc draft = invoice.copy().put("status", "overdue");
            saved = documents.updateChecked(invoices(), invoice, draft, ctx, "overdue");
        }
        Map<String, Object> data = invoiceData(saved);
        data.put("dueDate", saved.string("dueDate"));
        data.put("amountDue", saved.decimal("amountDue"));
        data.put("daysOverdue", java.time.temporal.ChronoUnit.DAYS.between(saved.date("dueDate"), today));
        events.publishOnce(ctx, EventTypes.INVOICE_OVERDUE, saved.string("dueDate"), data);
    }

    /** Emits invoice_due_soon once per invoice and due date. */
    public void dueSoon(WriteContext ctx, String invoiceId) {
        Doc invoice = store.find("invoices", invoiceId).orElseThrow();
        long days = java.time.temporal.ChronoUnit.DAYS.between(ctx.today(), invoice.date("dueDate"));
        Map<String, Object> data = invoiceData(invoice);
        data.put("dueDate", invoice.string("dueDate"));
        data.put("amountDue", invoice.decimal("amountDue"));
        data.put("daysUntilDue", days);
        events.publishOnce(ctx, EventTypes.INVOICE_DUE_SOON, invoice.string("dueDate"), data);
    }

    /** Time entries and expenses billed on an invoice become unbilled again (void or delete). */
    void releaseBilledWork(Doc invoice) {
        UUID id = invoice.uuid("inv");
        var entries = registry.layout("time-entries");
        db.update(entries.table())
                .set(entries.<UUID>column("invoice"), (UUID) null)
                .set(entries.<String>column("status"), "unbilled")
                .where(TenantScope.of(entries.table()))
                .and(entries.<UUID>column("invoice").eq(id))
                .execute();
        var transactions = registry.layout("transactions");
        db.update(transactions.table())
                .set(transactions.<UUID>column("invoice"), (UUID) null)
                .where(TenantScope.of(transactions.table()))
                .and(transactions.<UUID>column("invoice").eq(id))
                .execute();
    }

    // ------------------------------------------------------------------ receipts and ledger

    Doc issueReceipt(WriteContext ctx, Doc invoice, Doc payment) {
        Doc receipt = new Doc()
                .put("number", numbering.next(ctx.organization(), Numbering.Kind.RECEIPT))
                .put("invoice", invoice.id())
                .put("payment", payment.id())
                .put("amount", payment.decimal("amount"))
                .put("currency", payment.string("currency"))
                .put("issuedAt", Times.format(ctx.now()));
        return documents.insertInternal(registry.get("receipts"), receipt, ctx, false);
    }

    /** Marks a receipt sent, mails it when there is a recipient, and emits receipt_sent. */
    Doc sendReceipt(WriteContext ctx, Doc receipt, String auditAction) {
        Doc invoice = store.find("invoices", receipt.ref("invoice")).orElseThrow();
        Doc sent = documents.updateChecked(registry.get("receipts"), receipt,
                receipt.copy().put("sentAt", Times.format(ctx.now())), ctx, auditAction);
        recipient(invoice).ifPresent(to -> mail(ctx, sent, to, "Receipt " + sent.string("number") + " for invoice "
                + invoice.string("number"), "Thank you for your payment of " + sent.decimal("amount").toPlainString() + " "
                + sent.string("currency") + " on invoice " + invoice.string("number") + ".\nReceipt: "
                + sent.string("number") + "\n"));
        Map<String, Object> data = EventData.of("receipt", sent.id(), sent.string("number"), sent.decimal("amount"),
                sent.string("currency"), store.find("clients", invoice.ref("client")).orElse(null), contactOf(invoice));
        data.put("invoiceId", invoice.id());
        events.publish(ctx, EventTypes.RECEIPT_SENT, data);
        return sent;
    }

    /** A revenue transaction for a payment (positive) or a refund (negative), in the same transaction. */
    void postRevenue(WriteContext ctx, Doc invoice, Doc payment, BigDecimal amount, String source) {
        List<String> projects = invoice.refs("projects");
        Doc txn = new Doc()
                .put("type", "revenue")
                .put("amount", amount)
                .put("currency", invoice.string("currency"))
                .put("date", ctx.today().toString())
                .put("description", (source.equals("refund") ? "Refund of payment " : "Payment ") + payment.id()
                        + " on invoice " + invoice.string("number"))
                .put("project", projects.size() == 1 ? projects.getFirst() : null)
                .put("client", invoice.ref("client"))
                .put("payment", payment.id())
                .put("source", source);
        documents.insertInternal(registry.get("transactions"), txn, ctx, false);
    }

    // ------------------------------------------------------------------ payment schedules

    /**
     * The schedule of an accepted proposal with payment terms: installment amounts sum exactly to the
     * proposal total (the remainder absorbs rounding); the first installment due on acceptance is
     * invoiced at once (schedule_deposit_ready).
     */
    public Doc createSchedule(WriteContext ctx, Doc proposal) {
        String currency = proposal.string("currency");
        List<Map<String, Object>> terms = installmentTerms(proposal);
        List<Money> amounts = Installments.split(Money.of(proposal.decimal("total"), currency), terms);
        List<Map<String, Object>> installments = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            Map<String, Object> inst = new LinkedHashMap<>();
            inst.put("number", (long) (i + 1));
            inst.put("label", t.get("label") == null ? "Installment " + (i + 1) + " of " + terms.size() : t.get("label"));
            inst.put("amount", amounts.get(i).plain());
            inst.put("dueDate", Installments.dueDate(t, ctx.today()).toString());
            inst.put("status", "scheduled");
            inst.put("invoice", null);
            installments.add(inst);
        }
        Doc schedule = documents.insertInternal(registry.get("payment-schedules"), new Doc()
                .put("proposal", proposal.id())
                .put("project", proposal.ref("project"))
                .put("client", proposal.ref("client"))
                .put("status", "active")
                .put("total", proposal.decimal("total"))
                .put("currency", currency)
                .put("installments", installments), ctx, false);
        Map<String, Object> first = terms.isEmpty() ? null : terms.getFirst();
        if (first != null && !"date".equals(first.get("dueOn"))
                && !LocalDate.parse(installments.getFirst().get("dueDate").toString()).isAfter(ctx.today())) {
            schedule = invoiceInstallment(ctx, schedule, 1, EventTypes.SCHEDULE_DEPOSIT_READY);
        }
        return schedule;
    }

    /** Invoices installment {@code number} (a draft invoice) and emits {@code event} once for it. */
    public Doc invoiceInstallment(WriteContext ctx, Doc schedule, int number, String event) {
        Doc locked = store.findForUpdate("payment-schedules", schedule.id()).orElseThrow();
        List<Map<String, Object>> installments = copyItems(locked);
        Map<String, Object> inst = installments.get(number - 1);
        if (!"scheduled".equals(inst.get("status"))) {
            return locked;
        }
        Doc proposal = store.find("proposals", locked.ref("proposal")).orElseThrow();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", inst.get("label") + " — " + proposal.string("title"));
        line.put("quantity", BigDecimal.ONE);
        line.put("unit", "flat");
        line.put("rate", inst.get("amount"));
        line.put("taxable", false);
        line.put("kind", "installment");
        Doc invoice = documents.insertInternal(invoices(), new Doc()
                .put("client", locked.ref("client"))
                .put("contact", proposal.ref("contact"))
                .put("projects", locked.ref("project") == null ? List.of() : List.of(locked.ref("project")))
                .put("currency", locked.string("currency"))
                .put("lineItems", List.of(line))
                .put("proposal", proposal.id())
                .put("paymentSchedule", locked.id())
                .put("installment", (long) number)
                .put("notes", "Installment " + number + " of " + installments.size() + " for proposal "
                        + proposal.string("number") + "."), ctx, false);
        inst.put("status", "invoiced");
        inst.put("invoice", invoice.id());
        Doc saved = documents.updateChecked(registry.get("payment-schedules"), locked,
                locked.copy().put("installments", installments), ctx, null);
        Map<String, Object> data = scheduleData(saved, proposal, number, invoice.id());
        events.publishOnce(ctx, event, "installment-" + number, data);
        return saved;
    }

    /** After an installment invoice is paid: the installment is paid; when all are, the schedule completes. */
    void installmentPaid(WriteContext ctx, Doc invoice) {
        if (invoice.ref("paymentSchedule") == null || invoice.get("installment") == null) {
            return;
        }
        Doc locked = store.findForUpdate("payment-schedules", invoice.ref("paymentSchedule")).orElseThrow();
        List<Map<String, Object>> installments = copyItems(locked);
        int number = invoice.integer("installment");
        installments.get(number - 1).put("status", "paid");
        boolean allPaid = installments.stream().allMatch(i -> "paid".equals(i.get("status")));
        Doc draft = locked.copy().put("installments", installments);
        if (allPaid) {
            draft.put("status", "completed");
        }
        Doc saved = documents.updateChecked(registry.get("payment-schedules"), locked, draft, ctx, null);
        Doc proposal = store.find("proposals", saved.ref("proposal")).orElseThrow();
        events.publishOnce(ctx, EventTypes.SCHEDULE_INSTALLMENT_PAID, "installment-" + number,
                scheduleData(saved, proposal, number, invoice.id()));
        if (allPaid) {
            events.publishOnce(ctx, EventTypes.SCHEDULE_COMPLETED, "completed", scheduleData(saved, proposal, number, invoice.id()));
        }
    }

    /** A deleted or voided installment invoice puts its installment back to scheduled (the sweep invoices it again). */
    void detachFromSchedule(WriteContext ctx, Doc invoice) {
        if (invoice.ref("paymentSchedule") == null || invoice.get("installment") == null) {
            return;
        }
        store.findForUpdate("payment-schedules", invoice.ref("paymentSchedule")).ifPresent(schedule -> {
            List<Map<String, Object>> installments = copyItems(schedule);
            Map<String, Object> inst = installments.get(invoice.integer("installment") - 1);
            if (invoice.id().equals(inst.get("invoice"))) {
                inst.put("status", "scheduled");
                inst.put("invoice", null);
                documents.updateChecked(registry.get("payment-schedules"), schedule,
                        schedule.copy().put("installments", installments), ctx, null);
            }
        });
    }

    /** The project a converted proposal created, recorded on its schedule. */
    public void attachProject(WriteContext ctx, String proposalId, String projectId) {
        var schedules = registry.layout("payment-schedules");
        for (Doc s : store.findWhereForUpdate("payment-schedules",
                schedules.<UUID>column("proposal").eq(Ids.parse("prop", proposalId).orElseThrow()))) {
            documents.updateChecked(registry.get("payment-schedules"), s, s.copy().put("project", projectId), ctx, null);
        }
    }

    private Map<String, Object> scheduleData(Doc schedule, Doc proposal, int number, String invoiceId) {
        Map<String, Object> data = EventData.of("payment_schedule", schedule.id(), proposal.string("number"),
                schedule.decimal("total"), schedule.string("currency"),
                store.find("clients", schedule.ref("client")).orElse(null), contactOf(proposal));
        List<Map<String, Object>> installments = schedule.items("installments");
        data.put("installmentNumber", number);
        data.put("installmentCount", installments.size());
        data.put("installmentAmount", installments.get(number - 1).get("amount"));
        data.put("invoiceId", invoiceId);
        return data;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> installmentTerms(Doc proposal) {
        return proposal.object("paymentTerms").map(t -> (List<Map<String, Object>>) t.get("installments"))
                .orElse(List.of());
    }

    private static List<Map<String, Object>> copyItems(Doc schedule) {
        List<Map<String, Object>> out = new ArrayList<>();
        schedule.items("installments").forEach(i -> out.add(new LinkedHashMap<>(i)));
        return out;
    }
}
