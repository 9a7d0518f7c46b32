package app.clearmargin.catalog;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/catalog-items}: items with recipes (API.md §3 catalog-items). */
class CatalogItemsApiTest extends ApiTest {

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/catalog-items?depth=0",
                        Map.of(
                                "kind",
                                "charge",
                                "name",
                                "Workshop day",
                                "defaultRate",
                                1200,
                                "unit",
                                "day",
                                "sku",
                                "WS-1")),
                "Catalog Item");
        String id = created.path("id").asString();
        assertThat(id).startsWith("cat_");
        assertThat(created.path("currency").asString()).isEqualTo("USD");
        assertThat(created.path("taxCategory").asString()).isEqualTo("standard");
        assertThat(created.path("active").asBoolean()).isTrue();
        assertThat(created.path("recipe").isNull()).isTrue();
        assertThat(created.path("recipeCost").isNull()).isTrue();
        assertThat(api.get("/api/catalog-items/" + id + "?depth=0").json()).isEqualTo(created);

        JsonNode patched = assertUpdated(api.patch("/api/catalog-items/" + id + "?depth=0", Map.of("active", false)));
        assertThat(patched.path("active").asBoolean()).isFalse();
        assertThat(patched.path("defaultRate").decimalValue()).isEqualByComparingTo("1200");

        assertDeleted(api.delete("/api/catalog-items/" + id));
        assertNotFound(api.get("/api/catalog-items/" + id));
    }

    @Test
    void aRecipeDerivesItsCostAndCalculatedPrice() {
        String flour = createId("catalog-items", Map.of("kind", "material", "name", "Flour", "defaultRate", 2.5));
        JsonNode cake = create(
                "catalog-items",
                Map.of(
                        "kind",
                        "charge",
                        "name",
                        "Cake",
                        "recipe",
                        Map.of(
                                "components",
                                List.of(
                                        Map.of("catalogItem", flour, "quantity", 2, "markup", 1.5),
                                        Map.of("name", "Eggs", "quantity", 6, "unitCost", 0.3)),
                                "laborHours",
                                1.5,
                                "laborRate",
                                20,
                                "pricingMode",
                                "calculated")));
        JsonNode components = cake.path("recipe").path("components");
        assertThat(components.get(0).path("unitCost").decimalValue())
                .as("the item's rate")
                .isEqualByComparingTo("2.5");
        // cost: 2 × 2.5 + 6 × 0.3 + 1.5 × 20 = 36.8; price: 2 × 2.5 × 1.5 + 6 × 0.3 × 1 + 30 = 39.3
        assertThat(cake.path("recipeCost").decimalValue()).isEqualByComparingTo("36.8");
        assertThat(cake.path("calculatedPrice").decimalValue()).isEqualByComparingTo("39.3");
        assertThat(cake.path("defaultRate").decimalValue())
                .as("calculated pricing sets the rate")
                .isEqualByComparingTo("39.3");
        assertReferencedBy(api.delete("/api/catalog-items/" + flour), "catalog-items");
    }

    @Test
    void validationPathsReachIntoTheRecipe() {
        assertInvalid(
                api.post(
                        "/api/catalog-items",
                        Map.of(
                                "kind",
                                "service",
                                "unit",
                                "week",
                                "defaultRate",
                                -1,
                                "recipeCost",
                                1,
                                "recipe",
                                Map.of(
                                        "components",
                                        List.of(
                                                Map.of("quantity", 1),
                                                Map.of("catalogItem", "cat_nope"),
                                                Map.of("name", "x", "unitCost", 0.001)),
                                        "pricingMode",
                                        "magic"))),
                "catalog-items",
                "kind",
                "name",
                "unit",
                "defaultRate",
                "recipeCost",
                "recipe.components.0.name",
                "recipe.components.1.catalogItem",
                "recipe.components.2.unitCost",
                "recipe.pricingMode");
    }

    @Test
    void anItemCannotBeAComponentOfItsOwnRecipe() {
        // on create the item has no id yet when its recipe is checked: a recipe of other parts is fine
        String id = createId(
                "catalog-items",
                Map.of(
                        "kind",
                        "charge",
                        "name",
                        "Kit",
                        "recipe",
                        Map.of("components", List.of(Map.of("name", "part", "unitCost", 1)))));
        assertInvalid(
                api.patch(
                        "/api/catalog-items/" + id,
                        Map.of("recipe", Map.of("components", List.of(Map.of("catalogItem", id))))),
                "catalog-items",
                "recipe.components.0.catalogItem");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "catalog-items",
                Map.of(
                        "kind",
                        "charge",
                        "name",
                        "Clear",
                        "defaultRate",
                        10,
                        "sku",
                        "S",
                        "description",
                        "d",
                        "recipe",
                        Map.of("components", List.of(Map.of("name", "c", "unitCost", 1)))));
        JsonNode d = assertUpdated(api.patch(
                "/api/catalog-items/" + id,
                "{\"defaultRate\":null,\"sku\":null,\"description\":null,\"recipe\":null}"));
        assertThat(d.path("defaultRate").isNull()).isTrue();
        assertThat(d.path("sku").isNull()).isTrue();
        assertThat(d.path("recipe").isNull()).isTrue();
        assertThat(d.path("recipeCost").isNull()).isTrue();
        assertInvalid(
                api.patch("/api/catalog-items/" + id, "{\"kind\":null,\"name\":null}"),
                "catalog-items",
                "kind",
                "name");
    }

    @Test
    void anItemInUseOnALineAScopeItemOrAsACategoryCannotBeDeleted() {
        String client = createId("clients", Map.of("name", "Catalog client"));
        String onLine = createId("catalog-items", Map.of("kind", "charge", "name", "On a line", "defaultRate", 50));
        String invoice = createId(
                "invoices",
                Map.of(
                        "client",
                        client,
                        "lineItems",
                        List.of(
                                Map.of("description", "Other"),
                                Map.of("description", "From catalog", "catalogItem", onLine))));
        assertReferencedBy(api.delete("/api/catalog-items/" + onLine), "invoices");

        String inScope = createId("catalog-items", Map.of("kind", "material", "name", "In scope"));
        createId(
                "projects",
                Map.of(
                        "client",
                        client,
                        "name",
                        "Scoped",
                        "scopeItems",
                        List.of(Map.of("description", "Material", "catalogItem", inScope))));
        assertReferencedBy(api.delete("/api/catalog-items/" + inScope), "projects");

        String category = createId("catalog-items", Map.of("kind", "expense", "name", "Software"));
        createId("transactions", Map.of("type", "expense", "amount", 10, "date", "2026-03-01", "category", category));
        assertReferencedBy(api.delete("/api/catalog-items/" + category), "transactions");

        for (String id : List.of(onLine, inScope, category)) {
            assertThat(api.get("/api/catalog-items/" + id).status()).isEqualTo(200);
        }
        assertDeleted(api.delete("/api/invoices/" + invoice));
        assertDeleted(api.delete("/api/catalog-items/" + onLine));
    }
}
