package app.clearmargin.billing;

import static app.clearmargin.collections.Fields.date;
import static app.clearmargin.collections.Fields.optionalChoice;
import static app.clearmargin.collections.Fields.refMany;

import app.clearmargin.collections.ActionHandlers;
import app.clearmargin.collections.ActionRequest;
import app.clearmargin.collections.ActionResult;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Field;
import app.clearmargin.collections.Registry;
import app.clearmargin.collections.WriteContext;
import app.clearmargin.ledger.Ledger;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.work.Work;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * {@code POST /invoices/generate}: a draft invoice from the unbilled billable time entries (at their
 * stamped rates, minimum billable hours applied per entry) and billable expenses (plus markup) of
 * some projects in a period; those become billed (through work's and the ledger's doors). The rows
 * are locked first, so two concurrent generations never bill an entry twice. Voiding or deleting the
 * invoice releases them.
 */
@Component
class TimeBilling implements ActionHandlers {

    static final List<Field> BODY = List.of(
            refMany("projects", "projects").asRequired(),
            date("from").asRequired(),
            date("to").asRequired(),
            optionalChoice("laborDisplay", "itemized", "consolidated"));

    private final Documents documents;
    private final DocumentStore store;
    private final Registry registry;
    private final Work work;
    private final Ledger ledger;

    TimeBilling(Documents documents, DocumentStore store, Registry registry, Work work, Ledger ledger) {
        this.documents = documents;
        this.store = store;
        this.registry = registry;
        this.work = work;
        this.ledger = ledger;
    }

    @Override
    public List<Binding> handlers() {
        return List.of(ActionHandlers.on("invoices", "generate", this::generate));
    }

    ActionResult generate(ActionRequest request) {
        WriteContext ctx = request.context();
        Map<String, Object> body = documents.validateAction("invoices", BODY, request.body());
        @SuppressWarnings("unchecked")
        List<String> projectIds = (List<String>) Objects.requireNonNull(body.get("projects"), "projects");
        if (projectIds.isEmpty()) {
            throw ApiException.invalidField("invoices", "projects", "Name at least one project.");
        }
        LocalDate from =
                LocalDate.parse(Objects.requireNonNull(body.get("from"), "from").toString());
        LocalDate to =
                LocalDate.parse(Objects.requireNonNull(body.get("to"), "to").toString());
        if (to.isBefore(from)) {
            throw ApiException.invalidField("invoices", "to", "to must not be before from.");
        }
        List<Doc> projects = projectIds.stream()
                .map(id -> store.find("projects", id).orElseThrow())
                .toList();
        String clientId = projects.getFirst().requiredRef("client");
        for (int i = 0; i < projects.size(); i++) {
            if (!clientId.equals(projects.get(i).ref("client"))) {
                throw ApiException.invalidField(
                        "invoices", "projects." + i, "All projects of one invoice belong to one client.");
            }
        }
        String display = body.get("laborDisplay") == null
                ? "itemized"
                : body.get("laborDisplay").toString();

        List<Doc> entries = work.lockUnbilled(projectIds, from, to);
        List<Doc> expenses = ledger.lockUnbilledExpenses(projectIds, from, to);
        if (entries.isEmpty() && expenses.isEmpty()) {
            throw ApiException.conflict(
                    "Nothing to invoice: no unbilled billable time or expenses for these projects from " + from + " to "
                            + to + ".");
        }

        Doc client = store.find("clients", clientId).orElseThrow();
        String currency = client.requiredString("currency");
        // an expense is re-billed at its amount: in another currency that number would mean other money
        List<String> foreign = expenses.stream()
                .filter(e -> !currency.equals(e.string("currency")))
                .map(Doc::id)
                .toList();
        if (!foreign.isEmpty()) {
            throw ApiException.conflict(
                    "Billable expenses " + String.join(", ", foreign) + " are not in " + currency
                            + ", the currency of this client's invoices; change their currency or make them non-billable.",
                    Map.of("transactions", foreign));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Doc project : projects) {
            List<Doc> mine = entries.stream()
                    .filter(e -> project.id().equals(e.ref("project")))
                    .toList();
            lines.addAll(
                    "consolidated".equals(display)
                            ? consolidated(project, mine, ctx.organization(), currency)
                            : itemized(project, mine, ctx.organization()));
        }
        for (Doc e : expenses) {
            lines.add(expenseLine(e, currency));
        }
        Doc invoice = documents.insertInternal(
                registry.get("invoices"),
                new Doc()
                        .put("client", clientId)
                        .put("projects", projectIds)
                        .put("currency", currency)
                        .put("laborDisplay", display)
                        .put("lineItems", lines),
                ctx,
                false);
        work.markBilled(ctx, entries, invoice.id());
        ledger.markBilled(ctx, expenses, invoice.id());
        documents.recordAction(ctx, registry.get("invoices"), "generate", null, invoice);
        return ActionResult.created(
                "invoices",
                invoice,
                "Invoice generated from " + entries.size() + " time entries and " + expenses.size() + " expenses.");
    }

    /** Time entries and expenses billed on an invoice become unbilled again (void or delete). */
    void release(WriteContext ctx, Doc invoice) {
        work.release(ctx, invoice.id());
        ledger.release(ctx, invoice.id());
    }

    /** Hours an entry is billed for: at least the organization's minimum for its rate type. */
    static BigDecimal billableHours(Doc entry, Organization org) {
        return entry.requiredDecimal("hours").max(org.minimumBillableHours().of(entry.requiredString("rateType")));
    }

    /** One line per (member, rate type, rate) of a project: quantity = hours, rate = the stamped rate. */
    private List<Map<String, Object>> itemized(Doc project, List<Doc> entries, Organization org) {
        Map<List<Object>, List<Doc>> groups = new LinkedHashMap<>();
        for (Doc e : entries) {
            groups.computeIfAbsent(
                            List.of(Objects.toString(e.ref("member"), ""), e.string("rateType"), rate(e)),
                            k -> new ArrayList<>())
                    .add(e);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Doc>> g : groups.entrySet()) {
            Doc first = g.getValue().getFirst();
            String member = first.ref("member") == null
                    ? "Unassigned"
                    : store.find("members", first.ref("member"))
                            .map(m -> m.string("name"))
                            .orElse("Unassigned");
            BigDecimal hours =
                    g.getValue().stream().map(e -> billableHours(e, org)).reduce(BigDecimal.ZERO, BigDecimal::add);
            lines.add(line(
                    member + " — " + title(first.requiredString("rateType")) + " (" + project.string("name") + ")",
                    hours,
                    "hour",
                    rate(first),
                    g.getValue(),
                    List.of()));
        }
        return lines;
    }

    /** One flat line per project whose rate is the sum of its entries' amounts. */
    private List<Map<String, Object>> consolidated(Doc project, List<Doc> entries, Organization org, String currency) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Money sum = Money.zero(currency);
        for (Doc e : entries) {
            sum = sum.plus(Money.of(billableHours(e, org).multiply(rate(e)), currency));
        }
        return List.of(line(
                "Professional services — " + project.string("name"),
                BigDecimal.ONE,
                "flat",
                sum.plain(),
                entries,
                List.of()));
    }

    private static Map<String, Object> expenseLine(Doc expense, String currency) {
        BigDecimal markup = expense.decimalOrZero("markupPercent");
        BigDecimal billed = Money.of(
                        expense.requiredDecimal("amount").multiply(BigDecimal.ONE.add(markup.movePointLeft(2))),
                        currency)
                .plain();
        String description = expense.string("description") != null
                ? expense.string("description")
                : expense.string("vendor") != null ? expense.string("vendor") : "Expense";
        Map<String, Object> line = line(description, BigDecimal.ONE, "each", billed, List.of(), List.of(expense));
        line.put("kind", LineKind.EXPENSE.wire());
        return line;
    }

    private static Map<String, Object> line(
            String description,
            BigDecimal quantity,
            String unit,
            BigDecimal rate,
            List<Doc> entries,
            List<Doc> transactions) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("description", description);
        line.put("quantity", quantity);
        line.put("unit", unit);
        line.put("rate", rate);
        line.put("taxable", true);
        line.put("kind", LineKind.TIME.wire());
        line.put("timeEntries", entries.stream().map(Doc::id).toList());
        line.put("transactions", transactions.stream().map(Doc::id).toList());
        return line;
    }

    private static BigDecimal rate(Doc entry) {
        return entry.decimalOrZero("rate");
    }

    private static String title(String rateType) {
        return switch (rateType) {
            case "overtime" -> "Overtime";
            case "rush" -> "Rush";
            default -> "Standard";
        };
    }
}
