package app.clearmargin.work;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/time-entries}: stamped rates, amounts, and the billed lock (API.md §3 time-entries). */
class TimeEntriesApiTest extends ApiTest {

    String client;
    String project;
    String overriddenProject;
    String member;

    @BeforeAll
    void dataset() {
        client = createId("clients", Map.of("name", "Time client", "rates", Map.of("overtime", 160)));
        project = createId("projects", Map.of("client", client, "name", "Plain"));
        overriddenProject =
                createId("projects", Map.of("client", client, "name", "Overridden", "rates", Map.of("standard", 200)));
        member = createId(
                "members",
                Map.of(
                        "name",
                        "Tom",
                        "email",
                        "tom@agency.example.com",
                        "rates",
                        Map.of("standard", 100, "rush", 150),
                        "costRate",
                        40));
    }

    private JsonNode entry(Map<String, ?> body) {
        return create("time-entries", body);
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/time-entries?depth=0",
                        Map.of(
                                "project",
                                project,
                                "member",
                                member,
                                "date",
                                "2026-03-02",
                                "hours",
                                1.5,
                                "description",
                                "Design")),
                "Time Entry");
        String id = created.path("id").asString();
        assertThat(id).startsWith("te_");
        assertThat(created.path("billable").asBoolean()).isTrue();
        assertThat(created.path("rateType").asString()).isEqualTo("standard");
        assertThat(created.path("status").asString()).isEqualTo("unbilled");
        assertThat(created.path("rate").decimalValue())
                .as("the member's standard rate")
                .isEqualByComparingTo("100");
        assertThat(created.path("costRate").decimalValue()).isEqualByComparingTo("40");
        assertThat(created.path("amount").decimalValue()).isEqualByComparingTo("150");
        assertThat(created.path("invoice").isNull()).isTrue();

        assertThat(api.get("/api/time-entries/" + id + "?depth=0").json()).isEqualTo(created);
        assertThat(api.get("/api/time-entries" + Api.q("where[description][equals]", "Design"))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();

        JsonNode patched = assertUpdated(api.patch("/api/time-entries/" + id + "?depth=0", Map.of("hours", 2)));
        assertThat(patched.path("amount").decimalValue()).isEqualByComparingTo("200");
        assertThat(patched.path("description").asString()).isEqualTo("Design");

        assertDeleted(api.delete("/api/time-entries/" + id));
        assertNotFound(api.get("/api/time-entries/" + id));
    }

    @Test
    void theRateCascadesFromProjectToClientToMember() {
        assertThat(entry(Map.of("project", overriddenProject, "member", member, "date", "2026-03-02", "hours", 1))
                        .path("rate")
                        .decimalValue())
                .as("project override")
                .isEqualByComparingTo("200");
        assertThat(entry(Map.of(
                                "project",
                                project,
                                "member",
                                member,
                                "date",
                                "2026-03-02",
                                "hours",
                                1,
                                "rateType",
                                "overtime"))
                        .path("rate")
                        .decimalValue())
                .as("client override for overtime")
                .isEqualByComparingTo("160");
        assertThat(entry(Map.of(
                                "project",
                                project,
                                "member",
                                member,
                                "date",
                                "2026-03-02",
                                "hours",
                                1,
                                "rateType",
                                "rush"))
                        .path("rate")
                        .decimalValue())
                .as("member's rush rate")
                .isEqualByComparingTo("150");
        JsonNode none = entry(Map.of("project", project, "date", "2026-03-02", "hours", 1));
        assertThat(none.path("rate").isNull()).as("no rate anywhere").isTrue();
        assertThat(none.path("amount").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void amountIsHoursTimesRateRoundedHalfUpAndZeroWhenNotBillable() {
        String cents = createId(
                "members",
                Map.of("name", "Cents", "email", "cents@agency.example.com", "rates", Map.of("standard", 33.33)));
        assertThat(entry(Map.of("project", project, "member", cents, "date", "2026-03-02", "hours", 0.25))
                        .path("amount")
                        .decimalValue())
                .as("8.3325 → 8.33")
                .isEqualByComparingTo("8.33");
        assertThat(entry(Map.of("project", project, "member", cents, "date", "2026-03-02", "hours", 0.75))
                        .path("amount")
                        .decimalValue())
                .as("24.9975 → 25.00")
                .isEqualByComparingTo("25");
        assertThat(entry(Map.of(
                                "project",
                                project,
                                "member",
                                cents,
                                "date",
                                "2026-03-02",
                                "hours",
                                2,
                                "billable",
                                false))
                        .path("amount")
                        .decimalValue())
                .isEqualByComparingTo("0");
    }

    @Test
    void changingMemberOrRateTypeRestampsTheRate() {
        String id = entry(Map.of("project", project, "member", member, "date", "2026-03-02", "hours", 1))
                .path("id")
                .asString();
        JsonNode rush = assertUpdated(api.patch("/api/time-entries/" + id + "?depth=0", Map.of("rateType", "rush")));
        assertThat(rush.path("rate").decimalValue()).isEqualByComparingTo("150");
        JsonNode noMember = assertUpdated(api.patch("/api/time-entries/" + id + "?depth=0", "{\"member\":null}"));
        assertThat(noMember.path("member").isNull())
                .as("null clears the member")
                .isTrue();
        assertThat(noMember.path("rate").isNull()).isTrue();
        assertThat(noMember.path("costRate").isNull()).isTrue();
        JsonNode moved = assertUpdated(api.patch(
                "/api/time-entries/" + id + "?depth=0", Map.of("project", overriddenProject, "rateType", "standard")));
        assertThat(moved.path("rate").decimalValue()).isEqualByComparingTo("200");
    }

    @Test
    void validationReportsEveryPath() {
        Api.Response r = api.post(
                "/api/time-entries",
                Map.of(
                        "hours",
                        24.5,
                        "date",
                        "03/02/2026",
                        "rateType",
                        "night",
                        "billable",
                        "no",
                        "rate",
                        500,
                        "amount",
                        1,
                        "status",
                        "billed",
                        "invoice",
                        "inv_x",
                        "member",
                        "member_nope"));
        assertInvalid(
                r,
                "time-entries",
                "project",
                "hours",
                "date",
                "rateType",
                "billable",
                "rate",
                "amount",
                "status",
                "invoice",
                "member");
        assertThat(messageAt(r, "rate")).isEqualTo("This field is read-only.");
        assertInvalid(
                api.post("/api/time-entries", Map.of("project", project, "date", "2026-03-02", "hours", 0)),
                "time-entries",
                "hours");
        assertInvalid(
                api.post("/api/time-entries", Map.of("project", project, "date", "2026-03-02", "hours", 1.234)),
                "time-entries",
                "hours");
        assertThat(create("time-entries", Map.of("project", project, "date", "2026-03-02", "hours", 24))
                        .path("hours")
                        .asInt())
                .isEqualTo(24);
    }

    @Test
    void nullOnRequiredFieldsIsRefusedAndOnOptionalOnesClears() {
        String id = entry(Map.of("project", project, "date", "2026-03-02", "hours", 1, "description", "d"))
                .path("id")
                .asString();
        assertInvalid(
                api.patch("/api/time-entries/" + id, "{\"hours\":null,\"date\":null,\"project\":null}"),
                "time-entries",
                "hours",
                "date",
                "project");
        assertThat(assertUpdated(api.patch("/api/time-entries/" + id, "{\"description\":null}"))
                        .path("description")
                        .isNull())
                .isTrue();
    }

    @Test
    void aBilledEntryIsImmutableUntilItsInvoiceIsDeleted() {
        String billedProject = createId("projects", Map.of("client", client, "name", "Billed work"));
        String id = entry(Map.of("project", billedProject, "member", member, "date", "2026-02-10", "hours", 2))
                .path("id")
                .asString();
        Api.Response generated = api.post(
                "/api/invoices/generate?depth=0",
                Map.of("projects", List.of(billedProject), "from", "2026-02-01", "to", "2026-02-28"));
        assertThat(generated.status()).as("%s", generated).isEqualTo(201);
        String invoice = generated.doc().path("id").asString();
        JsonNode billed = api.get("/api/time-entries/" + id + "?depth=0").json();
        assertThat(billed.path("status").asString()).isEqualTo("billed");
        assertThat(billed.path("invoice").asString()).isEqualTo(invoice);

        assertStateConflict(api.patch("/api/time-entries/" + id, Map.of("hours", 3)), "billed");
        assertStateConflict(api.delete("/api/time-entries/" + id), "billed");
        assertReferencedBy(api.delete("/api/projects/" + billedProject), "time-entries");

        assertDeleted(api.delete("/api/invoices/" + invoice));
        JsonNode released = api.get("/api/time-entries/" + id + "?depth=0").json();
        assertThat(released.path("status").asString()).isEqualTo("unbilled");
        assertThat(released.path("invoice").isNull()).isTrue();
        assertDeleted(api.delete("/api/time-entries/" + id));
    }

    @Test
    void aProjectThatDoesNotExistIsAValidationError() {
        assertInvalid(
                api.post(
                        "/api/time-entries",
                        Map.of(
                                "project",
                                "project_01kkmt9200e018000000000002",
                                "date",
                                "2026-03-02",
                                "hours",
                                new BigDecimal("1"))),
                "time-entries",
                "project");
    }
}
