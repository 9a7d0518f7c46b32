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

/** {@code /api/projects} (API.md §3 projects). */
class ProjectsApiTest extends ApiTest {

    String client;
    String eurClient;

    @BeforeAll
    void clients() {
        client = createId("clients", Map.of("name", "Projects client"));
        eurClient = createId("clients", Map.of("name", "Euro client", "currency", "EUR"));
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/projects?depth=0",
                        Map.of(
                                "client",
                                client,
                                "name",
                                "Website",
                                "budgetAmount",
                                5000,
                                "budgetHours",
                                40.5,
                                "startDate",
                                "2026-01-01",
                                "endDate",
                                "2026-03-31",
                                "rates",
                                Map.of("standard", 140))),
                "Project");
        String id = created.path("id").asString();
        assertThat(id).startsWith("project_");
        assertThat(created.path("status").asString()).isEqualTo("active");
        assertThat(created.path("billingType").asString()).isEqualTo("hourly");
        assertThat(created.path("currency").asString())
                .as("the client's currency")
                .isEqualTo("USD");
        assertThat(created.path("isDefault").asBoolean()).isFalse();
        assertThat(created.path("sourceProposal").isNull()).isTrue();
        assertThat(created.path("scopeItems")).isEmpty();

        assertThat(api.get("/api/projects/" + id + "?depth=0").json()).isEqualTo(created);
        assertThat(api.get("/api/projects/" + id)
                        .json()
                        .path("client")
                        .path("name")
                        .asString())
                .isEqualTo("Projects client");
        assertThat(api.get("/api/projects" + Api.q("where[name][equals]", "Website"))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();

        JsonNode patched = assertUpdated(api.patch("/api/projects/" + id + "?depth=0", Map.of("status", "on_hold")));
        assertThat(patched.path("status").asString()).isEqualTo("on_hold");
        assertThat(patched.path("budgetAmount").decimalValue()).isEqualByComparingTo("5000");

        assertDeleted(api.delete("/api/projects/" + id));
        assertNotFound(api.get("/api/projects/" + id));
    }

    @Test
    void scopeItemAmountsAreQuantityTimesRateRoundedOnce() {
        JsonNode p = create(
                "projects",
                Map.of(
                        "client",
                        client,
                        "name",
                        "Scoped",
                        "scopeItems",
                        List.of(
                                Map.of("description", "Design", "quantity", 3, "rate", 33.33),
                                Map.of("description", "Thirds", "quantity", 0.3333, "rate", 10),
                                Map.of("description", "Unpriced"))));
        JsonNode items = p.path("scopeItems");
        assertThat(items.get(0).path("amount").decimalValue()).isEqualByComparingTo("99.99");
        assertThat(items.get(1).path("amount").decimalValue()).isEqualByComparingTo("3.33");
        assertThat(items.get(2).path("amount").isNull()).isTrue();
        assertThat(items.get(2).path("quantity").decimalValue())
                .as("quantity defaults to 1")
                .isEqualByComparingTo("1");
    }

    @Test
    void validationPathsUseDotsAndIndexes() {
        Api.Response r = api.post(
                "/api/projects",
                Map.of(
                        "name",
                        "",
                        "status",
                        "paused",
                        "budgetHours",
                        1.234,
                        "startDate",
                        "2026-02-30",
                        "scopeItems",
                        List.of(
                                Map.of("description", "ok", "rate", 1.005),
                                Map.of("quantity", -1),
                                Map.of("description", "x", "amount", 5, "catalogItem", "cat_nope")),
                        "currency",
                        "EUR",
                        "isDefault",
                        true));
        assertInvalid(
                r,
                "projects",
                "client",
                "name",
                "status",
                "budgetHours",
                "startDate",
                "scopeItems.0.rate",
                "scopeItems.1.description",
                "scopeItems.1.quantity",
                "scopeItems.2.amount",
                "scopeItems.2.catalogItem",
                "currency",
                "isDefault");
        assertThat(messageAt(r, "scopeItems.1.description")).isEqualTo("This field is required.");
        assertThat(messageAt(r, "currency")).isEqualTo("This field is read-only.");
    }

    @Test
    void anEndBeforeTheStartIsRefused() {
        assertInvalid(
                api.post(
                        "/api/projects",
                        Map.of(
                                "client",
                                client,
                                "name",
                                "Backwards",
                                "startDate",
                                "2026-02-01",
                                "endDate",
                                "2026-01-31")),
                "projects",
                "endDate");
    }

    @Test
    void moneyDigitsFollowTheClientsCurrency() {
        JsonNode yen = create("clients", Map.of("name", "Yen client", "currency", "JPY"));
        assertInvalid(
                api.post(
                        "/api/projects",
                        Map.of("client", yen.path("id").asString(), "name", "Yen", "budgetAmount", 10.5)),
                "projects",
                "budgetAmount");
        JsonNode eur = create("projects", Map.of("client", eurClient, "name", "Euro", "budgetAmount", 10.5));
        assertThat(eur.path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void movingAProjectToAnotherClientTakesThatClientsCurrency() {
        String id = createId("projects", Map.of("client", client, "name", "Mover"));
        JsonNode moved = assertUpdated(api.patch("/api/projects/" + id + "?depth=0", Map.of("client", eurClient)));
        assertThat(moved.path("client").asString()).isEqualTo(eurClient);
        assertThat(moved.path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "projects",
                Map.of(
                        "client",
                        client,
                        "name",
                        "Clear",
                        "budgetAmount",
                        10,
                        "budgetHours",
                        2,
                        "startDate",
                        "2026-01-01",
                        "rates",
                        Map.of("standard", 100),
                        "scopeItems",
                        List.of(Map.of("description", "d"))));
        JsonNode d = assertUpdated(api.patch(
                "/api/projects/" + id,
                "{\"budgetAmount\":null,\"budgetHours\":null,\"startDate\":null,\"rates\":null,\"scopeItems\":null}"));
        assertThat(d.path("budgetAmount").isNull()).isTrue();
        assertThat(d.path("budgetHours").isNull()).isTrue();
        assertThat(d.path("startDate").isNull()).isTrue();
        assertThat(d.path("rates").isNull()).isTrue();
        assertThat(d.path("scopeItems")).isEmpty();
        assertInvalid(
                api.patch("/api/projects/" + id, "{\"client\":null,\"name\":null}"), "projects", "client", "name");
    }

    @Test
    void aClientThatDoesNotExistIsAValidationError() {
        Api.Response r =
                api.post("/api/projects", Map.of("client", "client_01kkmt9200e00r000000000001", "name", "Ghost"));
        assertInvalid(r, "projects", "client");
        assertThat(messageAt(r, "client")).contains("not found");
    }

    @Test
    void aProjectWithTimeEntriesOrMilestonesCannotBeDeleted() {
        String withTime = createId("projects", Map.of("client", client, "name", "Has time"));
        createId("time-entries", Map.of("project", withTime, "date", "2026-01-01", "hours", new BigDecimal("0.5")));
        assertReferencedBy(api.delete("/api/projects/" + withTime), "time-entries");

        String withMilestone = createId("projects", Map.of("client", client, "name", "Has milestone"));
        createId("milestones", Map.of("project", withMilestone, "name", "M1"));
        assertReferencedBy(api.delete("/api/projects/" + withMilestone), "milestones");

        String onInvoice = createId("projects", Map.of("client", client, "name", "On invoice"));
        createId("invoices", Map.of("client", client, "projects", List.of(onInvoice)));
        assertReferencedBy(api.delete("/api/projects/" + onInvoice), "invoices");
    }
}
