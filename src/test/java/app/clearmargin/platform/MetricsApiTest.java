package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import app.clearmargin.support.WebhookReceiver;
import java.io.IOException;
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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /metrics} (docs/operations.md, Metrics): request metrics per collection with no id in any
 * tag, the webhook backlog and attempt outcomes, the mail backlog, the pool; and every metric the
 * Grafana dashboard in docs/ queries is one the server emits.
 */
class MetricsApiTest extends ApiTest {

    static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");

    @AutoClose
    final WebhookReceiver receiver = WebhookReceiver.start();

    final List<String> endpoints = new ArrayList<>();

    @AfterEach
    void disableEndpoints() {
        endpoints.forEach(id -> api.patch("/api/webhooks/" + id, Map.of("enabled", false)));
        endpoints.clear();
    }

    @Test
    void requestsAreCountedPerCollectionAndNoIdBecomesATag() {
        String clientId = createId("clients", Map.of("name", "Metrics Client"));
        assertThat(api.get("/api/clients").status()).isEqualTo(200);
        assertThat(api.get("/api/clients/" + clientId).status()).isEqualTo(200);
        assertThat(api.get("/api/projects").status()).isEqualTo(200);
        assertThat(api.get("/api/no-such-things").status()).isEqualTo(404);
        assertThat(api.withKey("sk_test_notakey").get("/api/invoices").status()).isEqualTo(401);

        Scrape scrape = scrape();

        assertThat(scrape.series("http_server_requests_seconds_count"))
                .anySatisfy(s -> assertThat(s.labels())
                        .containsEntry("collection", "clients")
                        .containsEntry("uri", "/api/clients")
                        .containsEntry("method", "GET")
                        .containsEntry("status", "200"))
                .anySatisfy(s -> assertThat(s.labels())
                        .containsEntry("collection", "clients")
                        .containsEntry("uri", "/api/clients/{id}"))
                .anySatisfy(s -> assertThat(s.labels())
                        .containsEntry("collection", "projects")
                        .containsEntry("uri", "/api/projects"))
                .anySatisfy(s -> assertThat(s.labels())
                        .containsEntry("collection", "unknown")
                        .containsEntry("uri", "/api/{slug}")
                        .containsEntry("status", "404"))
                .anySatisfy(s -> assertThat(s.labels())
                        .as("refused before routing, still counted for its collection")
                        .containsEntry("collection", "invoices")
                        .containsEntry("status", "401"))
                .filteredOn(s -> "/api/{slug}".equals(s.labels().get("uri")))
                .as("the unresolved route only for a path that names no collection")
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("collection", "unknown"));
        assertThat(scrape.series("http_server_requests_seconds_bucket"))
                .as("a latency histogram per collection, for p99")
                .anySatisfy(s -> assertThat(s.labels())
                        .containsEntry("collection", "projects")
                        .containsEntry("le", "0.1"));
        assertThat(scrape.text())
                .as("neither an id nor an unknown slug in any series")
                .doesNotContain(clientId)
                .doesNotContain("no-such-things");
    }

    @Test
    void aDeliveryToAnUnreachableEndpointIsInTheBacklogAndItsFailureIsCounted() {
        Scrape start = scrape();
        double before =
                start.value("clearmargin_webhook_attempts_total", Map.of("result", "retrying", "status", "none"));
        double waiting = start.value("clearmargin_webhook_backlog_deliveries", Map.of());
        String webhookId = endpoint("http://127.0.0.1:" + WebhookReceiver.unusedPort() + "/down");

        JsonNode delivery = api.post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of())
                .doc();

        assertThat(delivery.get("status").asString()).isEqualTo("retrying");
        // the backlog is read from the database at most every 5 s
        Scrape scrape = eventually(s -> s.value("clearmargin_webhook_backlog_deliveries", Map.of()) > waiting);
        assertThat(scrape.value("clearmargin_webhook_backlog_deliveries", Map.of()))
                .isGreaterThan(waiting);
        assertThat(scrape.value("clearmargin_webhook_backlog_oldest_age_seconds", Map.of()))
                .isGreaterThan(0);
        assertThat(scrape.value("clearmargin_webhook_attempts_total", Map.of("result", "retrying", "status", "none")))
                .isGreaterThan(before);
    }

    @Test
    void aSuccessfulDeliveryIsCountedByItsStatusClass() {
        double before =
                scrape().value("clearmargin_webhook_attempts_total", Map.of("result", "succeeded", "status", "2xx"));
        String webhookId = endpoint(receiver.url("up"));

        JsonNode delivery = api.post("/api/webhooks/" + webhookId + "/test?depth=0", Map.of())
                .doc();

        assertThat(delivery.get("status").asString()).isEqualTo("succeeded");
        assertThat(scrape().value("clearmargin_webhook_attempts_total", Map.of("result", "succeeded", "status", "2xx")))
                .as("other classes' deliveries may be counted too, never fewer")
                .isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void theBacklogsAndThePoolAreExposed() {
        Scrape scrape = scrape();

        assertThat(scrape.value("clearmargin_mail_backlog_messages", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("clearmargin_webhook_outbox_events", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(scrape.value("hikaricp_connections_max", Map.of("pool", "clearmargin")))
                .isGreaterThan(0);
        assertThat(scrape.series("hikaricp_connections_active")).isNotEmpty();
        assertThat(scrape.series("hikaricp_connections_pending")).isNotEmpty();
    }

    @Test
    void everyMetricTheDashboardQueriesIsEmitted() throws IOException {
        Set<String> used = dashboardMetrics(Files.readString(DASHBOARD));
        assertThat(used)
                .as("the dashboard's metrics")
                .contains("http_server_requests_seconds_bucket", "clearmargin_webhook_backlog_deliveries");
        // a delivery has been attempted and a GC has run by now in a test server, so every series exists
        endpoint(receiver.url("dashboard"));
        api.post("/api/webhooks/" + endpoints.getLast() + "/test", Map.of());
        System.gc();

        Set<String> emitted = scrape().names();

        assertThat(used)
                .as("metrics the dashboard queries but the server does not emit")
                .allSatisfy(name -> assertThat(emitted).contains(name));
    }

    /** The dashboard checker finds the metric names of a query and skips functions, labels and variables. */
    @Test
    void theDashboardCheckSeesMetricNamesOnly() {
        String dashboard = """
                {"panels": [{"targets": [{"expr": "histogram_quantile(0.99, sum by (le, collection) \
                (rate(http_server_requests_seconds_bucket{collection!~\\"none|unknown\\", job=~\\"$job\\"}[$__rate_interval])))"},
                {"expr": "max(clearmargin_webhook_backlog_deliveries) or vector(0)"}]}]}""";

        assertThat(dashboardMetrics(dashboard))
                .containsExactlyInAnyOrder(
                        "http_server_requests_seconds_bucket", "clearmargin_webhook_backlog_deliveries");
    }

    // ------------------------------------------------------------------ helpers

    private String endpoint(String url) {
        String id = createId("webhooks", Map.of("url", url, "events", List.of("invoice_sent")));
        endpoints.add(id);
        return id;
    }

    /** PromQL words that are not metric names. */
    static final Set<String> PROMQL = Set.of(
            "sum",
            "rate",
            "irate",
            "increase",
            "histogram_quantile",
            "max",
            "min",
            "avg",
            "count",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "or",
            "and",
            "unless",
            "vector",
            "clamp_min",
            "clamp_max",
            "label_replace",
            "topk",
            "bottomk",
            "abs",
            "time",
            "delta",
            "deriv",
            "max_over_time",
            "min_over_time",
            "avg_over_time",
            "offset",
            "bool",
            "sort_desc",
            "sort");

    /** The metric names in the dashboard's queries (every {@code expr}). */
    static Set<String> dashboardMetrics(String dashboardJson) {
        Set<String> names = new TreeSet<>();
        JsonNode root = JsonMapper.builder().build().readTree(dashboardJson);
        for (JsonNode expr : root.findValues("expr")) {
            String query = expr.asString()
                    .replaceAll("\\{[^}]*}", " ") // label matchers
                    .replaceAll("\\[[^]]*]", " ") // ranges
                    .replaceAll("(by|without)\\s*\\([^)]*\\)", " ") // grouping labels
                    .replaceAll("\\$\\w+", " "); // dashboard variables
            Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(query);
            while (m.find()) {
                if (!PROMQL.contains(m.group())) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private Scrape eventually(java.util.function.Predicate<Scrape> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Scrape s = scrape();
            if (until.test(s) || System.nanoTime() > deadline) {
                return s;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s;
            }
        }
    }

    private Scrape scrape() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("GET /metrics without a key").isEqualTo(200);
            return Scrape.parse(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Sample(String name, Map<String, String> labels, double value) {}

    /** Prometheus' text format, read line by line. */
    record Scrape(String text, List<Sample> samples) {

        static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
        static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
            return new Scrape(text, samples);
        }

        List<Sample> series(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            samples.forEach(s -> names.add(s.name()));
            return names;
        }

        /** The one series of {@code name} with these labels (others may be present). */
        double value(String name, Map<String, String> labels) {
            List<Sample> matching = series(name).stream()
                    .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                    .toList();
            assertThat(matching).as("%s%s in the scrape", name, labels).hasSize(1);
            return matching.getFirst().value();
        }
    }
}
