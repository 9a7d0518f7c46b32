package app.clearmargin.portal;

import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.auth.Scopes;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Chromium;
import app.clearmargin.support.Fixtures;
import app.clearmargin.support.StripeStandIn;
import app.clearmargin.support.WebhookReceiver;
import app.clearmargin.tenancy.Organization;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The client pages in a real browser (API.md §8): headless Chromium (Debian's, see {@link Chromium})
 * fills and submits the proposal forms as a client would, a phone-sized viewport shows an invoice
 * without horizontal overflow, and axe-core finds no serious or critical accessibility violation on
 * the proposal, invoice and error pages. With {@code -Dscreenshots=true} it also writes the README's
 * images (docs/images).
 */
class ClientPagesBrowserTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private Chromium chromium;
    private WebDriver browser;
    private WebhookReceiver receiver;
    private Fixtures f;
    private String client;
    private String webhookId;

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.start();
        browser = chromium.driver();
        receiver = WebhookReceiver.start();
        f = new Fixtures(api);
        client = f.client("Browser Client");
        webhookId =
                createId("webhooks", Map.of("url", receiver.url("accepted"), "events", List.of("proposal_accepted")));
    }

    @AfterAll
    void stopBrowser() {
        if (webhookId != null) {
            api.patch("/api/webhooks/" + webhookId, Map.of("enabled", false));
        }
        if (receiver != null) {
            receiver.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> proposalBody(String clientId, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", clientId);
        body.put("title", title);
        body.put(
                "lineItems",
                List.of(
                        line("Brand strategy workshop", 1, 1200),
                        line("Identity design", 1, 4800),
                        line("Packaging system (6 SKUs)", 6, 1250)));
        return body;
    }

    private String sentProposal(String title, Map<String, ?> extra) {
        Map<String, Object> body = proposalBody(client, title);
        body.putAll(extra);
        String id = f.createId("proposals", body);
        f.action(200, "proposals", id, "send", Map.of());
        return id;
    }

    private static Map<String, Object> depositAndRest() {
        return Map.of(
                "paymentTerms",
                Map.of(
                        "installments",
                        List.of(
                                Map.of("label", "Deposit", "type", "percent", "value", 50),
                                Map.of("label", "On delivery", "type", "remainder", "offsetDays", 30))));
    }

    /** The page's address on this test's server (the path of the document's publicUrl). */
    private String pageOf(String collection, String id) {
        return base()
                + URI.create(f.get(collection, id).get("publicUrl").asString()).getPath();
    }

    private void open(String url) {
        browser.get(url);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("main")));
    }

    private String bannerAfterSubmit(String expected) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.id("status"), expected))
                ? browser.findElement(By.id("status")).getText()
                : "";
    }

    // ------------------------------------------------------------------ the forms

    @Test
    void aClientAcceptsAProposalInTheBrowserAndGetsTheScheduleTheDepositInvoiceAndTheWebhook() {
        String id = sentProposal("Brand identity & packaging", depositAndRest());
        String page = pageOf("proposals", id);
        open(page);
        browser.findElement(By.id("accept-name")).sendKeys("Jane Client");
        browser.findElement(By.id("accept-agree")).click();
        browser.findElement(By.id("accept-submit")).click();

        assertThat(bannerAfterSubmit("Accepted")).isEqualTo("Accepted");
        assertThat(browser.getCurrentUrl()).isEqualTo(page);
        assertThat(browser.findElements(By.id("accept-form"))).isEmpty();
        assertThat(browser.findElement(By.id("deposit")).getText()).containsIgnoringCase("deposit invoice");

        JsonNode proposal = f.get("proposals", id);
        assertThat(proposal.get("status").asString()).isEqualTo("accepted");
        assertThat(proposal.get("acceptance").get("name").asString()).isEqualTo("Jane Client");
        assertThat(proposal.get("acceptance").get("userAgent").asString()).contains("HeadlessChrome");
        List<JsonNode> schedules = f.list("payment-schedules", "proposal", id);
        assertThat(schedules).hasSize(1);
        List<JsonNode> invoices = f.list("invoices", "proposal", id);
        assertThat(invoices).hasSize(1);
        // the deposit is the first installment: half of 1,200 + 4,800 + 6 × 1,250 = 13,500
        assertThat(Fixtures.dec(invoices.getFirst().get("total"))).isEqualByComparingTo(new BigDecimal("6750.00"));

        List<WebhookReceiver.Received> delivered =
                receiver.await("accepted", l -> l.stream().anyMatch(r -> id.equals(r.documentId())), WAIT);
        JsonNode webhook = delivered.stream()
                .filter(r -> id.equals(r.documentId()))
                .findFirst()
                .orElseThrow()
                .json();
        assertThat(webhook.get("event").asString()).isEqualTo("proposal_accepted");
        assertThat(webhook.get("data").get("via").asString()).isEqualTo("client_link");
        assertThat(webhook.get("data").get("acceptedBy").get("name").asString()).isEqualTo("Jane Client");
    }

    // ------------------------------------------------------------------ paying online (API.md §9)

    @Test
    void aClientPaysAnInvoiceOnlineThroughCheckoutAndTheInvoicePageThenSaysPaidWithItsReceipt() {
        StripeStandIn stripe = StripeStandIn.get();
        String webhookSecret = "whsec_browser" + Fixtures.unique() + "SECRET";
        Fixtures.expect(
                200,
                api.patch(
                        "/api/organization",
                        Map.of(
                                "stripe",
                                Map.of(
                                        "secretKey",
                                        "sk_test_browser" + Fixtures.unique() + "KEYKEYKEY",
                                        "webhookSecret",
                                        webhookSecret))));
        String id = f.sentInvoice(client, 1850);
        String page = pageOf("invoices", id);
        open(page);

        browser.findElement(By.id("pay-online")).click();

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains(stripe.base() + "/checkout/cs_test_"));
        assertThat(browser.findElement(By.id("checkout-amount")).getText()).isEqualTo("185000 usd");
        String session =
                browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        // the client pays on Stripe's page; Stripe tells the server and sends the client back
        stripe.complete(session, "visa", "4242");
        String event = stripe.checkoutSessionCompleted(session);
        Fixtures.expect(
                200,
                new Api(base(), null)
                        .withHeader(
                                "Stripe-Signature",
                                StripeStandIn.sign(
                                        event, webhookSecret, clock.instant().getEpochSecond()))
                        .send("POST", "/stripe/webhooks/" + organization.publicId(), event, "application/json"));
        open(stripe.session(session).get("success_url").asString());

        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Paid");
        assertThat(browser.findElement(By.id("payment-notice")).getText()).isEqualTo("Thank you for your payment.");
        assertThat(browser.findElements(By.id("pay-online"))).isEmpty();
        WebElement receipt = browser.findElement(By.cssSelector("#receipts a"));
        assertThat(receipt.getText()).startsWith("Receipt ");
        receipt.click();
        assertThat(bannerAfterSubmit("Payment received")).isEqualTo("Payment received");
    }

    @Test
    void aClientDeclinesAProposalInTheBrowserWithAReason() {
        String id = sentProposal("Website refresh", Map.of());
        open(pageOf("proposals", id));
        browser.findElement(By.id("reject-name")).sendKeys("Sam Client");
        browser.findElement(By.id("reject-reason")).sendKeys("We went with an in-house team.");
        browser.findElement(By.id("reject-submit")).click();

        assertThat(bannerAfterSubmit("Declined")).isEqualTo("Declined");
        assertThat(browser.findElements(By.id("reject-form"))).isEmpty();
        JsonNode proposal = f.get("proposals", id);
        assertThat(proposal.get("status").asString()).isEqualTo("rejected");
        assertThat(proposal.get("rejection").get("reason").asString()).isEqualTo("We went with an in-house team.");
        assertThat(proposal.get("rejection").get("name").asString()).isEqualTo("Sam Client");
    }

    // ------------------------------------------------------------------ layout

    /**
     * What sticks out of the viewport: the document's scroll width against its client width, and every
     * rendered element whose box leaves the viewport horizontally, unless it sits inside a declared
     * scroll container (an ancestor with {@code overflow-x: auto|scroll}), which scrolls on its own.
     */
    private static final String OVERFLOW = """
            const vw = document.documentElement.clientWidth;
            const inScroller = el => {
              for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll') return true;
              }
              return false;
            };
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              if ((r.left < -0.5 || r.right > vw + 0.5) && !inScroller(el)) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                  + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '')
                  + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
              }
            }
            return {scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, outside: out.join('\\n')};
            """;

    @Test
    void anInvoicePageFitsA375PixelPhoneWithoutHorizontalOverflow() {
        String invoice = longInvoice();
        chromium.viewport(375, 812, true);
        try {
            open(pageOf("invoices", invoice));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) chromium.driver().executeScript(OVERFLOW);
            long clientWidth = ((Number) m.get("clientWidth")).longValue();
            assertThat(clientWidth).isEqualTo(375);
            assertThat(((Number) m.get("scrollWidth")).longValue())
                    .as("document scroll width at 375 px")
                    .isLessThanOrEqualTo(clientWidth);
            assertThat((String) m.get("outside"))
                    .as("elements outside the 375 px viewport")
                    .isEmpty();
        } finally {
            chromium.desktop();
        }
    }

    private String longInvoice() {
        JsonNode invoice = f.create("invoices", invoiceBody(client));
        String id = invoice.get("id").asString();
        f.send(id);
        return id;
    }

    /** An invoice with long descriptions, an unbreakable word and a long note. */
    private static Map<String, Object> invoiceBody(String clientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", clientId);
        body.put(
                "lineItems",
                List.of(
                        line("Discovery workshop with stakeholders from marketing, sales and product", 1, 1800),
                        line("Design system: tokens, typography, colour, components and documentation", 1, 9600),
                        line("Landing pages (responsive, 12 templates)", 12, 450),
                        line("Supercalifragilisticexpialidocious-unbreakable-identifier-for-a-long-sku", 3, 99.5)));
        body.put(
                "notes",
                "Thank you for your business. A very long note that should wrap on a small screen "
                        + "instead of pushing the page wider than the phone it is read on.");
        return body;
    }

    // ------------------------------------------------------------------ accessibility

    @Test
    void theProposalInvoiceAndErrorPagesHaveNoSeriousOrCriticalAccessibilityViolations() {
        String proposal = sentProposal("Accessible proposal", depositAndRest());
        String invoice = f.sentInvoice(client, 1234.5);
        List<String> problems = new ArrayList<>();
        problems.addAll(axe("proposal page", pageOf("proposals", proposal)));
        problems.addAll(axe("invoice page", pageOf("invoices", invoice)));
        problems.addAll(axe("error page", base() + "/c/" + "x".repeat(43)));
        assertThat(problems)
                .as("axe-core violations of impact serious or critical:%n%s", String.join("\n", problems))
                .isEmpty();
    }

    private List<String> axe(String name, String url) {
        open(url);
        Results results = new AxeBuilder().analyze(browser);
        assertThat(results.getErrorMessage()).as("axe-core ran on the " + name).isNull();
        List<String> found = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if (!BLOCKING.contains(rule.getImpact())) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            s.append(name)
                    .append(": [")
                    .append(rule.getImpact())
                    .append("] ")
                    .append(rule.getId())
                    .append(" — ")
                    .append(rule.getHelp())
                    .append(" (")
                    .append(rule.getHelpUrl())
                    .append(')');
            for (CheckedNode node : rule.getNodes()) {
                s.append("\n    ")
                        .append(node.getTarget())
                        .append(": ")
                        .append(node.getHtml())
                        .append("\n      ")
                        .append(String.valueOf(node.getFailureSummary()).replace("\n", "\n      "));
            }
            found.add(s.toString());
        }
        return found;
    }

    // ------------------------------------------------------------------ the README's images

    @Test
    @EnabledIfSystemProperty(named = "screenshots", matches = "true")
    void writesTheReadmeScreenshotsOfAProposalPageAndAnInvoicePdf() throws Exception {
        Path images = Path.of("docs", "images");
        Files.createDirectories(images);
        // an organization and a client with the demo's names, so the pictures look like the demo
        Organization studio = tx.execute(s -> organizations.create("Northwind Studio", "USD", "Europe/Berlin", false));
        String key = tx.execute(
                        s -> keys.issue(studio.id(), "screenshots", List.of(Scopes.FULL_ACCESS), null, 1000, false))
                .key();
        Api northwindApi = new Api(base(), key);
        Api.Response identity = northwindApi.patch(
                "/api/organization",
                Map.of(
                        "legalName",
                        "Northwind Studio GmbH",
                        "address",
                        Map.of("line1", "Torstraße 112", "city", "Berlin", "postalCode", "10119", "country", "DE"),
                        "email",
                        "hello@northwind.example",
                        "website",
                        "northwind.example",
                        "taxId",
                        "DE 312 456 789",
                        "paymentInstructions",
                        "Bank transfer to Northwind Studio GmbH\nIBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX",
                        "brandColor",
                        "#0f766e"));
        assertThat(identity.status()).as(identity.toString()).isEqualTo(200);
        Fixtures northwind = new Fixtures(northwindApi);
        String greenleaf = northwind.client("Greenleaf Organics");

        Map<String, Object> body = new LinkedHashMap<>(proposalBody(greenleaf, "Brand identity & packaging"));
        body.putAll(depositAndRest());
        String proposal = northwind.createId("proposals", body);
        northwind.action(200, "proposals", proposal, "send", Map.of());
        String page = base()
                + URI.create(northwind
                                .get("proposals", proposal)
                                .get("publicUrl")
                                .asString())
                        .getPath();
        open(page);
        long height =
                ((Number) chromium.driver().executeScript("return document.documentElement.scrollHeight;")).longValue();
        chromium.viewport(1280, (int) Math.min(height, 3000), false);
        try {
            open(page);
            Files.write(images.resolve("proposal-page.png"), chromium.driver().getScreenshotAs(OutputType.BYTES));
        } finally {
            chromium.desktop();
        }

        JsonNode invoice = northwind.create("invoices", invoiceBody(greenleaf));
        northwind.send(invoice.get("id").asString());
        byte[] pdf = pdf(key, "/api/invoices/" + invoice.get("id").asString() + "/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BufferedImage first = new PDFRenderer(doc).renderImageWithDPI(0, 110);
            ImageIO.write(first, "png", images.resolve("invoice-pdf.png").toFile());
        }
        assertThat(ImageIO.read(images.resolve("proposal-page.png").toFile()).getWidth())
                .isEqualTo(1280);
        assertThat(ImageIO.read(images.resolve("invoice-pdf.png").toFile()).getWidth())
                .isBetween(850, 1000); // A4 or Letter at 110 dpi
    }

    private byte[] pdf(String key, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
