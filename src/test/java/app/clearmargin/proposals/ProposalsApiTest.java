package app.clearmargin.proposals;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/proposals}: numbering, expiry, catalog lines with recipe snapshots, payment terms (API.md §3). */
class ProposalsApiTest extends ApiTest {

    String client;
    String contact;
    String item;

    @BeforeAll
    void dataset() {
        client = createId("clients", Map.of("name", "Proposal client"));
        contact = createId("contacts", Map.of("client", client, "name", "Paula", "email", "paula@client.example.com"));
        item = createId(
                "catalog-items",
                Map.of(
                        "kind",
                        "charge",
                        "name",
                        "Catering",
                        "recipe",
                        Map.of(
                                "components",
                                List.of(Map.of("name", "Food", "quantity", 10, "unitCost", 12)),
                                "pricingMode",
                                "calculated")));
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/proposals?depth=0",
                        Map.of(
                                "client",
                                client,
                                "title",
                                "Summer party",
                                "issueDate",
                                "2026-05-01",
                                "eventDate",
                                "2026-07-01",
                                "lineItems",
                                List.of(Map.of("description", "Catering", "catalogItem", item, "quantity", 2)))),
                "Proposal");
        String id = created.path("id").asString();
        assertThat(id).startsWith("prop_");
        assertThat(created.path("number").asString()).matches("PROP-\\d{4}");
        assertThat(created.path("status").asString()).isEqualTo("draft");
        assertThat(created.path("contact").asString()).isEqualTo(contact);
        assertThat(created.path("expiresAt").asString())
                .as("issueDate + 30 days")
                .isEqualTo(LocalDate.parse("2026-05-01").plusDays(30).toString());
        JsonNode line = created.path("lineItems").get(0);
        assertThat(line.path("rate").decimalValue())
                .as("the catalog item's rate")
                .isEqualByComparingTo("120");
        assertThat(line.path("amount").decimalValue()).isEqualByComparingTo("240");
        assertThat(line.path("recipe").path("components").get(0).path("name").asString())
                .as("recipe snapshot")
                .isEqualTo("Food");
        assertThat(created.path("total").decimalValue()).isEqualByComparingTo("240");

        assertThat(api.get("/api/proposals/" + id + "?depth=0").json()).isEqualTo(created);
        assertThat(api.get("/api/proposals" + Api.q("where[title][like]", "summer"))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();

        JsonNode patched =
                assertUpdated(api.patch("/api/proposals/" + id + "?depth=0", Map.of("notes", "Vegetarian options")));
        assertThat(patched.path("notes").asString()).isEqualTo("Vegetarian options");
        assertThat(patched.path("lineItems").get(0).path("recipe")).isEqualTo(line.path("recipe"));

        assertDeleted(api.delete("/api/proposals/" + id));
        assertNotFound(api.get("/api/proposals/" + id));
    }

    @Test
    void theRecipeSnapshotDoesNotFollowLaterCatalogChanges() {
        String snapItem = createId(
                "catalog-items",
                Map.of(
                        "kind",
                        "charge",
                        "name",
                        "Snap",
                        "recipe",
                        Map.of("components", List.of(Map.of("name", "Before", "unitCost", 1)))));
        String id = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Snapshot",
                        "lineItems",
                        List.of(Map.of("description", "Snap", "catalogItem", snapItem))));
        assertUpdated(api.patch(
                "/api/catalog-items/" + snapItem,
                Map.of("recipe", Map.of("components", List.of(Map.of("name", "After", "unitCost", 2))))));
        assertUpdated(api.patch("/api/proposals/" + id, Map.of("notes", "touch")));
        assertThat(api.get("/api/proposals/" + id)
                        .json()
                        .path("lineItems")
                        .get(0)
                        .path("recipe")
                        .path("components")
                        .get(0)
                        .path("name")
                        .asString())
                .isEqualTo("Before");
    }

    @Test
    void validationPathsReachIntoLinesAndPaymentTerms() {
        Api.Response r = api.post(
                "/api/proposals",
                Map.of(
                        "title",
                        "",
                        "status",
                        "accepted",
                        "lineItems",
                        List.of(Map.of("description", "ok", "rate", 0.005), Map.of("rate", 1)),
                        "paymentTerms",
                        Map.of("installments", List.of(Map.of("type", "bogus")))));
        assertInvalid(
                r,
                "proposals",
                "client",
                "title",
                "status",
                "lineItems.0.rate",
                "lineItems.1.description",
                "paymentTerms.installments.0.type");

        Api.Response terms = api.post(
                "/api/proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Terms",
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 100)),
                        "paymentTerms",
                        Map.of(
                                "installments",
                                List.of(
                                        Map.of("type", "percent", "value", 50),
                                        Map.of("type", "percent", "value", 60)))));
        assertThat(terms.status()).isEqualTo(400);
        assertThat(terms.errorPaths()).allMatch(p -> p.startsWith("paymentTerms.installments"));

        assertInvalid(
                api.post(
                        "/api/proposals",
                        Map.of(
                                "client",
                                client,
                                "title",
                                "Dates",
                                "issueDate",
                                "2026-05-02",
                                "expiresAt",
                                "2026-05-01")),
                "proposals",
                "expiresAt");
    }

    @Test
    void validPaymentTermsAreKept() {
        JsonNode p = create(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Deposit",
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 1000)),
                        "paymentTerms",
                        Map.of(
                                "installments",
                                List.of(
                                        Map.of("label", "Deposit", "type", "percent", "value", 30),
                                        Map.of(
                                                "label",
                                                "Rest",
                                                "type",
                                                "remainder",
                                                "dueOn",
                                                "date",
                                                "date",
                                                "2026-08-01")))));
        assertThat(p.path("paymentTerms").path("installments")).hasSize(2);
        assertThat(p.path("paymentTerms")
                        .path("installments")
                        .get(1)
                        .path("type")
                        .asString())
                .isEqualTo("remainder");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Clear",
                        "eventDate",
                        "2026-09-01",
                        "notes",
                        "n",
                        "paymentTerms",
                        Map.of("installments", List.of(Map.of("type", "remainder")))));
        JsonNode d = assertUpdated(api.patch(
                "/api/proposals/" + id + "?depth=0",
                "{\"eventDate\":null,\"notes\":null,\"paymentTerms\":null,\"contact\":null}"));
        assertThat(d.path("eventDate").isNull()).isTrue();
        assertThat(d.path("notes").isNull()).isTrue();
        assertThat(d.path("paymentTerms").isNull()).isTrue();
        assertThat(d.path("contact").isNull()).isTrue();
        assertInvalid(
                api.patch("/api/proposals/" + id, "{\"title\":null,\"client\":null}"), "proposals", "title", "client");
    }

    @Test
    void onlyDraftsCanBeDeletedOrChanged() {
        String id = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Sent one",
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 10))));
        assertThat(api.post("/api/proposals/" + id + "/send", Map.of()).status())
                .isEqualTo(200);
        assertStateConflict(api.patch("/api/proposals/" + id, Map.of("lineItems", List.of())), "sent");
        assertStateConflict(api.delete("/api/proposals/" + id), "sent");
    }

    @Test
    void anAcceptedAndConvertedProposalIsReferencedByItsProject() {
        String id = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Converted",
                        "lineItems",
                        List.of(Map.of("description", "A", "rate", 10))));
        api.post("/api/proposals/" + id + "/send", Map.of());
        api.post("/api/proposals/" + id + "/accept", Map.of());
        Api.Response converted = api.post("/api/proposals/" + id + "/convert?depth=0", Map.of());
        assertThat(converted.status()).isEqualTo(201);
        assertThat(converted.json().path("message").asString()).isNotBlank();
        assertThat(converted.doc().path("sourceProposal").asString()).isEqualTo(id);
        assertThat(converted.doc().path("scopeItems").get(0).path("description").asString())
                .isEqualTo("A");
    }
}
