package app.clearmargin.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.clearmargin.sdk.model.CatalogItem;
import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Invoice;
import app.clearmargin.sdk.model.Payment;
import app.clearmargin.sdk.model.PaymentSchedule;
import app.clearmargin.sdk.model.Project;
import app.clearmargin.sdk.model.Proposal;
import app.clearmargin.sdk.model.Receipt;
import app.clearmargin.sdk.model.Transaction;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The actions end to end through the SDK — proposal to project and schedule, deposit invoice paid
 * and partly refunded — and then every collection read back into its model at depth 0 and 1, so a
 * real answer that does not fit a record fails here.
 */
class BillingFlowTest extends ServerTest {

    @Test
    void aProposalBecomesAProjectAndAPaidThenPartlyRefundedDeposit() {
        Client client = cm.clients().create(Map.of("name", "Flow " + run, "currency", "USD"));
        cm.contacts().create(Map.of("client", client.id(), "name", "Pat", "email", "pat@flow.example"));
        CatalogItem design = cm.catalogItems()
                .create(Map.of("kind", "charge", "name", "Design day " + run, "defaultRate", 800, "unit", "day"));
        Proposal draft = cm.proposals()
                .create(Map.of(
                        "client", client.id(),
                        "title", "Relaunch " + run,
                        "lineItems", List.of(Map.of("description", "Design", "quantity", 2, "rate", 800, "catalogItem", design.id())),
                        "paymentTerms", Map.of("installments", List.of(
                                Map.of("label", "Deposit", "type", "percent", "value", 50, "dueOn", "acceptance"),
                                Map.of("label", "Balance", "type", "remainder", "dueOn", "acceptance", "offsetDays", 30)))));
        assertEquals(0, new BigDecimal("1600").compareTo(draft.total()));
        assertEquals("sent", cm.proposals().send(draft.id()).status());
        assertEquals("accepted", cm.proposals().accept(draft.id()).status());
        Project project = cm.proposals().convert(draft.id());
        assertEquals(draft.id(), project.sourceProposal().id());
        assertTrue(cm.proposals().duplicate(draft.id()).id().startsWith("prop_"));

        PaymentSchedule schedule = cm.paymentSchedules()
                .list(ListParams.builder().where(Where.field("proposal").equalTo(draft.id())).build())
                .docs()
                .get(0);
        assertEquals("active", schedule.status());
        Invoice deposit = cm.invoices()
                .list(ListParams.builder().where(Where.field("paymentSchedule").equalTo(schedule.id())).build())
                .docs()
                .get(0);
        assertEquals(0, new BigDecimal("800").compareTo(deposit.total()));

        cm.invoices().send(deposit.id());
        Invoices.PaymentResult paid = cm.invoices()
                .recordPayment(deposit.id(), Map.of("method", "card", "card", Map.of("brand", "visa", "last4", "4242")));
        assertEquals(201, paid.result().status());
        assertEquals("paid", paid.invoice().status());
        assertEquals("4242", paid.payment().card().last4());

        Payment refunded = cm.payments().refund(paid.payment().id(), Map.of("amount", 100, "reason", "goodwill"));
        assertEquals(0, new BigDecimal("100").compareTo(refunded.refundedAmount()));
        assertEquals("partially_paid", cm.invoices().get(deposit.id()).status());
        // The ledger holds the payment and the (negative) refund.
        List<Transaction> ledger = cm.transactions()
                .list(ListParams.builder().where(Where.field("payment").equalTo(paid.payment().id())).sort("amount").build())
                .docs();
        assertEquals(List.of(new BigDecimal("-100"), new BigDecimal("800")), ledger.stream().map(t -> t.amount().stripTrailingZeros().setScale(0)).toList());

        Receipt receipt = cm.receipts()
                .list(ListParams.builder().where(Where.field("payment").equalTo(paid.payment().id())).build())
                .docs()
                .get(0);
        assertEquals(receipt.id(), cm.receipts().send(receipt.id()).id());

        ClearmarginException conflict = assertThrows(ClearmarginException.class, () -> cm.invoices().voidInvoice(deposit.id()));
        assertEquals(409, conflict.status());
        assertEquals("StateConflict", conflict.name().orElseThrow());
    }

    @Test
    void everyCollectionReadsIntoItsModel() {
        cm.calendarEvents().create(Map.of("title", "Kick-off " + run, "startAt", "2026-03-02T10:00:00Z"));
        Project p = cm.projects().create(Map.of("client", cm.clients().create(Map.of("name", "Read " + run)).id(), "name", "Read"));
        cm.milestones().create(Map.of("project", p.id(), "name", "Launch", "dueDate", "2026-04-01"));
        cm.transactions()
                .create(Map.of("type", "expense", "amount", 42.5, "date", "2026-03-02", "scope", "project", "project", p.id()));
        List<Resource<?>> all = List.of(
                cm.clients(), cm.contacts(), cm.projects(), cm.members(), cm.timeEntries(), cm.transactions(),
                cm.catalogItems(), cm.milestones(), cm.calendarEvents(), cm.invoices(), cm.proposals(), cm.payments(),
                cm.receipts(), cm.paymentSchedules(), cm.webhooks(), cm.webhookDeliveries(), cm.events(), cm.auditLog(),
                cm.apiKeys());
        for (Resource<?> r : all) {
            for (int depth = 0; depth <= 1; depth++) {
                Page<?> page = r.list(ListParams.builder().depth(depth).limit(100).build());
                assertNotNull(page.docs(), r.path());
            }
        }
        assertNotNull(cm.organization().currency());
        assertNotNull(cm.profitability("client", "2026-01-01", "2026-12-31").get("groups"));
    }
}
