package app.clearmargin.support;

import app.clearmargin.Clearmargin;
import app.clearmargin.auth.ApiKeys;
import app.clearmargin.auth.Scopes;
import app.clearmargin.shared.TestableClock;
import app.clearmargin.tenancy.Organization;
import app.clearmargin.tenancy.Organizations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the HTTP tests: the real server on a random port against a real PostgreSQL
 * ({@link TestDatabase}), one Spring context shared by every test class, and a fresh organization
 * with a full-access key per test class so classes never see each other's data.
 */
@SpringBootTest(
        classes = Clearmargin.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "clearmargin.testing=true",
            "clearmargin.demo.enabled=false",
            "db-scheduler.enabled=false",
            "clearmargin.db.data-dir=target/test-data",
            // a fixed key for the stored secrets (Stripe); the test database is external, so none is generated
            "clearmargin.secrets.key=" + ApiTest.SECRETS_KEY,
            "logging.level.root=WARN",
            "spring.main.banner-mode=off"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Import(StatementCounting.class)
public abstract class ApiTest {

    /** The test server's {@code clearmargin.secrets.key}. */
    public static final String SECRETS_KEY = "tZRc7CCZL2j0bS45Mz3QnHeUcr7j09ynI7VpRdwY11E=";

    private static final AtomicInteger ORGS = new AtomicInteger();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase db = TestDatabase.get();
        registry.add("clearmargin.db.url", db::url);
        registry.add("clearmargin.db.user", db::user);
        registry.add("clearmargin.db.password", db::password);
        // Stripe cannot be reached from test machines: every test server talks to the JVM's stand-in
        registry.add("clearmargin.stripe.api-base", () -> StripeStandIn.get().base());
        registry.add(
                "clearmargin.stripe.checkout-origin", () -> StripeStandIn.get().base());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected Organizations organizations;

    @Autowired
    protected ApiKeys keys;

    @Autowired
    protected TestableClock clock;

    @Autowired
    protected TransactionTemplate tx;

    /** A full-access key of this class's organization. */
    protected Api api;

    protected Organization organization;

    @BeforeAll
    void createOrganization() {
        TestOrg org = newOrganization(getClass().getSimpleName());
        this.api = org.api();
        this.organization = org.organization();
    }

    @AfterEach
    void realTime() {
        clock.set(null);
    }

    public record TestOrg(Organization organization, Api api) {}

    /** A new organization (USD, UTC) with a full-access key limited to 10,000 requests a minute. */
    protected TestOrg newOrganization(String name) {
        return newOrganization(name, "USD", "UTC");
    }

    protected TestOrg newOrganization(String name, String currency, String timezone) {
        Organization org =
                tx.execute(s -> organizations.create(name + " " + ORGS.incrementAndGet(), currency, timezone, false));
        String key = tx.execute(s -> keys.issue(org.id(), "test", List.of(Scopes.FULL_ACCESS), null, 10_000, false))
                .key();
        return new TestOrg(org, new Api("http://127.0.0.1:" + port, key));
    }

    /** An extra key of this class's organization. */
    protected Api keyWith(List<String> scopes, int rateLimitPerMinute) {
        String key = tx.execute(s -> keys.issue(organization.id(), "scoped", scopes, null, rateLimitPerMinute, false))
                .key();
        return api.withKey(key);
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a document and returns it (depth 0); fails the test on anything but 201. */
    protected tools.jackson.databind.JsonNode create(String collection, Map<String, ?> body) {
        Api.Response r = api.post("/api/" + collection + "?depth=0", body);
        if (r.status() != 201) {
            throw new AssertionError("create " + collection + " answered " + r);
        }
        return r.doc();
    }

    protected String createId(String collection, Map<String, ?> body) {
        return create(collection, body).get("id").asString();
    }
}
