package app.clearmargin.collections;

import static app.clearmargin.collections.Fields.choice;
import static app.clearmargin.collections.Fields.money;
import static app.clearmargin.collections.Fields.ref;
import static app.clearmargin.collections.Fields.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.Clearmargin;
import app.clearmargin.support.Api;
import app.clearmargin.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: a new resource is one {@code Collection} definition ({@link #tags()}) plus one migration
 * ({@code src/test/resources/db/test-migration/V900__tags.sql}), and nothing else. On a database of its
 * own, installed by the previous version with a {@code full_access} and a {@code read_only} key, the
 * server is upgraded to one that has {@code tags}; then the whole path works: those keys may use it,
 * it is created, read, listed and counted right, filtered, sorted and documented. Each part of the
 * engine that makes this possible — scopes from the registry, row-count triggers installed by the
 * engine, the schema check at start-up — fails a test here when it is taken away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewResourceTest {

    /** The scopes an install of the previous version stored for its presets (their expansion then). */
    static final List<String> PREVIOUS_RESOURCES = List.of(
            "clients",
            "contacts",
            "projects",
            "members",
            "time-entries",
            "transactions",
            "catalog-items",
            "milestones",
            "calendar-events",
            "invoices",
            "proposals",
            "payments",
            "receipts",
            "payment-schedules",
            "webhooks",
            "api-keys",
            "organization");

    /** The whole definition of the new resource: a name, a color, a client, a budget. */
    static Collection tags() {
        return Collection.define("tags")
                .singular("Tag")
                .idPrefix("tag")
                .description("Labels for clients (a throwaway collection of NewResourceTest)")
                .fields(
                        text("name", 1, 100).asRequired(),
                        choice("color", "gray", "red", "green", "blue"),
                        ref("client", "clients"),
                        money("budget"))
                .build();
    }

    private String databaseUrl;
    private ConfigurableApplicationContext server;
    private Api fullAccess;
    private Api readOnly;
    private String fullAccessId;
    private String readOnlyId;

    @BeforeAll
    void upgradeAnInstallOfThePreviousVersion() throws Exception {
        TestDatabase db = TestDatabase.get();
        databaseUrl = db.newDatabase();
        // the previous version: its migrations, an organization and two keys as it stored them
        Flyway.configure()
                .dataSource(databaseUrl, db.user(), db.password())
                .locations("classpath:db/migration")
                .target("6")
                .load()
                .migrate();
        app.clearmargin.shared.Ids ids = new app.clearmargin.shared.Ids(java.time.Clock.systemUTC());
        UUID organization = ids.newUuid();
        String fullKey = "sk_live_" + base62(32);
        String readOnlyKey = "sk_live_" + base62(32);
        UUID fullKeyId = ids.newUuid();
        UUID readOnlyKeyId = ids.newUuid();
        try (Connection c = DriverManager.getConnection(databaseUrl, db.user(), db.password())) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO organizations (id, name, created_at, updated_at) VALUES (?, 'Upgraded agency', ?, ?)")) {
                ps.setObject(1, organization);
                ps.setObject(2, now);
                ps.setObject(3, now);
                ps.execute();
            }
            List<String> full = new ArrayList<>();
            PREVIOUS_RESOURCES.forEach(r -> full.addAll(List.of(r + ":read", r + ":write")));
            insertKey(c, organization, fullKeyId, "admin", fullKey, full, now);
            insertKey(
                    c,
                    organization,
                    readOnlyKeyId,
                    "reporting",
                    readOnlyKey,
                    PREVIOUS_RESOURCES.stream().map(r -> r + ":read").toList(),
                    now);
        }
        server = start(databaseUrl, tags());
        fullAccess = api(fullKey);
        readOnly = api(readOnlyKey);
        fullAccessId = app.clearmargin.shared.Ids.format("key", fullKeyId);
        readOnlyId = app.clearmargin.shared.Ids.format("key", readOnlyKeyId);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keysIssuedWithAPresetBeforeTheResourceExistedMayUseIt() {
        Api.Response created = fullAccess.post("/api/tags?depth=0", Map.of("name", "Created by the old admin key"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(readOnly.get("/api/tags").status()).isEqualTo(200);
        assertThat(readOnly.get("/api/tags/" + created.doc().get("id").asString())
                        .status())
                .isEqualTo(200);
        assertThat(readOnly.post("/api/tags", Map.of("name", "Not allowed")).status())
                .isEqualTo(403);
        assertThat(readOnly.post("/api/tags", Map.of("name", "Not allowed"))
                        .json()
                        .at("/errors/0/data/requiredScope")
                        .asString())
                .isEqualTo("tags:write");
    }

    @Test
    void theKeysOfThePreviousVersionListTheNewScopes() {
        List<String> fullScopes =
                strings(fullAccess.get("/api/api-keys/" + fullAccessId).json().get("scopes"));
        assertThat(fullScopes).contains("tags:read", "tags:write").hasSize(2 * (PREVIOUS_RESOURCES.size() + 1));
        assertThat(fullScopes.subList(0, 2)).containsExactly("clients:read", "clients:write");
        assertThat(fullScopes.subList(fullScopes.size() - 4, fullScopes.size()))
                .as("a new resource follows the known ones; organization stays last")
                .containsExactly("tags:read", "tags:write", "organization:read", "organization:write");
        assertThat(strings(fullAccess.get("/api/api-keys/" + readOnlyId).json().get("scopes")))
                .contains("tags:read")
                .doesNotContain("tags:write")
                .hasSize(PREVIOUS_RESOURCES.size() + 1);
        assertThat(fullAccess
                        .get("/api/api-keys/count" + Api.q("where[scopes][contains]", "tags:write"))
                        .json()
                        .get("totalDocs")
                        .asInt())
                .as("filters see the same list")
                .isEqualTo(1);
    }

    @Test
    void aKeyGrantedOnlyTagsReadReadsTagsAndNothingElse() {
        Api.Response issued =
                fullAccess.post("/api/api-keys?depth=0", Map.of("name", "tags reader", "scopes", List.of("tags:read")));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        assertThat(strings(issued.doc().get("scopes"))).containsExactly("tags:read");
        Api tagsReader = fullAccess.withKey(issued.doc().get("key").asString());

        assertThat(tagsReader.get("/api/tags").status()).isEqualTo(200);
        assertThat(tagsReader.get("/api/tags/count").status()).isEqualTo(200);
        Api.Response write = tagsReader.post("/api/tags", Map.of("name", "Not allowed"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().at("/errors/0/data/requiredScope").asString()).isEqualTo("tags:write");
        assertThat(tagsReader.get("/api/clients").status()).isEqualTo(403);
    }

    @Test
    void documentsAreCreatedReadListedCountedFilteredAndSorted() {
        String acme = fullAccess
                .post("/api/clients?depth=0", Map.of("name", "Acme", "currency", "USD"))
                .doc()
                .get("id")
                .asString();
        String globex = fullAccess
                .post("/api/clients?depth=0", Map.of("name", "Globex", "currency", "USD"))
                .doc()
                .get("id")
                .asString();
        String urgent = create(Map.of("name", "urgent", "color", "red", "client", acme, "budget", 120.5));
        String later = create(Map.of("name", "later", "color", "blue", "client", globex));
        String vip = create(Map.of("name", "vip", "color", "red", "client", globex, "budget", 900));

        JsonNode got = fullAccess.get("/api/tags/" + urgent + "?depth=1").json();
        assertThat(got.get("name").asString()).isEqualTo("urgent");
        assertThat(got.get("budget").decimalValue()).isEqualByComparingTo("120.5");
        assertThat(got.at("/client/name").asString())
                .as("the relationship populates")
                .isEqualTo("Acme");
        assertThat(fullAccess.get("/api/tags/" + later).json().get("color").asString())
                .isEqualTo("blue");

        String mine = "urgent,later,vip";
        JsonNode page = list("where[name][in]", mine);
        assertThat(page.get("totalDocs").asInt()).isEqualTo(3);
        assertThat(ids(page)).containsExactly(vip, later, urgent); // the default sort, -createdAt
        long total = count();
        assertThat(total).isGreaterThanOrEqualTo(3);
        JsonNode firstPage = list("limit", 1);
        assertThat(firstPage.get("totalDocs").asLong())
                .as("the unfiltered total comes from the row-count triggers")
                .isEqualTo(total);
        assertThat(firstPage.get("docs")).hasSize(1);

        assertThat(ids(list("where[color][equals]", "red", "where[name][in]", mine)))
                .containsExactly(vip, urgent);
        assertThat(ids(list("where[color][in]", "blue,green"))).containsExactly(later);
        assertThat(ids(list("where[client][equals]", globex))).containsExactly(vip, later);
        assertThat(ids(list("where[client][in]", acme + "," + globex, "where[name][in]", mine)))
                .containsExactly(vip, later, urgent);
        assertThat(ids(list("where[client.name][equals]", "Acme"))).containsExactly(urgent);
        assertThat(ids(list("where[budget][greater_than]", 500))).containsExactly(vip);
        assertThat(ids(list("where[name][in]", mine, "sort", "name"))).containsExactly(later, urgent, vip);
        assertThat(ids(list("where[name][in]", mine, "sort", "-budget"))).containsExactly(later, vip, urgent);
        assertThat(count("where[color][equals]", "red", "where[name][in]", mine))
                .isEqualTo(2);

        assertThat(fullAccess.delete("/api/tags/" + later).status()).isEqualTo(200);
        assertThat(count()).isEqualTo(total - 1);
        assertThat(list("limit", 1).get("totalDocs").asLong()).isEqualTo(total - 1);
    }

    @Test
    void invalidDocumentsAreRefusedByTheDefinition() {
        Api.Response r = fullAccess.post("/api/tags", Map.of("color", "purple", "budget", 1.005));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).contains("name", "color", "budget");
    }

    @Test
    void theApiReferenceDescribesTheNewResource() {
        JsonNode openApi = fullAccess.get("/openapi.json").json();
        assertThat(openApi.at("/paths/~1api~1tags/get").isObject()).isTrue();
        assertThat(openApi.at("/paths/~1api~1tags/post").isObject()).isTrue();
        assertThat(openApi.at("/paths/~1api~1tags~1count/get").isObject()).isTrue();
        assertThat(openApi.at("/paths/~1api~1tags~1{id}/patch").isObject()).isTrue();
        assertThat(openApi.at("/components/schemas/Tag/properties").propertyNames())
                .contains("id", "name", "color", "client", "budget", "createdAt", "updatedAt");
        assertThat(openApi.at("/components/schemas/TagCreate/required").toString())
                .contains("name");
        assertThat(openApi.toString()).contains("tags:write");
    }

    @Test
    void aDefinitionTheSchemaDoesNotMatchStopsTheStartNamingWhatIsMissing() {
        Collection drifted = Collection.define("tags")
                .singular("Tag")
                .idPrefix("tag")
                .fields(
                        text("name", 1, 100).asRequired(),
                        text("shade"),
                        Fields.integer("color", 0, 9),
                        ref("client", "clients"),
                        money("budget"))
                .defaultSort("name")
                .build();

        assertThatThrownBy(() -> start(databaseUrl, drifted).close())
                .rootCause()
                .hasMessageContaining("Collection tags: table tags has no column shade (field shade, text); "
                        + "column tags.color is text but field color needs integer; "
                        + "no index for the default sort name (expected one on (organization_id, name …))")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Collection clients"));
    }

    // ---------------------------------------------------------------- helpers

    private String create(Map<String, Object> body) {
        Api.Response r = fullAccess.post("/api/tags?depth=0", body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.doc().get("id").asString();
    }

    /** A page of tags ({@code limit} 100 unless given) for query parameters as name, value pairs. */
    private JsonNode list(Object... query) {
        List<Object> pairs = new ArrayList<>(List.of(query));
        if (!pairs.contains("limit")) {
            pairs.addAll(List.of("limit", 100));
        }
        Api.Response r = fullAccess.get("/api/tags" + Api.q(pairs.toArray()));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private long count(Object... query) {
        Api.Response r = fullAccess.get("/api/tags/count" + Api.q(query));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().get("totalDocs").asLong();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("docs").forEach(d -> out.add(d.get("id").asString()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asString()));
        return out;
    }

    private Api api(String key) {
        return new Api("http://127.0.0.1:" + server.getEnvironment().getRequiredProperty("local.server.port"), key);
    }

    /** The server on {@code url}, with the test migrations and {@code extra} registered beside the definitions. */
    static ConfigurableApplicationContext start(String url, Collection extra) {
        TestDatabase db = TestDatabase.get();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("server.address", "127.0.0.1");
        settings.put("clearmargin.testing", "true");
        settings.put("clearmargin.demo.enabled", "false");
        settings.put("db-scheduler.enabled", "false");
        settings.put("clearmargin.db.url", url);
        settings.put("clearmargin.db.user", db.user());
        settings.put("clearmargin.db.password", db.password());
        settings.put("clearmargin.db.pool-size", "5");
        settings.put("clearmargin.db.data-dir", "target/test-data");
        settings.put("spring.flyway.locations", "classpath:db/migration,classpath:db/test-migration");
        settings.put("logging.level.root", "WARN");
        settings.put("spring.main.banner-mode", "off");
        String[] args = settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(Clearmargin.class)
                // registered, not scanned: no other test's server sees the throwaway collection
                .initializers(ctx ->
                        ((GenericApplicationContext) ctx).registerBean("tagsCollection", Collection.class, () -> extra))
                .run(args);
    }

    private static void insertKey(
            Connection c, UUID organization, UUID id, String name, String key, List<String> scopes, OffsetDateTime now)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (organization_id, id, name, prefix, key_hash, "
                        + "scopes, rate_limit_per_minute, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 10000, ?, ?)")) {
            ps.setObject(1, organization);
            ps.setObject(2, id);
            ps.setString(3, name);
            ps.setString(4, key.substring(0, 12));
            ps.setBytes(5, MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII)));
            ps.setArray(6, c.createArrayOf("text", scopes.toArray()));
            ps.setObject(7, now);
            ps.setObject(8, now);
            ps.execute();
        }
    }

    private static String base62(int length) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
