package app.clearmargin.sdk;

import app.clearmargin.sdk.model.ApiKey;
import app.clearmargin.sdk.model.AuditEntry;
import app.clearmargin.sdk.model.CalendarEvent;
import app.clearmargin.sdk.model.CatalogItem;
import app.clearmargin.sdk.model.Client;
import app.clearmargin.sdk.model.Contact;
import app.clearmargin.sdk.model.Event;
import app.clearmargin.sdk.model.Member;
import app.clearmargin.sdk.model.Milestone;
import app.clearmargin.sdk.model.Organization;
import app.clearmargin.sdk.model.PaymentSchedule;
import app.clearmargin.sdk.model.Project;
import app.clearmargin.sdk.model.TimeEntry;
import app.clearmargin.sdk.model.Transaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Clearmargin API client. Thread-safe; make one and share it.
 *
 * <pre>{@code
 * Clearmargin cm = Clearmargin.builder()
 *     .apiKey(System.getenv("CLEARMARGIN_API_KEY"))
 *     .baseUrl("https://api.example.com")
 *     .build();
 * Client acme = cm.clients().create(Map.of("name", "Acme Corp"));
 * }</pre>
 */
public final class Clearmargin {

    private final Transport transport;
    private final Resource<Client> clients;
    private final Resource<Contact> contacts;
    private final Resource<Project> projects;
    private final Resource<Member> members;
    private final Resource<TimeEntry> timeEntries;
    private final Resource<Transaction> transactions;
    private final Resource<CatalogItem> catalogItems;
    private final Resource<Milestone> milestones;
    private final Resource<CalendarEvent> calendarEvents;
    private final Invoices invoices;
    private final Proposals proposals;
    private final Payments payments;
    private final Receipts receipts;
    private final Resource<PaymentSchedule> paymentSchedules;
    private final Webhooks webhooks;
    private final WebhookDeliveries webhookDeliveries;
    private final LogResource<Event> events;
    private final LogResource<AuditEntry> auditLog;
    private final Resource<ApiKey> apiKeys;

    private Clearmargin(Transport t) {
        this.transport = t;
        this.clients = new Resource<>(t, "clients", Client.class);
        this.contacts = new Resource<>(t, "contacts", Contact.class);
        this.projects = new Resource<>(t, "projects", Project.class);
        this.members = new Resource<>(t, "members", Member.class);
        this.timeEntries = new Resource<>(t, "time-entries", TimeEntry.class);
        this.transactions = new Resource<>(t, "transactions", Transaction.class);
        this.catalogItems = new Resource<>(t, "catalog-items", CatalogItem.class);
        this.milestones = new Resource<>(t, "milestones", Milestone.class);
        this.calendarEvents = new Resource<>(t, "calendar-events", CalendarEvent.class);
        this.invoices = new Invoices(t);
        this.proposals = new Proposals(t);
        this.payments = new Payments(t);
        this.receipts = new Receipts(t);
        this.paymentSchedules = new Resource<>(t, "payment-schedules", PaymentSchedule.class);
        this.webhooks = new Webhooks(t);
        this.webhookDeliveries = new WebhookDeliveries(t);
        this.events = new LogResource<>(t, "events", Event.class, e -> String.valueOf(e.id()));
        this.auditLog = new LogResource<>(t, "audit-log", AuditEntry.class, e -> String.valueOf(e.id()));
        this.apiKeys = new Resource<>(t, "api-keys", ApiKey.class);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Resource<Client> clients() {
        return clients;
    }

    public Resource<Contact> contacts() {
        return contacts;
    }

    public Resource<Project> projects() {
        return projects;
    }

    public Resource<Member> members() {
        return members;
    }

    public Resource<TimeEntry> timeEntries() {
        return timeEntries;
    }

    public Resource<Transaction> transactions() {
        return transactions;
    }

    public Resource<CatalogItem> catalogItems() {
        return catalogItems;
    }

    public Resource<Milestone> milestones() {
        return milestones;
    }

    public Resource<CalendarEvent> calendarEvents() {
        return calendarEvents;
    }

    public Invoices invoices() {
        return invoices;
    }

    public Proposals proposals() {
        return proposals;
    }

    public Payments payments() {
        return payments;
    }

    public Receipts receipts() {
        return receipts;
    }

    public Resource<PaymentSchedule> paymentSchedules() {
        return paymentSchedules;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    /** Cursor-paged, newest first. */
    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }

    /** Cursor-paged, newest first; needs {@code webhooks:read}. */
    public LogResource<Event> events() {
        return events;
    }

    /** Cursor-paged, newest first; needs {@code organization:read}. */
    public LogResource<AuditEntry> auditLog() {
        return auditLog;
    }

    public Resource<ApiKey> apiKeys() {
        return apiKeys;
    }

    /** {@code GET /api/organization}. */
    public Organization organization() {
        return transport.json()
                .convertValue(transport.request("GET", "/api/organization", List.of(), null, RequestOptions.none()).body(), Organization.class);
    }

    /** {@code PATCH /api/organization}. */
    public Organization updateOrganization(Map<String, ?> patch) {
        JsonNode body = transport.request("PATCH", "/api/organization", List.of(), patch, RequestOptions.none()).body();
        return transport.json().convertValue(body.has("doc") ? body.get("doc") : body, Organization.class);
    }

    /**
     * {@code GET /api/reports/profitability?groupBy=client|project&from=&to=} (dates
     * {@code YYYY-MM-DD}, both required) as JSON: {@code groups}, {@code totals}, {@code currency}.
     */
    public JsonNode profitability(String groupBy, String from, String to) {
        List<Map.Entry<String, String>> q = List.of(Map.entry("groupBy", groupBy), Map.entry("from", from), Map.entry("to", to));
        return transport.request("GET", "/api/reports/profitability", q, null, RequestOptions.none()).body();
    }

    /**
     * Any request, for endpoints newer than this SDK: the parsed JSON answer. Errors, retries and
     * idempotency keys as for every call.
     */
    public JsonNode request(String method, String path, @Nullable Object body, RequestOptions options) {
        return transport.request(method, path, List.of(), body, options).body();
    }

    /** The endpoints of a server started with {@code CLEARMARGIN_TESTING=true} (full_access keys). */
    public Testing testing() {
        return new Testing();
    }

    /** The test clock and the job runner of a testing server. */
    public final class Testing {
        Testing() {}

        /** {@code POST /api/testing/clock}: sets the clock ({@code null}: back to real time). */
        public JsonNode setClock(@Nullable Instant now) {
            Map<String, @Nullable Object> body = new HashMap<>();
            body.put("now", now == null ? null : now.toString());
            return request("POST", "/api/testing/clock", body, RequestOptions.none());
        }

        /** {@code POST /api/testing/run-jobs}: runs the sweeps and due webhook deliveries, returns when done. */
        public JsonNode runJobs() {
            return request("POST", "/api/testing/run-jobs", null, RequestOptions.none());
        }
    }

    public static final class Builder {
        private @Nullable String apiKey;
        private String baseUrl = "http://127.0.0.1:8080";
        private int maxRetries = 2;
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private Duration timeout = Duration.ofSeconds(30);
        private @Nullable HttpClient httpClient;
        private Transport.@Nullable Sleeper sleeper;

        Builder() {}

        /** The secret key ({@code sk_live_…} or {@code sk_test_…}), sent as {@code Authorization: Bearer}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The server, without {@code /api} (default {@code http://127.0.0.1:8080}). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** How many times a 429 or 503 is retried after waiting {@code Retry-After} (default 2; 0 disables). */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be ≥ 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The longest {@code Retry-After} the client waits out; a longer one is thrown at once (default 60 s). */
        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        /** Per-request timeout (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How the client waits before a retry (tests replace it; the default sleeps). */
        Builder sleeper(Transport.Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Your own {@link HttpClient} (proxies, TLS, executor). */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        public Clearmargin build() {
            Objects.requireNonNull(apiKey, "apiKey is required");
            HttpClient http = httpClient != null
                    ? httpClient
                    : HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
            ObjectMapper json = Json.mapper();
            Transport.Sleeper s = sleeper != null ? sleeper : d -> Thread.sleep(d.toMillis());
            return new Clearmargin(new Transport(http, json, baseUrl, apiKey, maxRetries, maxRetryDelay, timeout, s));
        }
    }
}
