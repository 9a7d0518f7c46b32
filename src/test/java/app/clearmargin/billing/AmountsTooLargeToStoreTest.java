package app.clearmargin.billing;

import static app.clearmargin.support.Fixtures.assertInvalid;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.ErrorBodies;
import app.clearmargin.support.Fixtures;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * API.md §7 Hardening: an amount that is given or computed and does not fit {@code numeric(19,4)}
 * (fewer than 15 digits before the point) is a 400 ValidationError at the field or line that
 * causes it, never a 500.
 */
class AmountsTooLargeToStoreTest extends ApiTest {

    private static final BigDecimal NEARLY_TOO_LARGE = new BigDecimal("999999999999999");
    private static final BigDecimal OVER_HALF = new BigDecimal("600000000000000");

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Big Spender");
    }

    @Test
    void invoiceLineWhoseAmountDoesNotFitIsRefusedAtItsQuantity() {
        Api.Response r = api.post(
                "/api/invoices",
                Map.of(
                        "client",
                        client,
                        "lineItems",
                        List.of(line("Small", 1, 10), line("Huge", 1000, NEARLY_TOO_LARGE))));

        assertInvalid(r, "lineItems.1.quantity");
        ErrorBodies.assertError(r, 400, "The following field is invalid: lineItems.1.quantity");
    }

    @Test
    void invoiceWhoseSubtotalDoesNotFitIsRefusedAtItsLines() {
        assertInvalid(
                api.post(
                        "/api/invoices",
                        Map.of(
                                "client",
                                client,
                                "lineItems",
                                List.of(line("Half", 1, OVER_HALF), line("Other half", 1, OVER_HALF)))),
                "lineItems");
    }

    @Test
    void invoiceWhoseTotalWithTaxDoesNotFitIsRefusedAtItsTaxRate() {
        assertInvalid(
                api.post(
                        "/api/invoices",
                        Map.of("client", client, "taxRate", 100, "lineItems", List.of(line("Taxed", 1, OVER_HALF)))),
                "taxRate");
    }

    @Test
    void patchThatMakesTheTotalTooLargeIsRefusedAndChangesNothing() {
        String id = f.draftInvoice(client, 10).get("id").asString();
        Map<String, Object> tenTo15 = line("Huge", new BigDecimal("1000000"), new BigDecimal("1000000000"));

        assertInvalid(api.patch("/api/invoices/" + id, Map.of("lineItems", List.of(tenTo15))), "lineItems.0.quantity");
        assertThat(Fixtures.dec(f.get("invoices", id).get("total"))).isEqualByComparingTo("10");
    }

    @Test
    void givenAmountThatDoesNotFitIsRefusedAtItsField() {
        assertInvalid(
                api.post(
                        "/api/invoices",
                        Map.of(
                                "client",
                                client,
                                "lineItems",
                                List.of(line("Given", 1, new BigDecimal("1000000000000000"))))),
                "lineItems.0.rate");
        assertInvalid(
                api.post(
                        "/api/invoices",
                        Map.of(
                                "client",
                                client,
                                "lineItems",
                                List.of(line("Given", new BigDecimal("1000000000000000"), 1)))),
                "lineItems.0.quantity");
    }

    @Test
    void proposalLineWhoseAmountDoesNotFitIsRefusedAtItsQuantity() {
        assertInvalid(
                api.post(
                        "/api/proposals",
                        Map.of(
                                "client",
                                client,
                                "title",
                                "Everything",
                                "lineItems",
                                List.of(line("Huge", 1000, NEARLY_TOO_LARGE)))),
                "lineItems.0.quantity");
    }

    @Test
    void generatedInvoiceWhoseLineDoesNotFitIsRefusedAtThatLine() {
        String member = f.member("Expensive", new BigDecimal("400000000000000"), null);
        String project = f.project(client, "Costly");
        f.time(project, member, "2026-03-02", 2);
        f.time(project, member, "2026-03-03", 2);

        Api.Response r = api.post(
                "/api/invoices/generate",
                Map.of(
                        "projects",
                        List.of(project),
                        "from",
                        "2026-03-01",
                        "to",
                        "2026-03-31",
                        "laborDisplay",
                        "consolidated"));

        assertInvalid(r, "lineItems.0.rate");
    }

    @Test
    void timeEntryWhoseAmountDoesNotFitIsRefusedAtItsHours() {
        String member = f.member("Priceless", NEARLY_TOO_LARGE, null);
        String project = f.project(client, "Priceless work");

        assertInvalid(
                api.post(
                        "/api/time-entries",
                        Map.of("project", project, "member", member, "date", "2026-03-02", "hours", 2)),
                "hours");
    }

    @Test
    void catalogRecipeWhoseCostDoesNotFitIsRefusedAtTheComponent() {
        Map<String, Object> component =
                new LinkedHashMap<>(Map.of("name", "Gold", "quantity", 1000, "unitCost", NEARLY_TOO_LARGE));

        assertInvalid(
                api.post(
                        "/api/catalog-items",
                        Map.of(
                                "kind",
                                "charge",
                                "name",
                                "Gold plating",
                                "recipe",
                                Map.of("components", List.of(component)))),
                "recipe.components.0.quantity");
        assertInvalid(
                api.post(
                        "/api/catalog-items",
                        Map.of(
                                "kind",
                                "charge",
                                "name",
                                "Gold labour",
                                "recipe",
                                Map.of("laborHours", 1000, "laborRate", NEARLY_TOO_LARGE))),
                "recipe.laborHours");
    }

    @Test
    void projectScopeItemWhoseAmountDoesNotFitIsRefusedAtItsQuantity() {
        assertInvalid(
                api.post(
                        "/api/projects",
                        Map.of(
                                "client",
                                client,
                                "name",
                                "Boundless",
                                "scopeItems",
                                List.of(Map.of(
                                        "description", "Everything", "quantity", 1000, "rate", NEARLY_TOO_LARGE)))),
                "scopeItems.0.quantity");
    }

    /** A quantity or rate of any magnitude from 10^-2 to 10^16, as a JSON number. */
    private static final Gen<BigDecimal> MAGNITUDES = longs().between(1L, 9_999L)
            .zip(
                    integers().between(1, 16),
                    (digits, exponent) -> BigDecimal.valueOf(digits).scaleByPowerOfTen(exponent - 3));

    @Test
    void extremeQuantitiesAndRatesAnswerCreatedOrAValidationErrorAtAPathNeverAServerError() {
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        qt().withFixedSeed(20261206L)
                .withExamples(60)
                .forAll(MAGNITUDES, MAGNITUDES, MAGNITUDES, integers().between(0, 100))
                .checkAssert((quantity, rate, secondRate, taxRate) -> {
                    Api.Response r = api.post(
                            "/api/invoices?depth=0",
                            Map.of(
                                    "client",
                                    client,
                                    "taxRate",
                                    taxRate,
                                    "lineItems",
                                    List.of(line("A", quantity, rate), line("B", quantity, secondRate))));
                    assertThat(r.status()).as("%s", r).isIn(201, 400);
                    seen.add(r.status());
                    if (r.status() == 400) {
                        assertThat(r.errorName()).as("%s", r).isEqualTo("ValidationError");
                        assertThat(r.errorPaths())
                                .as("%s", r)
                                .isNotEmpty()
                                .allMatch(p -> p.startsWith("lineItems") || p.equals("taxRate"));
                    }
                });
        assertThat(seen).as("both outcomes exercised").containsExactly(201, 400);
    }
}
