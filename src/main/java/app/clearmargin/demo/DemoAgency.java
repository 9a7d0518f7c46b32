package app.clearmargin.demo;

import static app.clearmargin.demo.DemoTimeline.fields;

import app.clearmargin.billing.Billing;
import app.clearmargin.collections.Doc;
import app.clearmargin.collections.DocumentStore;
import app.clearmargin.collections.Documents;
import app.clearmargin.collections.Registry;
import app.clearmargin.demo.DemoCast.Client;
import app.clearmargin.demo.DemoCast.Project;
import app.clearmargin.demo.DemoCast.Scope;
import app.clearmargin.demo.DemoCast.Work;
import app.clearmargin.platform.DemoData;
import app.clearmargin.proposals.Proposals;
import app.clearmargin.shared.Money;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo organization's data (API.md §6): Northwind Studio, a small agency, six months into its
 * year — clients and contacts, projects with milestones and calendar events, about five hundred
 * time entries, expenses and overhead, monthly invoices generated from time and paid, late or
 * partly, invoices and proposals in every status, a payment schedule under way, a refund, receipts.
 * Everything is written through the domain code (see {@link DemoTimeline}) in one transaction, with
 * a fixed random seed: the same day gives the same demo.
 */
@Component
class DemoAgency implements DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoAgency.class);
    private static final long SEED = 20_240_601L;
    /** The demo agency as its clients see it on documents (API.md §8), by column. */
    static final Map<String, Object> IDENTITY = Map.ofEntries(
            Map.entry("legal_name", "Northwind Studio GmbH"),
            Map.entry("address_line1", "Torstraße 140"),
            Map.entry("address_city", "Berlin"),
            Map.entry("address_postal_code", "10119"),
            Map.entry("address_country", "DE"),
            Map.entry("email", "billing@northwind-studio.example"),
            Map.entry("phone", "+49 30 5557 0140"),
            Map.entry("website", "https://northwind-studio.example"),
            Map.entry("tax_id", "DE298765432"),
            Map.entry("locale", "en-US"),
            Map.entry(
                    "payment_instructions",
                    "Bank transfer to Northwind Studio GmbH\nIBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX\n"
                            + "Please quote the invoice number."),
            Map.entry("brand_color", "#0f766e"));

    /** How far back the time entries go. */
    static final int HISTORY_DAYS = 182;
    /** The client of the proposal that waits for an answer (and of its successors, see openProposalToken). */
    private static final Client GREENLEAF = DemoCast.CLIENTS.stream()
            .filter(c -> c.key().equals("greenleaf"))
            .findFirst()
            .orElseThrow();

    private final Registry registry;
    private final Documents documents;
    private final DocumentStore store;
    private final Billing billing;
    private final Proposals proposals;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Organizations organizations;

    DemoAgency(
            Registry registry,
            Documents documents,
            DocumentStore store,
            Billing billing,
            Proposals proposals,
            JsonMapper json,
            Clock clock,
            TransactionTemplate tx,
            Organizations organizations) {
        this.registry = registry;
        this.documents = documents;
        this.store = store;
        this.billing = billing;
        this.proposals = proposals;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.organizations = organizations;
    }

    @Override
    public void populate(Organization organization) {
        long t0 = System.nanoTime();
        tx.executeWithoutResult(s -> {
            organizations.update(IDENTITY);
            new Script(organization, clock.instant()).run();
        });
        log.info("demo data for {} written in {} ms", organization.publicId(), (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public Optional<String> openProposalToken(Organization organization) {
        return Objects.requireNonNull(tx.execute(s -> {
            Instant now = clock.instant();
            LocalDate today = organization.today(now);
            var layout = registry.layout("proposals");
            for (Doc p :
                    store.findWhere("proposals", layout.<String>column("status").eq("sent"))) {
                String token = p.string("publicUrl");
                if (token != null && Proposals.open(p, today)) {
                    return Optional.of(token);
                }
            }
            // none open any more: a new one for the same client, created and sent as through the API
            var clientLayout = registry.layout("clients");
            List<Doc> clients = store.findWhere(
                    "clients", clientLayout.<String>column("name").eq(GREENLEAF.name()));
            if (clients.isEmpty()) {
                return Optional.empty();
            }
            DemoTimeline timeline = new DemoTimeline(organization, registry, documents, json, now);
            List<Doc> sent = new ArrayList<>();
            timeline.schedule(now, () -> {
                Doc proposal = timeline.create(
                        "proposals", nextProposal(clients.getFirst().id()));
                sent.add(timeline.act("proposals", proposal.id(), "send", Map.of())
                        .requireDoc());
            });
            timeline.run();
            log.info(
                    "demo: proposal {} created and sent, so the start-up printout has one to open",
                    sent.getFirst().id());
            return Optional.ofNullable(sent.getFirst().string("publicUrl"));
        }));
    }

    private static Map<String, Object> nextProposal(String clientId) {
        return fields(
                "client",
                clientId,
                "title",
                "Brand identity & packaging — phase 2",
                "lineItems",
                List.of(
                        fields(
                                "description",
                                "Packaging system (4 more SKUs)",
                                "quantity",
                                4,
                                "unit",
                                "each",
                                "rate",
                                1250,
                                "kind",
                                "fixed"),
                        fields(
                                "description",
                                "Shelf and point-of-sale design",
                                "quantity",
                                1,
                                "unit",
                                "flat",
                                "rate",
                                3600,
                                "kind",
                                "fixed")),
                "paymentTerms",
                fields(
                        "installments",
                        List.of(
                                fields("label", "Deposit", "type", "percent", "value", 30),
                                fields("label", "On delivery", "type", "remainder", "offsetDays", 30))));
    }

    /** One run of the demo: the timeline, the random source, and the ids of what it created by key. */
    private final class Script {

        private final DemoTimeline timeline;
        private final LocalDate today;
        private final Random random = new Random(SEED);
        private final ByKey<String> members = new ByKey<>();
        private final ByKey<String> catalog = new ByKey<>();
        private final ByKey<String> clients = new ByKey<>();
        private final ByKey<String> generalProjects = new ByKey<>();
        private final ByKey<String> projects = new ByKey<>();
        private final ByKey<Client> clientsByKey = new ByKey<>();
        /** The time entries and billable expenses planned, to know which months of which projects have something to bill. */
        private final List<Billable> billables = new ArrayList<>();

        private record Billable(String project, LocalDate date) {}

        Script(Organization organization, Instant now) {
            this.timeline = new DemoTimeline(organization, registry, documents, json, now);
            this.today = timeline.today();
            DemoCast.CLIENTS.forEach(c -> clientsByKey.put(c.key(), c));
        }

        void run() {
            team();
            catalogItems();
            clientsAndContacts();
            for (Project p : DemoCast.PROJECTS) {
                project(p);
            }
            timeEntries();
            expenses();
            calendar();
            proposalsAndTheirProjects();
            monthlyInvoices();
            fixedFeeInvoices();
            notableInvoices();
            timeline.run();
        }

        // -------------------------------------------------------------- dates

        private LocalDate daysAgo(int days) {
            return today.minusDays(days);
        }

        private Instant at(int daysAgo, int hour, int minute) {
            return timeline.at(daysAgo(daysAgo), hour, minute);
        }

        private static boolean weekend(LocalDate d) {
            return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
        }

        /** The next weekday on or after {@code d}. */
        private static LocalDate weekday(LocalDate d) {
            while (weekend(d)) {
                d = d.plusDays(1);
            }
            return d;
        }

        // -------------------------------------------------------------- team, catalog, clients

        private void team() {
            timeline.schedule(at(240, 9, 0), () -> {
                for (DemoCast.Member m : DemoCast.MEMBERS) {
                    Doc member = timeline.create(
                            "members",
                            fields(
                                    "name",
                                    m.name(),
                                    "email",
                                    m.email(),
                                    "role",
                                    m.role(),
                                    "rates",
                                    fields("standard", m.standard(), "overtime", m.overtime(), "rush", m.rush()),
                                    "costRate",
                                    m.costRate()));
                    members.put(m.key(), member.id());
                    if (m.leftDaysAgo() != null) {
                        timeline.schedule(
                                at(m.leftDaysAgo(), 18, 0),
                                () -> timeline.update("members", member.id(), fields("active", false)));
                    }
                }
            });
        }

        private void catalogItems() {
            timeline.schedule(at(235, 11, 0), () -> {
                for (String[] category : new String[][] {
                    {"software", "Software & subscriptions"},
                    {"travel", "Travel"},
                    {"freelancers", "Freelancers & contractors"},
                    {"stock", "Stock media & fonts"},
                    {"printing", "Printing & production"},
                    {"rent", "Rent & utilities"},
                    {"equipment", "Equipment"}
                }) {
                    catalog.put(
                            category[0],
                            timeline.create("catalog-items", fields("kind", "expense", "name", category[1]))
                                    .id());
                }
                charge(
                        "workshop",
                        "Brand strategy workshop",
                        "WS-BRAND",
                        2400,
                        "flat",
                        "Half-day workshop with the client's team.");
                charge(
                        "ux-audit",
                        "UX audit",
                        "UX-AUDIT",
                        1800,
                        "flat",
                        "Heuristic review with a prioritised findings report.");
                charge(
                        "care",
                        "Website care plan (monthly)",
                        "CARE-M",
                        390,
                        "flat",
                        "Updates, backups and 2 hours of small changes.");
                charge("onsite", "On-site day", "DAY-ONSITE", 1200, "day", "A day at the client's premises.");
                catalog.put(
                        "banner",
                        timeline.create(
                                        "catalog-items",
                                        fields(
                                                "kind",
                                                "material",
                                                "name",
                                                "Vinyl banner 2×1 m",
                                                "sku",
                                                "MAT-BANNER",
                                                "defaultRate",
                                                85,
                                                "unit",
                                                "each"))
                                .id());
                catalog.put(
                        "frame",
                        timeline.create(
                                        "catalog-items",
                                        fields(
                                                "kind",
                                                "material",
                                                "name",
                                                "Aluminium banner frame",
                                                "sku",
                                                "MAT-FRAME",
                                                "defaultRate",
                                                140,
                                                "unit",
                                                "each"))
                                .id());
                catalog.put(
                        "booth-kit",
                        timeline.create(
                                        "catalog-items",
                                        fields(
                                                "kind",
                                                "charge",
                                                "name",
                                                "Trade-show booth kit",
                                                "sku",
                                                "KIT-BOOTH",
                                                "unit",
                                                "each",
                                                "description",
                                                "Two banners on a frame, shipped and set up.",
                                                "recipe",
                                                fields(
                                                        "components",
                                                        List.of(
                                                                fields(
                                                                        "catalogItem",
                                                                        catalog.get("banner"),
                                                                        "quantity",
                                                                        2,
                                                                        "markup",
                                                                        new BigDecimal("1.4")),
                                                                fields(
                                                                        "catalogItem",
                                                                        catalog.get("frame"),
                                                                        "quantity",
                                                                        1,
                                                                        "markup",
                                                                        new BigDecimal("1.3")),
                                                                fields(
                                                                        "name",
                                                                        "Freight & handling",
                                                                        "quantity",
                                                                        1,
                                                                        "unitCost",
                                                                        60)),
                                                        "laborHours",
                                                        4,
                                                        "laborRate",
                                                        95,
                                                        "pricingMode",
                                                        "calculated")))
                                .id());
                catalog.put(
                        "brochures",
                        timeline.create(
                                        "catalog-items",
                                        fields(
                                                "kind",
                                                "material",
                                                "name",
                                                "Brochure print run (500)",
                                                "sku",
                                                "PRINT-500",
                                                "unit",
                                                "each",
                                                "defaultRate",
                                                650,
                                                "recipe",
                                                fields(
                                                        "components",
                                                        List.of(
                                                                fields(
                                                                        "name",
                                                                        "Paper stock 170 g (sheets)",
                                                                        "quantity",
                                                                        500,
                                                                        "unitCost",
                                                                        new BigDecimal("0.18"),
                                                                        "markup",
                                                                        new BigDecimal("1.5")),
                                                                fields(
                                                                        "name",
                                                                        "Press setup",
                                                                        "quantity",
                                                                        1,
                                                                        "unitCost",
                                                                        120)),
                                                        "laborHours",
                                                        3,
                                                        "laborRate",
                                                        110,
                                                        "pricingMode",
                                                        "manual")))
                                .id());
                timeline.create(
                        "catalog-items",
                        fields(
                                "kind",
                                "charge",
                                "name",
                                "Print retainer (legacy)",
                                "sku",
                                "RET-PRINT",
                                "defaultRate",
                                900,
                                "active",
                                false));
            });
        }

        private void charge(String key, String name, String sku, int rate, String unit, String description) {
            catalog.put(
                    key,
                    timeline.create(
                                    "catalog-items",
                                    fields(
                                            "kind",
                                            "charge",
                                            "name",
                                            name,
                                            "sku",
                                            sku,
                                            "defaultRate",
                                            rate,
                                            "unit",
                                            unit,
                                            "description",
                                            description))
                            .id());
        }

        private void clientsAndContacts() {
            for (Client c : DemoCast.CLIENTS) {
                timeline.schedule(at(c.sinceDaysAgo(), 9, 30), () -> {
                    Doc client = timeline.create(
                            "clients",
                            fields(
                                    "name",
                                    c.name(),
                                    "email",
                                    c.contacts().isEmpty() ? null : "billing@" + c.domain(),
                                    "currency",
                                    c.currency(),
                                    "paymentTermsDays",
                                    c.paymentTermsDays(),
                                    "rates",
                                    c.rate() == null ? null : fields("standard", c.rate()),
                                    "address",
                                    fields(
                                            "line1",
                                            (100 + random.nextInt(800)) + " " + street(),
                                            "city",
                                            c.city(),
                                            "postalCode",
                                            Integer.toString(10_000 + random.nextInt(89_999)),
                                            "country",
                                            c.country()),
                                    "taxId",
                                    c.currency().equals("EUR")
                                            ? "DE" + (100_000_000 + random.nextInt(899_999_999))
                                            : c.currency().equals("GBP")
                                                    ? "GB" + (100_000_000 + random.nextInt(899_999_999))
                                                    : null,
                                    "notes",
                                    c.notes()));
                    clients.put(c.key(), client.id());
                    var layout = registry.layout("projects");
                    generalProjects.put(
                            c.key(),
                            store.findWhere(
                                            "projects",
                                            layout.<UUID>column("client")
                                                    .eq(client.uuid("client"))
                                                    .and(layout.<Boolean>column("isDefault")
                                                            .isTrue()))
                                    .getFirst()
                                    .id());
                    for (DemoCast.Contact contact : c.contacts()) {
                        timeline.create(
                                "contacts",
                                fields(
                                        "client",
                                        client.id(),
                                        "name",
                                        contact.name(),
                                        "email",
                                        contact.email(),
                                        "title",
                                        contact.title(),
                                        "phone",
                                        contact.phone()));
                    }
                });
            }
            for (DemoCast.ClientStatus change : DemoCast.CLIENT_STATUS_CHANGES) {
                timeline.schedule(
                        at(change.daysAgo(), 17, 0),
                        () -> timeline.update(
                                "clients", clients.get(change.client()), fields("status", change.status())));
            }
        }

        private String street() {
            return List.of("Harbor St", "Pine Ave", "Market St", "Elm Rd", "King St", "Lakeview Dr")
                    .get(random.nextInt(6));
        }

        // -------------------------------------------------------------- projects and milestones

        private void project(Project p) {
            timeline.schedule(at(p.startDaysAgo() + 3, 10, 0), () -> {
                List<Map<String, Object>> scope = new ArrayList<>();
                for (Scope s : p.scope()) {
                    scope.add(fields(
                            "description",
                            s.description(),
                            "quantity",
                            s.quantity(),
                            "unit",
                            s.catalogItem() != null ? "each" : "flat",
                            "rate",
                            s.rate(),
                            "catalogItem",
                            s.catalogItem() == null ? null : catalog.get(s.catalogItem())));
                }
                Doc project = timeline.create(
                        "projects",
                        fields(
                                "client",
                                clients.get(p.client()),
                                "name",
                                p.name(),
                                "billingType",
                                p.billingType(),
                                "startDate",
                                daysAgo(p.startDaysAgo()).toString(),
                                "endDate",
                                p.billingType().equals("fixed") && p.endDaysAgo() != null
                                        ? daysAgo(p.endDaysAgo()).toString()
                                        : null,
                                "budgetAmount",
                                p.budgetAmount(),
                                "budgetHours",
                                p.budgetHours(),
                                "rates",
                                p.rate() == null ? null : fields("standard", p.rate()),
                                "retainerHoursPerMonth",
                                p.retainerHoursPerMonth(),
                                "scopeItems",
                                scope.isEmpty() ? null : scope));
                projects.put(p.key(), project.id());
                milestones(project.id(), "project", MILESTONES.getOrDefault(p.key(), List.of()));
            });
            Integer end = p.endDaysAgo();
            if (end != null) {
                timeline.schedule(
                        at(end, 18, 0),
                        () -> timeline.update(
                                "projects",
                                projects.get(p.key()),
                                fields(
                                        "status",
                                        p.endStatus(),
                                        "endDate",
                                        p.endStatus().equals("on_hold")
                                                ? null
                                                : daysAgo(end).toString())));
            }
        }

        /** A milestone's name and due date (days ago; negative: still ahead). */
        private record Milestone(String name, int dueDaysAgo) {}

        private static final Map<String, List<Milestone>> MILESTONES = Map.of(
                "gc-report",
                        List.of(
                                new Milestone("Concept & structure", 150),
                                new Milestone("Design", 125),
                                new Milestone("Print-ready files", 100),
                                new Milestone("Delivery", 95)),
                "mf-brand",
                        List.of(
                                new Milestone("Discovery workshop", 150),
                                new Milestone("Identity concepts", 120),
                                new Milestone("Guidelines handover", 72)),
                "hv-portal",
                        List.of(
                                new Milestone("Discovery", 160),
                                new Milestone("Design system", 120),
                                new Milestone("Beta launch", 40),
                                new Milestone("Public launch", -30)),
                "at-tracking", List.of(new Milestone("Beta release", 30), new Milestone("Driver app v1", -25)),
                "pm-microsite", List.of(new Milestone("Content freeze", 10), new Milestone("Exhibition opening", -20)),
                "ws-site", List.of(new Milestone("Design approval", 95), new Milestone("Launch", 76)),
                "kestrel-proposal",
                        List.of(
                                new Milestone("Discovery & UX audit", 5),
                                new Milestone("Design sign-off", -14),
                                new Milestone("Launch", -60)),
                "cedar-proposal",
                        List.of(
                                new Milestone("Sitemap & wireframes", 70),
                                new Milestone("Design", 45),
                                new Milestone("Go-live", 21)));

        /** Creates milestones on a project or proposal now; each is completed on its due date, the next one then starts. */
        private void milestones(String owner, String ownerField, List<Milestone> list) {
            for (int i = 0; i < list.size(); i++) {
                Milestone m = list.get(i);
                Doc milestone = timeline.create(
                        "milestones",
                        fields(
                                ownerField,
                                owner,
                                "name",
                                m.name(),
                                "dueDate",
                                daysAgo(m.dueDaysAgo()).toString(),
                                "sortOrder",
                                i + 1));
                if (ownerField.equals("project")) {
                    progress(milestone.id(), m, i == 0 ? null : list.get(i - 1));
                }
            }
        }

        private void progress(String id, Milestone m, @Nullable Milestone previous) {
            Instant started =
                    previous == null ? timeline.current().plusSeconds(3600) : at(previous.dueDaysAgo(), 16, 5);
            timeline.schedule(started, () -> timeline.update("milestones", id, fields("status", "in_progress")));
            timeline.schedule(
                    at(m.dueDaysAgo(), 16, 0), () -> timeline.update("milestones", id, fields("status", "completed")));
        }

        // -------------------------------------------------------------- time

        /** The projects converted from proposals: their time is logged once they exist. */
        private static final List<Project> CONVERTED = List.of(
                new Project(
                        "kestrel-relaunch",
                        "kestrel",
                        "E-commerce relaunch",
                        "fixed",
                        19,
                        null,
                        "active",
                        List.of("jonas", "priya", "tom"),
                        Work.WEB,
                        2,
                        null,
                        null,
                        null,
                        null,
                        false,
                        List.of()),
                new Project(
                        "cedar-portfolio",
                        "cedar",
                        "Portfolio site refresh",
                        "fixed",
                        79,
                        20,
                        "completed",
                        List.of("priya", "tom"),
                        Work.WEB,
                        1.5,
                        null,
                        null,
                        null,
                        null,
                        false,
                        List.of()));

        /** Hours per entry, as people log them (decimal strings: hours are exact, like money). */
        private static final List<BigDecimal> HOURS = Stream.of(
                        "0.5", "0.75", "1", "1.5", "2", "2", "2.5", "3", "3", "3.5", "4", "4", "5", "6", "7.5")
                .map(BigDecimal::new)
                .toList();

        private void timeEntries() {
            List<Project> all = new ArrayList<>(DemoCast.PROJECTS);
            all.addAll(CONVERTED);
            for (LocalDate d = daysAgo(HISTORY_DAYS); d.isBefore(today); d = d.plusDays(1)) {
                if (weekend(d)) {
                    continue;
                }
                List<Project> active = new ArrayList<>();
                for (Project p : all) {
                    if (!daysAgo(p.startDaysAgo()).isAfter(d)
                            && (p.endDaysAgo() == null
                                    || !daysAgo(p.endDaysAgo()).isBefore(d))) {
                        active.add(p);
                    }
                }
                int entries = 3 + random.nextInt(3);
                for (int i = 0; i < entries && !active.isEmpty(); i++) {
                    timeEntry(d, pickWeighted(active), i);
                }
            }
        }

        private Project pickWeighted(List<Project> projects) {
            double total = projects.stream().mapToDouble(Project::weight).sum();
            double r = random.nextDouble() * total;
            for (Project p : projects) {
                r -= p.weight();
                if (r < 0) {
                    return p;
                }
            }
            return projects.getLast();
        }

        private void timeEntry(LocalDate day, Project project, int index) {
            List<String> team =
                    project.team().stream().filter(m -> activeOn(m, day)).toList();
            if (team.isEmpty()) {
                return;
            }
            String member = team.get(random.nextInt(team.size()));
            boolean accountManagement =
                    random.nextInt(25) == 0 && !project.client().equals("northwind");
            BigDecimal hours = accountManagement ? new BigDecimal("0.5") : HOURS.get(random.nextInt(HOURS.size()));
            int r = random.nextInt(100);
            String rateType = project.deadline() && r < 12 ? "rush" : r > 95 ? "overtime" : "standard";
            boolean billable =
                    !accountManagement && !project.billingType().equals("non_billable") && random.nextInt(100) < 96;
            String description = accountManagement
                    ? "Account management call"
                    : project.work()
                            .tasks
                            .get(random.nextInt(project.work().tasks.size()));
            if (billable) {
                billables.add(new Billable(project.key(), day));
            }
            timeline.schedule(
                    timeline.at(day, 17, 10 * index + random.nextInt(10)),
                    () -> timeline.insert(
                            "time-entries",
                            fields(
                                    "project",
                                    accountManagement
                                            ? generalProjects.get(project.client())
                                            : projects.get(project.key()),
                                    "member",
                                    members.get(member),
                                    "date",
                                    day.toString(),
                                    "hours",
                                    hours,
                                    "description",
                                    description,
                                    "billable",
                                    billable,
                                    "rateType",
                                    accountManagement ? "standard" : rateType)));
        }

        private boolean activeOn(String member, LocalDate day) {
            return DemoCast.MEMBERS.stream()
                    .filter(m -> m.key().equals(member))
                    .allMatch(m -> m.leftDaysAgo() == null || day.isBefore(daysAgo(m.leftDaysAgo())));
        }

        // -------------------------------------------------------------- expenses and overhead

        private record Expense(
                int daysAgo,
                String project,
                String category,
                String description,
                String vendor,
                String amount,
                boolean billable,
                @Nullable Integer markupPercent) {}

        private static final List<Expense> EXPENSES = List.of(
                new Expense(
                        150, "hv-portal", "stock", "Stock photography (12 images)", "Getty Images", "540.00", true, 15),
                new Expense(
                        160,
                        "at-tracking",
                        "equipment",
                        "Test devices (2 Android phones)",
                        "Best Buy",
                        "779.98",
                        false,
                        null),
                new Expense(
                        95,
                        "at-tracking",
                        "travel",
                        "Flight to Atlas HQ for the sprint review",
                        "United Airlines",
                        "412.60",
                        true,
                        0),
                new Expense(
                        40,
                        "mf-web",
                        "freelancers",
                        "Spot illustrations (6)",
                        "R. Costa Illustration",
                        "1800.00",
                        true,
                        10),
                new Expense(60, "pm-microsite", "stock", "Web font licence", "Klim Type Foundry", "650.00", true, 0),
                new Expense(
                        110,
                        "or-hmi",
                        "freelancers",
                        "Usability lab rental (2 days)",
                        "UX Lab Pittsburgh",
                        "950.00",
                        true,
                        15),
                new Expense(70, "bb-shop", "software", "Shop theme licence", "Shopify", "350.00", true, 0),
                new Expense(
                        50,
                        "ls-campaign",
                        "freelancers",
                        "Event photographer (launch)",
                        "Chen Photography",
                        "1200.00",
                        true,
                        10),
                new Expense(
                        20, "ke-booth", "printing", "Booth freight to Munich", "DHL Freight", "880.00", false, null),
                new Expense(
                        130, "gc-report", "printing", "Proof prints (3 rounds)", "Print & Co", "236.40", false, null),
                new Expense(
                        33,
                        "rm-content",
                        "travel",
                        "Photographer travel to Vancouver",
                        "Air Canada",
                        "689.15",
                        true,
                        0));

        private void expenses() {
            for (Expense e : EXPENSES) {
                if (e.billable()) {
                    billables.add(new Billable(e.project(), daysAgo(e.daysAgo())));
                }
                timeline.schedule(
                        at(e.daysAgo(), 12, 30),
                        () -> timeline.create(
                                "transactions",
                                fields(
                                        "type",
                                        "expense",
                                        "amount",
                                        new BigDecimal(e.amount()),
                                        "date",
                                        daysAgo(e.daysAgo()).toString(),
                                        "description",
                                        e.description(),
                                        "vendor",
                                        e.vendor(),
                                        "category",
                                        catalog.get(e.category()),
                                        "project",
                                        projects.get(e.project()),
                                        "billable",
                                        e.billable(),
                                        "markupPercent",
                                        e.markupPercent())));
            }
            // one purchase shared by the projects that used it
            timeline.schedule(
                    at(100, 12, 0),
                    () -> timeline.create(
                            "transactions",
                            fields(
                                    "type",
                                    "expense",
                                    "amount",
                                    2400,
                                    "date",
                                    daysAgo(100).toString(),
                                    "description",
                                    "Usability testing panel (recruiting, Q3)",
                                    "vendor",
                                    "User Interviews",
                                    "category",
                                    catalog.get("freelancers"),
                                    "scope",
                                    "shared",
                                    "allocations",
                                    List.of(
                                            fields(
                                                    "project",
                                                    projects.get("hv-portal"),
                                                    "share",
                                                    new BigDecimal("0.5")),
                                            fields("project", projects.get("or-hmi"), "share", new BigDecimal("0.3")),
                                            fields(
                                                    "project",
                                                    projects.get("at-tracking"),
                                                    "share",
                                                    new BigDecimal("0.2"))))));
            // the studio's own costs, every month
            for (YearMonth m = YearMonth.from(daysAgo(HISTORY_DAYS)).plusMonths(1);
                    !m.isAfter(YearMonth.from(today));
                    m = m.plusMonths(1)) {
                LocalDate due = weekday(m.atDay(1));
                overhead(due, "Studio rent", "Mercer Street Properties", "rent", "4200.00");
                overhead(due.plusDays(2), "Creative Cloud (team)", "Adobe", "software", "385.94");
                overhead(due.plusDays(2), "Figma organization", "Figma", "software", "225.00");
                overhead(due.plusDays(3), "Google Workspace", "Google", "software", "96.00");
            }
        }

        private void overhead(LocalDate date, String description, String vendor, String category, String amount) {
            if (!date.isBefore(today)) {
                return;
            }
            timeline.schedule(
                    timeline.at(date, 9, 15),
                    () -> timeline.create(
                            "transactions",
                            fields(
                                    "type",
                                    "expense",
                                    "amount",
                                    new BigDecimal(amount),
                                    "date",
                                    date.toString(),
                                    "description",
                                    description,
                                    "vendor",
                                    vendor,
                                    "category",
                                    catalog.get(category),
                                    "scope",
                                    "overhead")));
        }

        // -------------------------------------------------------------- calendar

        private record Event(
                String title,
                int daysAgo,
                int hour,
                int minutes,
                boolean allDay,
                int days,
                @Nullable String project,
                @Nullable String client,
                @Nullable String location,
                String color) {}

        private static final List<Event> EVENTS = List.of(
                new Event(
                        "Kickoff — Patient portal redesign",
                        174,
                        10,
                        90,
                        false,
                        0,
                        "hv-portal",
                        "harborview",
                        "Harborview Health, 3rd floor",
                        "#2f80ed"),
                new Event(
                        "Brand workshop with Marlow & Finch",
                        152,
                        9,
                        0,
                        true,
                        1,
                        "mf-brand",
                        "marlow",
                        "London",
                        "#9b51e0"),
                new Event(
                        "Sprint review — Atlas",
                        94,
                        14,
                        60,
                        false,
                        0,
                        "at-tracking",
                        "atlas",
                        "Atlas HQ, Chicago",
                        "#27ae60"),
                new Event(
                        "Photo shoot — Red Maple Hotels",
                        50,
                        8,
                        0,
                        true,
                        2,
                        "rm-content",
                        "redmaple",
                        "Vancouver",
                        "#f2994a"),
                new Event(
                        "Quarterly review — Granite Capital",
                        30,
                        11,
                        60,
                        false,
                        0,
                        null,
                        "granite",
                        "Video call",
                        "#2f80ed"),
                new Event("ISPO Munich", 17, 9, 0, true, 4, "ke-booth", "kestrel", "Messe München", "#eb5757"),
                new Event(
                        "Pitch — Greenleaf Grocers",
                        8,
                        10,
                        60,
                        false,
                        0,
                        null,
                        "greenleaf",
                        "Greenleaf office",
                        "#f2c94c"),
                new Event(
                        "Sprint review — Atlas", 4, 14, 60, false, 0, "at-tracking", "atlas", "Video call", "#27ae60"),
                new Event("Launch — Bluebird online shop", -5, 9, 0, true, 1, "bb-shop", "bluebird", null, "#27ae60"),
                new Event("Team offsite", -9, 9, 0, true, 2, null, null, "Cannon Beach", "#9b51e0"),
                new Event("Design sign-off — Kestrel", -14, 15, 60, false, 0, null, "kestrel", "Video call", "#eb5757"),
                new Event(
                        "Exhibition opening — Pioneer Museum",
                        -20,
                        18,
                        180,
                        false,
                        0,
                        "pm-microsite",
                        "pioneer",
                        "Pioneer Museum of Science",
                        "#f2994a"),
                new Event(
                        "Quarterly review — Granite Capital",
                        -60,
                        11,
                        60,
                        false,
                        0,
                        null,
                        "granite",
                        "Video call",
                        "#2f80ed"));

        private void calendar() {
            for (Event e : EVENTS) {
                // put in the calendar a week or two ahead, but only once its project and client exist
                int plannedDaysAgo = e.daysAgo() + 6 + random.nextInt(10);
                if (e.project() != null) {
                    int projectStart = DemoCast.PROJECTS.stream()
                            .filter(p -> p.key().equals(e.project()))
                            .findFirst()
                            .orElseThrow()
                            .startDaysAgo();
                    plannedDaysAgo = Math.min(plannedDaysAgo, projectStart + 2);
                }
                if (e.client() != null) {
                    plannedDaysAgo = Math.min(
                            plannedDaysAgo, clientsByKey.get(e.client()).sinceDaysAgo() - 1);
                }
                timeline.schedule(at(Math.max(plannedDaysAgo, 1), 15, 0), () -> {
                    Instant start = at(e.daysAgo(), e.allDay() ? 0 : e.hour(), 0);
                    Instant end = e.allDay() ? at(e.daysAgo() - e.days(), 0, 0) : start.plusSeconds(60L * e.minutes());
                    timeline.create(
                            "calendar-events",
                            fields(
                                    "title",
                                    e.title(),
                                    "startAt",
                                    start.toString(),
                                    "endAt",
                                    end.toString(),
                                    "allDay",
                                    e.allDay(),
                                    "location",
                                    e.location(),
                                    "color",
                                    e.color(),
                                    "project",
                                    e.project() == null ? null : projects.get(e.project()),
                                    "client",
                                    e.client() == null ? null : clients.get(e.client())));
                });
            }
        }

        // -------------------------------------------------------------- proposals

        private void proposalsAndTheirProjects() {
            // accepted without payment terms, converted into a project that has since been delivered
            timeline.schedule(at(90, 10, 0), () -> {
                Doc p = timeline.create(
                        "proposals",
                        fields(
                                "client",
                                clients.get("cedar"),
                                "title",
                                "Portfolio site refresh",
                                "lineItems",
                                List.of(
                                        line("Sitemap & wireframes", 1, "flat", 3200, "fixed"),
                                        line("Visual design (8 templates)", 8, "each", 650, "fixed"),
                                        line("Build & CMS setup", 60, "hour", 125, "service"),
                                        fields(
                                                "description",
                                                "Website care plan (first 3 months)",
                                                "catalogItem",
                                                catalog.get("care"),
                                                "quantity",
                                                3,
                                                "unit",
                                                "each",
                                                "kind",
                                                "service")),
                                "notes",
                                "Includes two rounds of revisions per template."));
                milestones(p.id(), "proposal", Objects.requireNonNull(MILESTONES.get("cedar-proposal")));
                timeline.schedule(at(90, 11, 0), () -> timeline.act("proposals", p.id(), "send", Map.of()));
                timeline.schedule(at(84, 15, 0), () -> timeline.act("proposals", p.id(), "accept", Map.of()));
                timeline.schedule(at(80, 9, 0), () -> convert(p.id(), "cedar-portfolio", 79));
            });
            // expired: sent, never answered
            timeline.schedule(at(48, 10, 0), () -> {
                Doc p = timeline.create(
                        "proposals",
                        fields(
                                "client",
                                clients.get("summit"),
                                "title",
                                "Intranet redesign",
                                "lineItems",
                                List.of(
                                        line("Intranet UX & design", 1, "flat", 7800, "fixed"),
                                        line("Build & migration", 90, "hour", 140, "service"))));
                timeline.schedule(at(47, 9, 30), () -> timeline.act("proposals", p.id(), "send", Map.of()));
                LocalDate expires = LocalDate.parse(p.string("expiresAt"));
                timeline.schedule(
                        timeline.at(expires.plusDays(1), 0, 5),
                        () -> proposals.expire(timeline.sweepContext(), p.id()));
            });
            // rejected, and later duplicated as a revised draft
            timeline.schedule(at(38, 14, 0), () -> {
                Doc p = timeline.create(
                        "proposals",
                        fields(
                                "client",
                                clients.get("falcon"),
                                "title",
                                "Member app MVP",
                                "lineItems",
                                List.of(
                                        line("Discovery & product definition", 1, "flat", 4500, "fixed"),
                                        line("App design", 80, "hour", 135, "service"),
                                        line("App development", 320, "hour", 145, "service"))));
                timeline.schedule(at(37, 10, 0), () -> timeline.act("proposals", p.id(), "send", Map.of()));
                timeline.schedule(
                        at(29, 16, 30),
                        () -> timeline.act(
                                "proposals",
                                p.id(),
                                "reject",
                                Map.of(
                                        "reason",
                                        "Budget moved to next fiscal year; happy to revisit with a smaller first phase.")));
                timeline.schedule(at(2, 11, 0), () -> {
                    Doc copy = timeline.act("proposals", p.id(), "duplicate", Map.of())
                            .requireDoc();
                    timeline.update(
                            "proposals",
                            copy.id(),
                            fields(
                                    "title",
                                    "Member app MVP — phase 1 (revised)",
                                    "lineItems",
                                    List.of(
                                            line("Discovery & product definition", 1, "flat", 3500, "fixed"),
                                            line("App design", 40, "hour", 135, "service"),
                                            line(
                                                    "App development (booking & check-in only)",
                                                    140,
                                                    "hour",
                                                    145,
                                                    "service"))));
                });
            });
            // accepted with payment terms: a schedule with its deposit invoiced and paid, the rest ahead
            timeline.schedule(at(30, 10, 0), () -> {
                LocalDate launch = daysAgo(-60);
                Doc p = timeline.create(
                        "proposals",
                        fields(
                                "client",
                                clients.get("kestrel"),
                                "title",
                                "E-commerce relaunch",
                                "eventDate",
                                launch.toString(),
                                "taxRate",
                                19,
                                "lineItems",
                                List.of(
                                        fields(
                                                "description",
                                                "UX audit",
                                                "catalogItem",
                                                catalog.get("ux-audit"),
                                                "rate",
                                                1650,
                                                "kind",
                                                "fixed"),
                                        line("Design & build of the new shop", 140, "hour", 135, "service"),
                                        fields(
                                                "description",
                                                "Trade-show booth kit for the launch",
                                                "catalogItem",
                                                catalog.get("booth-kit"),
                                                "quantity",
                                                1,
                                                "unit",
                                                "each",
                                                "rate",
                                                1450,
                                                "kind",
                                                "fixed")),
                                "paymentTerms",
                                fields(
                                        "installments",
                                        List.of(
                                                fields(
                                                        "label",
                                                        "Deposit",
                                                        "type",
                                                        "percent",
                                                        "value",
                                                        30,
                                                        "dueOn",
                                                        "acceptance"),
                                                fields(
                                                        "label",
                                                        "Design sign-off",
                                                        "type",
                                                        "percent",
                                                        "value",
                                                        40,
                                                        "dueOn",
                                                        "acceptance",
                                                        "offsetDays",
                                                        35),
                                                fields(
                                                        "label",
                                                        "Launch",
                                                        "type",
                                                        "remainder",
                                                        "dueOn",
                                                        "date",
                                                        "date",
                                                        launch.toString()))),
                                "terms",
                                "Prices in EUR plus VAT. Deposit due on acceptance."));
                milestones(p.id(), "proposal", Objects.requireNonNull(MILESTONES.get("kestrel-proposal")));
                timeline.schedule(at(29, 9, 0), () -> timeline.act("proposals", p.id(), "send", Map.of()));
                timeline.schedule(at(21, 10, 0), () -> {
                    timeline.act("proposals", p.id(), "accept", Map.of());
                    var layout = registry.layout("payment-schedules");
                    Doc schedule = store.findWhere(
                                    "payment-schedules",
                                    layout.<UUID>column("proposal").eq(p.uuid("prop")))
                            .getFirst();
                    String deposit = Objects.requireNonNull(
                                    schedule.items("installments").getFirst().get("invoice"))
                            .toString();
                    timeline.schedule(at(21, 10, 30), () -> timeline.act("invoices", deposit, "send", Map.of()));
                    timeline.schedule(at(17, 14, 0), () -> pay(deposit, clientsByKey.get("kestrel"), null));
                });
                timeline.schedule(at(20, 9, 0), () -> convert(p.id(), "kestrel-relaunch", 19));
            });
            // sent, waiting for an answer
            timeline.schedule(at(5, 16, 0), () -> {
                Doc p = timeline.create(
                        "proposals",
                        fields(
                                "client",
                                clients.get("greenleaf"),
                                "title",
                                "Brand identity & packaging",
                                "discount",
                                fields("type", "percent", "value", 5),
                                "lineItems",
                                List.of(
                                        fields(
                                                "description",
                                                "Brand strategy workshop",
                                                "catalogItem",
                                                catalog.get("workshop"),
                                                "kind",
                                                "fixed"),
                                        line("Brand identity", 1, "flat", 9800, "fixed"),
                                        line("Packaging system (6 SKUs)", 6, "each", 1250, "fixed"))));
                timeline.schedule(at(4, 9, 45), () -> timeline.act("proposals", p.id(), "send", Map.of()));
            });
            // a draft in progress
            timeline.schedule(
                    at(1, 15, 0),
                    () -> timeline.create(
                            "proposals",
                            fields(
                                    "client",
                                    clients.get("lumen"),
                                    "title",
                                    "Annual impact report 2026",
                                    "lineItems",
                                    List.of(
                                            line("Editorial design (32 pages)", 32, "each", 180, "fixed"),
                                            line("Infographics", 10, "each", 420, "fixed"),
                                            fields(
                                                    "description",
                                                    "Brochure print run (500)",
                                                    "catalogItem",
                                                    catalog.get("brochures"),
                                                    "quantity",
                                                    2,
                                                    "unit",
                                                    "each",
                                                    "kind",
                                                    "fixed")),
                                    "notes",
                                    "Draft — waiting for the final page count.")));
        }

        private Map<String, Object> line(String description, int quantity, String unit, int rate, String kind) {
            return fields("description", description, "quantity", quantity, "unit", unit, "rate", rate, "kind", kind);
        }

        /** Converts an accepted proposal; the new project starts the next day and its milestones run their course. */
        private void convert(String proposalId, String projectKey, int startDaysAgo) {
            Doc project =
                    timeline.act("proposals", proposalId, "convert", Map.of()).requireDoc();
            projects.put(projectKey, project.id());
            timeline.update(
                    "projects",
                    project.id(),
                    fields("startDate", daysAgo(startDaysAgo).toString()));
            Project spec = CONVERTED.stream()
                    .filter(p -> p.key().equals(projectKey))
                    .findFirst()
                    .orElseThrow();
            Integer end = spec.endDaysAgo();
            if (end != null) {
                timeline.schedule(
                        at(end, 18, 0),
                        () -> timeline.update(
                                "projects",
                                project.id(),
                                fields(
                                        "status",
                                        spec.endStatus(),
                                        "endDate",
                                        daysAgo(end).toString())));
            }
            var layout = registry.layout("milestones");
            List<Doc> copied =
                    store.findWhere("milestones", layout.<UUID>column("project").eq(project.uuid("project")));
            for (int i = 0; i < copied.size(); i++) {
                Doc m = copied.get(i);
                int due = (int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(m.string("dueDate")), today);
                Milestone previous = i == 0
                        ? null
                        : new Milestone(copied.get(i - 1).requiredString("name"), (int)
                                java.time.temporal.ChronoUnit.DAYS.between(
                                        LocalDate.parse(copied.get(i - 1).string("dueDate")), today));
                progress(m.id(), new Milestone(m.requiredString("name"), due), previous);
            }
        }

        // -------------------------------------------------------------- invoices

        /** Every month's time and billable expenses of hourly and retainer projects, invoiced per client early the next month. */
        private void monthlyInvoices() {
            YearMonth first = YearMonth.from(daysAgo(HISTORY_DAYS));
            for (YearMonth month = first; month.isBefore(YearMonth.from(today)); month = month.plusMonths(1)) {
                LocalDate from = month.atDay(1);
                LocalDate to = month.atEndOfMonth();
                LocalDate billingDay =
                        weekday(weekday(month.plusMonths(1).atDay(1)).plusDays(1));
                int order = 0;
                for (Client client : DemoCast.CLIENTS) {
                    List<String> keys = DemoCast.PROJECTS.stream()
                            .filter(p -> p.client().equals(client.key()) && p.billedMonthly())
                            .map(Project::key)
                            .filter(k -> billables.stream()
                                    .anyMatch(b -> b.project().equals(k)
                                            && !b.date().isBefore(from)
                                            && !b.date().isAfter(to)))
                            .toList();
                    if (!keys.isEmpty()) {
                        timeline.schedule(
                                timeline.at(billingDay, 10, order++), () -> generate(client, keys, from, to, true));
                    }
                }
            }
            // this month so far, for one client: still a draft
            LocalDate monthStart = today.withDayOfMonth(1);
            if (monthStart.isBefore(today)) {
                Client granite = clientsByKey.get("granite");
                Instant early = timeline.at(today, 8, 0);
                Instant when =
                        early.isBefore(timeline.now()) ? early : timeline.now().minusSeconds(60);
                timeline.schedule(when.isBefore(timeline.at(today, 0, 0)) ? timeline.at(today, 0, 0) : when, () -> {
                    if (billables.stream()
                            .anyMatch(b -> b.project().equals("gc-dashboard")
                                    && !b.date().isBefore(monthStart))) {
                        generate(granite, List.of("gc-dashboard"), monthStart, today.minusDays(1), false);
                    }
                });
            }
        }

        private void generate(Client client, List<String> projectKeys, LocalDate from, LocalDate to, boolean send) {
            Doc generated = timeline.actOnCollection(
                            "invoices",
                            "generate",
                            fields(
                                    "projects",
                                    projectKeys.stream().map(projects::get).toList(),
                                    "from",
                                    from.toString(),
                                    "to",
                                    to.toString(),
                                    "laborDisplay",
                                    client.key().equals("atlas") ? "consolidated" : "itemized"))
                    .requireDoc();
            Doc invoice = generated;
            String poNote = switch (client.key()) {
                case "granite" -> "PO 4500-" + (1100 + random.nextInt(800));
                case "redmaple" -> "PO RM-" + (20_000 + random.nextInt(9_000));
                default -> null;
            };
            Integer vat = vatRate(client);
            if (poNote != null || vat != null) {
                invoice = timeline.update("invoices", invoice.id(), fields("notes", poNote, "taxRate", vat));
            }
            if (send) {
                sendAndSettle(invoice, client, timeline.current().plusSeconds(1800));
            }
        }

        /** VAT on invoices to the European clients; none for the US ones. */
        private static @Nullable Integer vatRate(Client client) {
            return switch (client.currency()) {
                case "EUR" -> 19;
                case "GBP" -> 20;
                default -> null;
            };
        }

        /** Sends an invoice, and lets the client pay it the way it pays; past its due date the sweep marks it overdue. */
        private void sendAndSettle(Doc invoice, Client client, Instant sendAt) {
            timeline.schedule(sendAt, () -> timeline.act("invoices", invoice.id(), "send", Map.of()));
            LocalDate issued = LocalDate.parse(invoice.string("issueDate"));
            LocalDate due = LocalDate.parse(invoice.string("dueDate"));
            int terms = (int) java.time.temporal.ChronoUnit.DAYS.between(issued, due);
            switch (client.payer()) {
                case PROMPT -> payOn(invoice.id(), client, issued.plusDays(3 + random.nextInt(8)), null);
                case REGULAR ->
                    payOn(invoice.id(), client, issued.plusDays(Math.max(5, terms - 10 + random.nextInt(14))), null);
                case SLOW -> payOn(invoice.id(), client, due.plusDays(30 + random.nextInt(26)), null);
                case IN_PARTS -> {
                    Money total = Money.of(invoice.requiredDecimal("total"), invoice.requiredString("currency"));
                    Money half =
                            Money.of(total.amount().divide(BigDecimal.TWO, 0, RoundingMode.DOWN), total.currency());
                    payOn(invoice.id(), client, issued.plusDays(7 + random.nextInt(8)), half);
                    payOn(invoice.id(), client, issued.plusDays(terms + 2 + random.nextInt(12)), null);
                }
            }
            timeline.schedule(
                    timeline.at(due.plusDays(1), 0, 5),
                    () -> billing.markOverdue(timeline.sweepContext(), invoice.id()));
        }

        private void payOn(String invoiceId, Client client, LocalDate day, @Nullable Money amount) {
            timeline.schedule(
                    timeline.at(weekday(day), 11 + random.nextInt(5), random.nextInt(60)),
                    () -> pay(invoiceId, client, amount));
        }

        /** Records a payment (the rest of what is due when {@code amount} is null), by the client's usual method. */
        private void pay(String invoiceId, Client client, @Nullable Money amount) {
            DemoCast.PaysWith with = client.paysWith();
            String reference = with.method().equals("bank_transfer")
                    ? (client.currency().equals("EUR")
                                    ? "SEPA-"
                                    : client.currency().equals("GBP") ? "BACS-" : "ACH-")
                            + (100_000 + random.nextInt(900_000))
                    : null;
            timeline.act(
                    "invoices",
                    invoiceId,
                    "payments",
                    fields(
                            "amount",
                            amount == null ? null : amount.plain(),
                            "method",
                            with.method(),
                            "reference",
                            reference,
                            "card",
                            with.brand() == null ? null : fields("brand", with.brand(), "last4", with.last4())));
        }

        /** Fixed-price projects: half on signing and half on delivery, or all on delivery. */
        private void fixedFeeInvoices() {
            halves("gc-report", "granite", 168, 93);
            halves("mf-brand", "marlow", 158, 68);
            halves("ws-site", "willow", 108, 74);
            halves("cedar-portfolio", "cedar", 79, 18);
            onDelivery(
                    "at-livery",
                    "atlas",
                    List.of(line(
                            "Fleet livery design — concept, artwork and vehicle templates", 1, "flat", 8500, "fixed")),
                    114);
            onDelivery("mf-print", "marlow", null, 59);
            onDelivery("ke-booth", "kestrel", null, 13);
        }

        /** Half the project's budget (in whole units) when it is signed, the rest when it is delivered. */
        private void halves(String projectKey, String clientKey, int signedDaysAgo, int deliveredDaysAgo) {
            Client client = clientsByKey.get(clientKey);
            timeline.schedule(at(signedDaysAgo, 14, 0), () -> {
                Doc project = store.find("projects", projects.get(projectKey)).orElseThrow();
                Money budget = Money.of(project.requiredDecimal("budgetAmount"), project.requiredString("currency"));
                Money half = Money.of(budget.amount().divide(BigDecimal.TWO, 0, RoundingMode.DOWN), budget.currency());
                manualInvoice(
                        client,
                        projectKey,
                        List.of(fields(
                                "description",
                                project.string("name") + " — 50% on signing",
                                "quantity",
                                1,
                                "unit",
                                "flat",
                                "rate",
                                half.plain(),
                                "kind",
                                "fixed")),
                        null);
                List<Map<String, Object>> rest = List.of(fields(
                        "description",
                        project.string("name") + " — final 50% on delivery",
                        "quantity",
                        1,
                        "unit",
                        "flat",
                        "rate",
                        budget.minus(half).plain(),
                        "kind",
                        "fixed"));
                timeline.schedule(at(deliveredDaysAgo, 14, 0), () -> {
                    if (client.paysWith().method().equals("card")) {
                        manualInvoiceDeclinedOnce(client, projectKey, rest);
                    } else {
                        manualInvoice(client, projectKey, rest, null);
                    }
                });
            });
        }

        private void onDelivery(
                String projectKey, String clientKey, @Nullable List<Map<String, Object>> lines, int deliveredDaysAgo) {
            timeline.schedule(
                    at(deliveredDaysAgo, 14, 0),
                    () -> manualInvoice(
                            clientsByKey.get(clientKey),
                            projectKey,
                            lines != null ? lines : scopeLines(projectKey),
                            null));
        }

        /** An invoice priced from the project's scope items (catalog items keep their link). */
        private List<Map<String, Object>> scopeLines(String projectKey) {
            List<Map<String, Object>> lines = new ArrayList<>();
            Doc project = store.find("projects", projects.get(projectKey)).orElseThrow();
            for (Map<String, Object> item : project.items("scopeItems")) {
                lines.add(fields(
                        "description",
                        item.get("description"),
                        "quantity",
                        item.get("quantity"),
                        "unit",
                        item.get("unit"),
                        "rate",
                        item.get("rate"),
                        "catalogItem",
                        item.get("catalogItem"),
                        "kind",
                        "fixed"));
            }
            return lines;
        }

        private Doc manualInvoice(
                Client client, @Nullable String projectKey, List<Map<String, Object>> lines, @Nullable String notes) {
            Doc invoice = timeline.create(
                    "invoices",
                    fields(
                            "client",
                            clients.get(client.key()),
                            "projects",
                            projectKey == null ? null : List.of(projects.get(projectKey)),
                            "lineItems",
                            lines,
                            "taxRate",
                            vatRate(client),
                            "notes",
                            notes));
            sendAndSettle(invoice, client, timeline.current().plusSeconds(900));
            return invoice;
        }

        /** Like {@link #manualInvoice}, but the client's card is declined once before it goes through the next day. */
        private void manualInvoiceDeclinedOnce(Client client, String projectKey, List<Map<String, Object>> lines) {
            Doc invoice = timeline.create(
                    "invoices",
                    fields(
                            "client",
                            clients.get(client.key()),
                            "projects",
                            List.of(projects.get(projectKey)),
                            "lineItems",
                            lines,
                            "taxRate",
                            vatRate(client)));
            timeline.schedule(
                    timeline.current().plusSeconds(900),
                    () -> timeline.act("invoices", invoice.id(), "send", Map.of()));
            LocalDate day = weekday(timeline.currentDate().plusDays(2));
            DemoCast.PaysWith card = client.paysWith();
            timeline.schedule(
                    timeline.at(day, 9, 12),
                    () -> timeline.act(
                            "invoices",
                            invoice.id(),
                            "payments",
                            fields(
                                    "method",
                                    card.method(),
                                    "status",
                                    "failed",
                                    "failureReason",
                                    "Card declined: insufficient funds.",
                                    "card",
                                    fields("brand", card.brand(), "last4", card.last4()))));
            payOn(invoice.id(), client, day.plusDays(1), null);
        }

        /** The invoices every demo shows: a draft, a sent one, a partly paid one, a void one and its replacement, a refund. */
        private void notableInvoices() {
            timeline.schedule(at(76, 11, 0), () -> {
                Doc invoice = timeline.create(
                        "invoices",
                        fields(
                                "client",
                                clients.get("bluebird"),
                                "projects",
                                List.of(projects.get("bb-packaging")),
                                "lineItems",
                                List.of(fields(
                                        "description",
                                        "Brand strategy workshop (paid in advance)",
                                        "catalogItem",
                                        catalog.get("workshop"),
                                        "kind",
                                        "fixed"))));
                timeline.schedule(at(76, 11, 20), () -> timeline.act("invoices", invoice.id(), "send", Map.of()));
                timeline.schedule(at(74, 9, 40), () -> pay(invoice.id(), clientsByKey.get("bluebird"), null));
                timeline.schedule(at(66, 15, 0), () -> {
                    var layout = registry.layout("payments");
                    Doc payment = store.findWhere(
                                    "payments", layout.<UUID>column("invoice").eq(invoice.uuid("inv")))
                            .getFirst();
                    timeline.act(
                            "payments",
                            payment.id(),
                            "refund",
                            Map.of("reason", "Workshop cancelled by the client; refunded in full."));
                });
            });
            timeline.schedule(at(42, 10, 0), () -> {
                Client redMaple = clientsByKey.get("redmaple");
                List<Map<String, Object>> lines = List.of(fields(
                        "description",
                        "Photography — on-site days",
                        "catalogItem",
                        catalog.get("onsite"),
                        "quantity",
                        2,
                        "unit",
                        "day",
                        "kind",
                        "service"));
                Doc wrong = timeline.create(
                        "invoices",
                        fields(
                                "client",
                                clients.get("redmaple"),
                                "projects",
                                List.of(projects.get("rm-content")),
                                "lineItems",
                                lines));
                timeline.schedule(at(42, 10, 15), () -> timeline.act("invoices", wrong.id(), "send", Map.of()));
                timeline.schedule(at(41, 9, 0), () -> {
                    timeline.act("invoices", wrong.id(), "void", Map.of());
                    manualInvoice(
                            redMaple,
                            "rm-content",
                            lines,
                            "PO RM-27311. Replaces " + wrong.string("number")
                                    + ", which was issued without the PO number.");
                });
            });
            timeline.schedule(at(12, 13, 0), () -> {
                Doc invoice = timeline.create(
                        "invoices",
                        fields(
                                "client",
                                clients.get("orbit"),
                                "projects",
                                List.of(projects.get("or-hmi")),
                                "lineItems",
                                List.of(line("Operator HMI — design sprint 3 (fixed fee)", 1, "flat", 6400, "fixed"))));
                timeline.schedule(at(12, 13, 30), () -> timeline.act("invoices", invoice.id(), "send", Map.of()));
                timeline.schedule(
                        at(4, 10, 0), () -> pay(invoice.id(), clientsByKey.get("orbit"), Money.of(2560, "USD")));
                timeline.schedule(
                        timeline.at(LocalDate.parse(invoice.string("dueDate")).plusDays(1), 0, 5),
                        () -> billing.markOverdue(timeline.sweepContext(), invoice.id()));
            });
            timeline.schedule(at(6, 16, 0), () -> {
                Doc invoice = timeline.create(
                        "invoices",
                        fields(
                                "client",
                                clients.get("vertex"),
                                "projects",
                                List.of(projects.get("va-audit")),
                                "lineItems",
                                scopeLines("va-audit")));
                timeline.schedule(at(6, 16, 20), () -> timeline.act("invoices", invoice.id(), "send", Map.of()));
            });
            timeline.schedule(at(1, 17, 30), () -> {
                String month = today.plusMonths(1).getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                timeline.create(
                        "invoices",
                        fields(
                                "client",
                                clients.get("harborview"),
                                "projects",
                                List.of(projects.get("hv-care")),
                                "lineItems",
                                List.of(fields(
                                        "description",
                                        "Website care plan — " + month,
                                        "catalogItem",
                                        catalog.get("care"),
                                        "unit",
                                        "month",
                                        "kind",
                                        "fixed")),
                                "notes",
                                "Draft: goes out with the monthly run."));
            });
        }
    }
}
