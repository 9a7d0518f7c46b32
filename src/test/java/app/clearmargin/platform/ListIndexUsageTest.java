package app.clearmargin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.AppInstance;
import app.clearmargin.support.TestDatabase;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lists of the big tables stay index scans at a million rows each (DESIGN.md, Data: "list queries must stay index
 * range scans"): the default sort and the common filters of time entries, invoices and transactions, and a cursor
 * page of the event log (API.md §10), as listed in {@link #CHECKS}.
 *
 * <p>The statement checked is the one the server sends. The test starts a server on a database of its own, asks for
 * each list over HTTP and reads the statements the server ran from its statement log at DEBUG ({@code Executing query
 * : …} from the collections engine and from jOOQ, values inlined: the lines bench/ reads too), then EXPLAINs the page
 * statement as it was sent. So the check holds whichever builder renders a list (the engine's fixed-shape page SQL,
 * jOOQ for a {@code where}) and needs no copy of their SQL here.
 *
 * <p>The data: four organizations, one holding 70 % of the rows (a large tenant among small ones), two years of rows
 * in creation order with time-ordered ids like the server's UUIDv7, each table filled by one {@code INSERT … SELECT
 * … FROM generate_series} (the four tables three at a time, on three connections, into unlogged tables; secondary
 * indexes and foreign keys restored after the rows, see {@link #bulkLoad} and {@link #makeEveryTableUnlogged}),
 * then {@code ANALYZE}. A plan passes
 * when the table is read through one of its indexes and nothing sorts all of the tenant's rows: no Seq Scan of the
 * table; a top-N sort of one filter's rows is fine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT) // beside the rest of the suite: its load is mostly the database's work
class ListIndexUsageTest {

    private static final int ROWS = 1_000_000;
    /** The tenant the lists are read as: 70 % of every table. */
    private static final int LARGE_TENANT_SHARE_PERCENT = 70;

    /** One list request and what a user asks for with it; {@code {project}} and {@code {client}} are the large tenant's. */
    record Check(String collection, String query, String asks) {
        @Override
        public String toString() {
            return collection + " " + asks;
        }
    }

    // spotless:off
    static final List<Check> CHECKS = List.of(
        // collection      query (every list also has limit=10 and depth=0)                                        what a user asks for
        new Check("time-entries", "",                                                                                "the newest first (default sort)"),
        new Check("time-entries", "where[project][equals]={project}",                                                "a project's time"),
        new Check("time-entries", "where[date][greater_than_equal]=2025-03-01&where[date][less_than]=2025-04-01",     "a month of time"),
        new Check("time-entries", "where[project][equals]={project}&where[date][greater_than_equal]=2025-03-01"
                                  + "&where[date][less_than]=2025-04-01",                                             "a project's month (a timesheet)"),
        new Check("invoices",     "",                                                                                "the newest first (default sort)"),
        new Check("invoices",     "where[status][equals]=overdue",                                                   "the overdue ones"),
        new Check("invoices",     "where[status][equals]=paid",                                                      "the paid ones"),
        new Check("invoices",     "where[status][in]=sent,overdue&sort=dueDate",                                     "the open ones, soonest due first"),
        new Check("invoices",     "where[dueDate][greater_than_equal]=2025-03-01&where[dueDate][less_than]=2025-04-01", "those due in a month"),
        new Check("invoices",     "where[client][equals]={client}",                                                  "a client's invoices"),
        new Check("transactions", "",                                                                                "the newest first (default sort)"),
        new Check("transactions", "where[date][greater_than_equal]=2025-03-01&where[date][less_than]=2025-04-01",     "a month of the ledger"),
        new Check("transactions", "where[type][equals]=expense",                                                     "the expenses"),
        new Check("transactions", "where[project][equals]={project}",                                                "a project's costs and revenue"),
        new Check("events",       "startingAfter={event}",                                                           "the event log by cursor"),
        new Check("events",       "where[type][equals]=invoice_paid&endingBefore={event}",                           "a type's newer events by cursor"));
    // spotless:on

    private static final Map<String, String> TABLES = Map.of(
            "time-entries", "time_entries", "invoices", "invoices", "transactions", "transactions", "events", "events");

    private final JsonMapper json = JsonMapper.builder().build();
    private final ListAppender<ILoggingEvent> statements = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // the request's MDC is read here, on the server's thread
            super.append(event);
        }
    };
    private final List<Logger> statementLoggers = new ArrayList<>();
    private String databaseUrl;
    private AppInstance server;
    private Api api;
    private String project;
    private String client;
    /** An event of the large tenant in the middle of its log: the cursor of the cursor checks. */
    private String event;

    @BeforeAll
    void loadAMillionRowsIntoEachBigTable() throws Exception {
        databaseUrl = TestDatabase.get().newDatabase();
        server = AppInstance.start(Map.of("clearmargin.db.url", databaseUrl));
        List<Organization> tenants = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Organization org = createOrganization("Index usage " + i);
            tenants.add(org);
            Api tenantApi = server.api(issueKey(org));
            for (int c = 0; c < 5; c++) {
                String clientId = tenantApi
                        .post("/api/clients?depth=0", Map.of("name", "Client " + c, "currency", "USD"))
                        .doc()
                        .get("id")
                        .asString();
                for (int p = 0; p < 4; p++) {
                    String projectId = tenantApi
                            .post("/api/projects?depth=0", Map.of("name", "Project " + c + "." + p, "client", clientId))
                            .doc()
                            .get("id")
                            .asString();
                    if (i == 0 && c == 0 && p == 0) {
                        client = clientId;
                        project = projectId;
                    }
                }
            }
            if (i == 0) {
                api = tenantApi;
            }
        }
        long started = System.nanoTime();
        makeEveryTableUnlogged();
        try (ExecutorService loaders = Executors.newFixedThreadPool(3)) {
            List<Future<Void>> loads = new ArrayList<>();
            for (Map.Entry<String, String> load : List.of(
                    Map.entry("time_entries", TIME_ENTRIES),
                    Map.entry("invoices", INVOICES),
                    Map.entry("transactions", TRANSACTIONS),
                    Map.entry("events", EVENTS))) {
                loads.add(loaders.submit(() -> bulkLoad(load.getKey(), TENANTS + load.getValue(), tenants)));
            }
            for (Future<Void> load : loads) {
                load.get();
            }
        }
        long loaded = System.nanoTime();
        execute("ANALYZE time_entries, invoices, transactions, events", List.of());
        event = middleEvent(tenants.getFirst());
        System.out.printf(
                "ListIndexUsageTest: %,d rows into each of 4 tables in %.1f s, ANALYZE %.1f s%n",
                ROWS, (loaded - started) / 1e9, (System.nanoTime() - loaded) / 1e9);
        captureStatements();
    }

    @AfterAll
    void stop() {
        for (Logger logger : statementLoggers) {
            logger.detachAppender(statements);
            logger.setLevel(null);
            logger.setAdditive(true);
        }
        statements.stop();
        if (server != null) {
            server.close();
        }
    }

    static Stream<Check> checks() {
        return CHECKS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @Execution(ExecutionMode.SAME_THREAD) // one check at a time: they share the statement log
    @MethodSource("checks")
    void listReadsThroughAnIndexWithoutSortingTheWholeTenant(Check check) throws Exception {
        String table = TABLES.get(check.collection());
        statements.list.clear();
        Api.Response page = api.get("/api/" + check.collection() + query(check.query()));
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.json().get("docs").size())
                .as("the check must read a page that has rows")
                .isPositive();

        String sql = pageStatement(table, page.header("X-Request-Id"));
        JsonNode plan = explain(sql);
        long tenantRows = (long) ROWS * LARGE_TENANT_SHARE_PERCENT / 100;
        List<String> nodes = new ArrayList<>();
        collect(plan, nodes);
        System.out.printf("ListIndexUsageTest: %-55s %s%n", check, String.join(" > ", nodes));
        assertThat(nodes)
                .as("plan of %s%n%s", sql, plan.toPrettyString())
                .noneMatch(n -> n.equals("Seq Scan " + table))
                .anyMatch(n -> n.matches("(Index Scan|Index Only Scan|Bitmap Heap Scan) " + table));
        assertThat(largestSort(plan))
                .as("rows sorted by the plan of %s (the tenant has %,d)%n%s", sql, tenantRows, plan.toPrettyString())
                .isLessThan(tenantRows / 2);
    }

    // ------------------------------------------------------------------ the data

    /** The organizations (the large one first) with their clients and projects, made through the API above. */
    private static final String TENANTS = """
            WITH tenants AS (
                SELECT t.n - 1 AS n, t.org,
                       (SELECT array_agg(id ORDER BY id) FROM projects p WHERE p.organization_id = t.org) AS projects,
                       (SELECT array_agg(id ORDER BY id) FROM clients c WHERE c.organization_id = t.org) AS clients
                FROM unnest(?::uuid[]) WITH ORDINALITY AS t (org, n)),
            spread AS (
                -- row g: one every 63 s from 2024-06-01 (two years), 7 in 10 to the large tenant, a time-ordered id
                SELECT g, at, (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7'
                               || lpad(to_hex(g), 19, '0'))::uuid AS id,
                       CASE WHEN g % 10 < 7 THEN 0 WHEN g % 10 = 7 THEN 1 WHEN g % 10 = 8 THEN 2 ELSE 3 END AS tenant
                FROM generate_series(1, 1000000) g
                CROSS JOIN LATERAL (SELECT timestamptz '2024-06-01' + g * interval '63 seconds' AS at) a)
            """;

    /** Entries of 1 to 4.5 hours on the tenant's 20 projects, dated up to 3 days before they were logged. */
    private static final String TIME_ENTRIES = """
            INSERT INTO time_entries (organization_id, id, project_id, date, hours, description, billable, rate_type,
                    rate, amount, status, created_at, updated_at)
            SELECT t.org, s.id, t.projects[1 + (g / 10) % cardinality(t.projects)], (at - (g % 4) * interval '1 day')::date,
                   1 + (g % 8) * 0.5, 'Work ' || g % 97, g % 10 <> 0, 'standard', 120, 120 * (1 + (g % 8) * 0.5),
                   CASE WHEN g % 10 < 6 THEN 'billed' WHEN g % 10 < 9 THEN 'unbilled' ELSE 'waived' END, at, at
            FROM spread s JOIN tenants t ON t.n = s.tenant
            """;

    /** Invoices to the tenant's 5 clients, due in 30 days: 60 % paid, the rest sent, draft, overdue, partly paid, void. */
    private static final String INVOICES = """
            INSERT INTO invoices (organization_id, id, number, client_id, projects_ids, status, issue_date, due_date,
                    currency, subtotal, total, amount_paid, amount_due, sent_at, paid_at, created_at, updated_at)
            SELECT t.org, s.id, 'INV-' || lpad(g::text, 7, '0'), t.clients[1 + g % cardinality(t.clients)],
                   ARRAY[t.projects[1 + g % cardinality(t.projects)]], v.status, at::date, at::date + 30, 'USD',
                   v.total, v.total, CASE WHEN v.status = 'paid' THEN v.total ELSE 0 END,
                   CASE WHEN v.status = 'paid' THEN 0 ELSE v.total END, CASE WHEN v.status <> 'draft' THEN at END,
                   CASE WHEN v.status = 'paid' THEN at + interval '20 days' END, at, at
            FROM spread s JOIN tenants t ON t.n = s.tenant
            CROSS JOIN LATERAL (SELECT 100 + (g % 50) * 25 AS total,
                    CASE WHEN g % 20 < 12 THEN 'paid' WHEN g % 20 < 14 THEN 'sent' WHEN g % 20 < 16 THEN 'draft'
                         WHEN g % 20 < 18 THEN 'overdue' WHEN g % 20 = 18 THEN 'partially_paid' ELSE 'void' END AS status) v
            """;

    /** 70 % expenses, 30 % revenue; one in five an overhead cost without a project. */
    private static final String TRANSACTIONS = """
            INSERT INTO transactions (organization_id, id, type, amount, currency, date, description, vendor, scope,
                    project_id, client_id, billable, source, created_at, updated_at)
            SELECT t.org, s.id, CASE WHEN v.revenue THEN 'revenue' ELSE 'expense' END, 10 + g % 990, 'USD',
                   (at - (g % 3) * interval '1 day')::date, 'Transaction ' || g % 101,
                   CASE WHEN v.revenue THEN NULL ELSE 'Vendor ' || g % 37 END,
                   CASE WHEN v.overhead THEN 'overhead' ELSE 'project' END,
                   CASE WHEN v.overhead THEN NULL ELSE t.projects[1 + (g / 10) % cardinality(t.projects)] END,
                   CASE WHEN v.overhead THEN NULL ELSE t.clients[1 + (g / 40) % cardinality(t.clients)] END, false,
                   CASE WHEN v.revenue THEN 'payment' ELSE 'manual' END, at, at
            FROM spread s JOIN tenants t ON t.n = s.tenant
            CROSS JOIN LATERAL (SELECT g % 10 < 3 AS revenue, g % 10 >= 8 AS overhead) v
            """;

    /**
     * Events of every type, already dispatched (the outbox leaves them alone), with ids that are valid UUIDv7s
     * (version 7, variant 2: one is the cursor of a request, which the server parses).
     */
    private static final String EVENTS = """
            INSERT INTO events (organization_id, id, type, document_type, document_id, data, dispatched, created_at,
                    updated_at)
            SELECT t.org, (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '70008'
                           || lpad(to_hex(g), 15, '0'))::uuid, (ARRAY['invoice_sent', 'invoice_paid', 'invoice_overdue', 'proposal_sent',
                   'invoice_due_soon'])[1 + g % 5], CASE WHEN g % 5 = 3 THEN 'proposal' ELSE 'invoice' END,
                   'inv_' || g / 7, '{"documentType": "invoice"}', true, at, at
            FROM spread s JOIN tenants t ON t.n = s.tenant
            """;

    private String middleEvent(Organization tenant) throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM events WHERE organization_id = ? ORDER BY id DESC OFFSET ? LIMIT 1")) {
            ps.setObject(1, tenant.id());
            ps.setLong(2, (long) ROWS * LARGE_TENANT_SHARE_PERCENT / 200);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Ids.format("evt", rs.getObject(1, java.util.UUID.class));
            }
        }
    }

    private Organization createOrganization(String name) {
        TransactionTemplate tx = server.bean(TransactionTemplate.class);
        return tx.execute(s -> server.bean(Organizations.class).create(name, "USD", "UTC", false));
    }

    private String issueKey(Organization org) {
        TransactionTemplate tx = server.bean(TransactionTemplate.class);
        return tx.execute(s -> server.bean(ApiKeys.class)
                        .issue(org.id(), "test", List.of(Scopes.FULL_ACCESS), null, 10_000, false))
                .key();
    }

    /**
     * Fills a table the way pg_restore does: its foreign keys and secondary indexes (the migrations' own
     * definitions, read back with {@code pg_get_constraintdef} and {@code pg_get_indexdef}) are dropped, the rows
     * inserted, then the same indexes built and the same foreign keys added again — one sorted build and one
     * validating join each instead of a million index insertions and key checks. Primary keys, unique and check
     * constraints and the count triggers stay in place, and the foreign keys are validated when added back, so the
     * table ends as the migrations define it (but unlogged).
     */
    private Void bulkLoad(String table, String insert, List<Organization> tenants) throws Exception {
        List<String> restore = new ArrayList<>();
        try (Connection c = connect();
                var drop = c.createStatement()) {
            for (String[] key : rows(c, """
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                     WHERE conrelid = ?::regclass AND contype = 'f'""", table)) {
                drop.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + key[0]);
                restore.add("ALTER TABLE " + table + " ADD CONSTRAINT " + key[0] + " " + key[1]);
            }
            for (String[] index : rows(c, """
                    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                     WHERE i.indrelid = ?::regclass
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""", table)) {
                drop.execute("DROP INDEX " + index[0]);
                restore.addFirst(index[1]);
            }
        }
        long started = System.nanoTime();
        execute(insert, tenants);
        long inserted = System.nanoTime();
        try (Connection c = connect();
                var create = c.createStatement()) {
            for (String statement : restore) {
                create.execute(statement);
            }
        }
        System.out.printf(
                "ListIndexUsageTest: %s: rows %.1f s, indexes and keys %.1f s%n",
                table, (inserted - started) / 1e9, (System.nanoTime() - inserted) / 1e9);
        return null;
    }

    /**
     * The database is this test's own and is dropped after it, so it need not survive a crash: an unlogged table
     * writes no WAL for its rows or its index builds, which was most of the load's time on a 2-core machine. The
     * planner does not look at persistence, so the plans are those of the logged tables. PostgreSQL refuses to make
     * a table unlogged while a logged table references it, and the schema has reference cycles (a client and its
     * primary contact), so every foreign key is dropped, every table made unlogged, and the same keys added again
     * (before the load: the tables are still small).
     */
    private void makeEveryTableUnlogged() throws Exception {
        try (Connection c = connect();
                Statement alter = c.createStatement()) {
            List<String[]> keys = rows(c, """
                    SELECT conrelid::regclass::text || ' ' || conname, pg_get_constraintdef(oid) FROM pg_constraint
                     WHERE contype = 'f' AND connamespace = ?::regnamespace""", "public");
            for (String[] key : keys) {
                String[] tableAndName = key[0].split(" ");
                alter.execute("ALTER TABLE " + tableAndName[0] + " DROP CONSTRAINT " + tableAndName[1]);
            }
            for (String[] table : rows(c, """
                    SELECT oid::regclass::text, '' FROM pg_class
                     WHERE relkind = 'r' AND relpersistence = 'p' AND relnamespace = ?::regnamespace""", "public")) {
                alter.execute("ALTER TABLE " + table[0] + " SET UNLOGGED");
            }
            for (String[] key : keys) {
                String[] tableAndName = key[0].split(" ");
                alter.execute("ALTER TABLE " + tableAndName[0] + " ADD CONSTRAINT " + tableAndName[1] + " " + key[1]);
            }
        }
    }

    private List<String[]> rows(Connection c, String sql, String table) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    private Connection connect() throws Exception {
        TestDatabase db = TestDatabase.get();
        return DriverManager.getConnection(databaseUrl, db.user(), db.password());
    }

    private Void execute(String sql, List<Organization> tenants) throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (!tenants.isEmpty()) {
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "uuid", tenants.stream().map(Organization::id).toArray()));
            }
            ps.execute();
        }
        return null;
    }

    // ------------------------------------------------------------------ the statements and their plans

    /** The statement log at DEBUG: the engine's own reads and jOOQ's, each line with its values inlined. */
    private void captureStatements() {
        statements.start();
        for (String name : List.of("app.clearmargin.collections", "org.jooq.tools.LoggerListener")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false); // kept in memory, not printed
            logger.addAppender(statements);
            statementLoggers.add(logger);
        }
    }

    /**
     * The page read of the request just made: the statement on {@code table} with a LIMIT, values inlined. Only the
     * lines logged for that request (its id in the log's MDC) count: other test classes run beside this one.
     */
    private String pageStatement(String table, String requestId) {
        List<String> sent = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(statements.list)) {
            if (!requestId.equals(event.getMDCPropertyMap().get("requestId"))) {
                continue;
            }
            String message = event.getFormattedMessage();
            if (message.startsWith("Executing query")) {
                sent.add(message.substring(message.indexOf(':') + 1).trim());
            } else if (message.startsWith("-> with bind values") && !sent.isEmpty()) {
                sent.set(
                        sent.size() - 1,
                        message.substring(message.indexOf(':') + 1).trim()); // jOOQ: the inlined form
            }
        }
        List<String> pages = sent.stream()
                .filter(s -> s.matches("(?is).*\\bfrom\\s+\"?" + table + "\"?\\b.*\\blimit\\b.*"))
                .toList();
        assertThat(pages)
                .as("one page read of %s among the statements sent: %s", table, sent)
                .hasSize(1);
        return pages.getFirst();
    }

    private JsonNode explain(String sql) throws Exception {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
            rs.next();
            return json.readTree(rs.getString(1)).get(0).get("Plan");
        }
    }

    /** Each node as "type relation" ("Index Scan invoices", "Limit "), depth first. */
    private static void collect(JsonNode node, List<String> out) {
        out.add(node.get("Node Type").stringValue() + " "
                + (node.has("Relation Name") ? node.get("Relation Name").stringValue() : ""));
        for (JsonNode child : node.path("Plans")) {
            collect(child, out);
        }
    }

    /** The most rows any Sort node of the plan sorts (0 without one). */
    private static long largestSort(JsonNode node) {
        long here = node.get("Node Type").stringValue().equals("Sort")
                ? node.get("Plan Rows").asLong()
                : 0;
        for (JsonNode child : node.path("Plans")) {
            here = Math.max(here, largestSort(child));
        }
        return here;
    }

    private String query(String template) {
        StringBuilder q = new StringBuilder("?limit=10&depth=0");
        if (!template.isEmpty()) {
            for (String pair : template.replace("{project}", project)
                    .replace("{client}", client)
                    .replace("{event}", event)
                    .split("&")) {
                int eq = pair.indexOf('=');
                q.append('&')
                        .append(URLEncoder.encode(pair.substring(0, eq), StandardCharsets.UTF_8))
                        .append('=')
                        .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
