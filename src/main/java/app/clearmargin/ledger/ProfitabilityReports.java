package app.clearmargin.ledger;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.sum;

import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Layout;
import app.clearmargin.collections.Registry;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.TenantScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The profitability report (API.md §4 Reports; formulas in docs/api.md, "Reports: profitability"): revenue, labor
 * cost, direct and allocated expenses and margin per client or project over a period, in the
 * organization's currency. Sums come from SQL; the splitting of shared expenses, overhead and
 * multi-project invoices happens here, to the minor unit, so the parts always add up.
 */
@Component
class ProfitabilityReports {

    enum GroupBy {
        CLIENT("client"),
        PROJECT("project");

        final String key;

        GroupBy(String key) {
            this.key = key;
        }
    }

    /** What was asked: the grouping and the inclusive period. */
    record Period(GroupBy groupBy, LocalDate from, LocalDate to) {}

    /** The numbers of one group, or of all of them. Money is at the currency's digits; hours are exact. */
    record Figures(Money revenue, Money laborCost, Money directExpenses, Money allocatedExpenses, BigDecimal hours) {

        static Figures zero(String currency) {
            Money zero = Money.zero(currency);
            return new Figures(zero, zero, zero, zero, BigDecimal.ZERO);
        }

        Money margin() {
            return revenue.minus(laborCost).minus(directExpenses).minus(allocatedExpenses);
        }

        /** margin / revenue × 100, half-up to two decimals; null without revenue (no meaningful ratio). */
        @Nullable
        BigDecimal marginPercent() {
            if (revenue.isZero()) {
                return null;
            }
            return margin().amount()
                    .multiply(BigDecimal.valueOf(100))
                    .divide(revenue.amount(), 2, RoundingMode.HALF_UP);
        }

        Figures plus(Figures other) {
            return new Figures(
                    revenue.plus(other.revenue),
                    laborCost.plus(other.laborCost),
                    directExpenses.plus(other.directExpenses),
                    allocatedExpenses.plus(other.allocatedExpenses),
                    hours.add(other.hours));
        }

        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("revenue", revenue.plain());
            out.put("laborCost", laborCost.plain());
            out.put("directExpenses", directExpenses.plain());
            out.put("allocatedExpenses", allocatedExpenses.plain());
            out.put("margin", margin().plain());
            BigDecimal percent = marginPercent();
            out.put("marginPercent", percent == null ? null : plain(percent));
            out.put("hours", plain(hours));
            return out;
        }
    }

    record Group(String id, String name, Figures figures) {}

    /**
     * The report. {@code totals} is the sum of the groups; what belongs to no group is reported beside
     * them: revenue of invoices that name no project when their client has none, and expenses that could
     * not be spread (overhead in a period without hours, shares of deleted projects).
     */
    record Report(
            Period period,
            String currency,
            List<Group> groups,
            Figures totals,
            Money unattributedRevenue,
            Money unallocatedExpenses,
            List<String> excludedCurrencies) {

        Map<String, Object> toJson() {
            Map<String, Object> out = new LinkedHashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Group g : groups) {
                Map<String, Object> row = new LinkedHashMap<>();
                Map<String, Object> subject = new LinkedHashMap<>();
                subject.put("id", g.id());
                subject.put("name", g.name());
                row.put(period.groupBy().key, subject);
                row.putAll(g.figures().toJson());
                rows.add(row);
            }
            out.put("groupBy", period.groupBy().key);
            out.put("from", period.from().toString());
            out.put("to", period.to().toString());
            out.put("currency", currency);
            out.put("groups", rows);
            out.put("totals", totals.toJson());
            Map<String, Object> unattributed = new LinkedHashMap<>();
            unattributed.put("revenue", unattributedRevenue.plain());
            unattributed.put("expenses", unallocatedExpenses.plain());
            out.put("unattributed", unattributed);
            out.put("excludedCurrencies", excludedCurrencies);
            return out;
        }
    }

    private static final List<String> NOT_REVENUE = List.of("draft", "void");

    private final DSLContext db;
    private final Registry registry;
    private final DocumentStore store;
    private final TransactionTemplate snapshot;

    ProfitabilityReports(
            DSLContext db, Registry registry, DocumentStore store, PlatformTransactionManager transactions) {
        this.db = db;
        this.registry = registry;
        this.store = store;
        // every query of one report reads the same snapshot, so revenue, weights and costs agree
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    Report run(Organization organization, Period period) {
        return snapshot.execute(s -> new Run(organization.currency(), period).report());
    }

    /** One report being computed: per-group tallies keyed by client or project id. */
    private final class Run {

        private final String currency;
        private final Period period;
        private final Map<UUID, Tally> tallies = new HashMap<>();
        private final Map<UUID, ProjectRow> projects = new HashMap<>();
        private Money unattributedRevenue;
        private Money unallocatedExpenses;

        private final Layout invoices = registry.layout("invoices");
        private final Layout payments = registry.layout("payments");
        private final Layout entries = registry.layout("time-entries");
        private final Layout transactions = registry.layout("transactions");
        private final Layout projectTable = registry.layout("projects");
        private final Layout clients = registry.layout("clients");

        Run(String currency, Period period) {
            this.currency = currency;
            this.period = period;
            this.unattributedRevenue = Money.zero(currency);
            this.unallocatedExpenses = Money.zero(currency);
        }

        Report report() {
            Map<UUID, BigDecimal> projectHours = labor();
            directExpenses();
            sharedExpenses();
            revenue();
            overhead(projectHours);
            List<Group> groups = groups();
            Figures totals = groups.stream().map(Group::figures).reduce(Figures.zero(currency), Figures::plus);
            return new Report(
                    period, currency, groups, totals, unattributedRevenue, unallocatedExpenses, excludedCurrencies());
        }

        // ------------------------------------------------------------ labor: hours × stamped cost rate

        /** Hours and exact cost per project; returns the hours by project for the overhead split. */
        private Map<UUID, BigDecimal> labor() {
            Field<UUID> project = entries.column("project");
            Field<BigDecimal> hours = entries.column("hours");
            Field<BigDecimal> costRate = entries.column("costRate");
            Map<UUID, BigDecimal> hoursByProject = new HashMap<>();
            var rows = db.select(project, sum(hours), sum(hours.mul(coalesce(costRate, BigDecimal.ZERO))))
                    .from(entries.table())
                    .where(TenantScope.of(entries.table()))
                    .and(entries.<LocalDate>column("date").between(period.from(), period.to()))
                    .groupBy(project)
                    .fetch();
            loadProjects(rows.getValues(project));
            for (var r : rows) {
                hoursByProject.put(r.value1(), r.value2());
                Tally t = tallyOfProject(r.value1());
                t.hours = t.hours.add(r.value2());
                t.exactLaborCost = t.exactLaborCost.add(r.value3());
            }
            return hoursByProject;
        }

        // ------------------------------------------------------------ expenses

        /** Expense transactions in the organization's currency dated in the period. */
        private Condition expenses(String scope) {
            return TenantScope.of(transactions.table())
                    .and(transactions.<String>column("type").eq(TransactionType.EXPENSE.wire()))
                    .and(transactions.<String>column("scope").eq(scope))
                    .and(transactions.<String>column("currency").eq(currency))
                    .and(transactions.<LocalDate>column("date").between(period.from(), period.to()));
        }

        private void directExpenses() {
            Field<UUID> project = transactions.column("project");
            var rows = db.select(project, sum(transactions.<BigDecimal>column("amount")))
                    .from(transactions.table())
                    .where(expenses("project"))
                    .groupBy(project)
                    .fetch();
            loadProjects(rows.getValues(project));
            for (var r : rows) {
                Tally t = tallyOfProject(r.value1());
                t.directExpenses = t.directExpenses.plus(Money.of(r.value2(), currency));
            }
        }

        /** Each shared expense split by its allocation shares, exactly; a share of a deleted project stays unallocated. */
        private void sharedExpenses() {
            List<Doc> shared = store.findWhere("transactions", expenses("shared"));
            List<List<UUID>> projectsOf = new ArrayList<>();
            for (Doc expense : shared) {
                projectsOf.add(expense.items("allocations").stream()
                        .map(a -> Ids.parse("project", String.valueOf(a.get("project")))
                                .orElse(null))
                        .toList());
            }
            loadProjects(projectsOf.stream()
                    .flatMap(List::stream)
                    .filter(Objects::nonNull)
                    .toList());
            for (int e = 0; e < shared.size(); e++) {
                Doc expense = shared.get(e);
                List<BigDecimal> weights = expense.items("allocations").stream()
                        .map(a -> (BigDecimal) a.get("share"))
                        .toList();
                List<Money> parts = Shares.split(Money.of(expense.requiredDecimal("amount"), currency), weights);
                List<UUID> ids = projectsOf.get(e);
                for (int i = 0; i < parts.size(); i++) {
                    UUID id = ids.get(i);
                    if (id == null || !projects.containsKey(id)) {
                        unallocatedExpenses = unallocatedExpenses.plus(parts.get(i));
                    } else {
                        Tally t = tallyOfProject(id);
                        t.allocatedExpenses = t.allocatedExpenses.plus(parts.get(i));
                    }
                }
            }
        }

        /** All overhead of the period, spread over the groups in proportion to their hours. */
        private void overhead(Map<UUID, BigDecimal> hoursByProject) {
            BigDecimal exact = db.select(sum(transactions.<BigDecimal>column("amount")))
                    .from(transactions.table())
                    .where(expenses("overhead"))
                    .fetchOne(Record1::value1);
            if (exact == null || exact.signum() == 0) {
                return;
            }
            Money overhead = Money.of(exact, currency);
            // by group id (UUIDv7: creation order), so a tie for a leftover minor unit always goes the same way
            Map<UUID, BigDecimal> hoursByGroup = new TreeMap<>();
            hoursByProject.forEach(
                    (project, hours) -> hoursByGroup.merge(groupOfProject(project), hours, BigDecimal::add));
            if (hoursByGroup.values().stream().allMatch(h -> h.signum() == 0)) {
                unallocatedExpenses = unallocatedExpenses.plus(overhead);
                return;
            }
            List<UUID> groups = new ArrayList<>(hoursByGroup.keySet());
            List<Money> parts = Shares.split(overhead, new ArrayList<>(hoursByGroup.values()));
            for (int i = 0; i < groups.size(); i++) {
                Tally t = tally(groups.get(i));
                t.allocatedExpenses = t.allocatedExpenses.plus(parts.get(i));
            }
        }

        // ------------------------------------------------------------ revenue: invoiced totals net of refunds

        /** Invoices in the organization's currency, issued in the period, neither draft nor void. */
        private Condition invoiced() {
            return TenantScope.of(invoices.table())
                    .and(invoices.<String>column("status").notIn(NOT_REVENUE))
                    .and(invoices.<String>column("currency").eq(currency))
                    .and(invoices.<LocalDate>column("issueDate").between(period.from(), period.to()));
        }

        private void revenue() {
            Field<BigDecimal> refunded =
                    field(select(coalesce(sum(payments.<BigDecimal>column("refundedAmount")), BigDecimal.ZERO))
                            .from(payments.table())
                            .where(TenantScope.of(payments.table()))
                            .and(payments.<UUID>column("invoice").eq(invoices.id())));
            Field<UUID> client = invoices.column("client");
            Field<UUID[]> projectIds = invoices.column("projects");
            Field<BigDecimal> net =
                    invoices.<BigDecimal>column("total").minus(refunded).as("net");
            var rows = db.select(invoices.id(), client, projectIds, net)
                    .from(invoices.table())
                    .where(invoiced())
                    .orderBy(invoices.id())
                    .fetch();
            if (period.groupBy() == GroupBy.CLIENT) {
                for (var r : rows) {
                    Tally t = tally(r.value2());
                    t.revenue = t.revenue.plus(Money.of(r.value4(), currency));
                }
                return;
            }
            Map<UUID, Map<UUID, BigDecimal>> billedWork = billedWorkByInvoice();
            Map<UUID, UUID> fallbackProject = fallbackProjects(rows.stream()
                    .filter(r -> r.value3().length == 0 && !billedWork.containsKey(r.value1()))
                    .map(r -> r.value2())
                    .toList());
            for (var r : rows) {
                Money revenue = Money.of(r.value4(), currency);
                Map<UUID, BigDecimal> weights = billedWork.get(r.value1());
                if (weights == null && r.value3().length > 0) {
                    weights = new LinkedHashMap<>();
                    for (UUID p : r.value3()) {
                        weights.put(p, BigDecimal.ONE); // nothing billed through it: its projects share equally
                    }
                }
                if (weights == null) {
                    UUID fallback = fallbackProject.get(r.value2());
                    if (fallback == null) {
                        unattributedRevenue = unattributedRevenue.plus(revenue);
                    } else {
                        Tally t = tally(fallback);
                        t.revenue = t.revenue.plus(revenue);
                    }
                    continue;
                }
                List<UUID> targets = new ArrayList<>(weights.keySet());
                List<Money> parts = Shares.split(revenue, new ArrayList<>(weights.values()));
                for (int i = 0; i < targets.size(); i++) {
                    Tally t = tally(targets.get(i));
                    t.revenue = t.revenue.plus(parts.get(i));
                }
            }
        }

        /**
         * Per revenue invoice of the period, the amounts of time and expenses it billed per project: time
         * at the entries' amounts, expenses with their markup. Invoices that billed nothing are absent.
         */
        private Map<UUID, Map<UUID, BigDecimal>> billedWorkByInvoice() {
            Select<Record1<UUID>> periodInvoices =
                    select(invoices.id()).from(invoices.table()).where(invoiced());
            Field<UUID> teInvoice = entries.column("invoice");
            Field<UUID> teProject = entries.column("project");
            Field<UUID> txInvoice = transactions.column("invoice");
            Field<UUID> txProject = transactions.column("project");
            Field<BigDecimal> markup = coalesce(transactions.<BigDecimal>column("markupPercent"), BigDecimal.ZERO);
            Field<BigDecimal> billedExpense = transactions
                    .<BigDecimal>column("amount")
                    .mul(inline(BigDecimal.ONE).add(markup.div(inline(BigDecimal.valueOf(100)))));
            Map<UUID, Map<UUID, BigDecimal>> out = new HashMap<>();
            db.select(teInvoice, teProject, sum(entries.<BigDecimal>column("amount")))
                    .from(entries.table())
                    .where(TenantScope.of(entries.table()))
                    .and(teInvoice.in(periodInvoices))
                    .groupBy(teInvoice, teProject)
                    .unionAll(select(txInvoice, txProject, sum(billedExpense))
                            .from(transactions.table())
                            .where(TenantScope.of(transactions.table()))
                            .and(txInvoice.in(periodInvoices))
                            .and(txProject.isNotNull())
                            .groupBy(txInvoice, txProject))
                    .fetch()
                    .forEach(r -> out.computeIfAbsent(r.value1(), k -> new TreeMap<>())
                            .merge(r.value2(), r.value3(), BigDecimal::add));
            // work billed at zero carries no weight; an invoice whose work is all zero splits like a manual one
            out.values().forEach(w -> w.values().removeIf(v -> v.signum() == 0));
            out.values().removeIf(Map::isEmpty);
            return out;
        }

        /** For invoices naming no project: each client's default project, else its oldest one. */
        private Map<UUID, UUID> fallbackProjects(List<UUID> clientIds) {
            Map<UUID, UUID> out = new HashMap<>();
            if (clientIds.isEmpty()) {
                return out;
            }
            Field<UUID> client = projectTable.column("client");
            db.select(projectTable.id(), client)
                    .from(projectTable.table())
                    .where(TenantScope.of(projectTable.table()))
                    .and(client.in(new HashSet<>(clientIds)))
                    .orderBy(
                            projectTable.<Boolean>column("isDefault").desc(),
                            projectTable.createdAt(),
                            projectTable.id())
                    .fetch()
                    .forEach(r -> out.putIfAbsent(r.value2(), r.value1()));
            return out;
        }

        // ------------------------------------------------------------ groups

        private Tally tallyOfProject(UUID projectId) {
            return tally(groupOfProject(projectId));
        }

        private UUID groupOfProject(UUID projectId) {
            if (period.groupBy() == GroupBy.PROJECT) {
                return projectId;
            }
            loadProjects(List.of(projectId)); // no query: callers load their projects in one batch first
            return Objects.requireNonNull(projects.get(projectId), "project not loaded")
                    .client();
        }

        private Tally tally(UUID group) {
            return tallies.computeIfAbsent(group, g -> new Tally(currency));
        }

        private void loadProjects(Collection<UUID> ids) {
            List<UUID> missing = ids.stream()
                    .filter(id -> !projects.containsKey(id))
                    .distinct()
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            db.select(projectTable.id(), projectTable.<UUID>column("client"), projectTable.<String>column("name"))
                    .from(projectTable.table())
                    .where(TenantScope.of(projectTable.table()))
                    .and(projectTable.id().in(missing))
                    .fetch()
                    .forEach(r -> projects.put(r.value1(), new ProjectRow(r.value2(), r.value3())));
        }

        private List<Group> groups() {
            Map<UUID, String> names = new HashMap<>();
            String prefix;
            if (period.groupBy() == GroupBy.PROJECT) {
                prefix = "project";
                loadProjects(tallies.keySet());
                tallies.keySet()
                        .forEach(id -> names.put(
                                id,
                                Objects.requireNonNull(projects.get(id), "project not loaded")
                                        .name()));
            } else {
                prefix = "client";
                db.select(clients.id(), clients.<String>column("name"))
                        .from(clients.table())
                        .where(TenantScope.of(clients.table()))
                        .and(clients.id().in(tallies.keySet()))
                        .fetch()
                        .forEach(r -> names.put(r.value1(), r.value2()));
            }
            return tallies.entrySet().stream()
                    .map(e -> new Group(
                            Ids.format(prefix, e.getKey()),
                            Objects.requireNonNull(names.get(e.getKey()), "group without a name"),
                            e.getValue().figures()))
                    .sorted(Comparator.comparing((Group g) -> g.name().toLowerCase(Locale.ROOT))
                            .thenComparing(Group::id))
                    .toList();
        }

        /** Currencies of invoices and expenses in the period that the report leaves out. */
        private List<String> excludedCurrencies() {
            Set<String> out = new TreeSet<>();
            Field<String> invoiceCurrency = invoices.column("currency");
            Field<String> expenseCurrency = transactions.column("currency");
            db.selectDistinct(invoiceCurrency)
                    .from(invoices.table())
                    .where(TenantScope.of(invoices.table()))
                    .and(invoices.<String>column("status").notIn(NOT_REVENUE))
                    .and(invoices.<LocalDate>column("issueDate").between(period.from(), period.to()))
                    .and(invoiceCurrency.ne(currency))
                    .union(selectDistinct(expenseCurrency)
                            .from(transactions.table())
                            .where(TenantScope.of(transactions.table()))
                            .and(transactions.<String>column("type").eq(TransactionType.EXPENSE.wire()))
                            .and(transactions.<LocalDate>column("date").between(period.from(), period.to()))
                            .and(expenseCurrency.ne(currency)))
                    .fetch()
                    .forEach(r -> out.add(r.value1().trim()));
            return List.copyOf(out);
        }
    }

    private record ProjectRow(UUID client, String name) {}

    /** What one group has gathered; labor cost stays exact until the group's figures are made. */
    private static final class Tally {
        Money revenue;
        BigDecimal exactLaborCost = BigDecimal.ZERO;
        BigDecimal hours = BigDecimal.ZERO;
        Money directExpenses;
        Money allocatedExpenses;

        Tally(String currency) {
            revenue = Money.zero(currency);
            directExpenses = Money.zero(currency);
            allocatedExpenses = Money.zero(currency);
        }

        Figures figures() {
            return new Figures(
                    revenue, Money.of(exactLaborCost, revenue.currency()), directExpenses, allocatedExpenses, hours);
        }
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
