package app.clearmargin.ledger;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/transactions}: the cost and revenue ledger (API.md §3 transactions, §7 Transactions). */
class TransactionsApiTest extends ApiTest {

    String client;
    String project;
    String otherProject;
    String expenseCategory;
    String chargeItem;

    @BeforeAll
    void dataset() {
        client = createId("clients", Map.of("name", "Ledger client", "currency", "EUR"));
        project = createId("projects", Map.of("client", client, "name", "Ledger project"));
        otherProject = createId("projects", Map.of("client", client, "name", "Other project"));
        expenseCategory = createId("catalog-items", Map.of("kind", "expense", "name", "Travel"));
        chargeItem = createId("catalog-items", Map.of("kind", "charge", "name", "Consulting"));
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/transactions?depth=0",
                        Map.of(
                                "type",
                                "expense",
                                "amount",
                                120.5,
                                "date",
                                "2026-03-01",
                                "project",
                                project,
                                "category",
                                expenseCategory,
                                "vendor",
                                "Rail",
                                "billable",
                                true,
                                "markupPercent",
                                10)),
                "Transaction");
        String id = created.path("id").asString();
        assertThat(id).startsWith("txn_");
        assertThat(created.path("scope").asString())
                .as("project when a project is given")
                .isEqualTo("project");
        assertThat(created.path("client").asString()).as("follows the project").isEqualTo(client);
        assertThat(created.path("currency").asString()).as("the project's").isEqualTo("EUR");
        assertThat(created.path("source").asString()).isEqualTo("manual");
        assertThat(created.path("amount").decimalValue()).isEqualByComparingTo("120.5");
        assertThat(api.get("/api/transactions/" + id + "?depth=0").json()).isEqualTo(created);

        JsonNode patched = assertUpdated(api.patch("/api/transactions/" + id + "?depth=0", Map.of("amount", 99)));
        assertThat(patched.path("amount").decimalValue()).isEqualByComparingTo("99");
        assertThat(patched.path("vendor").asString()).isEqualTo("Rail");

        assertDeleted(api.delete("/api/transactions/" + id));
        assertNotFound(api.get("/api/transactions/" + id));
    }

    @Test
    void scopeDefaultsToOverheadWithoutAProject() {
        JsonNode overhead = create("transactions", Map.of("type", "expense", "amount", 50, "date", "2026-03-01"));
        assertThat(overhead.path("scope").asString()).isEqualTo("overhead");
        assertThat(overhead.path("client").isNull()).isTrue();
        assertThat(overhead.path("currency").asString())
                .as("the organization's")
                .isEqualTo("USD");
    }

    @Test
    void sharedTransactionsNeedAllocationsSummingToOne() {
        JsonNode shared = create(
                "transactions",
                Map.of(
                        "type",
                        "expense",
                        "amount",
                        300,
                        "date",
                        "2026-03-01",
                        "scope",
                        "shared",
                        "allocations",
                        List.of(
                                Map.of("project", project, "share", 0.25),
                                Map.of("project", otherProject, "share", 0.75))));
        assertThat(shared.path("allocations")).hasSize(2);
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of(
                                "type",
                                "expense",
                                "amount",
                                300,
                                "date",
                                "2026-03-01",
                                "scope",
                                "shared",
                                "allocations",
                                List.of(Map.of("project", project, "share", 0.5)))),
                "transactions",
                "allocations");
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of("type", "expense", "amount", 300, "date", "2026-03-01", "scope", "shared")),
                "transactions",
                "allocations");
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of(
                                "type",
                                "expense",
                                "amount",
                                300,
                                "date",
                                "2026-03-01",
                                "scope",
                                "shared",
                                "allocations",
                                List.of(Map.of("share", 1.5), Map.of("project", "project_nope", "share", 0)))),
                "transactions",
                "allocations.0.project",
                "allocations.0.share",
                "allocations.1.project",
                "allocations.1.share");
    }

    @Test
    void validationReportsEveryPath() {
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of(
                                "amount",
                                0,
                                "date",
                                "2026-3-1",
                                "type",
                                "loss",
                                "currency",
                                "euro",
                                "client",
                                client,
                                "source",
                                "payment",
                                "invoice",
                                "inv_x",
                                "markupPercent",
                                2000)),
                "transactions",
                "amount",
                "date",
                "type",
                "currency",
                "client",
                "source",
                "invoice",
                "markupPercent");
        assertInvalid(
                api.post("/api/transactions", Map.of("type", "expense", "amount", -1, "date", "2026-03-01")),
                "transactions",
                "amount");
        assertInvalid(
                api.post("/api/transactions", Map.of("type", "expense", "amount", 1.001, "date", "2026-03-01")),
                "transactions",
                "amount");
    }

    @Test
    void domainRulesAreValidationErrorsAtTheirField() {
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of("type", "expense", "amount", 1, "date", "2026-03-01", "scope", "project")),
                "transactions",
                "project");
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of(
                                "type",
                                "expense",
                                "amount",
                                1,
                                "date",
                                "2026-03-01",
                                "category",
                                chargeItem,
                                "project",
                                project)),
                "transactions",
                "category");
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of("type", "revenue", "amount", 1, "date", "2026-03-01", "billable", true)),
                "transactions",
                "billable");
        assertInvalid(
                api.post(
                        "/api/transactions",
                        Map.of(
                                "type",
                                "expense",
                                "amount",
                                1,
                                "date",
                                "2026-03-01",
                                "project",
                                "project_01kkmt9200e018000000000002")),
                "transactions",
                "project");
    }

    @Test
    void patchWithNullClearsOptionalFieldsButNotRequiredOnes() {
        String id = createId(
                "transactions",
                Map.of(
                        "type",
                        "expense",
                        "amount",
                        10,
                        "date",
                        "2026-03-01",
                        "description",
                        "d",
                        "vendor",
                        "v",
                        "project",
                        project));
        JsonNode d = assertUpdated(api.patch(
                "/api/transactions/" + id + "?depth=0",
                "{\"description\":null,\"vendor\":null,\"project\":null,\"scope\":null}"));
        assertThat(d.path("description").isNull()).isTrue();
        assertThat(d.path("vendor").isNull()).isTrue();
        assertThat(d.path("project").isNull()).isTrue();
        assertThat(d.path("client").isNull())
                .as("the client follows the project")
                .isTrue();
        assertThat(d.path("scope").asString()).isEqualTo("overhead");
        assertInvalid(
                api.patch("/api/transactions/" + id, "{\"amount\":null,\"date\":null,\"type\":null}"),
                "transactions",
                "amount",
                "date",
                "type");
    }

    @Test
    void aProjectThatASharedExpenseIsAllocatedToCannotBeDeleted() {
        String allocated = createId("projects", Map.of("client", client, "name", "Allocated"));
        String shared = createId(
                "transactions",
                Map.of(
                        "type",
                        "expense",
                        "amount",
                        100,
                        "date",
                        "2026-03-01",
                        "scope",
                        "shared",
                        "allocations",
                        List.of(
                                Map.of("project", allocated, "share", 0.4),
                                Map.of("project", otherProject, "share", 0.6))));
        assertReferencedBy(api.delete("/api/projects/" + allocated), "transactions");
        assertThat(api.get("/api/projects/" + allocated).status()).isEqualTo(200);
        assertDeleted(api.delete("/api/transactions/" + shared));
        assertDeleted(api.delete("/api/projects/" + allocated));
    }

    @Test
    void aCategoryInUseCannotBeDeleted() {
        String category = createId("catalog-items", Map.of("kind", "expense", "name", "Hotels"));
        createId("transactions", Map.of("type", "expense", "amount", 10, "date", "2026-03-01", "category", category));
        assertReferencedBy(api.delete("/api/catalog-items/" + category), "transactions");
    }
}
