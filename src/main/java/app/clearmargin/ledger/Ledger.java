package app.clearmargin.ledger;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.TenantScope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The door of the ledger for other capabilities: revenue posted for payments and refunds (through the
 * engine, so the ledger's hooks apply) and the expenses an invoice re-bills (one statement that stamps
 * {@code updatedAt}) are written here. These writes have no audit entry of their own: each is part of
 * the caller's write (a payment, an invoice generated or voided), which has its one entry.
 */
@Component
public class Ledger {

    /** A revenue posting: positive for a payment, negative for a refund. */
    public record Revenue(
            BigDecimal amount,
            String currency,
            LocalDate date,
            String description,
            @Nullable String projectId,
            String clientId,
            String paymentId,
            Source source) {

        public enum Source {
            PAYMENT,
            REFUND
        }
    }

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final DSLContext db;

    Ledger(Registry registry, Documents documents, DocumentStore store, DSLContext db) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.db = db;
    }

    /** Posts revenue in the caller's transaction. */
    public Doc postRevenue(WriteContext ctx, Revenue revenue) {
        Doc txn = new Doc()
                .put("type", TransactionType.REVENUE.wire())
                .put("amount", revenue.amount())
                .put("currency", revenue.currency())
                .put("date", revenue.date().toString())
                .put("description", revenue.description())
                .put("project", revenue.projectId())
                .put("client", revenue.clientId())
                .put("payment", revenue.paymentId())
                .put(
                        "source",
                        switch (revenue.source()) {
                            case PAYMENT -> TransactionSource.PAYMENT.wire();
                            case REFUND -> TransactionSource.REFUND.wire();
                        });
        return documents.insertInternal(registry.get("transactions"), txn, ctx, false);
    }

    /**
     * The unbilled billable manual expenses of these projects in a period, locked for the rest of the
     * transaction, so two concurrent invoice generations never bill an expense twice.
     */
    public List<Doc> lockUnbilledExpenses(List<String> projectIds, LocalDate from, LocalDate to) {
        var tx = registry.layout("transactions");
        List<UUID> projects = projectIds.stream()
                .map(id -> Ids.parse("project", id).orElseThrow())
                .toList();
        return store.findWhereForUpdate(
                "transactions",
                tx.<UUID>column("project")
                        .in(projects)
                        .and(tx.<LocalDate>column("date").between(from, to))
                        .and(tx.<String>column("type").eq(TransactionType.EXPENSE.wire()))
                        .and(tx.<Boolean>column("billable").isTrue())
                        .and(tx.<String>column("source").eq(TransactionSource.MANUAL.wire()))
                        .and(tx.<UUID>column("invoice").isNull()));
    }

    /**
     * Expenses (locked by {@link #lockUnbilledExpenses}) re-billed on an invoice: read-only until it is
     * voided or deleted. One statement, stamping {@code updatedAt}: only the invoice changes, from which no
     * transaction hook derives anything.
     */
    public void markBilled(WriteContext ctx, List<Doc> expenses, String invoiceId) {
        if (expenses.isEmpty()) {
            return;
        }
        var tx = registry.layout("transactions");
        db.update(tx.table())
                .set(tx.<UUID>column("invoice"), Ids.parse("inv", invoiceId).orElseThrow())
                .set(tx.updatedAt(), ctx.now().atOffset(ZoneOffset.UTC))
                .where(TenantScope.of(tx.table()))
                .and(tx.id().in(expenses.stream().map(e -> e.uuid("txn")).toList()))
                .execute();
    }

    /** The expenses re-billed on a voided or deleted invoice can be billed again (one statement, as billing). */
    public void release(WriteContext ctx, String invoiceId) {
        var tx = registry.layout("transactions");
        db.update(tx.table())
                .set(tx.<UUID>column("invoice"), (UUID) null)
                .set(tx.updatedAt(), ctx.now().atOffset(ZoneOffset.UTC))
                .where(TenantScope.of(tx.table()))
                .and(tx.<UUID>column("invoice").eq(Ids.parse("inv", invoiceId).orElseThrow()))
                .execute();
    }
}
