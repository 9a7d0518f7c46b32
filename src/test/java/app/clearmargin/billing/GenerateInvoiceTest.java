package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.assertInvalid;
import static app.clearmargin.support.Fixtures.dec;
import static app.clearmargin.support.Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/invoices/generate (API.md §4, §7 "Generate, exactly"): itemized and consolidated labor,
 * minimum billable hours per entry, billable expenses with markup, inclusive period, nothing unbilled
 * → 409, void and delete release what was billed.
 */
class GenerateInvoiceTest extends ApiTest {

    private Fixtures f;
    private String client;
    private String website;
    private String mobile;
    private String ann;
    private String bob;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        expect(
                200,
                api.patch(
                        "/api/organization",
                        Map.of("minimumBillableHours", Map.of("standard", 0.5, "overtime", 1, "rush", 0))));
        ann = f.member("Ann", Map.of("standard", 100, "overtime", 150), 40);
        bob = f.member("Bob", 80, 30);
        client = f.client("Generate Client");
        website = f.project(client, "Website");
        mobile = f.project(client, "Mobile", Map.of("standard", 90));
    }

    private Api.Response generate(List<String> projects, String from, String to, String laborDisplay) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("projects", projects);
        body.put("from", from);
        body.put("to", to);
        if (laborDisplay != null) {
            body.put("laborDisplay", laborDisplay);
        }
        return api.post("/api/invoices/generate?depth=0", body);
    }

    @Test
    void itemizedLinesPerMemberAndRateTypeWithMinimumsAndExpenses() {
        String annMorning = f.time(website, ann, "2026-03-01", 2).get("id").asString(); // first day
        String annShort = f.time(website, ann, "2026-03-15", 0.25).get("id").asString(); // min 0.5
        String annLate = f.time(website, ann, "2026-03-31", 0.5, Map.of("rateType", "overtime")) // last day, min 1
                .get("id")
                .asString();
        String bobs = f.time(website, bob, "2026-03-10", 3).get("id").asString();
        String unassigned = f.time(mobile, null, "2026-03-11", 1).get("id").asString();
        String annMobile = f.time(mobile, ann, "2026-03-12", 2).get("id").asString(); // project rate 90
        String before = f.time(website, ann, "2026-02-28", 5).get("id").asString();
        String after = f.time(website, ann, "2026-04-01", 5).get("id").asString();
        String internal = f.time(website, ann, "2026-03-05", 4, Map.of("billable", false))
                .get("id")
                .asString();
        String hosting = f.expense(
                        200,
                        "2026-03-20",
                        Map.of("project", website, "billable", true, "markupPercent", 10, "description", "Hosting"))
                .get("id")
                .asString();
        String printing = f.expense(
                        100, "2026-03-21", Map.of("project", mobile, "billable", true, "vendor", "Print shop"))
                .get("id")
                .asString();
        String ownCost = f.expense(50, "2026-03-22", Map.of("project", website))
                .get("id")
                .asString();

        Api.Response r = generate(List.of(website, mobile), "2026-03-01", "2026-03-31", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode invoice = r.doc();
        String id = invoice.get("id").asString();
        assertThat(invoice.get("status").asString()).isEqualTo("draft");
        assertThat(invoice.get("client").asString()).isEqualTo(client);
        assertThat(invoice.get("projects")).extracting(JsonNode::asString).containsExactly(website, mobile);
        assertThat(invoice.get("laborDisplay").asString()).isEqualTo("itemized");

        assertThat(lines(invoice))
                .containsExactly(
                        "Ann — Standard (Website) | 2.5 hour × 100 = 250 | time",
                        "Ann — Overtime (Website) | 1 hour × 150 = 150 | time",
                        "Bob — Standard (Website) | 3 hour × 80 = 240 | time",
                        "Unassigned — Standard (Mobile) | 1 hour × 90 = 90 | time",
                        "Ann — Standard (Mobile) | 2 hour × 90 = 180 | time",
                        "Hosting | 1 each × 220 = 220 | expense",
                        "Print shop | 1 each × 100 = 100 | expense");
        assertThat(dec(invoice.get("subtotal"))).isEqualByComparingTo("1230");
        JsonNode items = invoice.get("lineItems");
        assertThat(items.get(0).get("timeEntries"))
                .extracting(JsonNode::asString)
                .containsExactly(annMorning, annShort);
        assertThat(items.get(5).get("transactions"))
                .extracting(JsonNode::asString)
                .containsExactly(hosting);

        for (String billed : List.of(annMorning, annShort, annLate, bobs, unassigned, annMobile)) {
            JsonNode entry = f.get("time-entries", billed);
            assertThat(entry.get("status").asString()).isEqualTo("billed");
            assertThat(entry.get("invoice").asString()).isEqualTo(id);
        }
        for (String untouched : List.of(before, after, internal)) {
            assertThat(f.get("time-entries", untouched).get("status").asString())
                    .isEqualTo("unbilled");
        }
        assertThat(f.get("transactions", hosting).get("invoice").asString()).isEqualTo(id);
        assertThat(f.get("transactions", printing).get("invoice").asString()).isEqualTo(id);
        assertThat(f.get("transactions", ownCost).get("invoice").isNull()).isTrue();
        assertThat(api.patch("/api/transactions/" + hosting, Map.of("amount", 1))
                        .status())
                .isEqualTo(409);

        // nothing unbilled is left in the period
        Api.Response again = generate(List.of(website, mobile), "2026-03-01", "2026-03-31", null);
        assertThat(again.status()).isEqualTo(409);

        // voiding releases everything; generating again bills the same lines
        f.action(200, "invoices", id, "void", Map.of());
        assertThat(f.get("time-entries", annMorning).get("status").asString()).isEqualTo("unbilled");
        assertThat(f.get("time-entries", annMorning).get("invoice").isNull()).isTrue();
        assertThat(f.get("transactions", hosting).get("invoice").isNull()).isTrue();
        Api.Response regenerated = generate(List.of(website, mobile), "2026-03-01", "2026-03-31", null);
        assertThat(regenerated.status()).isEqualTo(201);
        assertThat(lines(regenerated.doc())).isEqualTo(lines(invoice));

        // deleting the draft releases them too
        String second = regenerated.doc().get("id").asString();
        expect(200, api.delete("/api/invoices/" + second));
        assertThat(f.get("time-entries", bobs).get("status").asString()).isEqualTo("unbilled");
        assertThat(f.get("transactions", printing).get("invoice").isNull()).isTrue();
        assertThat(generate(List.of(website), "2026-03-01", "2026-03-31", null).status())
                .isEqualTo(201);
    }

    /** Billing and releasing go through work's and the ledger's doors: each entry and expense shows the change. */
    @Test
    void billingAndReleasingAreChangesOfTheEntriesAndExpenses() {
        String entry = f.time(website, bob, "2025-11-03", 2).get("id").asString();
        String expense = f.expense(40, "2025-11-04", Map.of("project", website, "billable", true))
                .get("id")
                .asString();
        Instant entryCreated = updatedAt("time-entries", entry);
        Instant expenseCreated = updatedAt("transactions", expense);

        Api.Response r = generate(List.of(website), "2025-11-01", "2025-11-30", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Instant entryBilled = updatedAt("time-entries", entry);
        Instant expenseBilled = updatedAt("transactions", expense);
        assertThat(entryBilled).isAfter(entryCreated);
        assertThat(expenseBilled).isAfter(expenseCreated);
        assertThat(f.get("time-entries", entry).get("amount").decimalValue()).isEqualByComparingTo("160");

        f.action(200, "invoices", r.doc().get("id").asString(), "void", Map.of());
        assertThat(updatedAt("time-entries", entry)).isAfter(entryBilled);
        assertThat(updatedAt("transactions", expense)).isAfter(expenseBilled);
        assertThat(f.get("time-entries", entry).get("status").asString()).isEqualTo("unbilled");
    }

    private Instant updatedAt(String collection, String id) {
        return Instant.parse(f.get(collection, id).get("updatedAt").asString());
    }

    @Test
    void consolidatedIsOneFlatLinePerProjectPricedAtItsEntriesAmounts() {
        f.time(website, ann, "2026-04-10", 1); // 100
        f.time(website, ann, "2026-04-11", 0.25); // min 0.5 → 50
        f.time(website, bob, "2026-04-12", 1.5); // 120
        f.time(mobile, null, "2026-04-13", 0.5); // 45
        f.expense(
                33.33,
                "2026-04-14",
                Map.of(
                        "project",
                        mobile,
                        "billable",
                        true,
                        "markupPercent",
                        12.5,
                        "description",
                        "Cables")); // 37.49625 → 37.50

        Api.Response r = generate(List.of(website, mobile), "2026-04-10", "2026-04-30", "consolidated");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.doc().get("laborDisplay").asString()).isEqualTo("consolidated");
        assertThat(lines(r.doc()))
                .containsExactly(
                        "Professional services — Website | 1 flat × 270 = 270 | time",
                        "Professional services — Mobile | 1 flat × 45 = 45 | time",
                        "Cables | 1 each × 37.5 = 37.5 | expense");
        assertThat(r.doc().get("lineItems").get(0).get("timeEntries").size()).isEqualTo(3);
        assertThat(dec(r.doc().get("total"))).isEqualByComparingTo("352.5");
    }

    @Test
    void badRequestsAreRefusedAndNothingIsBilled() {
        String otherClientProject = f.project(f.client("Someone Else"), "Theirs");
        String entry = f.time(website, ann, "2026-06-02", 1).get("id").asString();

        assertInvalid(generate(List.of(website, otherClientProject), "2026-06-01", "2026-06-30", null), "projects.1");
        assertInvalid(generate(List.of(website), "2026-06-30", "2026-06-01", null), "to");
        assertInvalid(generate(List.of(), "2026-06-01", "2026-06-30", null), "projects");
        Api.Response missing = api.post("/api/invoices/generate", Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorPaths()).containsExactlyInAnyOrder("projects", "from", "to");
        assertThat(generate(List.of(website), "2026-06-01", "2026-06-30", "detailed")
                        .status())
                .isEqualTo(400);
        assertThat(generate(List.of("project_00000000000000000000000000"), "2026-06-01", "2026-06-30", null)
                        .status())
                .isEqualTo(400);
        assertThat(f.get("time-entries", entry).get("status").asString()).isEqualTo("unbilled");

        // a period with nothing unbilled
        Api.Response empty = generate(List.of(website), "2025-01-01", "2025-01-31", null);
        assertThat(empty.status()).isEqualTo(409);
        assertThat(empty.errorMessage()).contains("Nothing to invoice");
    }

    @Test
    void expensesInAnotherCurrencyThanTheInvoiceAreRefusedNotReadAsItsMoney() {
        String entry = f.time(website, ann, "2026-07-06", 1).get("id").asString();
        String euros = f.expense(
                        100,
                        "2026-07-07",
                        Map.of("project", website, "billable", true, "currency", "EUR", "description", "Berlin hotel"))
                .get("id")
                .asString();

        Api.Response refused = generate(List.of(website), "2026-07-01", "2026-07-31", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorMessage()).contains(euros).contains("USD");
        assertThat(refused.json().path("errors").path(0).path("data").path("transactions"))
                .extracting(JsonNode::asString)
                .containsExactly(euros);
        assertThat(f.get("time-entries", entry).get("status").asString()).isEqualTo("unbilled");
        assertThat(f.get("transactions", euros).get("invoice").isNull()).isTrue();

        expect(200, api.patch("/api/transactions/" + euros, Map.of("billable", false)));
        Api.Response generated = generate(List.of(website), "2026-07-01", "2026-07-31", null);
        assertThat(generated.status()).isEqualTo(201);
        assertThat(lines(generated.doc())).containsExactly("Ann — Standard (Website) | 1 hour × 100 = 100 | time");
    }

    /** "description | quantity unit × rate = amount | kind" per line, values as plain numbers. */
    private static List<String> lines(JsonNode invoice) {
        List<String> out = new ArrayList<>();
        invoice.get("lineItems")
                .forEach(l -> out.add(l.get("description").asString() + " | "
                        + dec(l.get("quantity")).stripTrailingZeros().toPlainString() + " "
                        + l.get("unit").asString() + " × "
                        + dec(l.get("rate")).stripTrailingZeros().toPlainString() + " = "
                        + dec(l.get("amount")).stripTrailingZeros().toPlainString() + " | "
                        + l.get("kind").asString()));
        return out;
    }
}
