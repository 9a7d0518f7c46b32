package app.clearmargin.demo;

import static app.clearmargin.support.Api.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.platform.Seeder;
import app.clearmargin.shared.Money;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.TestDatabase;
import app.clearmargin.tenancy.Organization;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The seed command's data, read back through the API: counts, stamping, numbering, consistency, queries. */
class BulkSeedTest extends ApiTest {

    private static final Map<String, Integer> PLAN = Map.of(
            "clients",
            8,
            "contacts",
            12,
            "projects",
            30,
            "members",
            4,
            "invoices",
            50,
            "time-entries",
            1_000,
            "proposals",
            20,
            "transactions",
            30,
            "seed",
            13);

    @Autowired
    Seeder seeder;

    private LocalDate today;

    @BeforeAll
    void seed() {
        seeder.seed(organization, options(PLAN));
        today = organization.today(clock.instant());
    }

    static Seeder.SeedOptions options(Map<String, Integer> values) {
        return (option, fallback) -> values.getOrDefault(option, fallback);
    }

    private long count(String collection, Object... where) {
        Api.Response r = api.get("/api/" + collection + "/count" + (where.length == 0 ? "" : q(where)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("totalDocs").asLong();
    }

    /** Every document of a collection (pages of 100), at {@code depth}. */
    private List<JsonNode> all(String collection, int depth) {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Api.Response r =
                    api.get("/api/" + collection + q("limit", 100, "page", page, "depth", depth, "sort", "createdAt"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.json().get("docs").forEach(out::add);
            if (!r.json().get("hasNextPage").asBoolean()) {
                return out;
            }
        }
    }

    private static BigDecimal money(JsonNode node) {
        return node == null || node.isNull() ? null : node.decimalValue();
    }

    @Test
    void theApiCountsExactlyWhatWasPlanned() {
        assertThat(count("clients")).isEqualTo(8);
        assertThat(count("contacts")).isEqualTo(12);
        assertThat(count("projects")).isEqualTo(30);
        assertThat(count("projects", "where[isDefault][equals]", true)).isEqualTo(8);
        assertThat(count("members")).isEqualTo(4);
        assertThat(count("invoices")).isEqualTo(50);
        assertThat(count("time-entries")).isEqualTo(1_000);
        assertThat(count("proposals")).isEqualTo(20);
        assertThat(count("transactions", "where[source][equals]", "manual")).isEqualTo(30);
        long payments = count("payments");
        assertThat(count("receipts")).isEqualTo(payments);
        assertThat(count("transactions", "where[source][equals]", "payment")).isEqualTo(payments);
        assertThat(api.get("/api/time-entries" + q("limit", 10))
                        .json()
                        .get("totalDocs")
                        .asLong())
                .isEqualTo(1_000);
    }

    @Test
    void everyClientHasItsDefaultProjectAndOnePrimaryContact() {
        List<JsonNode> contacts = all("contacts", 0);
        Map<String, Integer> primaries = new HashMap<>();
        contacts.forEach(c ->
                primaries.merge(c.get("client").asString(), c.get("isPrimary").asBoolean() ? 1 : 0, Integer::sum));
        assertThat(primaries).hasSize(8).allSatisfy((client, n) -> assertThat(n).isEqualTo(1));
        for (JsonNode project : all("projects", 1)) {
            assertThat(project.get("currency").asString())
                    .isEqualTo(project.get("client").get("currency").asString());
            if (project.get("isDefault").asBoolean()) {
                assertThat(project.get("name").asString()).isEqualTo("General");
            }
        }
    }

    @Test
    void timeEntriesAreStampedAsTheApiStampsThem() {
        List<JsonNode> entries = all("time-entries", 2);
        assertThat(entries).hasSize(1_000);
        Map<String, JsonNode> combinations = new LinkedHashMap<>();
        for (JsonNode e : entries) {
            String currency = e.get("project").get("currency").asString();
            BigDecimal hours = e.get("hours").decimalValue();
            BigDecimal rate = money(e.get("rate"));
            BigDecimal expected = e.get("billable").asBoolean() && rate != null
                    ? Money.of(hours.multiply(rate), currency).plain()
                    : BigDecimal.ZERO;
            assertThat(money(e.get("amount"))).as(e.toString()).isEqualByComparingTo(expected);
            assertThat(e.get("status").asString()).isEqualTo("unbilled");
            assertThat(LocalDate.parse(e.get("date").asString())).isBeforeOrEqualTo(today);
            combinations.putIfAbsent(
                    e.get("project").get("id").asString() + " "
                            + e.path("member").path("id").asString("") + " "
                            + e.get("rateType").asString(),
                    e);
        }
        // the same project, member and rate type logged through the API get the same stamped rates
        Set<String> levels = new HashSet<>();
        for (Map.Entry<String, JsonNode> c : combinations.entrySet()) {
            JsonNode e = c.getValue();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("project", e.get("project").get("id").asString());
            if (e.get("member").isObject()) {
                body.put("member", e.get("member").get("id").asString());
            }
            body.put("date", today.toString());
            body.put("hours", 1.5);
            body.put("rateType", e.get("rateType").asString());
            JsonNode created = create("time-entries", body);
            try {
                assertThat(money(created.get("rate"))).as(c.getKey()).isEqualTo(money(e.get("rate")));
                assertThat(money(created.get("costRate"))).as(c.getKey()).isEqualTo(money(e.get("costRate")));
            } finally {
                assertThat(api.delete("/api/time-entries/" + created.get("id").asString())
                                .status())
                        .isEqualTo(200);
            }
            JsonNode project = e.get("project");
            boolean clientRate = hasStandardRate(project.get("client"));
            levels.add(
                    hasStandardRate(project)
                            ? (clientRate ? "project over client" : "project")
                            : clientRate ? "client" : "member");
        }
        // seed 13 has projects with their own rate on clients with theirs: every level of the cascade is compared
        assertThat(levels).contains("project over client", "client", "member");
    }

    private static boolean hasStandardRate(JsonNode doc) {
        return doc.path("rates").path("standard").isNumber();
    }

    @Test
    void invoiceTotalsAreWhatTheInvoiceHookComputes() {
        for (JsonNode invoice : all("invoices", 0)) {
            // a PATCH of the notes runs the invoice hook, which recomputes every line amount and total
            Api.Response r =
                    api.patch("/api/invoices/" + invoice.get("id").asString() + "?depth=0", Map.of("notes", "checked"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode recomputed = r.doc();
            for (String field : List.of("subtotal", "discountTotal", "taxTotal", "total", "amountPaid", "amountDue")) {
                assertThat(money(recomputed.get(field)))
                        .as(field + " of " + invoice)
                        .isEqualTo(money(invoice.get(field)));
            }
            assertThat(recomputed.get("lineItems")).isEqualTo(invoice.get("lineItems"));
            assertThat(recomputed.get("dueDate")).isEqualTo(invoice.get("dueDate"));
        }
    }

    @Test
    void invoiceStatusesAgreeWithDatesAndPayments() {
        Map<String, BigDecimal> paidByInvoice = new HashMap<>();
        Map<String, Integer> refundedPayments = new HashMap<>();
        for (JsonNode p : all("payments", 0)) {
            BigDecimal kept = p.get("amount")
                    .decimalValue()
                    .subtract(p.get("refundedAmount").decimalValue());
            paidByInvoice.merge(p.get("invoice").asString(), kept, BigDecimal::add);
            if (p.get("refundedAmount").decimalValue().signum() > 0) {
                refundedPayments.merge(p.get("invoice").asString(), 1, Integer::sum);
            }
        }
        Set<String> statuses = new HashSet<>();
        for (JsonNode invoice : all("invoices", 0)) {
            String id = invoice.get("id").asString();
            String status = invoice.get("status").asString();
            statuses.add(status);
            BigDecimal total = invoice.get("total").decimalValue();
            BigDecimal paid = invoice.get("amountPaid").decimalValue();
            LocalDate due = LocalDate.parse(invoice.get("dueDate").asString());
            assertThat(paid).as(id).isEqualByComparingTo(paidByInvoice.getOrDefault(id, BigDecimal.ZERO));
            assertThat(invoice.get("amountDue").decimalValue()).isEqualByComparingTo(total.subtract(paid));
            assertThat(invoice.get("contact").isNull()).isFalse();
            switch (status) {
                case "draft" -> assertThat(invoice.get("sentAt").isNull()).isTrue();
                case "sent" -> assertThat(due).isAfterOrEqualTo(today);
                case "partially_paid" -> {
                    assertThat(due).isAfterOrEqualTo(today);
                    assertThat(paid.signum()).isPositive();
                    assertThat(paid).isLessThan(total);
                }
                case "paid" -> {
                    assertThat(paid).isEqualByComparingTo(total);
                    assertThat(invoice.get("paidAt").isNull()).isFalse();
                }
                case "overdue" -> assertThat(due).isBefore(today);
                case "refunded" -> {
                    assertThat(paid.signum()).isZero();
                    assertThat(refundedPayments).containsKey(id);
                }
                case "void" -> assertThat(invoice.get("voidedAt").isNull()).isFalse();
                default -> throw new AssertionError("unexpected status " + status);
            }
        }
        assertThat(statuses).contains("draft", "sent", "paid", "overdue");
    }

    @Test
    void theTimeSweepsFindNothingToChange() {
        Map<String, Long> before = new HashMap<>();
        for (String s : List.of("sent", "partially_paid", "overdue", "paid")) {
            before.put("invoices " + s, count("invoices", "where[status][equals]", s));
        }
        for (String s : List.of("sent", "expired")) {
            before.put("proposals " + s, count("proposals", "where[status][equals]", s));
        }
        assertThat(api.post("/api/testing/run-jobs", Map.of()).status()).isEqualTo(200);
        before.forEach((what, n) -> {
            String[] parts = what.split(" ");
            assertThat(count(parts[0], "where[status][equals]", parts[1]))
                    .as(what)
                    .isEqualTo(n);
        });
    }

    @Test
    void proposalStatusesAgreeWithTheirDates() {
        for (JsonNode p : all("proposals", 0)) {
            LocalDate expires = LocalDate.parse(p.get("expiresAt").asString());
            switch (p.get("status").asString()) {
                case "draft" -> assertThat(p.get("sentAt").isNull()).isTrue();
                case "sent" -> assertThat(expires).isAfterOrEqualTo(today);
                case "accepted" -> assertThat(p.get("acceptedAt").isNull()).isFalse();
                case "rejected" -> assertThat(p.get("rejectionReason").isNull()).isFalse();
                case "expired" -> {
                    assertThat(expires).isBefore(today);
                    assertThat(p.get("expiredAt").isNull()).isFalse();
                }
                default -> throw new AssertionError(p.toString());
            }
            assertThat(money(p.get("total")))
                    .isEqualByComparingTo(money(p.get("subtotal"))
                            .subtract(money(p.get("discountTotal")))
                            .add(money(p.get("taxTotal"))));
        }
    }

    @Test
    void idsSortLikeCreationTimes() throws Exception {
        try (Connection c = TestDatabase.get().connect()) {
            for (String table : List.of(
                    "clients",
                    "contacts",
                    "projects",
                    "members",
                    "time_entries",
                    "invoices",
                    "payments",
                    "receipts",
                    "transactions",
                    "proposals")) {
                try (PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM (SELECT created_at, lag(created_at) OVER "
                                + "(ORDER BY id) AS previous FROM " + table
                                + " WHERE organization_id = ?) x WHERE created_at < previous")) {
                    s.setObject(1, organization.id());
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        assertThat(r.getLong(1)).as(table).isZero();
                    }
                }
            }
        }
    }

    @Test
    void listWhereAndDepthQueriesWorkOverSeededData() {
        JsonNode client = api.get("/api/clients" + q("limit", 1, "sort", "name"))
                .json()
                .get("docs")
                .get(0);
        String clientId = client.get("id").asString();
        Api.Response entries = api.get("/api/time-entries"
                + q("where[project.client][equals]", clientId, "depth", 2, "limit", 20, "sort", "-date"));
        assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
        long ofClient = count("time-entries", "where[project.client][equals]", clientId);
        assertThat(entries.json().get("totalDocs").asLong()).isEqualTo(ofClient);
        String previous = null;
        for (JsonNode e : entries.json().get("docs")) {
            assertThat(e.get("project").get("client").get("id").asString()).isEqualTo(clientId);
            if (previous != null) {
                assertThat(e.get("date").asString()).isLessThanOrEqualTo(previous);
            }
            previous = e.get("date").asString();
        }
        Api.Response paid = api.get("/api/invoices"
                + q(
                        "where[status][equals]",
                        "paid",
                        "where[total][greater_than]",
                        100,
                        "sort",
                        "-total",
                        "depth",
                        1,
                        "limit",
                        5));
        assertThat(paid.status()).isEqualTo(200);
        for (JsonNode inv : paid.json().get("docs")) {
            assertThat(inv.get("client").get("name").asString()).isNotBlank();
            assertThat(inv.get("projects").get(0).get("id").asString()).startsWith("project_");
        }
        Api.Response billable = api.get("/api/time-entries"
                + q(
                        "where[billable][equals]",
                        true,
                        "where[date][greater_than_equal]",
                        today.minusDays(90).toString(),
                        "where[member.name][like]",
                        "a",
                        "limit",
                        5));
        assertThat(billable.status()).as(billable.toString()).isEqualTo(200);
        Api.Response byName = api.get(
                "/api/clients" + q("where[name][like]", client.get("name").asString()));
        assertThat(byName.json().get("totalDocs").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void invoiceNumbersStayGaplessAroundASeed() {
        TestOrg org = newOrganization("Seed numbering");
        Api other = org.api();
        String client = other.post("/api/clients?depth=0", Map.of("name", "Before the seed"))
                .doc()
                .get("id")
                .asString();
        assertThat(other.post("/api/invoices?depth=0", Map.of("client", client))
                        .doc()
                        .get("number")
                        .asString())
                .isEqualTo("INV-0001");
        seeder.seed(
                org.organization(),
                options(Map.of(
                        "clients", 2, "contacts", 2, "projects", 3, "members", 1, "invoices", 20, "time-entries", 0)));
        assertThat(other.post("/api/invoices?depth=0", Map.of("client", client))
                        .doc()
                        .get("number")
                        .asString())
                .isEqualTo("INV-0022");
        List<String> numbers = new ArrayList<>();
        other.get("/api/invoices" + q("limit", 100, "sort", "number"))
                .json()
                .get("docs")
                .forEach(d -> numbers.add(d.get("number").asString()));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            expected.add(String.format("INV-%04d", i));
        }
        assertThat(numbers).isEqualTo(expected);
    }

    @Test
    void theSameSeedGivesTheSameData() {
        Map<String, Integer> small = Map.of(
                "clients",
                3,
                "contacts",
                4,
                "projects",
                5,
                "members",
                2,
                "invoices",
                6,
                "time-entries",
                200,
                "seed",
                99);
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            TestOrg org = newOrganization("Seed determinism " + run);
            seeder.seed(org.organization(), options(small));
            List<String> shape = new ArrayList<>();
            org.api()
                    .get("/api/clients" + q("sort", "createdAt", "limit", 100))
                    .json()
                    .get("docs")
                    .forEach(d -> shape.add(
                            d.get("name").asString() + " " + d.get("currency").asString()));
            org.api()
                    .get("/api/time-entries" + q("sort", "createdAt", "limit", 100, "depth", 0))
                    .json()
                    .get("docs")
                    .forEach(d -> shape.add(d.get("hours").asString() + " "
                            + d.get("description").asString() + " "
                            + d.get("amount").asString()));
            org.api()
                    .get("/api/invoices" + q("sort", "createdAt", "limit", 100, "depth", 0))
                    .json()
                    .get("docs")
                    .forEach(d -> shape.add(
                            d.get("status").asString() + " " + d.get("total").asString()));
            runs.add(shape);
        }
        assertThat(runs.get(0)).hasSizeGreaterThan(100).isEqualTo(runs.get(1));
    }

    @Test
    void plansThatCannotBeSeededAreRefused() {
        Organization refused = newOrganization("Seed refusals").organization();
        assertThatThrownBy(() -> seeder.seed(refused, options(Map.of("clients", 10, "projects", 5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("default project");
        assertThatThrownBy(() -> seeder.seed(refused, options(Map.of("members", 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--members");
        assertThat(api.withKey(null).get("/health").status()).isEqualTo(200);
    }
}
