package app.clearmargin.demo;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is in the demo: Northwind Studio's team, its clients with their contacts and payment habits,
 * and their projects. Days are counted back from the day the demo is created.
 */
final class DemoCast {

    private DemoCast() {}

    record Member(
            String key,
            String name,
            String email,
            String role,
            int standard,
            @Nullable Integer overtime,
            @Nullable Integer rush,
            int costRate,
            @Nullable Integer leftDaysAgo) {}

    /** How a client pays its invoices, and with what. */
    enum Payer {
        PROMPT,
        REGULAR,
        SLOW,
        IN_PARTS
    }

    record PaysWith(
            String method, @Nullable String brand, @Nullable String last4) {
        static PaysWith card(String brand, String last4) {
            return new PaysWith("card", brand, last4);
        }

        static PaysWith bankTransfer() {
            return new PaysWith("bank_transfer", null, null);
        }
    }

    record Contact(
            String name,
            String email,
            String title,
            @Nullable String phone) {}

    record Client(
            String key,
            String name,
            String domain,
            String currency,
            @Nullable Integer paymentTermsDays,
            @Nullable Integer rate,
            String city,
            String country,
            int sinceDaysAgo,
            Payer payer,
            PaysWith paysWith,
            @Nullable String notes,
            List<Contact> contacts) {}

    /** A later change of a client's status (it stopped working with the studio). */
    record ClientStatus(String client, String status, int daysAgo) {}

    /** What a project's time is spent on: the descriptions its time entries draw from. */
    enum Work {
        WEB(
                "Wireframes: checkout flow",
                "Frontend: product listing page",
                "Backend: order API",
                "Accessibility review",
                "Client review call",
                "Bug fixing after QA",
                "Content migration",
                "Performance tuning",
                "Sprint planning"),
        BRAND(
                "Logo exploration",
                "Moodboard & references",
                "Typography system",
                "Brand guidelines layout",
                "Packaging mockups",
                "Stakeholder presentation"),
        APP(
                "User interviews",
                "Onboarding screens",
                "API integration",
                "Push notifications",
                "Release build & store listing",
                "Crash fixes",
                "Design QA on devices"),
        PRINT("Editorial layout", "Infographics", "Proofreading corrections", "Print file preparation", "Press check"),
        CAMPAIGN("Campaign concept", "Social media assets", "Landing page build", "Ad copy", "Performance report"),
        CARE(
                "Monthly updates & plugin patches",
                "Support ticket: contact form",
                "Security patches",
                "Analytics report",
                "Content updates"),
        INTERNAL(
                "Portfolio case study",
                "Team meeting",
                "Recruiting interviews",
                "Tooling & templates",
                "Pitch preparation");

        final List<String> tasks;

        Work(String... tasks) {
            this.tasks = List.of(tasks);
        }
    }

    /** A line of a fixed-price project's scope: a catalog item (by key) or a described amount. */
    record Scope(String description, @Nullable String catalogItem, int quantity, Integer rate) {}

    /**
     * A project. Time is logged on it from {@code startDaysAgo} to {@code endDaysAgo} (null: ongoing) by
     * its team, in proportion to {@code weight}; at its end it becomes {@code endStatus}.
     */
    record Project(
            String key,
            String client,
            String name,
            String billingType,
            int startDaysAgo,
            @Nullable Integer endDaysAgo,
            String endStatus,
            List<String> team,
            Work work,
            double weight,
            @Nullable Integer budgetAmount,
            @Nullable Integer budgetHours,
            @Nullable Integer rate,
            @Nullable Integer retainerHoursPerMonth,
            boolean deadline,
            List<Scope> scope) {

        static Project hourly(
                String key,
                String client,
                String name,
                int start,
                @Nullable Integer end,
                List<String> team,
                Work work,
                double weight) {
            return new Project(
                    key,
                    client,
                    name,
                    "hourly",
                    start,
                    end,
                    end == null ? "active" : "completed",
                    team,
                    work,
                    weight,
                    null,
                    null,
                    null,
                    null,
                    false,
                    List.of());
        }

        static Project fixed(
                String key,
                String client,
                String name,
                int start,
                @Nullable Integer end,
                List<String> team,
                Work work,
                double weight,
                int budget,
                List<Scope> scope) {
            return new Project(
                    key,
                    client,
                    name,
                    "fixed",
                    start,
                    end,
                    end == null ? "active" : "completed",
                    team,
                    work,
                    weight,
                    budget,
                    null,
                    null,
                    null,
                    false,
                    scope);
        }

        static Project retainer(
                String key, String client, String name, int start, List<String> team, int hoursPerMonth) {
            return new Project(
                    key,
                    client,
                    name,
                    "retainer",
                    start,
                    null,
                    "active",
                    team,
                    Work.CARE,
                    0.6,
                    null,
                    null,
                    null,
                    hoursPerMonth,
                    false,
                    List.of());
        }

        static Project internal(String key, String name, List<String> team, double weight) {
            return new Project(
                    key,
                    "northwind",
                    name,
                    "non_billable",
                    200,
                    null,
                    "active",
                    team,
                    Work.INTERNAL,
                    weight,
                    null,
                    null,
                    null,
                    null,
                    false,
                    List.of());
        }

        Project endingAs(String status) {
            return new Project(
                    key,
                    client,
                    name,
                    billingType,
                    startDaysAgo,
                    endDaysAgo,
                    status,
                    team,
                    work,
                    weight,
                    budgetAmount,
                    budgetHours,
                    rate,
                    retainerHoursPerMonth,
                    deadline,
                    scope);
        }

        Project withBudgetHours(int hours) {
            return new Project(
                    key,
                    client,
                    name,
                    billingType,
                    startDaysAgo,
                    endDaysAgo,
                    endStatus,
                    team,
                    work,
                    weight,
                    budgetAmount,
                    hours,
                    rate,
                    retainerHoursPerMonth,
                    deadline,
                    scope);
        }

        Project withRate(int standardRate) {
            return new Project(
                    key,
                    client,
                    name,
                    billingType,
                    startDaysAgo,
                    endDaysAgo,
                    endStatus,
                    team,
                    work,
                    weight,
                    budgetAmount,
                    budgetHours,
                    standardRate,
                    retainerHoursPerMonth,
                    deadline,
                    scope);
        }

        /** A project racing a date: some of its hours are billed at the rush rate. */
        Project againstADeadline() {
            return new Project(
                    key,
                    client,
                    name,
                    billingType,
                    startDaysAgo,
                    endDaysAgo,
                    endStatus,
                    team,
                    work,
                    weight,
                    budgetAmount,
                    budgetHours,
                    rate,
                    retainerHoursPerMonth,
                    true,
                    scope);
        }

        boolean billedMonthly() {
            return billingType.equals("hourly") || billingType.equals("retainer");
        }
    }

    static final List<Member> MEMBERS = List.of(
            new Member("maya", "Maya Lindqvist", "maya@northwind-studio.example", "admin", 165, 220, 250, 85, null),
            new Member("jonas", "Jonas Becker", "jonas@northwind-studio.example", "member", 150, 200, 240, 78, null),
            new Member("priya", "Priya Raman", "priya@northwind-studio.example", "member", 130, 175, 200, 64, null),
            new Member("tom", "Tom Okafor", "tom@northwind-studio.example", "member", 115, 155, 180, 55, null),
            new Member("lea", "Lea Fischer", "lea@northwind-studio.example", "admin", 120, 160, null, 58, null),
            new Member("sam", "Sam Ortiz", "sam@northwind-studio.example", "viewer", 95, null, null, 60, 120));

    static final List<Client> CLIENTS = List.of(
            new Client(
                    "harborview",
                    "Harborview Health",
                    "harborviewhealth.example",
                    "USD",
                    null,
                    140,
                    "Boston",
                    "US",
                    230,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "Nonprofit rate agreed for 2025/26.",
                    List.of(
                            new Contact(
                                    "Dana Whitfield",
                                    "dana.whitfield@harborviewhealth.example",
                                    "Head of Communications",
                                    "+1-617-555-0142"),
                            new Contact(
                                    "Luis Ortega",
                                    "ap@harborviewhealth.example",
                                    "Accounts Payable",
                                    "+1-617-555-0190"))),
            new Client(
                    "granite",
                    "Granite Capital Partners",
                    "granitecapital.example",
                    "USD",
                    45,
                    185,
                    "New York",
                    "US",
                    225,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "Invoices need the PO number in the notes.",
                    List.of(
                            new Contact(
                                    "Evelyn Shaw",
                                    "evelyn.shaw@granitecapital.example",
                                    "Marketing Director",
                                    "+1-212-555-0117"),
                            new Contact("Marcus Lee", "marcus.lee@granitecapital.example", "CFO", null))),
            new Client(
                    "kestrel",
                    "Kestrel Outdoor GmbH",
                    "kestrel-outdoor.example",
                    "EUR",
                    14,
                    null,
                    "Munich",
                    "DE",
                    210,
                    Payer.PROMPT,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(
                            new Contact(
                                    "Jana Hoffmann",
                                    "jana.hoffmann@kestrel-outdoor.example",
                                    "Head of E-Commerce",
                                    "+49-89-555-2031"),
                            new Contact(
                                    "Felix Wagner", "felix.wagner@kestrel-outdoor.example", "Brand Manager", null))),
            new Client(
                    "marlow",
                    "Marlow & Finch Ltd",
                    "marlowfinch.example",
                    "GBP",
                    null,
                    null,
                    "London",
                    "GB",
                    205,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "Prefers quarterly review meetings.",
                    List.of(new Contact(
                            "Olivia Marlow", "olivia@marlowfinch.example", "Managing Partner", "+44-20-5550-1934"))),
            new Client(
                    "bluebird",
                    "Bluebird Coffee Roasters",
                    "bluebirdcoffee.example",
                    "USD",
                    14,
                    null,
                    "Portland",
                    "US",
                    200,
                    Payer.PROMPT,
                    PaysWith.card("visa", "4242"),
                    null,
                    List.of(new Contact("Sam Patel", "sam@bluebirdcoffee.example", "Founder", "+1-503-555-0168"))),
            new Client(
                    "atlas",
                    "Atlas Freight & Logistics",
                    "atlasfreight.example",
                    "USD",
                    null,
                    null,
                    "Chicago",
                    "US",
                    215,
                    Payer.SLOW,
                    PaysWith.bankTransfer(),
                    "Pays late; send reminders to AP.",
                    List.of(
                            new Contact(
                                    "Robert King",
                                    "robert.king@atlasfreight.example",
                                    "VP Operations",
                                    "+1-312-555-0101"),
                            new Contact("Accounts Payable", "ap@atlasfreight.example", "AP team", null),
                            new Contact("Nina Alvarez", "nina.alvarez@atlasfreight.example", "Product Owner", null))),
            new Client(
                    "lumen",
                    "Lumen Solar Co-op",
                    "lumensolar.example",
                    "USD",
                    null,
                    null,
                    "Austin",
                    "US",
                    120,
                    Payer.PROMPT,
                    PaysWith.card("mastercard", "5454"),
                    null,
                    List.of(new Contact("Grace Okoye", "grace@lumensolar.example", "Community Manager", null))),
            new Client(
                    "orbit",
                    "Orbit Robotics",
                    "orbitrobotics.example",
                    "USD",
                    null,
                    null,
                    "Pittsburgh",
                    "US",
                    170,
                    Payer.IN_PARTS,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(
                            new Contact(
                                    "Dr. Ken Watanabe", "ken.watanabe@orbitrobotics.example", "CTO", "+1-412-555-0177"),
                            new Contact("Mia Novak", "mia.novak@orbitrobotics.example", "UX Lead", null))),
            new Client(
                    "cedar",
                    "Cedar & Stone Architects",
                    "cedarstone.example",
                    "USD",
                    null,
                    null,
                    "Seattle",
                    "US",
                    100,
                    Payer.PROMPT,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(new Contact("Hannah Berg", "hannah@cedarstone.example", "Partner", null))),
            new Client(
                    "nova",
                    "Nova Learning Labs",
                    "novalearning.example",
                    "USD",
                    null,
                    null,
                    "Denver",
                    "US",
                    190,
                    Payer.REGULAR,
                    PaysWith.card("amex", "1005"),
                    "Course platform paused until new funding round.",
                    List.of(new Contact("Arjun Mehta", "arjun@novalearning.example", "Head of Product", null))),
            new Client(
                    "willow",
                    "Willow Street Bakery",
                    "willowstreetbakery.example",
                    "USD",
                    14,
                    null,
                    "Portland",
                    "US",
                    115,
                    Payer.PROMPT,
                    PaysWith.card("mastercard", "4444"),
                    null,
                    List.of(new Contact("Rosa Martin", "rosa@willowstreetbakery.example", "Owner", "+1-503-555-0133"))),
            new Client(
                    "falcon",
                    "Falcon Fitness Clubs",
                    "falconfitness.example",
                    "USD",
                    null,
                    null,
                    "Miami",
                    "US",
                    180,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(new Contact("Derek Silva", "derek.silva@falconfitness.example", "CMO", null))),
            new Client(
                    "summit",
                    "Summit Legal LLP",
                    "summitlegal.example",
                    "USD",
                    null,
                    null,
                    "Philadelphia",
                    "US",
                    220,
                    Payer.REGULAR,
                    PaysWith.card("visa", "1881"),
                    null,
                    List.of(new Contact("Catherine Brooks", "cbrooks@summitlegal.example", "Office Manager", null))),
            new Client(
                    "pioneer",
                    "Pioneer Museum of Science",
                    "pioneermuseum.example",
                    "USD",
                    null,
                    135,
                    "San Diego",
                    "US",
                    175,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "Grant-funded; invoices per exhibition budget line.",
                    List.of(
                            new Contact("Tomás Rivera", "trivera@pioneermuseum.example", "Exhibitions Director", null),
                            new Contact("Ivy Chen", "ivy.chen@pioneermuseum.example", "Grants Officer", null))),
            new Client(
                    "vertex",
                    "Vertex Analytics",
                    "vertexanalytics.example",
                    "USD",
                    null,
                    null,
                    "San Francisco",
                    "US",
                    95,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(new Contact(
                            "Priscilla Young", "priscilla@vertexanalytics.example", "Product Manager", null))),
            new Client(
                    "redmaple",
                    "Red Maple Hotels",
                    "redmaplehotels.example",
                    "USD",
                    null,
                    null,
                    "Vancouver",
                    "CA",
                    75,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "Every invoice needs their PO number.",
                    List.of(new Contact("Owen Fraser", "owen.fraser@redmaplehotels.example", "Brand Manager", null))),
            new Client(
                    "quantum",
                    "Quantum Biotech",
                    "quantumbio.example",
                    "USD",
                    null,
                    null,
                    "Cambridge",
                    "US",
                    235,
                    Payer.PROMPT,
                    PaysWith.bankTransfer(),
                    null,
                    List.of(new Contact("Lena Fischer", "lena.fischer@quantumbio.example", "Communications", null))),
            new Client(
                    "silverline",
                    "Silverline Media",
                    "silverlinemedia.example",
                    "USD",
                    null,
                    null,
                    "Los Angeles",
                    "US",
                    240,
                    Payer.PROMPT,
                    PaysWith.bankTransfer(),
                    "Closed down in spring.",
                    List.of(new Contact("Jay Morgan", "jay@silverlinemedia.example", "Producer", null))),
            new Client(
                    "greenleaf",
                    "Greenleaf Grocers",
                    "greenleafgrocers.example",
                    "USD",
                    null,
                    null,
                    "Sacramento",
                    "US",
                    12,
                    Payer.REGULAR,
                    PaysWith.bankTransfer(),
                    "New lead from the Bluebird referral.",
                    List.of(new Contact("Noor Haddad", "noor@greenleafgrocers.example", "Marketing Lead", null))),
            new Client(
                    "northwind",
                    "Northwind Studio (internal)",
                    "northwind-studio.example",
                    "USD",
                    null,
                    null,
                    "Portland",
                    "US",
                    240,
                    Payer.PROMPT,
                    PaysWith.bankTransfer(),
                    "The studio itself: non-billable internal work.",
                    List.of()));

    static final List<ClientStatus> CLIENT_STATUS_CHANGES =
            List.of(new ClientStatus("quantum", "inactive", 125), new ClientStatus("silverline", "archived", 140));

    static final List<Project> PROJECTS = List.of(
            Project.hourly(
                            "hv-portal",
                            "harborview",
                            "Patient portal redesign",
                            175,
                            null,
                            List.of("jonas", "priya", "tom", "lea"),
                            Work.WEB,
                            3)
                    .withBudgetHours(600),
            Project.retainer("hv-care", "harborview", "Website care plan", 200, List.of("tom"), 10),
            Project.hourly(
                    "hv-video",
                    "harborview",
                    "Donor campaign video",
                    70,
                    35,
                    List.of("maya", "priya"),
                    Work.CAMPAIGN,
                    1),
            Project.hourly(
                            "gc-dashboard",
                            "granite",
                            "Investor dashboard",
                            120,
                            null,
                            List.of("jonas", "tom", "maya"),
                            Work.WEB,
                            2.5)
                    .withBudgetHours(450),
            Project.fixed(
                    "gc-report",
                    "granite",
                    "Annual report 2025",
                    170,
                    95,
                    List.of("priya", "maya", "sam"),
                    Work.PRINT,
                    2,
                    24000,
                    List.of(
                            new Scope("Design & layout", null, 1, 16000),
                            new Scope("Infographics", null, 12, 450),
                            new Scope("Print management", null, 1, 2600))),
            Project.hourly("gc-decks", "granite", "Pitch deck templates", 60, 45, List.of("priya"), Work.PRINT, 0.8),
            Project.hourly(
                    "ke-social",
                    "kestrel",
                    "Social media assets (spring)",
                    150,
                    110,
                    List.of("priya"),
                    Work.CAMPAIGN,
                    1),
            Project.fixed(
                    "ke-booth",
                    "kestrel",
                    "Trade-show booth (ISPO)",
                    45,
                    15,
                    List.of("maya", "priya"),
                    Work.PRINT,
                    1,
                    6400,
                    List.of(
                            new Scope("Trade-show booth kit", "booth-kit", 1, 3600),
                            new Scope("Booth graphics", null, 1, 2800))),
            Project.fixed(
                    "mf-brand",
                    "marlow",
                    "Brand refresh",
                    160,
                    70,
                    List.of("maya", "priya"),
                    Work.BRAND,
                    2,
                    18000,
                    List.of(
                            new Scope("Brand strategy workshop", "workshop", 1, 2400),
                            new Scope("Logo & identity", null, 1, 9500),
                            new Scope("Brand guidelines", null, 1, 6100))),
            Project.hourly(
                            "mf-web",
                            "marlow",
                            "Website build",
                            65,
                            null,
                            List.of("jonas", "tom", "priya"),
                            Work.WEB,
                            2.5)
                    .withRate(150),
            Project.fixed(
                    "mf-print",
                    "marlow",
                    "Stationery print run",
                    75,
                    60,
                    List.of("priya"),
                    Work.PRINT,
                    0.5,
                    3200,
                    List.of(
                            new Scope("Brochure print run (500)", "brochures", 2, 1100),
                            new Scope("Letterhead & cards", null, 1, 1000))),
            Project.hourly(
                    "bb-packaging",
                    "bluebird",
                    "Packaging redesign",
                    140,
                    40,
                    List.of("priya", "maya"),
                    Work.BRAND,
                    1.5),
            Project.hourly(
                    "bb-shop", "bluebird", "Online shop setup", 90, null, List.of("tom", "jonas"), Work.WEB, 1.5),
            Project.hourly(
                    "bb-season", "bluebird", "Seasonal campaign", 30, null, List.of("priya"), Work.CAMPAIGN, 0.8),
            Project.hourly(
                            "at-tracking",
                            "atlas",
                            "Shipment tracking app",
                            180,
                            null,
                            List.of("jonas", "tom", "lea"),
                            Work.APP,
                            3)
                    .againstADeadline()
                    .withBudgetHours(900),
            Project.fixed(
                    "at-livery",
                    "atlas",
                    "Fleet livery design",
                    150,
                    115,
                    List.of("priya"),
                    Work.BRAND,
                    1,
                    8500,
                    List.of()),
            Project.hourly(
                    "ls-campaign",
                    "lumen",
                    "Community solar campaign",
                    100,
                    30,
                    List.of("priya", "maya"),
                    Work.CAMPAIGN,
                    1.5),
            Project.hourly("ls-portal", "lumen", "Member portal", 25, null, List.of("jonas", "tom"), Work.WEB, 1.2),
            Project.hourly(
                    "or-hmi", "orbit", "Operator HMI design system", 150, null, List.of("priya", "jonas"), Work.APP, 2),
            Project.hourly("or-careers", "orbit", "Careers page", 50, 30, List.of("tom"), Work.WEB, 0.7),
            Project.hourly("nl-platform", "nova", "Course platform UX", 130, 45, List.of("priya", "lea"), Work.APP, 1.5)
                    .endingAs("on_hold"),
            Project.hourly(
                    "nl-site", "nova", "Marketing site refresh", 170, 135, List.of("tom", "priya"), Work.WEB, 1.2),
            Project.fixed(
                    "ws-site",
                    "willow",
                    "Website & online ordering",
                    110,
                    75,
                    List.of("tom"),
                    Work.WEB,
                    1,
                    6500,
                    List.of(
                            new Scope("Website design & build", null, 1, 5200),
                            new Scope("Online ordering setup", null, 1, 1300))),
            Project.hourly(
                    "ff-rebrand", "falcon", "Gym rebrand rollout", 160, 120, List.of("maya", "priya"), Work.BRAND, 1.5),
            Project.retainer("sl-care", "summit", "Website care plan", 182, List.of("tom"), 5),
            Project.hourly(
                            "pm-microsite",
                            "pioneer",
                            "Exhibition microsite",
                            95,
                            null,
                            List.of("jonas", "priya"),
                            Work.WEB,
                            1.5)
                    .againstADeadline(),
            Project.hourly(
                    "pm-signage", "pioneer", "Wayfinding signage", 160, 100, List.of("maya", "priya"), Work.PRINT, 1),
            Project.fixed(
                    "va-audit",
                    "vertex",
                    "UX audit & recommendations",
                    20,
                    null,
                    List.of("priya"),
                    Work.WEB,
                    0.8,
                    2640,
                    List.of(
                            new Scope("UX audit", "ux-audit", 1, 1800),
                            new Scope("Stakeholder interviews", null, 6, 140))),
            Project.hourly(
                            "va-prototype",
                            "vertex",
                            "Data visualisation prototype",
                            80,
                            70,
                            List.of("jonas"),
                            Work.WEB,
                            1)
                    .endingAs("cancelled"),
            Project.hourly(
                    "rm-content",
                    "redmaple",
                    "Photography & content",
                    60,
                    25,
                    List.of("maya", "priya"),
                    Work.CAMPAIGN,
                    1),
            Project.hourly(
                            "rm-booking",
                            "redmaple",
                            "Booking engine integration",
                            40,
                            10,
                            List.of("jonas"),
                            Work.WEB,
                            1)
                    .endingAs("on_hold"),
            Project.hourly(
                    "qb-trials",
                    "quantum",
                    "Clinical trials site",
                    182,
                    130,
                    List.of("jonas", "tom", "sam"),
                    Work.WEB,
                    2),
            Project.hourly(
                    "sv-podcast", "silverline", "Podcast branding", 182, 150, List.of("priya", "sam"), Work.BRAND, 0.8),
            Project.internal("nw-ops", "Studio operations", List.of("maya", "jonas", "priya", "tom", "lea"), 0.8),
            Project.internal("nw-newbiz", "New business & pitches", List.of("maya", "lea"), 0.5));
}
