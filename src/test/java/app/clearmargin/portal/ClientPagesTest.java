package app.clearmargin.portal;

import static app.clearmargin.support.Fixtures.expect;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The client pages over real HTTP (API.md §8): {@code /c/<token>}, its PDF, the proposal's forms, the
 * error pages, the headers and the per-address limit. Each test speaks from its own loopback address
 * (127.0.0.x), so each has its own 60-a-minute bucket.
 */
class ClientPagesTest extends ApiTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Page Client");
    }

    record Got(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A browser at its own loopback address. */
    final class Browser {
        private final HttpClient http;

        Browser() {
            try {
                http = HttpClient.newBuilder()
                        .localAddress(InetAddress.getByName("127.0.0." + ADDRESSES.incrementAndGet()))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        Got get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        Got post(String path, Map<String, String> form) {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("User-Agent", "PageTest/1")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private URI uri(String path) {
            return URI.create(path.startsWith("http") ? path : base() + path);
        }

        private Got send(HttpRequest.Builder b) {
            try {
                HttpResponse<byte[]> r =
                        http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Got(r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String pathOf(String publicUrl) {
        return URI.create(publicUrl).getPath();
    }

    private String sentProposal(String title, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client", client);
        body.put("title", title);
        body.put("lineItems", List.of(line("Design", 4, 250)));
        body.putAll(extra);
        String id = f.createId("proposals", body);
        f.action(200, "proposals", id, "send", Map.of());
        return id;
    }

    private String linkOf(String collection, String id) {
        return pathOf(f.get(collection, id).get("publicUrl").asString());
    }

    private static String csrfOf(Got page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a csrf field on the page").isTrue();
        return m.group(1);
    }

    private static void assertClientHeaders(Got r) {
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("X-Robots-Tag")).isEqualTo("noindex");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("script-src");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<JsonNode> events(String id, String type) {
        return f.events(id).stream()
                .filter(e -> e.get("type").asString().equals(type))
                .toList();
    }

    // ------------------------------------------------------------------ reading

    @Test
    void anInvoicePageShowsTheDocumentItsAmountDueAndItsPdfWithTheClientHeaders() throws Exception {
        String id = f.sentInvoice(client, 1234.5);
        JsonNode invoice = f.get("invoices", id);
        Browser b = new Browser();
        Got page = b.get(linkOf("invoices", id));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertClientHeaders(page);
        assertThat(page.body())
                .contains(invoice.get("number").asString())
                .contains("$1,234.50")
                .contains("id=\"amount-due\"")
                .contains("id=\"pdf-link\"")
                .doesNotContain("<script")
                .doesNotContain("/api/");

        Got pdf = b.get(linkOf("invoices", id) + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
        assertClientHeaders(pdf);
        Got apiPdf = send(api.key(), "/api/invoices/" + id + "/pdf");
        assertThat(pdf.header("ETag")).isEqualTo(apiPdf.header("ETag"));
        assertThat(sha256(pdf.bytes())).isEqualTo(sha256(apiPdf.bytes()));

        Got css = b.get("/c/assets/client.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(b.get("/c/assets/document.css").status()).isEqualTo(200);
        Matcher brand =
                Pattern.compile("href=\"(/c/assets/brand-[0-9a-f]{6}\\.css)\"").matcher(page.body());
        assertThat(brand.find()).isTrue();
        Got brandCss = b.get(brand.group(1));
        assertThat(brandCss.status()).isEqualTo(200);
        assertThat(brandCss.body()).contains("--cp-brand: #1f2937");
        assertClientHeaders(brandCss);
        assertThat(b.get("/c/assets/brand-zzzzzz.css").status()).isEqualTo(404);
    }

    private Got send(String key, String path) {
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base() + path))
                                    .header("Authorization", "Bearer " + key)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            return new Got(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPaidInvoiceShowsItsBannerAndItsReceiptByTheReceiptsOwnLink() {
        String id = f.sentInvoice(client, 300);
        f.pay(id, null);
        String receiptLink = pathOf(
                f.list("receipts", "invoice", id).getFirst().get("publicUrl").asString());
        Browser b = new Browser();
        Got page = b.get(linkOf("invoices", id));
        assertThat(page.body()).contains("id=\"status\"").contains("Paid").contains("href=\"" + receiptLink + "\"");
        Got receipt = b.get(receiptLink);
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body()).contains("Payment received");
    }

    @Test
    void unknownTamperedMalformedAndRotatedLinksAllGetTheSame404Page() {
        String id = f.sentInvoice(client, 50);
        String link = linkOf("invoices", id);
        String token = link.substring("/c/".length());
        String tampered = "/c/" + (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
        Browser b = new Browser();
        Got unknown = b.get("/c/" + "x".repeat(43));
        Got malformed = b.get("/c/not-a-token");
        Got tamperedPage = b.get(tampered);
        Got tamperedPdf = b.get(tampered + "/pdf");
        Got otherPath = b.get(link + "/elsewhere");
        f.action(200, "invoices", id, "rotate-link", Map.of());
        Got rotated = b.get(link);
        for (Got r : List.of(unknown, malformed, tamperedPage, tamperedPdf, otherPath, rotated)) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("text/html");
            assertClientHeaders(r);
            assertThat(r.bytes()).isEqualTo(unknown.bytes());
        }
        assertThat(b.get(linkOf("invoices", id)).status()).isEqualTo(200);
        assertThat(b.get(link + "/pdf").status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ accepting and rejecting

    @Test
    void acceptingThroughThePageRunsTheApiAcceptAndRecordsWhatTheClientWasShown() throws Exception {
        String id = sentProposal(
                "Accept me",
                Map.of(
                        "paymentTerms",
                        Map.of(
                                "installments",
                                List.of(
                                        Map.of("label", "Deposit", "type", "percent", "value", 50),
                                        Map.of("label", "Rest", "type", "remainder", "offsetDays", 10)))));
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        Got page = b.get(link);
        assertThat(page.body())
                .contains("id=\"accept-form\"")
                .contains("action=\"" + link + "/accept\"")
                .contains("id=\"reject-form\"");
        String shownSha = sha256(b.get(link + "/pdf").bytes());

        Got accepted = b.post(link + "/accept", Map.of("name", "Jane Client", "agree", "yes", "csrf", csrfOf(page)));
        assertThat(accepted.status()).isEqualTo(303);
        assertThat(accepted.header("Location")).isEqualTo(link);
        assertClientHeaders(accepted);

        JsonNode proposal = f.get("proposals", id);
        assertThat(proposal.get("status").asString()).isEqualTo("accepted");
        JsonNode acceptance = proposal.get("acceptance");
        assertThat(acceptance.get("name").asString()).isEqualTo("Jane Client");
        assertThat(acceptance.get("documentSha256").asString()).isEqualTo(shownSha);
        assertThat(acceptance.get("userAgent").asString()).isEqualTo("PageTest/1");
        assertThat(acceptance.get("ip").asString()).startsWith("127.0.0.");
        List<JsonNode> schedules = f.list("payment-schedules", "proposal", id);
        assertThat(schedules).hasSize(1);
        List<JsonNode> deposits = f.list("invoices", "proposal", id);
        assertThat(deposits).hasSize(1);

        List<JsonNode> events = events(id, "proposal_accepted");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("data").get("via").asString()).isEqualTo("client_link");
        assertThat(events.getFirst().get("data").get("acceptedBy").get("name").asString())
                .isEqualTo("Jane Client");
        JsonNode audit = f.list("audit-log", "documentId", id).stream()
                .filter(a -> a.get("action").asString().equals("accept"))
                .findFirst()
                .orElseThrow();
        assertThat(audit.get("actor").get("type").asString()).isEqualTo("client");
        assertThat(audit.get("actor").get("name").asString()).isEqualTo("Jane Client");

        Got after = b.get(link);
        assertThat(after.body())
                .contains("Accepted")
                .doesNotContain("id=\"accept-form\"")
                .contains("id=\"deposit\"");

        // the deposit invoice, once sent, is linked by its own link
        String deposit = deposits.getFirst().get("id").asString();
        f.send(deposit);
        assertThat(b.get(link).body()).contains("href=\"" + linkOf("invoices", deposit) + "\"");

        // a second accept, or a reject after it, changes nothing
        Got again = b.post(link + "/accept", Map.of("name", "Jane Client", "agree", "yes", "csrf", csrfOf(page)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("accepted");
        Got rejectAfter = b.post(link + "/reject", Map.of("reason", "changed my mind", "csrf", csrfOf(page)));
        assertThat(rejectAfter.status()).isEqualTo(409);
        assertThat(events(id, "proposal_accepted")).hasSize(1);
        assertThat(events(id, "proposal_rejected")).isEmpty();
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("accepted");
    }

    @Test
    void rejectingThroughThePageRecordsTheReason() {
        String id = sentProposal("Reject me", Map.of());
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        Got page = b.get(link);
        Got rejected = b.post(link + "/reject", Map.of("reason", "Too expensive", "csrf", csrfOf(page)));
        assertThat(rejected.status()).isEqualTo(303);
        JsonNode proposal = f.get("proposals", id);
        assertThat(proposal.get("status").asString()).isEqualTo("rejected");
        assertThat(proposal.get("rejectionReason").asString()).isEqualTo("Too expensive");
        assertThat(proposal.get("rejection").get("reason").asString()).isEqualTo("Too expensive");
        assertThat(proposal.get("rejection").get("name").isNull()).isTrue();
        List<JsonNode> events = events(id, "proposal_rejected");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("data").get("via").asString()).isEqualTo("client_link");
        assertThat(events.getFirst().get("data").get("reason").asString()).isEqualTo("Too expensive");
        assertThat(b.get(link).body()).contains("Declined").doesNotContain("id=\"reject-form\"");
    }

    @Test
    void aFormWithoutOrWithAForeignCsrfTokenIs403AndChangesNothing() {
        String id = sentProposal("CSRF", Map.of());
        String other = sentProposal("Other", Map.of());
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        String foreign = csrfOf(b.get(linkOf("proposals", other)));
        Got missing = b.post(link + "/accept", Map.of("name", "Eve", "agree", "yes"));
        Got wrong = b.post(link + "/accept", Map.of("name", "Eve", "agree", "yes", "csrf", foreign));
        Got garbage = b.post(link + "/reject", Map.of("csrf", "1.abc"));
        for (Got r : List.of(missing, wrong, garbage)) {
            assertThat(r.status()).isEqualTo(403);
            assertClientHeaders(r);
            assertThat(r.body()).contains("id=\"error\"");
        }
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("sent");
    }

    @Test
    void aMissingNameOrAgreementIs400SayingWhatIsMissing() {
        String id = sentProposal("Fields", Map.of());
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        String csrf = csrfOf(b.get(link));
        Got noName = b.post(link + "/accept", Map.of("agree", "yes", "csrf", csrf));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.body()).contains("full name is required").contains("id=\"accept-form\"");
        Got noAgree = b.post(link + "/accept", Map.of("name", "Jane", "csrf", csrf));
        assertThat(noAgree.status()).isEqualTo(400);
        assertThat(noAgree.body()).contains("I accept this proposal");
        Got huge = b.post(link + "/reject", Map.of("reason", "x".repeat(100 * 1024), "csrf", csrf));
        assertThat(huge.status()).isEqualTo(400);
        assertClientHeaders(huge);
        Got long2001 = b.post(link + "/reject", Map.of("reason", "y".repeat(2001), "csrf", csrf));
        assertThat(long2001.status()).isEqualTo(400);
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("sent");
        assertThat(f.events(id).stream().map(e -> e.get("type").asString())).containsExactly("proposal_sent");
    }

    @Test
    void aProposalPastItsExpiryDateShowsNoFormsAndRefusesThemWith409() {
        clock.set(Instant.parse("2026-05-01T09:00:00Z"));
        String id = sentProposal("Expiring", Map.of("expiresAt", "2026-05-10"));
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        String csrf = csrfOf(b.get(link));
        clock.set(Instant.parse("2026-05-11T09:00:00Z"));
        Got page = b.get(link);
        assertThat(page.body()).contains("Expired").doesNotContain("id=\"accept-form\"");
        Got late = b.post(link + "/accept", Map.of("name", "Late", "agree", "yes", "csrf", csrf));
        assertThat(late.status()).isEqualTo(409);
        assertClientHeaders(late);
        assertThat(f.get("proposals", id).get("status").asString()).isEqualTo("sent");
    }

    @Test
    void acceptingThroughTheApiSaysSoInTheEvent() {
        String id = sentProposal("By API", Map.of());
        expect(200, api.post("/api/proposals/" + id + "/accept", Map.of()));
        JsonNode data = events(id, "proposal_accepted").getFirst().get("data");
        assertThat(data.get("via").asString()).isEqualTo("api");
        assertThat(data.has("acceptedBy")).isFalse();
        // and the page then shows no forms; a post is 409
        String link = linkOf("proposals", id);
        Browser b = new Browser();
        assertThat(b.get(link).body()).doesNotContain("id=\"accept-form\"");
        assertThat(b.post(link + "/reject", Map.of("csrf", "x")).status()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ the limit

    @Test
    void sixtyRequestsAMinuteFromOneAddressThenA429PageWithRetryAfter() {
        Browser b = new Browser();
        long start = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            assertThat(b.get("/c/" + "z".repeat(43)).status())
                    .as("request " + (i + 1))
                    .isEqualTo(404);
        }
        // the bucket refills one token a second, so a slow machine may be served a few more before the 429
        Got limited = b.get("/c/" + "z".repeat(43));
        int extra = 0;
        while (limited.status() == 404 && extra < 120) {
            extra++;
            limited = b.get("/c/" + "z".repeat(43));
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(limited.status()).isEqualTo(429);
        assertThat(extra).as("served beyond 60 in %d s", seconds).isLessThanOrEqualTo((int) seconds + 1);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("Content-Type")).startsWith("text/html");
        assertClientHeaders(limited);
        // another address is not limited
        assertThat(new Browser().get("/c/" + "z".repeat(43)).status()).isEqualTo(404);
    }
}
