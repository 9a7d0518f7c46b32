package app.clearmargin.ledger;

import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/reports/profitability over HTTP against hand-computed figures (docs/api.md, "Reports: profitability").
 * The main scenario lives in its own organization; a second organization logs activity on the same
 * dates and must never show up.
 */
class ProfitabilityReportTest extends ApiTest {

    private static final String MARCH = Api.q("from", "2026-03-01", "to", "2026-03-31");

    private Fixtures f;
    private String acme;
    private String globex;
    private String website;
    private String app;
    private String general;

    @BeforeAll
    void scenario() {
        f = new Fixtures(newOrganization("Profitability").api());
        String ann = f.member("Ann", 100, 40);
        String bob = f.member("Bob", 80, 30);
        acme = f.client("Acme");
        globex = f.client("Globex");
        general = f.defaultProject(acme);
        website = f.project(acme, "Website");
        app = f.project(globex, "App");

        // labor: Website 10 h × 40 + 5 h × 30 = 550 (15 h); App 2.5 h × 40 + 2.5 h without member = 100 (5 h)
        f.time(website, ann, "2026-03-05", 10);
        f.time(website, bob, "2026-03-31", 5);
        f.time(app, ann, "2026-03-01", 2.5);
        f.time(app, null, "2026-03-10", 2.5);
        f.time(app, ann, "2026-04-01", 8); // after the period
        f.time(website, bob, "2026-02-28", 3); // before it

        // revenue: issued, not draft, not void, in USD, net of refunds
        sent(acme, 1000, "2026-03-10", List.of(website));
        f.draftInvoice(acme, Map.of("issueDate", "2026-03-12", "lineItems", List.of(line("Draft", 1, 500))));
        String voided = sent(acme, 700, "2026-03-11", List.of(website));
        f.action(200, "invoices", voided, "void", Map.of());
        String paid = sent(globex, 600, "2026-03-20", List.of(app));
        String payment = f.pay(paid, null).doc().get("id").asString();
        f.refund(payment, 100); // revenue 500
        sent(globex, 450, "2026-04-02", List.of(app)); // after the period
        sent(acme, 300, "2026-03-15", List.of()); // no project: the client's default project
        String euro = f.create(
                        "invoices",
                        Map.of(
                                "client",
                                acme,
                                "currency",
                                "EUR",
                                "issueDate",
                                "2026-03-16",
                                "lineItems",
                                List.of(line("Euro work", 1, 999))))
                .get("id")
                .asString();
        f.send(euro);

        // expenses
        f.expense(120, "2026-03-07", Map.of("project", website));
        f.expense(80, "2026-03-31", Map.of("project", app));
        f.expense(50, "2026-04-01", Map.of("project", app)); // after the period
        f.create("transactions", Map.of("type", "revenue", "amount", 1000, "date", "2026-03-08", "project", website));
        f.expense(
                100,
                "2026-03-15",
                Map.of(
                        "scope",
                        "shared",
                        "allocations",
                        List.of(
                                Map.of("project", website, "share", 0.5),
                                Map.of("project", app, "share", 0.3),
                                Map.of("project", general, "share", 0.2))));
        // overhead 10.01 by hours 15 : 5 → 7.5075 / 2.5025 → 7.51 / 2.50 (largest remainder, adds up)
        f.expense(10.01, "2026-03-20", Map.of());
        f.expense(40, "2026-03-20", Map.of("currency", "EUR"));

        // another organization, same dates: must not leak in
        Fixtures other = new Fixtures(newOrganization("Profitability noise").api());
        String stranger = other.client("Stranger");
        String strangerProject = other.project(stranger, "Secret");
        other.time(strangerProject, other.member("Eve", 500, 400), "2026-03-10", 8);
        other.send(other.draftInvoice(
                        stranger, Map.of("issueDate", "2026-03-10", "lineItems", List.of(line("Big", 1, 99_999))))
                .get("id")
                .asString());
        other.expense(5000, "2026-03-10", Map.of());
    }

    private String sent(String client, Object amount, String issueDate, List<String> projects) {
        JsonNode draft = f.draftInvoice(
                client,
                Map.of("issueDate", issueDate, "projects", projects, "lineItems", List.of(line("Work", 1, amount))));
        return f.send(draft.get("id").asString()).get("id").asString();
    }

    @Test
    void byClient() {
        JsonNode report = report("client", MARCH);
        assertThat(report.get("groupBy").asString()).isEqualTo("client");
        assertThat(report.get("currency").asString()).isEqualTo("USD");
        assertThat(groupIds(report, "client")).containsExactly(acme, globex);
        assertThat(report.get("groups").get(0).get("client").get("name").asString())
                .isEqualTo("Acme");

        // Acme: revenue 1000 + 300; labor 550; direct 120; allocated 50 + 20 shared + 7.51 overhead
        assertFigures(report.get("groups").get(0), "1300", "550", "120", "77.51", "552.49", "42.5", "15");
        // Globex: revenue 600 − 100 refunded; labor 100; direct 80; allocated 30 shared + 2.50 overhead
        assertFigures(report.get("groups").get(1), "500", "100", "80", "32.5", "287.5", "57.5", "5");
        assertFigures(report.get("totals"), "1800", "650", "200", "110.01", "839.99", "46.67", "20");
        assertThat(report.get("excludedCurrencies").toString()).isEqualTo("[\"EUR\"]");
        assertThat(dec(report.get("unattributed").get("revenue"))).isZero();
        assertThat(dec(report.get("unattributed").get("expenses"))).isZero();
    }

    @Test
    void byProject() {
        JsonNode report = report("project", MARCH);
        assertThat(groupIds(report, "project")).containsExactly(app, general, website); // by name
        JsonNode appRow = report.get("groups").get(0);
        assertThat(appRow.get("project").get("name").asString()).isEqualTo("App");
        assertFigures(appRow, "500", "100", "80", "32.5", "287.5", "57.5", "5");
        // General: the invoice without projects (300) and its 20 % of the shared expense
        assertFigures(report.get("groups").get(1), "300", "0", "0", "20", "280", "93.33", "0");
        assertFigures(report.get("groups").get(2), "1000", "550", "120", "57.51", "272.49", "27.25", "15");
        assertFigures(report.get("totals"), "1800", "650", "200", "110.01", "839.99", "46.67", "20");
    }

    @Test
    void periodBoundsAreInclusiveAndEmptyPeriodsAreEmpty() {
        JsonNode lastDay = report("project", Api.q("from", "2026-03-31", "to", "2026-03-31"));
        // Bob's 5 h on Website and the App expense of 80 are dated on the last day
        assertThat(groupIds(lastDay, "project")).containsExactly(app, website);
        assertFigures(lastDay.get("groups").get(0), "0", "0", "80", "0", "-80", null, "0");
        assertFigures(lastDay.get("groups").get(1), "0", "150", "0", "0", "-150", null, "5");

        JsonNode nothing = report("client", Api.q("from", "2025-01-01", "to", "2025-01-31"));
        assertThat(nothing.get("groups").size()).isZero();
        assertFigures(nothing.get("totals"), "0", "0", "0", "0", "0", null, "0");
        assertThat(nothing.get("excludedCurrencies").size()).isZero();
    }

    @Test
    void overheadWithoutHoursStaysUnallocated() {
        JsonNode report = report("client", Api.q("from", "2026-03-20", "to", "2026-03-20"));
        // on the 20th: the Globex invoice, the 10.01 overhead and no time at all
        assertThat(groupIds(report, "client")).containsExactly(globex);
        assertFigures(report.get("totals"), "500", "0", "0", "0", "500", "100", "0");
        assertThat(dec(report.get("unattributed").get("expenses"))).isEqualByComparingTo("10.01");
    }

    @Test
    void laborCostIsRoundedOncePerGroup() {
        Fixtures g = new Fixtures(newOrganization("Labor rounding").api());
        String client = g.client("Round");
        String project = g.project(client, "Quarter hours");
        String cy = g.member("Cy", 100, 33.33);
        g.time(project, cy, "2026-05-04", 0.25); // 8.3325
        g.time(project, cy, "2026-05-05", 0.25); // 8.3325 → together 16.665 → 16.67, not 8.33 + 8.33
        JsonNode report = report(g.api(), "project", Api.q("from", "2026-05-01", "to", "2026-05-31"));
        assertFigures(report.get("groups").get(0), "0", "16.67", "0", "0", "-16.67", null, "0.5");
    }

    @Test
    void invoicesOverSeveralProjectsAreSplitByTheWorkTheyBilled() {
        Fixtures g = new Fixtures(newOrganization("Multi-project").api());
        String client = g.client("Initech");
        String p1 = g.project(client, "Alpha");
        String p2 = g.project(client, "Beta");
        String dev = g.member("Dev", 100, null);
        g.time(p1, dev, "2026-06-02", 3);
        g.time(p2, dev, "2026-06-03", 1);
        Api.Response generated = g.api()
                .post(
                        "/api/invoices/generate?depth=0",
                        Map.of("projects", List.of(p1, p2), "from", "2026-06-01", "to", "2026-06-30"));
        assertThat(generated.status()).isEqualTo(201);
        String invoice = generated.doc().get("id").asString();
        Fixtures.expect(
                200, g.api().patch("/api/invoices/" + invoice, Map.of("taxRate", 10, "issueDate", "2026-06-30")));
        g.send(invoice); // 440 = 400 + 10 % tax, billed work 300 : 100 → 330 / 110
        // nothing billed through it: Alpha and Beta share 100.01 equally, the first one takes the odd cent
        String manual = g.draftInvoice(
                        client,
                        Map.of(
                                "projects",
                                List.of(p1, p2),
                                "issueDate",
                                "2026-06-15",
                                "lineItems",
                                List.of(line("Retainer", 1, 100.01))))
                .get("id")
                .asString();
        g.send(manual);

        JsonNode report = report(g.api(), "project", Api.q("from", "2026-06-01", "to", "2026-06-30"));
        assertThat(groupIds(report, "project")).containsExactly(p1, p2);
        assertThat(dec(report.get("groups").get(0).get("revenue"))).isEqualByComparingTo("380.01");
        assertThat(dec(report.get("groups").get(1).get("revenue"))).isEqualByComparingTo("160");
        assertThat(dec(report.get("totals").get("revenue"))).isEqualByComparingTo("540.01");

        JsonNode byClient = report(g.api(), "client", Api.q("from", "2026-06-01", "to", "2026-06-30"));
        assertThat(dec(byClient.get("groups").get(0).get("revenue"))).isEqualByComparingTo("540.01");
    }

    @Test
    void currenciesWithoutMinorUnitsStayWhole() {
        Fixtures yen =
                new Fixtures(newOrganization("Yen agency", "JPY", "Asia/Tokyo").api());
        String client = yen.client("Tokyo client");
        String a = yen.project(client, "A");
        String b = yen.project(client, "B");
        String m = yen.member("Ken", 10_000, 3_333);
        yen.time(a, m, "2026-07-01", 2); // 6666
        yen.time(b, m, "2026-07-01", 1); // 3333
        yen.expense(1001, "2026-07-02", Map.of()); // overhead 2 : 1 → 667.33 / 333.67 → 667 / 334
        JsonNode report = report(yen.api(), "project", Api.q("from", "2026-07-01", "to", "2026-07-31"));
        assertThat(report.get("currency").asString()).isEqualTo("JPY");
        assertFigures(report.get("groups").get(0), "0", "6666", "0", "667", "-7333", null, "2");
        assertFigures(report.get("groups").get(1), "0", "3333", "0", "334", "-3667", null, "1");
        assertThat(report.get("groups").get(0).get("allocatedExpenses").toString())
                .isEqualTo("667");
    }

    @Test
    void everyMissingOrInvalidParameterIsReported() {
        Api.Response none = f.api().get("/api/reports/profitability");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorName()).isEqualTo("ValidationError");
        assertThat(none.errorPaths()).containsExactly("groupBy", "from", "to");

        Api.Response bad = f.api()
                .get("/api/reports/profitability" + Api.q("groupBy", "member", "from", "2026-02-30", "to", "March"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorPaths()).containsExactly("groupBy", "from", "to");

        Api.Response reversed = f.api()
                .get("/api/reports/profitability"
                        + Api.q("groupBy", "client", "from", "2026-03-31", "to", "2026-03-01"));
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.errorPaths()).containsExactly("to");

        Api.Response empty = f.api().get("/api/reports/profitability?groupBy=&from=2026-03-01&to=2026-03-31");
        assertThat(empty.errorPaths()).containsExactly("groupBy");
    }

    @Test
    void needsTransactionsReadAndOnlyGet() {
        Api clientsOnly = keyWith(List.of("clients:read"), 1000);
        Api.Response forbidden = clientsOnly.get(
                "/api/reports/profitability" + Api.q("groupBy", "client", "from", "2026-03-01", "to", "2026-03-31"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).contains("transactions:read");

        Api ledgerReader = keyWith(List.of("transactions:read"), 1000);
        assertThat(ledgerReader
                        .get("/api/reports/profitability"
                                + Api.q("groupBy", "client", "from", "2026-03-01", "to", "2026-03-31"))
                        .status())
                .isEqualTo(200);
        assertThat(api.withKey(null).get("/api/reports/profitability").status()).isEqualTo(401);
        assertThat(clientsOnly.post("/api/reports/profitability", Map.of()).status())
                .isEqualTo(405);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode report(String groupBy, String period) {
        return report(f.api(), groupBy, period);
    }

    private static JsonNode report(Api api, String groupBy, String period) {
        Api.Response r = api.get("/api/reports/profitability" + period + "&groupBy=" + groupBy);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> groupIds(JsonNode report, String key) {
        List<String> ids = new ArrayList<>();
        report.get("groups").forEach(g -> ids.add(g.get(key).get("id").asString()));
        return ids;
    }

    /** Compares by value: {@code 42.5} and {@code 42.50} are the same figure. */
    private static void assertFigures(
            JsonNode row,
            String revenue,
            String labor,
            String direct,
            String allocated,
            String margin,
            String marginPercent,
            String hours) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("revenue", revenue);
        expected.put("laborCost", labor);
        expected.put("directExpenses", direct);
        expected.put("allocatedExpenses", allocated);
        expected.put("margin", margin);
        expected.put("hours", hours);
        expected.forEach((field, value) ->
                assertThat(dec(row.get(field))).as(field + " of " + row).isEqualByComparingTo(new BigDecimal(value)));
        if (marginPercent == null) {
            assertThat(row.get("marginPercent").isNull())
                    .as("marginPercent of " + row)
                    .isTrue();
        } else {
            assertThat(dec(row.get("marginPercent")))
                    .as("marginPercent of " + row)
                    .isEqualByComparingTo(new BigDecimal(marginPercent));
        }
    }
}
