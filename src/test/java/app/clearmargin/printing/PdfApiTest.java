package app.clearmargin.printing;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import app.clearmargin.tenancy.Tenant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/{invoices|proposals|receipts}/:id/pdf}: the document itself (API.md §8). */
class PdfApiTest extends ApiTest {

    @Autowired
    Printing printing;

    @Autowired
    DSLContext db;

    @Autowired
    Sheets sheets;

    Fixtures f;
    String client;

    @BeforeAll
    void dataset() {
        f = new Fixtures(api);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", "12 Harbour Road");
        address.put("city", "Portland");
        address.put("region", "OR");
        address.put("postalCode", "97201");
        address.put("country", "US");
        client = f.client("Northwind Events", Map.of("taxId", "US-EIN-12-3456789", "address", address));
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("legalName", "Clearwater Agency LLC");
        identity.put("taxId", "EIN 98-7654321");
        identity.put("paymentInstructions", "Wire to ACME Bank, account 000123456");
        identity.put("address", Map.of("line1", "1 Main Street", "city", "Springfield", "country", "US"));
        assertThat(api.patch("/api/organization", identity).status()).isEqualTo(200);
    }

    PdfDocuments.Fetched pdf(Api as, String collection, String id) {
        return pdf(as, collection, id, Map.of());
    }

    PdfDocuments.Fetched pdf(Api as, String collection, String id, Map<String, String> headers) {
        return PdfDocuments.get(base(), as.key(), "/api/" + collection + "/" + id + "/pdf", headers);
    }

    PdfDocuments.Fetched ok(Api as, String collection, String id) {
        PdfDocuments.Fetched r = pdf(as, collection, id);
        assertThat(r.status()).as(new String(r.body())).isEqualTo(200);
        return r;
    }

    static List<Map<String, Object>> lines(int n) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add(Fixtures.line(String.format("Line %03d of the long invoice", i), 1, 10));
        }
        return lines;
    }

    // ------------------------------------------------------------------ content

    @Test
    void anInvoicePrintsIdentityClientLinesAndTotalsInTheLocalesFormat() {
        JsonNode invoice = f.draftInvoice(
                client,
                Map.of(
                        "taxRate",
                        10,
                        "notes",
                        "Thank you for the stage work.",
                        "terms",
                        "Payable within 14 days.",
                        "lineItems",
                        List.of(Fixtures.line("Stage design", 2, 750), Fixtures.line("Lighting rig", 1, 145.5))));
        PdfDocuments.Fetched r = ok(api, "invoices", invoice.path("id").asString());
        assertThat(r.header("Content-Type")).isEqualTo("application/pdf");
        String number = invoice.path("number").asString();
        assertThat(r.header("Content-Disposition")).isEqualTo("inline; filename=\"" + number + ".pdf\"");
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{32}\"");
        String text = PdfDocuments.text(r.body());
        assertThat(text)
                .contains(number, "Clearwater Agency LLC", "1 Main Street", "EIN 98-7654321")
                .contains("Northwind Events", "12 Harbour Road", "97201 Portland, OR", "United States")
                .contains("US-EIN-12-3456789", "Northwind Events Billing")
                .contains("Stage design", "Lighting rig")
                .contains("$750.00", "$1,500.00", "$145.50", "$1,645.50", "Tax (10%)", "$164.55", "$1,810.05")
                .contains("Amount paid", "$0.00", "Amount due")
                .contains("Thank you for the stage work.", "Payable within 14 days.")
                .contains("Wire to ACME Bank, account 000123456");
        assertThat(PdfDocuments.inkShare(r.body())).as("page 1 is not blank").isGreaterThan(0.01);
        PdfDocuments.assertFontsEmbedded(r.body());
    }

    @Test
    void aGermanOrganizationPrintsEurosAndDatesTheGermanWay() {
        TestOrg de = newOrganization("Agentur", "EUR", "Europe/Berlin");
        de.api().patch("/api/organization", Map.of("locale", "de-DE", "legalName", "Agentur Nord GmbH"));
        Fixtures g = new Fixtures(de.api());
        String kunde = g.client("Kunde AG");
        JsonNode invoice = g.draftInvoice(
                kunde, Map.of("issueDate", "2026-03-05", "lineItems", List.of(Fixtures.line("Beratung", 2, 905))));
        String text = PdfDocuments.text(
                ok(de.api(), "invoices", invoice.path("id").asString()).body());
        assertThat(text).contains("Agentur Nord GmbH", "Beratung", "905,00 €", "1.810,00 €", "05.03.2026");
        assertThat(text).doesNotContain("1,810.00");
    }

    @Test
    void yenHaveNoDecimalsAndDinarsThree() {
        TestOrg jp = newOrganization("Yen agency", "JPY", "Asia/Tokyo");
        Fixtures y = new Fixtures(jp.api());
        JsonNode yen = y.draftInvoice(y.client("Tokyo client"), 1810);
        String text = PdfDocuments.text(
                ok(jp.api(), "invoices", yen.path("id").asString()).body());
        assertThat(text).contains("¥1,810").doesNotContain("1,810.0");

        TestOrg kw = newOrganization("Dinar agency", "KWD", "Asia/Kuwait");
        Fixtures k = new Fixtures(kw.api());
        JsonNode dinar = k.draftInvoice(k.client("Kuwait client"), 1810.5);
        assertThat(PdfDocuments.text(
                        ok(kw.api(), "invoices", dinar.path("id").asString()).body()))
                .contains("1,810.500");
    }

    @Test
    void aLongInvoiceBreaksAcrossPagesWithTheHeaderAndTheDraftMarkOnEveryPage() {
        JsonNode invoice = f.draftInvoice(client, Map.of("lineItems", lines(120)));
        byte[] body = ok(api, "invoices", invoice.path("id").asString()).body();
        List<String> pages = PdfDocuments.pages(body);
        assertThat(pages.size()).isGreaterThanOrEqualTo(3);
        for (int p = 0; p < pages.size(); p++) {
            assertThat(pages.get(p))
                    .as("page " + (p + 1))
                    .contains(
                            "DESCRIPTION",
                            "QUANTITY",
                            "AMOUNT",
                            "DRAFT",
                            invoice.path("number").asString())
                    .contains("Page " + (p + 1) + " of " + pages.size());
        }
        String all = String.join("\n", pages);
        for (int i = 1; i <= 120; i++) {
            assertThat(all).contains(String.format("Line %03d of the long invoice", i));
        }
        assertThat(all).contains("$1,200.00");
    }

    @Test
    void aSentInvoiceHasNoDraftMarkAndAVoidOneIsMarkedVoid() {
        String sent = f.sentInvoice(client, 100);
        String sentText = PdfDocuments.text(ok(api, "invoices", sent).body());
        assertThat(sentText).doesNotContain("DRAFT").doesNotContain("VOID");
        f.action(200, "invoices", sent, "void", Map.of());
        String voidText = PdfDocuments.text(ok(api, "invoices", sent).body());
        assertThat(voidText).contains("VOID").doesNotContain("DRAFT");
    }

    @Test
    void consolidatedLaborPrintsOneLinePerProject() {
        String project = f.project(client, "Spring gala");
        String member = f.member("Ada Lovelace", 120, 60);
        f.time(project, member, "2026-02-02", 3);
        f.time(project, member, "2026-02-03", 2);
        JsonNode consolidated = api.post(
                        "/api/invoices/generate?depth=0",
                        Map.of(
                                "projects", List.of(project),
                                "from", "2026-02-01",
                                "to", "2026-02-28",
                                "laborDisplay", "consolidated"))
                .doc();
        String text = PdfDocuments.text(
                ok(api, "invoices", consolidated.path("id").asString()).body());
        assertThat(text).contains("Professional services — Spring gala", "flat", "$600.00");
        assertThat(text).doesNotContain("Ada Lovelace");
    }

    // ------------------------------------------------------------------ ETag and bytes

    @Test
    void theSameDocumentGivesTheSameBytesAndAChangeGivesANewEtag() {
        JsonNode invoice = f.draftInvoice(client, 250);
        String id = invoice.path("id").asString();
        PdfDocuments.Fetched first = ok(api, "invoices", id);
        PdfDocuments.Fetched second = ok(api, "invoices", id);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
        // not just the cache: a fresh render of the same content is byte-identical too
        byte[] fresh = new Tenant(organization.id()).call(() -> Pdfs.render(printing.xhtml(sheetOf(id))));
        assertThat(fresh).isEqualTo(first.body());
        assertThat(new String(first.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("/CreationDate")
                .doesNotContain("/ModDate");

        PdfDocuments.Fetched notModified = pdf(api, "invoices", id, Map.of("If-None-Match", first.header("ETag")));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(first.header("ETag"));

        assertThat(api.patch("/api/invoices/" + id, Map.of("notes", "Now with a note"))
                        .status())
                .isEqualTo(200);
        PdfDocuments.Fetched changed = pdf(api, "invoices", id, Map.of("If-None-Match", first.header("ETag")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(first.header("ETag"));
        assertThat(PdfDocuments.text(changed.body())).contains("Now with a note");
    }

    @Test
    void changingTheOrganizationsIdentityChangesTheEtag() {
        TestOrg own = newOrganization("Rebrand");
        Fixtures o = new Fixtures(own.api());
        String id = o.draftInvoice(o.client("Loyal client"), 99).path("id").asString();
        String before = ok(own.api(), "invoices", id).header("ETag");
        own.api().patch("/api/organization", Map.of("brandColor", "#7c3aed"));
        PdfDocuments.Fetched after = ok(own.api(), "invoices", id);
        assertThat(after.header("ETag")).isNotEqualTo(before);
    }

    Sheet sheetOf(String invoiceId) {
        return sheets.of(DocumentKind.INVOICE, invoiceId);
    }

    // ------------------------------------------------------------------ no external resources, escaping

    @Test
    void markupAndUrlsInUserTextAreTextAndFetchNothing() throws IOException, InterruptedException {
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!trap.isClosed()) {
                    try (Socket s = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String url = "http://127.0.0.1:" + trap.getLocalPort();
            String note = "<img src=\"" + url + "/x.png\"> <link rel=\"stylesheet\" href=\"" + url
                    + "/s.css\"/> <div style=\"background: url(" + url + "/bg.png)\">styled</div>";
            String evil = f.client("<b>Evil</b> & Co", Map.of("address", Map.of("line1", "url(" + url + "/a.png)")));
            JsonNode invoice = f.draftInvoice(
                    evil, Map.of("notes", note, "lineItems", List.of(Fixtures.line("<script>x()</script>", 1, 5))));
            String text = PdfDocuments.text(
                    ok(api, "invoices", invoice.path("id").asString()).body());
            assertThat(text)
                    .contains("<img src=\"" + url + "/x.png\">")
                    .contains("<b>Evil</b> & Co")
                    .contains("<script>x()</script>")
                    .contains("url(" + url + "/a.png)");
            assertThat(connections.get()).as("connections to the trap").isZero();

            String html = new Tenant(organization.id())
                    .call(() -> printing.html(
                            DocumentKind.INVOICE, invoice.path("id").asString()));
            assertThat(html).startsWith("<article class=\"cm-doc cm-invoice\">");
            assertThat(html).contains("&lt;img src=").contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co");
            assertThat(html).doesNotContain("<img").doesNotContain("<script");
            trap.close();
            acceptor.join();
        }
    }

    // ------------------------------------------------------------------ proposals and receipts

    @Test
    void aProposalPrintsTitleEventDateMilestonesAndPaymentTermsThenItsAcceptance() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", client);
        body.put("title", "Summer festival production");
        body.put("eventDate", "2026-07-18");
        body.put("lineItems", List.of(Fixtures.line("Production management", 1, 8000)));
        body.put(
                "paymentTerms",
                Map.of(
                        "installments",
                        List.of(
                                Map.of("label", "Deposit", "type", "percent", "value", 30, "dueOn", "acceptance"),
                                Map.of(
                                        "label",
                                        "Balance",
                                        "type",
                                        "remainder",
                                        "dueOn",
                                        "date",
                                        "date",
                                        "2026-07-01"))));
        JsonNode proposal = f.create("proposals", body);
        String id = proposal.path("id").asString();
        f.create(
                "milestones",
                Map.of("proposal", id, "name", "Site visit", "dueDate", "2026-05-04", "amount", 500, "sortOrder", 1));
        String draft = PdfDocuments.text(ok(api, "proposals", id).body());
        assertThat(draft)
                .contains(proposal.path("number").asString(), "Summer festival production", "Jul 18, 2026")
                .contains("Production management", "$8,000.00")
                .contains("Site visit", "May 4, 2026", "$500.00")
                .contains("Deposit", "On acceptance", "$2,400.00", "Balance", "Jul 1, 2026", "$5,600.00")
                .contains("DRAFT");

        f.action(200, "proposals", id, "send", Map.of());
        f.action(200, "proposals", id, "accept", Map.of());
        String sha = "ab".repeat(32);
        db.update(DSL.table(DSL.name("proposals")))
                .set(
                        DSL.field(DSL.name("acceptance"), JSONB.class),
                        JSONB.valueOf(
                                "{\"name\":\"Jane Client\",\"at\":\"2026-05-01T09:30:00Z\",\"ip\":\"203.0.113.9\","
                                        + "\"userAgent\":\"Mozilla/5.0\",\"documentSha256\":\"" + sha + "\"}"))
                .where(DSL.field(DSL.name("id"), java.util.UUID.class)
                        .eq(Ids.parse("prop", id).orElseThrow()))
                .execute();
        String accepted = PdfDocuments.text(ok(api, "proposals", id).body());
        assertThat(accepted)
                .doesNotContain("DRAFT")
                .contains("Accepted by", "Jane Client", "203.0.113.9", "Mozilla/5.0", "May 1, 2026");
        assertThat(accepted.replaceAll("\\s", "")).contains(sha);
    }

    @Test
    void aReceiptPrintsThePaymentAndTheInvoiceItPays() {
        String invoice = f.sentInvoice(client, 300);
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("amount", 120);
        payment.put("method", "card");
        payment.put("reference", "ch_3PqR");
        payment.put("card", Map.of("brand", "visa", "last4", "4242"));
        f.action(201, "invoices", invoice, "payments", payment);
        JsonNode receipt = f.list("receipts", "invoice", invoice).getFirst();
        PdfDocuments.Fetched r = ok(api, "receipts", receipt.path("id").asString());
        assertThat(r.header("Content-Disposition"))
                .isEqualTo("inline; filename=\"" + receipt.path("number").asString() + ".pdf\"");
        String text = PdfDocuments.text(r.body());
        assertThat(text)
                .contains(
                        receipt.path("number").asString(),
                        f.get("invoices", invoice).path("number").asString())
                .contains("Card", "visa •••• 4242", "ch_3PqR", "$120.00", "$300.00", "$180.00")
                .contains("Northwind Events", "Clearwater Agency LLC");
        PdfDocuments.assertFontsEmbedded(r.body());
    }

    // ------------------------------------------------------------------ access

    @Test
    void aKeyWithoutTheResourcesReadScopeIsRefusedAndAnotherTenantsIdIsNotFound() {
        String id = f.draftInvoice(client, 10).path("id").asString();
        Api clientsOnly = keyWith(List.of("clients:read"), 100);
        assertThat(pdf(clientsOnly, "invoices", id).status()).isEqualTo(403);
        Api invoicesReader = keyWith(List.of("invoices:read"), 100);
        assertThat(pdf(invoicesReader, "invoices", id).status()).isEqualTo(200);

        Api stranger = newOrganization("Stranger").api();
        assertThat(pdf(stranger, "invoices", id).status()).isEqualTo(404);
        assertThat(pdf(api, "invoices", "inv_doesnotexist").status()).isEqualTo(404);
        assertThat(pdf(api, "proposals", id).status())
                .as("an invoice id is no proposal")
                .isEqualTo(404);
        assertThat(PdfDocuments.get(base(), "sk_test_wrong", "/api/invoices/" + id + "/pdf", Map.of())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void otherMethodsOnAPdfAreNotAllowed() {
        String id = f.draftInvoice(client, 10).path("id").asString();
        assertThat(api.post("/api/invoices/" + id + "/pdf", Map.of()).status()).isIn(404, 405);
        assertThat(api.delete("/api/invoices/" + id + "/pdf").status()).isEqualTo(405);
    }
}
