package app.clearmargin.demo;

import static app.clearmargin.demo.SeedWords.between;
import static app.clearmargin.demo.SeedWords.pick;
import static app.clearmargin.demo.SeedWords.weighted;

import app.clearmargin.tenancy.Organization;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The small tables of a bulk seed — members, clients, contacts and projects — generated in memory
 * and written with COPY. Every row is stamped as the API would stamp it: a client's currency and
 * payment terms, its default project "General" created with it, its first contact primary, a
 * project's currency its client's. Creation times are spread over the seed's window and ids are
 * minted at those times, so ids and {@code createdAt} sort the same way.
 */
final class SeedWorld {

    /** Hourly rates of one cascade level (null: no override at this level). */
    record Rates(
            @Nullable BigDecimal standard,
            @Nullable BigDecimal overtime,
            @Nullable BigDecimal rush) {
        static final Rates NONE = new Rates(null, null, null);

        @Nullable
        BigDecimal of(RateType type) {
            return switch (type) {
                case STANDARD -> standard;
                case OVERTIME -> overtime;
                case RUSH -> rush;
            };
        }
    }

    enum RateType {
        STANDARD,
        OVERTIME,
        RUSH;

        final String wire = name().toLowerCase();
    }

    record Member(
            UUID id,
            String name,
            String email,
            String role,
            Rates rates,
            @Nullable BigDecimal costRate,
            boolean active,
            Instant createdAt) {}

    record Address(String line1, String city, String postalCode, String country) {}

    record Client(
            UUID id,
            String name,
            String email,
            @Nullable String phone,
            @Nullable Address address,
            String status,
            String currency,
            @Nullable String taxId,
            int paymentTermsDays,
            Rates rates,
            @Nullable String notes,
            Instant createdAt) {}

    record Contact(
            UUID id,
            Client client,
            String name,
            String email,
            @Nullable String phone,
            @Nullable String title,
            boolean primary,
            Instant createdAt) {}

    /**
     * A project; time is logged on it from {@code activeFrom} to {@code activeTo}, by its {@code team}
     * (indexes into the members).
     */
    record Project(
            UUID id,
            Client client,
            String name,
            boolean isDefault,
            String status,
            String billingType,
            @Nullable BigDecimal budgetAmount,
            @Nullable BigDecimal budgetHours,
            @Nullable LocalDate startDate,
            @Nullable LocalDate endDate,
            Rates rates,
            @Nullable BigDecimal retainerHoursPerMonth,
            LocalDate activeFrom,
            LocalDate activeTo,
            int[] team,
            Instant createdAt) {}

    final Organization organization;
    final ZoneId zone;
    final Instant now;
    final LocalDate today;
    /** The first day of the seeded history (the peer seeds 900 days). */
    final LocalDate windowStart;

    final List<Member> members = new ArrayList<>();
    final List<Client> clients = new ArrayList<>();
    final List<Contact> contacts = new ArrayList<>();
    final List<Project> projects = new ArrayList<>();
    /** The primary contact of each client, by client id (none when it has no contact). */
    private final Map<UUID, Contact> primaryContacts = new HashMap<>();

    static final int HISTORY_DAYS = 900;

    private SeedWorld(Organization organization, Instant now) {
        this.organization = organization;
        this.zone = organization.timezone();
        this.now = now;
        this.today = organization.today(now);
        this.windowStart = today.minusDays(HISTORY_DAYS);
    }

    /** Generates the small tables of {@code plan}; {@code existingMembers} keeps member e-mails unique in the org. */
    static SeedWorld generate(
            SeedPlan plan, Organization organization, Instant now, Random random, int existingMembers) {
        SeedWorld world = new SeedWorld(organization, now);
        // one id source per table: each mints ids for creation times that only increase
        world.generateMembers(plan.members(), random, new SeedTimes.TimedIds(), existingMembers);
        world.generateClients(plan.clients(), random, new SeedTimes.TimedIds());
        world.generateContacts(plan.contacts(), random, new SeedTimes.TimedIds());
        world.generateProjects(plan.projects() - plan.clients(), random, new SeedTimes.TimedIds());
        return world;
    }

    /** The client's primary contact (the default recipient the invoice hook fills in), or null. */
    @Nullable
    Contact primaryContact(Client client) {
        return primaryContacts.get(client.id());
    }

    Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    LocalDate dateOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** An instant in working hours of {@code date} (09:00–18:00), never after now. */
    Instant during(LocalDate date, Random random) {
        Instant t =
                startOf(date).plusSeconds(9 * 3600 + random.nextInt(9 * 3600)).plusMillis(random.nextInt(1000));
        return t.isAfter(now) ? now.minusMillis(1 + random.nextInt(60_000)) : t;
    }

    private void generateMembers(int count, Random random, SeedTimes.TimedIds ids, int existing) {
        Instant first = startOf(windowStart.minusDays(45));
        for (int i = 0; i < count; i++) {
            String firstName = pick(random, SeedWords.FIRST_NAMES);
            String lastName = pick(random, SeedWords.LAST_NAMES);
            int number = existing + i + 1;
            BigDecimal standard = BigDecimal.valueOf(80 + 5L * random.nextInt(21));
            boolean premiumRates = random.nextInt(10) < 7;
            Rates rates = new Rates(
                    standard,
                    premiumRates ? roundToFive(standard.multiply(new BigDecimal("1.5"))) : null,
                    premiumRates && random.nextBoolean() ? standard.multiply(BigDecimal.TWO) : null);
            BigDecimal cost = standard.multiply(new BigDecimal("0.45")).setScale(0, java.math.RoundingMode.HALF_UP);
            String role = i == 0 ? "admin" : weighted(random, "member", 85, "admin", 5, "viewer", 10);
            Instant created = first.plusSeconds(3600L * i);
            members.add(new Member(
                    ids.at(created),
                    firstName + " " + lastName,
                    (firstName + "." + lastName + "." + number + "@studio.example.com").toLowerCase(),
                    role,
                    rates,
                    cost,
                    random.nextInt(10) < 9,
                    created));
        }
    }

    private static BigDecimal roundToFive(BigDecimal v) {
        return v.divide(BigDecimal.valueOf(5), 0, java.math.RoundingMode.HALF_UP)
                .multiply(BigDecimal.valueOf(5));
    }

    private void generateClients(int count, Random random, SeedTimes.TimedIds ids) {
        // The first client exists before the window opens, so there is always a project to log time on;
        // the others arrive over the first part of the history, more of them early on.
        Instant opening = startOf(windowStart.minusDays(30)).plusSeconds(10 * 3600);
        long spread = (HISTORY_DAYS - 60) * SeedTimes.DAY_MS;
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble();
            times.add(i == 0 ? opening : opening.plusMillis((long) (u * u * spread)));
        }
        times.sort(Comparator.naturalOrder());
        int width = Math.max(2, Integer.toString(count).length());
        for (int i = 0; i < count; i++) {
            String name = pick(random, SeedWords.ADJECTIVES) + " " + pick(random, SeedWords.NOUNS) + " "
                    + pick(random, SeedWords.SUFFIXES) + " " + pad(i + 1, width);
            String slug = SeedWords.slug(name);
            String currency = pick(random, SeedWords.CURRENCIES);
            Address address = random.nextInt(10) < 6
                    ? new Address(
                            between(random, 1, 250) + " " + pick(random, SeedWords.LAST_NAMES) + " Street",
                            pick(random, SeedWords.CITIES),
                            Integer.toString(between(random, 10000, 99999)),
                            country(currency, random))
                    : null;
            int terms = random.nextInt(10) < 6 ? organization.paymentTermsDays() : pick(random, List.of(14, 30, 45));
            Rates rates = random.nextInt(100) < 15
                    ? new Rates(BigDecimal.valueOf(100 + 5L * random.nextInt(21)), null, null)
                    : Rates.NONE;
            Instant created = times.get(i);
            clients.add(new Client(
                    ids.at(created),
                    name,
                    "billing@" + slug + ".example.com",
                    random.nextBoolean() ? "+1-555-" + pad(random.nextInt(10_000), 4) : null,
                    address,
                    weighted(random, "active", 70, "inactive", 20, "archived", 10),
                    currency,
                    random.nextInt(10) < 4
                            ? country(currency, random) + between(random, 100_000_000, 999_999_999)
                            : null,
                    terms,
                    rates,
                    random.nextInt(10) < 3 ? null : pick(random, SeedWords.NOTES),
                    created));
        }
    }

    private static String country(String currency, Random random) {
        return switch (currency) {
            case "USD" -> "US";
            case "GBP" -> "GB";
            case "CHF" -> "CH";
            default -> pick(random, List.of("DE", "NL", "AT", "FR", "PT"));
        };
    }

    private void generateContacts(int count, Random random, SeedTimes.TimedIds ids) {
        record Draft(int client, Instant createdAt) {}
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // every client gets a contact before any gets a second one, when there are enough
            int client = i < clients.size() ? i : random.nextInt(clients.size());
            Instant clientCreated = clients.get(client).createdAt();
            long maxDelay = Math.max(1, now.toEpochMilli() - clientCreated.toEpochMilli() - 1);
            long delay = i < clients.size()
                    ? Math.min(maxDelay, random.nextInt(3 * 86_400) * 1000L + 1)
                    : (long) (random.nextDouble() * maxDelay) + 1;
            drafts.add(new Draft(client, clientCreated.plusMillis(delay)));
        }
        drafts.sort(Comparator.comparing(Draft::createdAt));
        for (Draft d : drafts) {
            Client client = clients.get(d.client());
            String first = pick(random, SeedWords.FIRST_NAMES);
            String last = pick(random, SeedWords.LAST_NAMES);
            boolean primary = !primaryContacts.containsKey(client.id()); // a client's first contact becomes primary
            Contact contact = new Contact(
                    ids.at(d.createdAt()),
                    client,
                    first + " " + last,
                    (first + "." + last + "@" + SeedWords.slug(client.name()) + ".example.com").toLowerCase(),
                    "+1-555-" + pad(random.nextInt(10_000), 4),
                    pick(random, SeedWords.TITLES),
                    primary,
                    d.createdAt());
            contacts.add(contact);
            if (primary) {
                primaryContacts.put(client.id(), contact);
            }
        }
    }

    private void generateProjects(int regular, Random random, SeedTimes.TimedIds ids) {
        record Draft(Instant createdAt, int client, int regularIndex) {}
        List<Draft> drafts = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            drafts.add(
                    new Draft(clients.get(c).createdAt(), c, -1)); // created with its client, in the same transaction
        }
        List<Draft> regulars = new ArrayList<>();
        for (int i = 0; i < regular; i++) {
            int client = random.nextInt(clients.size());
            Instant from = clients.get(client).createdAt().plusSeconds(3600);
            Instant until = now.minus(java.time.Duration.ofDays(2));
            long range = Math.max(1, until.toEpochMilli() - from.toEpochMilli());
            regulars.add(new Draft(from.plusMillis((long) (random.nextDouble() * range)), client, 0));
        }
        regulars.sort(Comparator.comparing(Draft::createdAt));
        for (int i = 0; i < regulars.size(); i++) {
            drafts.add(new Draft(regulars.get(i).createdAt(), regulars.get(i).client(), i));
        }
        drafts.sort(Comparator.comparing(Draft::createdAt).thenComparingInt(Draft::regularIndex));
        for (Draft d : drafts) {
            Client client = clients.get(d.client());
            UUID id = ids.at(d.createdAt());
            int[] team = team(random);
            if (d.regularIndex() < 0) {
                projects.add(new Project(
                        id,
                        client,
                        "General",
                        true,
                        "active",
                        "hourly",
                        null,
                        null,
                        null,
                        null,
                        Rates.NONE,
                        null,
                        dateOf(d.createdAt()).plusDays(1),
                        today,
                        team,
                        d.createdAt()));
                continue;
            }
            projects.add(regularProject(id, client, d.regularIndex(), d.createdAt(), team, random));
        }
    }

    private Project regularProject(UUID id, Client client, int index, Instant created, int[] team, Random random) {
        LocalDate start = dateOf(created).plusDays(1 + random.nextInt(14));
        if (start.isAfter(today)) {
            start = today;
        }
        String status = weighted(random, "active", 45, "completed", 35, "on_hold", 12, "cancelled", 8);
        if ((status.equals("completed") || status.equals("cancelled")) && !start.isBefore(today)) {
            status = "active"; // nothing can have finished on the day it starts
        }
        LocalDate end = start.plusDays(between(random, 30, 365));
        switch (status) {
            case "completed", "cancelled" -> {
                if (!end.isBefore(today)) {
                    end = today.minusDays(1);
                }
            }
            case "active" -> {
                if (random.nextBoolean()) {
                    end = null;
                } else if (end.isBefore(today)) {
                    end = today.plusDays(between(random, 7, 120));
                }
            }
            default -> end = random.nextBoolean() ? null : end;
        }
        String billing = weighted(random, "hourly", 70, "fixed", 15, "retainer", 10, "non_billable", 5);
        Rates rates = random.nextInt(10) == 0
                ? new Rates(BigDecimal.valueOf(90 + 5L * random.nextInt(27)), null, null)
                : Rates.NONE;
        LocalDate activeTo = end == null || end.isAfter(today) ? today : end;
        return new Project(
                id,
                client,
                pick(random, SeedWords.PROJECT_KINDS) + " #" + (index + 1),
                false,
                status,
                billing,
                BigDecimal.valueOf(between(random, 50, 2000) * 100L),
                BigDecimal.valueOf(between(random, 20, 2000)),
                start,
                end,
                rates,
                billing.equals("retainer") ? BigDecimal.valueOf(pick(random, List.of(10, 20, 40))) : null,
                start,
                activeTo,
                team,
                created);
    }

    private int[] team(Random random) {
        if (members.isEmpty()) {
            return new int[0];
        }
        int size = Math.min(members.size(), between(random, 2, 4));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            all.add(i);
        }
        java.util.Collections.shuffle(all, random);
        return all.subList(0, size).stream().mapToInt(Integer::intValue).toArray();
    }

    static String pad(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /**
     * The rate a time entry is stamped with (API.md §3): for its type the project's override, else the
     * client's, else the member's; with none of those for overtime or rush, the standard cascade.
     */
    static @Nullable BigDecimal effectiveRate(RateType type, Project project, @Nullable Member member) {
        BigDecimal rate = firstRate(type, project, member);
        return rate == null && type != RateType.STANDARD ? firstRate(RateType.STANDARD, project, member) : rate;
    }

    private static @Nullable BigDecimal firstRate(RateType type, Project project, @Nullable Member member) {
        if (project.rates().of(type) != null) {
            return project.rates().of(type);
        }
        if (project.client().rates().of(type) != null) {
            return project.client().rates().of(type);
        }
        return member == null ? null : member.rates().of(type);
    }

    // ------------------------------------------------------------------ writing

    /** Writes members, clients, contacts and projects (in that order, for the foreign keys). */
    void write(Connection connection, SeedReport report) throws SQLException {
        UUID org = organization.id();
        report.time("members", () -> {
            try (CopyRows rows = CopyRows.open(
                    connection,
                    "members",
                    List.of(
                            "organization_id",
                            "id",
                            "name",
                            "email",
                            "role",
                            "rates_standard",
                            "rates_overtime",
                            "rates_rush",
                            "cost_rate",
                            "active",
                            "created_at",
                            "updated_at"))) {
                for (Member m : members) {
                    rows.uuid(org)
                            .uuid(m.id())
                            .text(m.name())
                            .text(m.email())
                            .text(m.role())
                            .decimal(m.rates().standard())
                            .decimal(m.rates().overtime())
                            .decimal(m.rates().rush())
                            .decimal(m.costRate())
                            .bool(m.active())
                            .instant(m.createdAt())
                            .instant(m.createdAt())
                            .endRow();
                }
                return rows.finish();
            }
        });
        report.time("clients", () -> {
            try (CopyRows rows = CopyRows.open(
                    connection,
                    "clients",
                    List.of(
                            "organization_id",
                            "id",
                            "name",
                            "email",
                            "phone",
                            "address_line1",
                            "address_city",
                            "address_postal_code",
                            "address_country",
                            "status",
                            "currency",
                            "tax_id",
                            "payment_terms_days",
                            "rates_standard",
                            "rates_overtime",
                            "rates_rush",
                            "notes",
                            "created_at",
                            "updated_at"))) {
                for (Client c : clients) {
                    Address a = c.address();
                    rows.uuid(org)
                            .uuid(c.id())
                            .text(c.name())
                            .text(c.email())
                            .text(c.phone())
                            .text(a == null ? null : a.line1())
                            .text(a == null ? null : a.city())
                            .text(a == null ? null : a.postalCode())
                            .text(a == null ? null : a.country())
                            .text(c.status())
                            .text(c.currency())
                            .text(c.taxId())
                            .integer(c.paymentTermsDays())
                            .decimal(c.rates().standard())
                            .decimal(c.rates().overtime())
                            .decimal(c.rates().rush())
                            .text(c.notes())
                            .instant(c.createdAt())
                            .instant(c.createdAt())
                            .endRow();
                }
                return rows.finish();
            }
        });
        report.time("contacts", () -> {
            try (CopyRows rows = CopyRows.open(
                    connection,
                    "contacts",
                    List.of(
                            "organization_id",
                            "id",
                            "client_id",
                            "name",
                            "email",
                            "phone",
                            "title",
                            "is_primary",
                            "created_at",
                            "updated_at"))) {
                for (Contact c : contacts) {
                    rows.uuid(org)
                            .uuid(c.id())
                            .uuid(c.client().id())
                            .text(c.name())
                            .text(c.email())
                            .text(c.phone())
                            .text(c.title())
                            .bool(c.primary())
                            .instant(c.createdAt())
                            .instant(c.createdAt())
                            .endRow();
                }
                return rows.finish();
            }
        });
        report.time("projects", () -> {
            try (CopyRows rows = CopyRows.open(
                    connection,
                    "projects",
                    List.of(
                            "organization_id",
                            "id",
                            "client_id",
                            "name",
                            "status",
                            "billing_type",
                            "budget_amount",
                            "budget_hours",
                            "start_date",
                            "end_date",
                            "rates_standard",
                            "rates_overtime",
                            "rates_rush",
                            "retainer_hours_per_month",
                            "scope_items",
                            "currency",
                            "is_default",
                            "created_at",
                            "updated_at"))) {
                for (Project p : projects) {
                    rows.uuid(org)
                            .uuid(p.id())
                            .uuid(p.client().id())
                            .text(p.name())
                            .text(p.status())
                            .text(p.billingType())
                            .decimal(p.budgetAmount())
                            .decimal(p.budgetHours())
                            .date(p.startDate())
                            .date(p.endDate())
                            .decimal(p.rates().standard())
                            .decimal(p.rates().overtime())
                            .decimal(p.rates().rush())
                            .decimal(p.retainerHoursPerMonth())
                            .text("[]")
                            .text(p.client().currency())
                            .bool(p.isDefault())
                            .instant(p.createdAt())
                            .instant(p.createdAt())
                            .endRow();
                }
                return rows.finish();
            }
        });
    }
}
