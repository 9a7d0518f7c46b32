package app.clearmargin.printing;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/{invoices|proposals|receipts}/:id/pdf}: the document itself (API.md §8). */
class PdfApiTest extends ApiTest {

    Fixtures f;
    String client;

    @BeforeAll
    void dataset() {
        f = new Fixtures(api);
        client = f.client("Northwind Events", Map.of("taxId", "DE123456789"));
    }

    PdfDocuments.Fetched pdf(String collection, String id) {
        return PdfDocuments.get(base(), api.key(), "/api/" + collection + "/" + id + "/pdf", Map.of());
    }

    @Test
    void anInvoicePrintsItsNumberClientLinesAndTotalsInTheLocalesFormat() {
        JsonNode invoice = f.draftInvoice(
                client,
                Map.of(
                        "taxRate",
                        10,
                        "lineItems",
                        List.of(Fixtures.line("Stage design", 2, 750), Fixtures.line("Lighting rig", 1, 145.5))));
        PdfDocuments.Fetched r = pdf("invoices", invoice.path("id").asString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
        String number = invoice.path("number").asString();
        assertThat(r.header("Content-Disposition")).isEqualTo("inline; filename=\"" + number + ".pdf\"");
        String text = PdfDocuments.text(r.body());
        assertThat(text)
                .contains(number, "Northwind Events", "DE123456789", "Stage design", "Lighting rig")
                .contains("$1,500.00", "$145.50", "$1,645.50", "$164.55", "$1,810.05");
        assertThat(PdfDocuments.inkShare(r.body())).isGreaterThan(0.01);
        PdfDocuments.assertFontsEmbedded(r.body());
    }
}
