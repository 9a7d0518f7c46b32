package app.clearmargin.demo;

import static app.clearmargin.demo.SeedWords.between;
import static app.clearmargin.demo.SeedWords.pick;
import static app.clearmargin.demo.SeedWords.weighted;

import app.clearmargin.billing.InvoiceStatus;
import app.clearmargin.billing.Totals;
import app.clearmargin.demo.SeedWorld.Client;
import app.clearmargin.demo.SeedWorld.Contact;
import app.clearmargin.demo.SeedWorld.Project;
import app.clearmargin.demo.SeedWorld.RateType;
import app.clearmargin.proposals.ProposalStatus;
import app.clearmargin.shared.Ids;
import app.clearmargin.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The money side of a bulk seed: invoices in every status with consistent totals, the payments,
 * receipts and revenue postings that paid (and refunded) them, proposals, and manual expenses.
 * Documents are numbered through the organization's counters, bumped once per kind, so the next
 * invoice the API creates continues the sequence without a gap.
 */
final class SeedBilling {

    private final SeedWorld world;
    private final Random random;
    private final JsonMapper json;
    /** Line item ids are minted as documents are generated, out of creation order; they only need to be unique. */
    private final SeedTimes.TimedIds lineIds = new SeedTimes.TimedIds();

    /** A line of an invoice or proposal before totals: what the API would have been sent. */
    private record Line(
            String description, BigDecimal quantity, String unit, BigDecimal rate, boolean taxable, String kind) {}

    private record Priced(
            List<Map<String, Object>> lines,
            @Nullable BigDecimal taxRate,
            @Nullable String discountType,
            @Nullable BigDecimal discountValue,
            Totals totals) {}

    private record PaymentDraft(
            Invoice invoice,
            Money amount,
            Instant paidAt,
            String method,
            @Nullable String reference,
            @Nullable String brand,
            @Nullable String last4,
            @Nullable Instant refundedAt) {}

    /** An invoice being drawn up: its fields are set step by step in {@link #invoice} before anything reads them. */
    @SuppressWarnings("NullAway.Init")
    private static final class Invoice {
        Project project;

        @Nullable
        Contact contact;

        InvoiceStatus status;
        LocalDate issue;
        LocalDate due;
        Instant createdAt;

        @Nullable
        Instant sentAt;

        @Nullable
        Instant voidedAt;

        @Nullable
        Instant paidAt;

        Instant updatedAt;
        Priced priced;
        Money paid;
        UUID id;
        String number;
        final List<PaymentDraft> payments = new ArrayList<>();
    }

    /** A proposal being drawn up: its fields are set step by step in {@link #proposals} before anything reads them. */
    @SuppressWarnings("NullAway.Init")
    private static final class Proposal {
        Client client;

        @Nullable
        Contact contact;

        ProposalStatus status;
        String title;
        LocalDate issue;
        LocalDate expires;

        @Nullable
        LocalDate eventDate;

        Instant createdAt;

        @Nullable
        Instant sentAt;

        @Nullable
        Instant decidedAt;

        Instant updatedAt;
        Priced priced;
    }

    private record Expense(
            UUID category,
            @Nullable Project project,
            LocalDate date,
            Money amount,
            String description,
            String vendor,
            boolean billable,
            @Nullable BigDecimal markup,
            Instant createdAt) {}

    SeedBilling(SeedWorld world, Random random, JsonMapper json) {
        this.world = world;
        this.random = random;
        this.json = json;
    }

    /** Generates and writes invoices, payments, receipts, transactions and proposals in the caller's transaction. */
    void write(Connection connection, SeedPlan plan, SeedReport report) throws SQLException {
        List<Invoice> invoices = invoices(plan.invoices());
        List<PaymentDraft> payments = invoices.stream()
                .flatMap(i -> i.payments.stream())
                .sorted(Comparator.comparing(PaymentDraft::paidAt))
                .toList();
        List<Proposal> proposals = proposals(plan.proposals());
        List<UUID> categories = new ArrayList<>();
        List<Instant> categoryTimes = new ArrayList<>();
        if (plan.transactions() > 0) {
            SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
            for (int i = 0; i < EXPENSE_CATEGORIES.size(); i++) {
                Instant t = world.startOf(world.windowStart.minusDays(40)).plusSeconds(600L * i);
                categoryTimes.add(t);
                categories.add(ids.at(t));
            }
        }
        List<Expense> expenses = expenses(plan.transactions(), categories);

        String prefix = world.organization.invoicePrefix();
        long firstInvoice = bump(connection, "invoice", invoices.size());
        SeedTimes.TimedIds ids = new SeedTimes.TimedIds(); // invoices are sorted by creation: numbers and ids follow it
        for (int i = 0; i < invoices.size(); i++) {
            Invoice inv = invoices.get(i);
            inv.id = ids.at(inv.createdAt);
            inv.number = prefix + SeedWorld.pad(firstInvoice + i, world.organization.numberWidth());
        }
        long firstReceipt = bump(connection, "receipt", payments.size());
        long firstProposal = bump(connection, "proposal", proposals.size());
        report.put(
                "numbers",
                numbers(
                        invoices.size(),
                        firstInvoice,
                        world.organization.invoicePrefix(),
                        payments.size(),
                        firstReceipt,
                        proposals.size(),
                        firstProposal));

        UUID org = world.organization.id();
        if (!categories.isEmpty()) {
            report.time("catalog_items", () -> writeCategories(connection, org, categories, categoryTimes));
        }
        report.time("invoices", () -> writeInvoices(connection, org, invoices));
        List<UUID> paymentIds = new ArrayList<>();
        report.time("payments", () -> writePayments(connection, org, payments, paymentIds));
        report.time("receipts", () -> writeReceipts(connection, org, payments, paymentIds, firstReceipt));
        report.time("transactions", () -> writeTransactions(connection, org, payments, paymentIds, expenses));
        if (!proposals.isEmpty()) {
            report.time("proposals", () -> writeProposals(connection, org, proposals, firstProposal));
        }
    }

    private Map<String, Object> numbers(
            int invoices,
            long firstInvoice,
            String invoicePrefix,
            int receipts,
            long firstReceipt,
            int proposals,
            long firstProposal) {
        Map<String, Object> out = new LinkedHashMap<>();
        int width = world.organization.numberWidth();
        if (invoices > 0) {
            out.put(
                    "invoices",
                    List.of(
                            invoicePrefix + SeedWorld.pad(firstInvoice, width),
                            invoicePrefix + SeedWorld.pad(firstInvoice + invoices - 1, width)));
        }
        if (receipts > 0) {
            out.put(
                    "receipts",
                    List.of(
                            world.organization.receiptPrefix() + SeedWorld.pad(firstReceipt, width),
                            world.organization.receiptPrefix() + SeedWorld.pad(firstReceipt + receipts - 1, width)));
        }
        if (proposals > 0) {
            out.put(
                    "proposals",
                    List.of(
                            world.organization.proposalPrefix() + SeedWorld.pad(firstProposal, width),
                            world.organization.proposalPrefix() + SeedWorld.pad(firstProposal + proposals - 1, width)));
        }
        return out;
    }

    /**
     * Takes {@code count} numbers of {@code kind} from the organization's counter in one step (the
     * same row {@code Numbering} increments per document); returns the first.
     */
    private long bump(Connection connection, String kind, int count) throws SQLException {
        if (count == 0) {
            return 0;
        }
        try (PreparedStatement s = connection.prepareStatement("""
                INSERT INTO number_sequences (organization_id, kind, next_value) VALUES (?, ?, ? + 1)
                ON CONFLICT (organization_id, kind) DO UPDATE SET next_value = number_sequences.next_value + ?
                RETURNING next_value - ?""")) {
            s.setObject(1, world.organization.id());
            s.setString(2, kind);
            s.setLong(3, count);
            s.setLong(4, count);
            s.setLong(5, count);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------ invoices

    private List<Invoice> invoices(int count) {
        List<Invoice> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // the peer's spread (draft 10, sent 30, paid 45, overdue 10, void 5), with our partial and refunded states
            InvoiceStatus status = InvoiceStatus.of(weighted(
                    random,
                    "draft",
                    10,
                    "sent",
                    25,
                    "partially_paid",
                    5,
                    "paid",
                    45,
                    "overdue",
                    10,
                    "void",
                    4,
                    "refunded",
                    1));
            out.add(invoice(status));
        }
        out.sort(Comparator.comparing((Invoice inv) -> inv.createdAt));
        return out;
    }

    private Invoice invoice(InvoiceStatus status) {
        Invoice inv = new Invoice();
        inv.status = status;
        for (int attempt = 0; inv.project == null; attempt++) {
            Project project = attempt < 100 ? randomProject() : world.projects.getFirst();
            int terms = project.client().paymentTermsDays();
            LocalDate issue = issueDate(status, terms);
            LocalDate created = world.dateOf(project.createdAt());
            boolean fits = issue.isAfter(created)
                    && (project.isDefault()
                            || (!issue.isBefore(project.activeFrom().minusDays(7))
                                    && !issue.isAfter(project.activeTo().plusDays(45))));
            if (fits || attempt >= 100) {
                inv.project = project;
                inv.issue = issue.isAfter(created) ? issue : created.plusDays(1);
                inv.due = inv.issue.plusDays(terms);
            }
        }
        Client client = inv.project.client();
        inv.contact = world.primaryContact(client);
        inv.createdAt = world.during(inv.issue, random);
        inv.priced = price(inv.project, false);
        String currency = client.currency();
        Money total = inv.priced.totals().total();
        inv.paid = Money.zero(currency);
        inv.updatedAt = inv.createdAt;
        if (status != InvoiceStatus.DRAFT && !(status == InvoiceStatus.VOID && random.nextBoolean())) {
            inv.sentAt = later(inv.createdAt, Duration.ofHours(random.nextInt(48)));
            inv.updatedAt = inv.sentAt;
        }
        Instant dueEnd = world.startOf(inv.due.plusDays(1));
        Instant sent = inv.sentAt != null ? inv.sentAt : inv.createdAt; // only drafts and some voids are unsent
        switch (status) {
            case PAID -> {
                if (random.nextInt(5) == 0) {
                    Money first = part(total, random);
                    Instant at = momentBetween(sent, earliest(dueEnd.plus(Duration.ofDays(20)), world.now));
                    pay(inv, first, at, null);
                    pay(
                            inv,
                            total.minus(first),
                            momentBetween(at, earliest(at.plus(Duration.ofDays(30)), world.now)),
                            null);
                } else {
                    pay(inv, total, momentBetween(sent, earliest(dueEnd.plus(Duration.ofDays(20)), world.now)), null);
                }
                inv.paidAt = inv.payments.getLast().paidAt();
            }
            case PARTIALLY_PAID -> pay(inv, part(total, random), momentBetween(sent, world.now), null);
            case OVERDUE -> {
                if (random.nextInt(4) == 0) {
                    pay(inv, part(total, random), momentBetween(sent, earliest(dueEnd, world.now)), null);
                }
                // the time sweep marks it overdue a few minutes into the day after its due date
                inv.updatedAt = latest(inv.updatedAt, earliest(dueEnd.plus(Duration.ofMinutes(5)), world.now));
            }
            case REFUNDED -> {
                Instant paidAt = momentBetween(
                        sent, earliest(dueEnd.plus(Duration.ofDays(20)), world.now.minus(Duration.ofDays(1))));
                Instant refundedAt = momentBetween(paidAt, earliest(paidAt.plus(Duration.ofDays(20)), world.now));
                pay(inv, total, paidAt, refundedAt);
                inv.paid = Money.zero(currency);
                inv.updatedAt = refundedAt;
            }
            case VOID -> {
                inv.voidedAt = later(sent, Duration.ofHours(random.nextInt(240)));
                inv.updatedAt = inv.voidedAt;
            }
            default -> {}
        }
        return inv;
    }

    private void pay(Invoice inv, Money amount, Instant at, @Nullable Instant refundedAt) {
        String method = weighted(random, "card", 45, "bank_transfer", 45, "check", 5, "cash", 5);
        String reference = switch (method) {
            case "bank_transfer" -> "TRX-" + between(random, 100_000, 999_999);
            case "check" -> "CHK-" + between(random, 1000, 9999);
            default -> null;
        };
        boolean card = method.equals("card");
        inv.payments.add(new PaymentDraft(
                inv,
                amount,
                at,
                method,
                reference,
                card ? pick(random, SeedWords.CARD_BRANDS) : null,
                card ? SeedWorld.pad(random.nextInt(10_000), 4) : null,
                refundedAt));
        inv.paid = inv.paid.plus(amount);
        inv.updatedAt = latest(inv.updatedAt, at);
    }

    /** 20–70 % of {@code total}, in whole currency units (a deposit or instalment someone would pay). */
    private static Money part(Money total, Random random) {
        BigDecimal fraction = BigDecimal.valueOf(20 + random.nextInt(51), 2);
        return Money.of(total.amount().multiply(fraction).setScale(0, RoundingMode.DOWN), total.currency());
    }

    /** An issue date that makes {@code status} true today: open invoices are not yet due, overdue ones are. */
    private LocalDate issueDate(InvoiceStatus status, int terms) {
        LocalDate today = world.today;
        return switch (status) {
            case DRAFT -> today.minusDays(random.nextInt(15));
            case SENT, PARTIALLY_PAID -> today.minusDays(random.nextInt(Math.max(1, terms)));
            case OVERDUE -> today.minusDays(between(random, 1, 120) + terms);
            default -> world.windowStart.plusDays(random.nextInt(SeedWorld.HISTORY_DAYS - 1));
        };
    }

    private Project randomProject() {
        return world.projects.get(random.nextInt(world.projects.size()));
    }

    /** Lines, tax and discount of a document for {@code project}; totals as the API computes them. */
    private Priced price(Project project, boolean proposal) {
        String currency = project.client().currency();
        List<Line> lines = new ArrayList<>();
        SeedWorld.Member lead = project.team().length == 0 ? null : world.members.get(project.team()[0]);
        BigDecimal rate = SeedWorld.effectiveRate(RateType.STANDARD, project, lead);
        lines.add(new Line(
                pick(random, SeedWords.SERVICES) + " — " + project.name(),
                BigDecimal.valueOf(between(random, 8, 320)).divide(BigDecimal.TWO),
                "hour",
                rate == null ? BigDecimal.valueOf(120) : rate,
                true,
                "service"));
        int extras = random.nextInt(proposal ? 4 : 3);
        for (int i = 0; i < extras; i++) {
            if (!proposal && random.nextInt(4) == 0) {
                lines.add(new Line(
                        "Travel expenses",
                        BigDecimal.ONE,
                        "each",
                        BigDecimal.valueOf(between(random, 2_000, 90_000), 2),
                        false,
                        "expense"));
            } else {
                lines.add(new Line(
                        pick(random, SeedWords.FIXED_FEES),
                        BigDecimal.ONE,
                        "flat",
                        BigDecimal.valueOf(50L * between(random, 5, 100)),
                        true,
                        "fixed"));
            }
        }
        BigDecimal taxRate = switch (currency) {
            case "EUR" -> BigDecimal.valueOf(19);
            case "GBP" -> BigDecimal.valueOf(20);
            case "CHF" -> new BigDecimal("8.1");
            default -> null;
        };
        String discountType = null;
        BigDecimal discountValue = null;
        int d = random.nextInt(50);
        if (d < 4) {
            discountType = "percent";
            discountValue = BigDecimal.valueOf(d < 2 ? 5 : 10);
        } else if (d == 4) {
            discountType = "amount";
            discountValue = BigDecimal.valueOf(100);
        }
        List<Totals.Line> forTotals = lines.stream()
                .map(l -> new Totals.Line(l.quantity(), l.rate(), l.taxable()))
                .toList();
        Totals totals = Totals.compute(
                forTotals,
                discountType == null
                        ? Totals.Discount.NONE
                        : new Totals.Discount(
                                discountType.equals("percent")
                                        ? Totals.DiscountType.PERCENT
                                        : Totals.DiscountType.AMOUNT,
                                discountValue),
                taxRate,
                currency);
        return new Priced(lineItems(lines, totals, proposal), taxRate, discountType, discountValue, totals);
    }

    /** The stored form of line items, key for key what the invoice and proposal hooks store. */
    private List<Map<String, Object>> lineItems(List<Line> lines, Totals totals, boolean proposal) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", Ids.format("li", lineIds.at(world.now)));
            item.put("description", l.description());
            item.put("quantity", plain(l.quantity()));
            item.put("unit", l.unit());
            item.put("rate", plain(l.rate()));
            item.put("amount", totals.lineAmounts().get(i).plain());
            item.put("taxable", l.taxable());
            item.put("kind", l.kind());
            item.put("catalogItem", null);
            item.put("timeEntries", List.of());
            item.put("transactions", List.of());
            if (proposal) {
                item.put("recipe", null);
            }
            out.add(item);
        }
        return out;
    }

    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    // ------------------------------------------------------------------ proposals

    private List<Proposal> proposals(int count) {
        List<Proposal> out = new ArrayList<>(count);
        int validity = world.organization.proposalValidityDays();
        for (int i = 0; i < count; i++) {
            Proposal p = new Proposal();
            p.status = ProposalStatus.of(
                    weighted(random, "draft", 15, "sent", 20, "accepted", 35, "rejected", 15, "expired", 15));
            LocalDate issue = switch (p.status) {
                case DRAFT -> world.today.minusDays(random.nextInt(15));
                case SENT -> world.today.minusDays(random.nextInt(Math.max(1, validity)));
                case EXPIRED -> world.today.minusDays(between(random, 1, 120) + validity);
                default -> world.windowStart.plusDays(random.nextInt(SeedWorld.HISTORY_DAYS - 2));
            };
            Project project = randomProject();
            for (int attempt = 0; attempt < 100 && !issue.isAfter(world.dateOf(project.createdAt())); attempt++) {
                project = randomProject();
            }
            if (!issue.isAfter(world.dateOf(project.createdAt()))) {
                project = world.projects.getFirst();
                issue = issue.isAfter(world.dateOf(project.createdAt()))
                        ? issue
                        : world.dateOf(project.createdAt()).plusDays(1);
            }
            p.client = project.client();
            p.contact = world.primaryContact(p.client);
            p.title = pick(random, SeedWords.PROJECT_KINDS) + " for " + p.client.name();
            p.issue = issue;
            p.expires = issue.plusDays(validity);
            p.eventDate = random.nextInt(10) < 3 ? issue.plusDays(between(random, 30, 120)) : null;
            p.createdAt = world.during(issue, random);
            p.priced = price(project, true);
            p.updatedAt = p.createdAt;
            if (p.status != ProposalStatus.DRAFT) {
                p.sentAt = later(p.createdAt, Duration.ofHours(random.nextInt(24)));
                p.updatedAt = p.sentAt;
            }
            Instant expiryEnd = world.startOf(p.expires.plusDays(1));
            switch (p.status) {
                case ACCEPTED, REJECTED ->
                    p.decidedAt =
                            momentBetween(p.sentAt != null ? p.sentAt : p.createdAt, earliest(expiryEnd, world.now));
                case EXPIRED -> p.decidedAt = earliest(expiryEnd.plus(Duration.ofMinutes(5)), world.now);
                default -> {}
            }
            if (p.decidedAt != null) {
                p.updatedAt = p.decidedAt;
            }
            out.add(p);
        }
        out.sort(Comparator.comparing((Proposal p) -> p.createdAt));
        return out;
    }

    // ------------------------------------------------------------------ expenses

    static final List<String> EXPENSE_CATEGORIES =
            List.of("Travel", "Software & subscriptions", "Contractors", "Stock media");

    private List<Expense> expenses(int count, List<UUID> categories) {
        List<Expense> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate date = world.windowStart.plusDays(random.nextInt(SeedWorld.HISTORY_DAYS));
            Project project = null;
            if (random.nextInt(100) < 85) {
                for (int attempt = 0; attempt < 100 && project == null; attempt++) {
                    Project candidate = randomProject();
                    if (!candidate.activeFrom().isAfter(date)
                            && !candidate.activeTo().isBefore(date)) {
                        project = candidate;
                    }
                }
            }
            String currency = project == null
                    ? world.organization.currency()
                    : project.client().currency();
            int category = random.nextInt(categories.size());
            boolean billable = project != null && random.nextInt(10) < 3;
            Instant created =
                    world.during(date.isBefore(world.today) ? date.plusDays(random.nextInt(2)) : date, random);
            out.add(new Expense(
                    categories.get(category),
                    project,
                    date,
                    Money.of(BigDecimal.valueOf(between(random, 2_000, 300_000), 2), currency),
                    EXPENSE_CATEGORIES.get(category) + (project == null ? " (studio)" : " — " + project.name()),
                    pick(random, SeedWords.VENDORS),
                    billable,
                    billable ? BigDecimal.valueOf(pick(random, List.of(0, 10, 15, 20))) : null,
                    created));
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    private long writeCategories(Connection connection, UUID org, List<UUID> categories, List<Instant> times)
            throws SQLException {
        try (CopyRows rows = CopyRows.open(
                connection,
                "catalog_items",
                List.of(
                        "organization_id",
                        "id",
                        "kind",
                        "name",
                        "currency",
                        "unit",
                        "tax_category",
                        "active",
                        "created_at",
                        "updated_at"))) {
            for (int i = 0; i < categories.size(); i++) {
                rows.uuid(org)
                        .uuid(categories.get(i))
                        .text("expense")
                        .text(EXPENSE_CATEGORIES.get(i))
                        .text(world.organization.currency())
                        .text("flat")
                        .text("standard")
                        .bool(true)
                        .instant(times.get(i))
                        .instant(times.get(i))
                        .endRow();
            }
            return rows.finish();
        }
    }

    private long writeInvoices(Connection connection, UUID org, List<Invoice> invoices) throws SQLException {
        try (CopyRows rows = CopyRows.open(
                connection,
                "invoices",
                List.of(
                        "organization_id",
                        "id",
                        "number",
                        "client_id",
                        "contact_id",
                        "projects_ids",
                        "status",
                        "issue_date",
                        "due_date",
                        "currency",
                        "line_items",
                        "tax_rate",
                        "discount_type",
                        "discount_value",
                        "subtotal",
                        "discount_total",
                        "tax_total",
                        "total",
                        "amount_paid",
                        "amount_due",
                        "sent_at",
                        "paid_at",
                        "voided_at",
                        "labor_display",
                        "created_at",
                        "updated_at"))) {
            for (Invoice inv : invoices) {
                Totals t = inv.priced.totals();
                rows.uuid(org)
                        .uuid(inv.id)
                        .text(inv.number)
                        .uuid(inv.project.client().id())
                        .uuid(inv.contact == null ? null : inv.contact.id())
                        .text("{" + inv.project.id() + "}")
                        .text(inv.status.wire())
                        .date(inv.issue)
                        .date(inv.due)
                        .text(inv.project.client().currency())
                        .text(json.writeValueAsString(inv.priced.lines()))
                        .decimal(inv.priced.taxRate())
                        .text(inv.priced.discountType())
                        .decimal(inv.priced.discountValue())
                        .decimal(t.subtotal().amount())
                        .decimal(t.discountTotal().amount())
                        .decimal(t.taxTotal().amount())
                        .decimal(t.total().amount())
                        .decimal(inv.paid.amount())
                        .decimal(t.total().minus(inv.paid).amount())
                        .instant(inv.sentAt)
                        .instant(inv.paidAt)
                        .instant(inv.voidedAt)
                        .text("itemized")
                        .instant(inv.createdAt)
                        .instant(inv.updatedAt)
                        .endRow();
            }
            return rows.finish();
        }
    }

    private long writePayments(Connection connection, UUID org, List<PaymentDraft> payments, List<UUID> paymentIds)
            throws SQLException {
        try (CopyRows rows = CopyRows.open(
                connection,
                "payments",
                List.of(
                        "organization_id",
                        "id",
                        "invoice_id",
                        "amount",
                        "currency",
                        "method",
                        "status",
                        "paid_at",
                        "reference",
                        "card_brand",
                        "card_last4",
                        "refunded_amount",
                        "disputed",
                        "created_at",
                        "updated_at"))) {
            SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
            for (PaymentDraft p : payments) {
                UUID id = ids.at(p.paidAt());
                paymentIds.add(id);
                rows.uuid(org)
                        .uuid(id)
                        .uuid(p.invoice().id)
                        .decimal(p.amount().amount())
                        .text(p.amount().currency())
                        .text(p.method())
                        .text("succeeded")
                        .instant(p.paidAt())
                        .text(p.reference())
                        .text(p.brand())
                        .text(p.last4())
                        .decimal(
                                p.refundedAt() == null
                                        ? BigDecimal.ZERO
                                        : p.amount().amount())
                        .bool(false)
                        .instant(p.paidAt())
                        .instant(p.refundedAt() == null ? p.paidAt() : p.refundedAt())
                        .endRow();
            }
            return rows.finish();
        }
    }

    private long writeReceipts(
            Connection connection, UUID org, List<PaymentDraft> payments, List<UUID> paymentIds, long firstNumber)
            throws SQLException {
        boolean sent = world.organization.autoSendReceipts();
        SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
        try (CopyRows rows = CopyRows.open(
                connection,
                "receipts",
                List.of(
                        "organization_id",
                        "id",
                        "number",
                        "invoice_id",
                        "payment_id",
                        "amount",
                        "currency",
                        "issued_at",
                        "sent_at",
                        "created_at",
                        "updated_at"))) {
            for (int i = 0; i < payments.size(); i++) {
                PaymentDraft p = payments.get(i);
                rows.uuid(org)
                        .uuid(ids.at(p.paidAt()))
                        .text(world.organization.receiptPrefix()
                                + SeedWorld.pad(firstNumber + i, world.organization.numberWidth()))
                        .uuid(p.invoice().id)
                        .uuid(paymentIds.get(i))
                        .decimal(p.amount().amount())
                        .text(p.amount().currency())
                        .instant(p.paidAt())
                        .instant(sent ? p.paidAt() : null)
                        .instant(p.paidAt())
                        .instant(p.paidAt())
                        .endRow();
            }
            return rows.finish();
        }
    }

    /** Revenue postings of payments and refunds (as the payment actions post them) and manual expenses, by creation time. */
    private long writeTransactions(
            Connection connection, UUID org, List<PaymentDraft> payments, List<UUID> paymentIds, List<Expense> expenses)
            throws SQLException {
        record Posting(
                Instant at,
                @Nullable PaymentDraft payment,
                @Nullable UUID paymentId,
                boolean refund,
                @Nullable Expense expense) {}
        List<Posting> postings = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            PaymentDraft p = payments.get(i);
            postings.add(new Posting(p.paidAt(), p, paymentIds.get(i), false, null));
            if (p.refundedAt() != null) {
                postings.add(new Posting(p.refundedAt(), p, paymentIds.get(i), true, null));
            }
        }
        expenses.forEach(e -> postings.add(new Posting(e.createdAt(), null, null, false, e)));
        postings.sort(Comparator.comparing(Posting::at));
        SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
        try (CopyRows rows = CopyRows.open(
                connection,
                "transactions",
                List.of(
                        "organization_id",
                        "id",
                        "type",
                        "amount",
                        "currency",
                        "date",
                        "description",
                        "vendor",
                        "category_id",
                        "scope",
                        "project_id",
                        "allocations",
                        "client_id",
                        "billable",
                        "markup_percent",
                        "payment_id",
                        "source",
                        "created_at",
                        "updated_at"))) {
            for (Posting post : postings) {
                rows.uuid(org).uuid(ids.at(post.at()));
                if (post.expense() != null) {
                    Expense e = post.expense();
                    rows.text("expense")
                            .decimal(e.amount().amount())
                            .text(e.amount().currency())
                            .date(e.date())
                            .text(e.description())
                            .text(e.vendor())
                            .uuid(e.category())
                            .text(e.project() == null ? "overhead" : "project")
                            .uuid(e.project() == null ? null : e.project().id())
                            .text("[]")
                            .uuid(
                                    e.project() == null
                                            ? null
                                            : e.project().client().id())
                            .bool(e.billable())
                            .decimal(e.markup())
                            .nul()
                            .text("manual");
                } else {
                    PaymentDraft p = Objects.requireNonNull(post.payment(), "a posting is an expense or a payment");
                    Invoice inv = p.invoice();
                    String paymentId = Ids.format("pay", Objects.requireNonNull(post.paymentId()));
                    rows.text("revenue")
                            .decimal(
                                    post.refund()
                                            ? p.amount().negate().amount()
                                            : p.amount().amount())
                            .text(p.amount().currency())
                            .date(world.dateOf(post.at()))
                            .text((post.refund() ? "Refund of payment " : "Payment ") + paymentId + " on invoice "
                                    + inv.number)
                            .nul()
                            .nul()
                            .text("project")
                            .uuid(inv.project.id())
                            .text("[]")
                            .uuid(inv.project.client().id())
                            .bool(false)
                            .nul()
                            .uuid(post.paymentId())
                            .text(post.refund() ? "refund" : "payment");
                }
                rows.instant(post.at()).instant(post.at()).endRow();
            }
            return rows.finish();
        }
    }

    private long writeProposals(Connection connection, UUID org, List<Proposal> proposals, long firstNumber)
            throws SQLException {
        SeedTimes.TimedIds ids = new SeedTimes.TimedIds();
        try (CopyRows rows = CopyRows.open(
                connection,
                "proposals",
                List.of(
                        "organization_id",
                        "id",
                        "number",
                        "client_id",
                        "contact_id",
                        "title",
                        "status",
                        "issue_date",
                        "expires_at",
                        "event_date",
                        "currency",
                        "line_items",
                        "tax_rate",
                        "discount_type",
                        "discount_value",
                        "subtotal",
                        "discount_total",
                        "tax_total",
                        "total",
                        "sent_at",
                        "accepted_at",
                        "rejected_at",
                        "expired_at",
                        "rejection_reason",
                        "created_at",
                        "updated_at"))) {
            for (int i = 0; i < proposals.size(); i++) {
                Proposal p = proposals.get(i);
                Totals t = p.priced.totals();
                rows.uuid(org)
                        .uuid(ids.at(p.createdAt))
                        .text(world.organization.proposalPrefix()
                                + SeedWorld.pad(firstNumber + i, world.organization.numberWidth()))
                        .uuid(p.client.id())
                        .uuid(p.contact == null ? null : p.contact.id())
                        .text(p.title)
                        .text(p.status.wire())
                        .date(p.issue)
                        .date(p.expires)
                        .date(p.eventDate)
                        .text(p.client.currency())
                        .text(json.writeValueAsString(p.priced.lines()))
                        .decimal(p.priced.taxRate())
                        .text(p.priced.discountType())
                        .decimal(p.priced.discountValue())
                        .decimal(t.subtotal().amount())
                        .decimal(t.discountTotal().amount())
                        .decimal(t.taxTotal().amount())
                        .decimal(t.total().amount())
                        .instant(p.sentAt)
                        .instant(p.status == ProposalStatus.ACCEPTED ? p.decidedAt : null)
                        .instant(p.status == ProposalStatus.REJECTED ? p.decidedAt : null)
                        .instant(p.status == ProposalStatus.EXPIRED ? p.decidedAt : null)
                        .text(p.status == ProposalStatus.REJECTED ? pick(random, REJECTIONS) : null)
                        .instant(p.createdAt)
                        .instant(p.updatedAt)
                        .endRow();
            }
            return rows.finish();
        }
    }

    private static final List<String> REJECTIONS = List.of(
            "Budget moved to next year.",
            "Went with another agency.",
            "Scope too large for this quarter.",
            "Project cancelled internally.");

    // ------------------------------------------------------------------ time helpers

    /** A moment between {@code from} and {@code to} (or {@code from} when the range is empty). */
    private Instant momentBetween(Instant from, Instant to) {
        long span = to.toEpochMilli() - from.toEpochMilli();
        return span <= 0 ? from : from.plusMillis((long) (random.nextDouble() * span));
    }

    private Instant later(Instant from, Duration by) {
        return earliest(from.plus(by), latest(from, world.now));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
