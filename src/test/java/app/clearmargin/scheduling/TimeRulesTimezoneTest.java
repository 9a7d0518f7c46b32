package app.clearmargin.scheduling;

import static app.clearmargin.support.BillingScenario.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The time rules count days in each organization's timezone (API.md §4 Time): at the same instant an
 * invoice due on the 3rd is overdue in Auckland, where the 4th has begun, and not yet in UTC.
 */
class TimeRulesTimezoneTest extends ApiTest {

    private static String sentInvoiceDueOnTheThird(Api api) {
        BillingScenario billing = new BillingScenario(api);
        String client = billing.clientWithContact().clientId();
        String id = billing.draftInvoice(
                        client,
                        List.of(line("Work", 1, 100)),
                        Map.of("issueDate", "2026-03-01", "dueDate", "2026-03-03"))
                .get("id")
                .asString();
        billing.send("invoices", id);
        return id;
    }

    private static JsonNode overdueEvent(Api api, String invoiceId) {
        JsonNode docs = api.get("/api/events"
                        + Api.q("where[documentId][equals]", invoiceId, "where[type][equals]", "invoice_overdue"))
                .json()
                .get("docs");
        return docs.isEmpty() ? null : docs.get(0);
    }

    @Test
    void overdueStartsAtMidnightInTheOrganizationsTimezone() {
        clock.set(Instant.parse("2026-03-01T09:00:00Z"));
        Api auckland =
                newOrganization("Auckland agency", "NZD", "Pacific/Auckland").api();
        String inAuckland = sentInvoiceDueOnTheThird(auckland);
        String inUtc = sentInvoiceDueOnTheThird(api);

        clock.set(Instant.parse("2026-03-03T12:00:00Z")); // 01:00 on the 4th in Auckland (UTC+13)
        assertThat(api.post("/api/testing/run-jobs", Map.of()).status()).isEqualTo(200);

        assertThat(auckland.get("/api/invoices/" + inAuckland)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("overdue");
        assertThat(overdueEvent(auckland, inAuckland)
                        .get("data")
                        .get("daysOverdue")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/invoices/" + inUtc).json().get("status").asString())
                .isEqualTo("sent");
        assertThat(overdueEvent(api, inUtc)).isNull();
        JsonNode dueSoon = api.get("/api/events"
                        + Api.q("where[documentId][equals]", inUtc, "where[type][equals]", "invoice_due_soon"))
                .json()
                .get("docs")
                .get(0);
        assertThat(dueSoon.get("data").get("daysUntilDue").asInt())
                .as("due today in UTC")
                .isZero();

        clock.set(Instant.parse("2026-03-04T00:30:00Z"));
        assertThat(api.post("/api/testing/run-jobs", Map.of()).status()).isEqualTo(200);
        assertThat(api.get("/api/invoices/" + inUtc).json().get("status").asString())
                .isEqualTo("overdue");
        assertThat(overdueEvent(api, inUtc).get("data").get("daysOverdue").asInt())
                .isEqualTo(1);
    }
}
