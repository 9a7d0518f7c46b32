package app.clearmargin.demo;

import static app.clearmargin.support.Api.q;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.platform.DemoData;
import app.clearmargin.shared.Money;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The demo organization's data, read back through the API. */
class DemoDataTest extends ApiTest {

    static final List<String> INVOICE_STATUSES =
            List.of("draft", "sent", "partially_paid", "paid", "overdue", "void", "refunded");
    static final List<String> PROPOSAL_STATUSES = List.of("draft", "sent", "accepted", "rejected", "expired");

    @Autowired
    DemoData demoData;

    private LocalDate today;

    @BeforeAll
    void populate() {
        new Tenant(organization.id()).run(() -> demoData.populate(organization));
        today = organization.today(clock.instant());
    }

    /** API.md §8: the demo's documents print a plausible agency, and its invoices print as PDFs. */
    @Test
    void theDemoAgencyHasAnIdentityToPrintOnItsDocuments() {
        JsonNode org = api.get("/api/organization").json();
        assertThat(org.path("legalName").asString()).isEqualTo("Northwind Studio GmbH");
        assertThat(org.path("address").path("city").asString()).isEqualTo("Berlin");
        assertThat(org.path("taxId").asString()).isNotBlank();
        assertThat(org.path("paymentInstructions").asString()).contains("IBAN");
        assertThat(org.path("brandColor").asString()).matches("#[0-9a-f]{6}");
        assertThat(org.path("locale").asString()).isEqualTo("en-US");
        String invoice = all("invoices", 0).getFirst().path("id").asString();
        Api.Response pdf = api.get("/api/invoices/" + invoice + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
    }

    private static long count(Api api, String collection, Object... where) {
        Api.Response r = api.get("/api/" + collection + "/count" + (where.length == 0 ? "" : q(where)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("totalDocs").asLong();
    }

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
        return node == null || node.isNull() ? BigDecimal.ZERO : node.decimalValue();
    }

    @Test
    void invoicesAndProposalsAreInEveryStatus() {
        for (String status : INVOICE_STATUSES) {
            assertThat(count(api, "invoices", "where[status][equals]", status))
                    .as("invoices " + status)
                    .isPositive();
        }
        for (String status : PROPOSAL_STATUSES) {
            assertThat(count(api, "proposals", "where[status][equals]", status))
                    .as("proposals " + status)
                    .isPositive();
        }
    }

    @Test
    void aBelievableAgency() {
        assertThat(count(api, "clients")).isEqualTo(DemoCast.CLIENTS.size());
        assertThat(count(api, "contacts"))
                .isEqualTo(DemoCast.CLIENTS.stream()
                        .mapToLong(c -> c.contacts().size())
                        .sum());
        assertThat(count(api, "projects", "where[isDefault][equals]", true)).isEqualTo(DemoCast.CLIENTS.size());
        assertThat(count(api, "projects", "where[isDefault][equals]", false)).isBetween(35L, 45L);
        assertThat(count(api, "members")).isEqualTo(DemoCast.MEMBERS.size());
        assertThat(count(api, "members", "where[active][equals]", false)).isEqualTo(1);
        assertThat(count(api, "time-entries")).isBetween(420L, 620L);
        assertThat(count(api, "milestones")).isGreaterThan(15);
        assertThat(count(api, "calendar-events")).isGreaterThan(10);
        assertThat(count(api, "catalog-items", "where[calculatedPrice][exists]", true))
                .isEqualTo(2);
        assertThat(count(api, "transactions", "where[scope][equals]", "shared")).isEqualTo(1);
        assertThat(count(api, "transactions", "where[scope][equals]", "overhead"))
                .isGreaterThan(10);
        assertThat(count(api, "transactions", "where[billable][equals]", true, "where[markupPercent][greater_than]", 0))
                .isPositive();
        assertThat(count(api, "projects", "where[sourceProposal][exists]", true))
                .isEqualTo(2);
        for (JsonNode member : all("members", 0)) {
            assertThat(member.get("rates").get("standard").isNumber()).isTrue();
            assertThat(member.get("costRate").isNumber()).isTrue();
        }
        for (JsonNode contact : all("contacts", 0)) {
            assertThat(contact.get("email").asString()).contains("@");
        }
    }

    @Test
    void timeEntriesCoverTheLastSixMonthsAtStampedRates() {
        List<JsonNode> entries = all("time-entries", 1);
        int billed = 0;
        for (JsonNode e : entries) {
            LocalDate date = LocalDate.parse(e.get("date").asString());
            assertThat(date).isBetween(today.minusDays(DemoAgency.HISTORY_DAYS), today.minusDays(1));
            BigDecimal expected = e.get("billable").asBoolean() && e.get("rate").isNumber()
                    ? Money.of(
                                    e.get("hours")
                                            .decimalValue()
                                            .multiply(e.get("rate").decimalValue()),
                                    e.get("project").get("currency").asString())
                            .plain()
                    : BigDecimal.ZERO;
            assertThat(money(e.get("amount"))).as(e.toString()).isEqualByComparingTo(expected);
            assertThat(e.get("costRate").isNumber()).isTrue();
            assertThat(e.get("status").asString().equals("billed"))
                    .isEqualTo(e.get("invoice").isObject());
            if (e.get("invoice").isObject()) {
                billed++;
                assertThat(e.get("invoice").get("status").asString()).isNotEqualTo("void");
            }
        }
        assertThat(billed).as("billed entries").isGreaterThan(entries.size() / 3);
        assertThat(entries.stream()
                        .map(e -> e.get("date").asString().substring(0, 7))
                        .distinct()
                        .count())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void invoiceTotalsAndBalancesAddUp() {
        Map<String, BigDecimal> kept = new HashMap<>();
        for (JsonNode p : all("payments", 0)) {
            if (p.get("status").asString().equals("succeeded")) {
                kept.merge(
                        p.get("invoice").asString(),
                        money(p.get("amount")).subtract(money(p.get("refundedAmount"))),
                        BigDecimal::add);
            }
        }
        for (JsonNode invoice : all("invoices", 0)) {
            String currency = invoice.get("currency").asString();
            BigDecimal subtotal = BigDecimal.ZERO;
            for (JsonNode line : invoice.get("lineItems")) {
                BigDecimal amount = Money.of(
                                line.get("quantity")
                                        .decimalValue()
                                        .multiply(line.get("rate").decimalValue()),
                                currency)
                        .amount();
                assertThat(money(line.get("amount"))).isEqualByComparingTo(amount);
                subtotal = subtotal.add(amount);
            }
            assertThat(money(invoice.get("subtotal"))).isEqualByComparingTo(subtotal);
            assertThat(money(invoice.get("total")))
                    .isEqualByComparingTo(subtotal.subtract(money(invoice.get("discountTotal")))
                            .add(money(invoice.get("taxTotal"))));
            BigDecimal paid = kept.getOrDefault(invoice.get("id").asString(), BigDecimal.ZERO);
            assertThat(money(invoice.get("amountPaid")))
                    .as(invoice.get("number").asString())
                    .isEqualByComparingTo(paid);
            assertThat(money(invoice.get("amountDue")))
                    .isEqualByComparingTo(money(invoice.get("total")).subtract(paid));
            String status = invoice.get("status").asString();
            LocalDate due = LocalDate.parse(invoice.get("dueDate").asString());
            switch (status) {
                case "paid" ->
                    assertThat(money(invoice.get("amountDue")).signum()).isZero();
                case "sent", "partially_paid" -> assertThat(due).isAfterOrEqualTo(today);
                case "overdue" -> assertThat(due).isBefore(today);
                case "refunded" -> assertThat(paid.signum()).isZero();
                default -> {}
            }
        }
    }

    @Test
    void paymentsCarryTheirMethodAndEachSucceededOneHasAReceipt() {
        List<JsonNode> payments = all("payments", 0);
        long succeeded = payments.stream()
                .filter(p -> p.get("status").asString().equals("succeeded"))
                .count();
        assertThat(count(api, "receipts")).isEqualTo(succeeded);
        assertThat(payments).anySatisfy(p -> {
            assertThat(p.get("method").asString()).isEqualTo("card");
            assertThat(p.get("card").get("last4").asString()).hasSize(4);
            assertThat(p.get("card").get("brand").asString()).isNotBlank();
        });
        assertThat(payments).anySatisfy(p -> {
            assertThat(p.get("method").asString()).isEqualTo("bank_transfer");
            assertThat(p.get("reference").asString()).isNotBlank();
        });
        assertThat(payments)
                .anySatisfy(p -> assertThat(p.get("status").asString()).isEqualTo("failed"));
        JsonNode refunded = payments.stream()
                .filter(p -> money(p.get("refundedAmount")).signum() > 0)
                .findFirst()
                .orElseThrow();
        assertThat(count(
                        api,
                        "transactions",
                        "where[source][equals]",
                        "refund",
                        "where[payment][equals]",
                        refunded.get("id").asString()))
                .isEqualTo(1);
        assertThat(count(api, "transactions", "where[source][equals]", "payment"))
                .isEqualTo(succeeded);
    }

    @Test
    void aPaymentScheduleIsUnderWayWithItsDepositPaid() {
        List<JsonNode> schedules = all("payment-schedules", 1);
        assertThat(schedules).hasSize(1);
        JsonNode schedule = schedules.getFirst();
        assertThat(schedule.get("status").asString()).isEqualTo("active");
        assertThat(schedule.get("project").isObject())
                .as("converted into a project")
                .isTrue();
        JsonNode installments = schedule.get("installments");
        assertThat(installments).hasSize(3);
        assertThat(installments.get(0).get("status").asString()).isEqualTo("paid");
        assertThat(installments.get(1).get("status").asString()).isEqualTo("scheduled");
        assertThat(installments.get(2).get("status").asString()).isEqualTo("scheduled");
        assertThat(LocalDate.parse(installments.get(1).get("dueDate").asString()))
                .isAfter(today);
        JsonNode deposit = api.get("/api/invoices/"
                        + installments.get(0).get("invoice").get("id").asString())
                .json();
        assertThat(deposit.get("status").asString()).isEqualTo("paid");
        assertThat(deposit.get("paymentSchedule").get("id").asString())
                .isEqualTo(schedule.get("id").asString());
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode i : installments) {
            sum = sum.add(money(i.get("amount")));
        }
        assertThat(sum).isEqualByComparingTo(money(schedule.get("total")));
    }

    @Test
    void theTimeSweepsFindNothingLeftToDo() {
        Map<String, Long> before = new HashMap<>();
        INVOICE_STATUSES.forEach(s -> before.put("invoices " + s, count(api, "invoices", "where[status][equals]", s)));
        PROPOSAL_STATUSES.forEach(
                s -> before.put("proposals " + s, count(api, "proposals", "where[status][equals]", s)));
        long invoices = count(api, "invoices");
        assertThat(api.post("/api/testing/run-jobs", Map.of()).status()).isEqualTo(200);
        before.forEach((what, n) -> {
            String[] parts = what.split(" ");
            assertThat(count(api, parts[0], "where[status][equals]", parts[1]))
                    .as(what)
                    .isEqualTo(n);
        });
        assertThat(count(api, "invoices")).isEqualTo(invoices);
    }

    @Test
    void documentsSortByCreationAndNumbersFollowIt() {
        List<String> numbers = new ArrayList<>();
        all("invoices", 0).forEach(i -> numbers.add(i.get("number").asString()));
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.getLast()).isEqualTo(String.format("INV-%04d", numbers.size()));
        List<String> created = new ArrayList<>();
        all("time-entries", 0).forEach(e -> created.add(e.get("createdAt").asString()));
        assertThat(created.getFirst())
                .isLessThan(Instant.now().minusSeconds(150L * 86_400).toString());
    }

    @Test
    void theSameDayGivesTheSameDemo() {
        TestOrg again = newOrganization("Demo again");
        new Tenant(again.organization().id()).run(() -> demoData.populate(again.organization()));
        List<String> first = fingerprint(api);
        List<String> second = fingerprint(again.api());
        assertThat(second).isEqualTo(first);
    }

    private static List<String> fingerprint(Api api) {
        List<String> out = new ArrayList<>();
        api.get("/api/invoices" + q("limit", 100, "sort", "number", "depth", 0))
                .json()
                .get("docs")
                .forEach(i -> out.add(i.get("number").asString() + " "
                        + i.get("status").asString() + " " + i.get("total").asString()));
        api.get("/api/time-entries" + q("limit", 100, "sort", "createdAt", "depth", 0))
                .json()
                .get("docs")
                .forEach(e -> out.add(e.get("date").asString() + " "
                        + e.get("hours").asString() + " " + e.get("amount").asString()));
        return out;
    }

    @Test
    void everyStatusAppearsWhateverTheDay() {
        // month starts and ends, a weekend, a leap day: the demo's dates are relative to "today"
        for (String now : List.of(
                "2027-03-01T06:30:00Z", "2027-02-28T23:30:00Z", "2026-08-15T12:00:00Z", "2028-02-29T09:00:00Z")) {
            clock.set(Instant.parse(now));
            TestOrg org = newOrganization("Demo on " + now);
            Organization o = org.organization();
            new Tenant(o.id()).run(() -> demoData.populate(o));
            for (String status : INVOICE_STATUSES) {
                assertThat(count(org.api(), "invoices", "where[status][equals]", status))
                        .as(now + " invoices " + status)
                        .isPositive();
            }
            for (String status : PROPOSAL_STATUSES) {
                assertThat(count(org.api(), "proposals", "where[status][equals]", status))
                        .as(now + " proposals " + status)
                        .isPositive();
            }
            assertThat(count(org.api(), "payment-schedules", "where[status][equals]", "active"))
                    .isEqualTo(1);
        }
    }
}
