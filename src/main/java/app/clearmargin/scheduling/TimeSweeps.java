package app.clearmargin.scheduling;

import app.clearmargin.billing.Billing;
import app.clearmargin.billing.InstallmentStatus;
import app.clearmargin.billing.InvoiceStatus;
import app.clearmargin.billing.ScheduleStatus;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.collections.WriteContexts;
import app.clearmargin.events.EventTypes;
import app.clearmargin.events.Events;
import app.clearmargin.proposals.ProposalStatus;
import app.clearmargin.proposals.Proposals;
import app.clearmargin.tenancy.Organizations;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The time rules of API.md §4, per organization in its timezone: invoices due soon and overdue,
 * proposals expiring and expired, installments due. Every event is published once per document and
 * occurrence (a unique key), so running the sweep again, or on several nodes, changes nothing.
 */
@Component
public class TimeSweeps {

    private static final Logger log = LoggerFactory.getLogger(TimeSweeps.class);

    private final Organizations organizations;
    private final WriteContexts contexts;
    private final DocumentStore store;
    private final Registry registry;
    private final Billing billing;
    private final Proposals proposals;
    private final TransactionTemplate tx;
    private final Events events;

    TimeSweeps(
            Organizations organizations,
            WriteContexts contexts,
            DocumentStore store,
            Registry registry,
            Billing billing,
            Proposals proposals,
            TransactionTemplate tx,
            Events events) {
        this.events = events;
        this.organizations = organizations;
        this.contexts = contexts;
        this.store = store;
        this.registry = registry;
        this.billing = billing;
        this.proposals = proposals;
        this.tx = tx;
    }

    /** Sweeps every organization; returns how many documents were looked at. */
    public int runAll() {
        int seen = 0;
        for (UUID org : organizations.allIds()) {
            seen += new Tenant(org).call(this::sweepOrganization);
        }
        return seen;
    }

    int sweepOrganization() {
        WriteContext ctx = contexts.system("sweep");
        LocalDate today = ctx.today();
        var inv = registry.layout("invoices");
        var prop = registry.layout("proposals");
        int seen = 0;

        List<Doc> dueSoon = store.findWhere(
                "invoices",
                inv.<String>column("status")
                        .in(InvoiceStatus.SENT.wire(), InvoiceStatus.PARTIALLY_PAID.wire())
                        .and(inv.<LocalDate>column("dueDate")
                                .between(
                                        today, today.plusDays(ctx.organization().dueSoonDays()))));
        seen += each(
                notYetPublished(EventTypes.INVOICE_DUE_SOON, dueSoon, "dueDate"), d -> billing.dueSoon(ctx, d.id()));

        // an invoice still sent or partially paid must become overdue; one already overdue only lacks its event
        List<Doc> overdue = store.findWhere(
                "invoices",
                inv.<String>column("status")
                        .in(
                                InvoiceStatus.SENT.wire(),
                                InvoiceStatus.PARTIALLY_PAID.wire(),
                                InvoiceStatus.OVERDUE.wire())
                        .and(inv.<LocalDate>column("dueDate").lt(today))
                        .and(inv.<BigDecimal>column("amountDue").gt(BigDecimal.ZERO)));
        Set<String> overduePublished = events.published(
                EventTypes.INVOICE_OVERDUE, overdue.stream().map(Doc::id).toList());
        seen += each(
                overdue.stream()
                        .filter(d -> InvoiceStatus.of(d.requiredString("status")) != InvoiceStatus.OVERDUE
                                || !overduePublished.contains(d.id() + "|" + d.string("dueDate")))
                        .toList(),
                d -> billing.markOverdue(ctx, d.id()));

        List<Doc> expiring = store.findWhere(
                "proposals",
                prop.<String>column("status")
                        .eq(ProposalStatus.SENT.wire())
                        .and(prop.<LocalDate>column("expiresAt")
                                .between(
                                        today, today.plusDays(ctx.organization().expiringSoonDays()))));
        seen += each(
                notYetPublished(EventTypes.PROPOSAL_EXPIRING, expiring, "expiresAt"),
                d -> proposals.expiring(ctx, d.id()));

        List<Doc> expired = store.findWhere(
                "proposals",
                prop.<String>column("status")
                        .eq(ProposalStatus.SENT.wire())
                        .and(prop.<LocalDate>column("expiresAt").lt(today)));
        seen += each(expired, d -> proposals.expire(ctx, d.id()));

        var sched = registry.layout("payment-schedules");
        for (Doc schedule : store.findWhere(
                "payment-schedules", sched.<String>column("status").eq(ScheduleStatus.ACTIVE.wire()))) {
            List<Map<String, Object>> installments = schedule.items("installments");
            for (Map<String, Object> inst : installments) {
                if (InstallmentStatus.of(String.valueOf(inst.get("status"))) == InstallmentStatus.SCHEDULED
                        && !LocalDate.parse(
                                        Objects.requireNonNull(inst.get("dueDate"), "installment without a due date")
                                                .toString())
                                .isAfter(today)) {
                    int number = ((Number) Objects.requireNonNull(inst.get("number"), "installment without a number"))
                            .intValue();
                    seen += each(
                            List.of(schedule),
                            s -> billing.invoiceInstallment(ctx, s, number, EventTypes.SCHEDULE_INSTALLMENT_DUE));
                }
            }
        }
        return seen;
    }

    /** The documents whose {@code type} event for the current value of {@code occurrenceField} is still to come. */
    private List<Doc> notYetPublished(String type, List<Doc> docs, String occurrenceField) {
        Set<String> published =
                events.published(type, docs.stream().map(Doc::id).toList());
        return docs.stream()
                .filter(d -> !published.contains(d.id() + "|" + d.string(occurrenceField)))
                .toList();
    }

    /** Each document in its own transaction, so one failure does not stop the sweep. */
    private int each(List<Doc> docs, Consumer<Doc> work) {
        for (Doc d : docs) {
            try {
                tx.executeWithoutResult(s -> work.accept(d));
            } catch (RuntimeException e) {
                log.warn("time sweep failed for {}: {}", d.id(), e.toString());
            }
        }
        return docs.size();
    }
}
