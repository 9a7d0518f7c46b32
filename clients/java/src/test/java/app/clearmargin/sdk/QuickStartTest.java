package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Invoice;
import app.clearmargin.sdk.model.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quick start, line for line: if it breaks, the README is wrong. */
class QuickStartTest extends ServerTest {

    @Test
    void theReadmesQuickStartWorks() {
        Client acme = cm.clients().create(Map.of("name", "Acme Corp", "currency", "USD"));
        cm.contacts().create(Map.of("client", acme.id(), "name", "Jane Smith", "email", "jane@acme.example"));
        Project site = cm.projects().create(Map.of("client", acme.id(), "name", "Website",
                "rates", Map.of("standard", 120)));
        cm.timeEntries().create(Map.of("project", site.id(), "date", "2026-03-02", "hours", 2.5));

        Invoice draft = cm.invoices().generate(List.of(site.id()), "2026-03-01", "2026-03-31");
        Invoice sent = cm.invoices().send(draft.id());
        Invoices.PaymentResult paid = cm.invoices().recordPayment(sent.id(), Map.of("method", "bank_transfer"));
        assertEquals("paid", paid.invoice().status());
        assertEquals(0, new java.math.BigDecimal("300").compareTo(paid.payment().amount()));
    }
}
