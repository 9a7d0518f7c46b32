package app.clearmargin.billing;

import static app.clearmargin.support.StatementCounting.TAG_HEADER;
import static app.clearmargin.support.StatementCounting.selectsFrom;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.BillingScenario;
import app.clearmargin.support.StatementCounting.StatementLog;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /invoices/:id/send} reads each document it needs once for the action: the invoice
 * (locked), its client and its contact serve the recipient and the event alike (before: the client and
 * the contact twice each in the action, 9 statements at depth 0; 11 at the default depth). The first
 * send also issues the invoice's private link: one insert. The send e-mail's PDF is composed from the
 * client and contact the action read, not read again (8 at depth 0, at most 10 at the default depth).
 */
class InvoiceSendStatementsTest extends ApiTest {

    @Autowired
    StatementLog log;

    private int requests;

    /** The SQL of one POST, without the cached key and organization lookups. */
    private List<String> statementsOf(Api.Response[] response, String path) {
        String tag = "send-" + (++requests);
        response[0] = api.withHeader(TAG_HEADER, tag).post(path, Map.of());
        return log.ofRequest(tag);
    }

    @Test
    void sendingAnInvoiceReadsItsClientAndItsContactOnceForTheActionAndOnceForItsPdf() {
        BillingScenario billing = new BillingScenario(api);
        BillingScenario.Party party = billing.clientWithContact();
        String invoice = billing.draftInvoice(party.clientId(), new BigDecimal("120.00"))
                .get("id")
                .asString();

        Api.Response[] sent = new Api.Response[1];
        List<String> statements = statementsOf(sent, "/api/invoices/" + invoice + "/send?depth=0");

        assertThat(sent[0].status()).as("%s", sent[0]).isEqualTo(200);
        assertThat(selectsFrom(statements, "clients")).as("%s", statements).isEqualTo(1);
        assertThat(selectsFrom(statements, "contacts")).as("%s", statements).isEqualTo(1);
        assertThat(selectsFrom(statements, "invoices"))
                .as("the lock: %s", statements)
                .isOne();
        // the invoice locked; its client and contact; its link issued; the invoice written; its audit
        // entry; the client and contact for the PDF; the mail and the event
        assertThat(statements.stream().filter(s -> s.startsWith("insert into \"document_links\"")))
                .as("%s", statements)
                .hasSize(1);
        assertThat(statements).as("%s", statements).hasSize(8);
    }

    /** At the default depth the response populates the client and the contact: one batched read each, after the action's. */
    @Test
    void theResponseAtTheDefaultDepthAddsOnePopulatingReadPerCollection() {
        BillingScenario billing = new BillingScenario(api);
        BillingScenario.Party party = billing.clientWithContact();
        String invoice = billing.draftInvoice(party.clientId(), new BigDecimal("80.00"))
                .get("id")
                .asString();

        Api.Response[] sent = new Api.Response[1];
        List<String> statements = statementsOf(sent, "/api/invoices/" + invoice + "/send");

        assertThat(sent[0].status()).as("%s", sent[0]).isEqualTo(200);
        assertThat(sent[0].doc().path("client").path("name").asString()).isEqualTo(party.clientName());
        // the action's read (the PDF's too), then one populating read each
        assertThat(selectsFrom(statements, "clients")).as("%s", statements).isLessThanOrEqualTo(2);
        assertThat(selectsFrom(statements, "contacts")).as("%s", statements).isLessThanOrEqualTo(2);
        assertThat(statements.size()).as("%s", statements).isLessThanOrEqualTo(10);
    }
}
