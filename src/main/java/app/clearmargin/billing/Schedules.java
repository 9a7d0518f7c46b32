package app.clearmargin.billing;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Payment schedules of accepted proposals: created with their installments, each installment invoiced
 * when due, paid when its invoice is, due again when its invoice is voided or deleted.
 */
@Component
class Schedules {

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final Recipients recipients;
    private final Events events;

    Schedules(Registry registry, Documents documents, DocumentStore store, Recipients recipients, Events events) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.recipients = recipients;
        this.events = events;
    }

    /**
     * The schedule of an accepted proposal with payment terms: installment amounts sum exactly to the
     * proposal total (the remainder absorbs rounding); the first installment due on acceptance is
     * invoiced at once (schedule_deposit_ready).
     */
    Doc create(WriteContext ctx, Doc proposal) {
        String currency = proposal.requiredString("currency");
        List<Map<String, Object>> terms = installmentTerms(proposal);
        List<Money> amounts = Installments.split(Money.of(proposal.requiredDecimal("total"), currency), terms);
        List<Map<String, Object>> installments = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            Map<String, Object> t = terms.get(i);
            Map<String, Object> inst = new LinkedHashMap<>();
            inst.put("number", (long) (i + 1));
            inst.put(
                    "label",
                    t.get("label") == null ? "Installment " + (i + 1) + " of " + terms.size() : t.get("label"));
            inst.put("amount", amounts.get(i).plain());
            inst.put("dueDate", Installments.dueDate(t, ctx.today()).toString());
            inst.put("status", InstallmentStatus.SCHEDULED.wire());
            inst.put("invoice", null);
            installments.add(inst);
        }
        Doc schedule = documents.insertInternal(
                registry.get("payment-schedules"),
                new Doc()
                        .put("proposal", proposal.id())
                        .put("project", proposal.ref("project"))
                        .put("client", proposal.ref("client"))
                        .put("status", ScheduleStatus.ACTIVE.wire())
                        .put("total", proposal.decimal("total"))
                        .put("currency", currency)
                        .put("installments", installments),
                ctx,
                false);
        Map<String, Object> first = terms.isEmpty() ? null : terms.getFirst();
        if (first != null
                && !"date".equals(first.get("dueOn"))
                && !LocalDate.parse(
                                Objects.requireNonNull(installments.getFirst().get("dueDate"))
                                        .toString())
                        .isAfter(ctx.today())) {
            schedule = invoiceInstallment(ctx, schedule, 1, EventTypes.SCHEDULE_DEPOSIT_READY);
        }
        return schedule;
    }

    /** Invoices installment {@code number} (a draft invoice) and emits {@code event} once for it. */
    Doc invoiceInstallment(WriteContext ctx, Doc schedule, int number, String event) {
        Doc locked = store.findForUpdate("payment-schedules", schedule.id()).orElseThrow();
        List<Map<String, Object>> installments = copyItems(locked);
        Map<String, Object> inst = installments.get(number - 1);
        if (InstallmentStatus.of(String.valueOf(inst.get("status"))) != InstallmentStatus.SCHEDULED) {
            return locked;
        }
        Doc proposal = store.find("proposals", locked.requiredRef("proposal")).orElseThrow();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", inst.get("label") + " — " + proposal.string("title"));
        line.put("quantity", BigDecimal.ONE);
        line.put("unit", "flat");
        line.put("rate", inst.get("amount"));
        line.put("taxable", false);
        line.put("kind", LineKind.INSTALLMENT.wire());
        Doc invoice = documents.insertInternal(
                registry.get("invoices"),
                new Doc()
                        .put("client", locked.ref("client"))
                        .put("contact", proposal.ref("contact"))
                        .put("projects", locked.ref("project") == null ? List.of() : List.of(locked.ref("project")))
                        .put("currency", locked.string("currency"))
                        .put("lineItems", List.of(line))
                        .put("proposal", proposal.id())
                        .put("paymentSchedule", locked.id())
                        .put("installment", (long) number)
                        .put(
                                "notes",
                                "Installment " + number + " of " + installments.size() + " for proposal "
                                        + proposal.string("number") + "."),
                ctx,
                false);
        inst.put("status", InstallmentStatus.INVOICED.wire());
        inst.put("invoice", invoice.id());
        Doc saved = documents.updateChecked(
                registry.get("payment-schedules"), locked, locked.copy().put("installments", installments), ctx, null);
        events.publishOnce(ctx, event, "installment-" + number, data(saved, proposal, number, invoice.id()));
        return saved;
    }

    /** After an installment invoice is paid: the installment is paid; when all are, the schedule completes. */
    void installmentPaid(WriteContext ctx, Doc invoice) {
        if (invoice.ref("paymentSchedule") == null || invoice.get("installment") == null) {
            return;
        }
        Doc locked = store.findForUpdate("payment-schedules", invoice.ref("paymentSchedule"))
                .orElseThrow();
        List<Map<String, Object>> installments = copyItems(locked);
        int number = invoice.requiredInteger("installment");
        installments.get(number - 1).put("status", InstallmentStatus.PAID.wire());
        boolean allPaid = installments.stream()
                .allMatch(i -> InstallmentStatus.of(String.valueOf(i.get("status"))) == InstallmentStatus.PAID);
        Doc draft = locked.copy().put("installments", installments);
        if (allPaid) {
            draft.put("status", ScheduleStatus.COMPLETED.wire());
        }
        Doc saved = documents.updateChecked(registry.get("payment-schedules"), locked, draft, ctx, null);
        Doc proposal = store.find("proposals", saved.requiredRef("proposal")).orElseThrow();
        Map<String, Object> data = data(saved, proposal, number, invoice.id());
        events.publishOnce(ctx, EventTypes.SCHEDULE_INSTALLMENT_PAID, "installment-" + number, data);
        if (allPaid) {
            events.publishOnce(ctx, EventTypes.SCHEDULE_COMPLETED, "completed", new LinkedHashMap<>(data));
        }
    }

    /** A deleted or voided installment invoice puts its installment back to scheduled (the sweep invoices it again). */
    void detach(WriteContext ctx, Doc invoice) {
        if (invoice.ref("paymentSchedule") == null || invoice.get("installment") == null) {
            return;
        }
        store.findForUpdate("payment-schedules", invoice.ref("paymentSchedule")).ifPresent(schedule -> {
            List<Map<String, Object>> installments = copyItems(schedule);
            Map<String, Object> inst = installments.get(invoice.requiredInteger("installment") - 1);
            if (invoice.id().equals(inst.get("invoice"))) {
                inst.put("status", InstallmentStatus.SCHEDULED.wire());
                inst.put("invoice", null);
                documents.updateChecked(
                        registry.get("payment-schedules"),
                        schedule,
                        schedule.copy().put("installments", installments),
                        ctx,
                        null);
            }
        });
    }

    /** The project a converted proposal created, recorded on its schedule. */
    void attachProject(WriteContext ctx, String proposalId, String projectId) {
        var schedules = registry.layout("payment-schedules");
        for (Doc s : store.findWhereForUpdate(
                "payment-schedules",
                schedules
                        .<UUID>column("proposal")
                        .eq(Ids.parse("prop", proposalId).orElseThrow()))) {
            documents.updateChecked(
                    registry.get("payment-schedules"), s, s.copy().put("project", projectId), ctx, null);
        }
    }

    private Map<String, Object> data(Doc schedule, Doc proposal, int number, String invoiceId) {
        Parties parties = recipients.of(proposal);
        Map<String, Object> data = Events.data(
                "payment_schedule",
                schedule.id(),
                proposal.requiredString("number"),
                schedule.requiredDecimal("total"),
                schedule.requiredString("currency"),
                parties.client(),
                parties.contact());
        List<Map<String, Object>> installments = schedule.items("installments");
        data.put("installmentNumber", number);
        data.put("installmentCount", installments.size());
        data.put("installmentAmount", installments.get(number - 1).get("amount"));
        data.put("invoiceId", invoiceId);
        return data;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> installmentTerms(Doc proposal) {
        return proposal.object("paymentTerms")
                .map(t -> (List<Map<String, Object>>) t.get("installments"))
                .orElse(List.of());
    }

    private static List<Map<String, Object>> copyItems(Doc schedule) {
        List<Map<String, Object>> out = new ArrayList<>();
        schedule.items("installments").forEach(i -> out.add(new LinkedHashMap<>(i)));
        return out;
    }
}
