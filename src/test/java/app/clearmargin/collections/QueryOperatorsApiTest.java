package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code where} operator on a field of every type, over HTTP against PostgreSQL (API.md §2, §7):
 * text, integer, decimal, money, date, instant, boolean, enum, relationship id, has-many ids, list of
 * strings, nested object paths and one relationship hop.
 */
class QueryOperatorsApiTest extends ApiTest {

    // clients, in creation order
    static final String ALPHA = "Alpha Harbor";
    static final String BETA = "Beta Harbor Inc";
    static final String GAMMA = "Gamma";
    static final String DELTA = "Delta";
    static final String EPSILON = "Epsilon";

    final Map<String, String> clients = new LinkedHashMap<>();
    String website;
    String rebrand;
    String archive;
    String betaGeneral;
    String member;
    final List<String> entries = new ArrayList<>();
    String invoiceBeta;
    String invoiceAlpha;
    String invoiceAlphaNoProjects;
    final List<String> events = new ArrayList<>();

    @BeforeAll
    void dataset() {
        client(
                ALPHA,
                Map.of(
                        "status",
                        "active",
                        "paymentTermsDays",
                        10,
                        "email",
                        "alpha@meyer.example.com",
                        "address",
                        Map.of("city", "Zurich", "country", "CH"),
                        "rates",
                        Map.of("standard", 150.5)));
        client(
                BETA,
                Map.of(
                        "status",
                        "inactive",
                        "paymentTermsDays",
                        20,
                        "email",
                        "beta@MEYER.example.com",
                        "address",
                        Map.of("city", "Berlin", "country", "DE"),
                        "rates",
                        Map.of("standard", 99)));
        client(GAMMA, Map.of("status", "archived", "paymentTermsDays", 30, "address", Map.of("city", "Berlin")));
        client(DELTA, Map.of("status", "active", "paymentTermsDays", 30));
        client(EPSILON, Map.of("status", "active", "paymentTermsDays", 45, "notes", "50% off_season"));

        website = createId(
                "projects",
                Map.of(
                        "client",
                        clients.get(ALPHA),
                        "name",
                        "Website",
                        "budgetAmount",
                        new BigDecimal("1000.50"),
                        "budgetHours",
                        10,
                        "startDate",
                        "2026-01-10"));
        rebrand = createId(
                "projects",
                Map.of(
                        "client",
                        clients.get(BETA),
                        "name",
                        "Rebrand",
                        "budgetAmount",
                        2000,
                        "budgetHours",
                        20,
                        "startDate",
                        "2026-02-10"));
        archive = createId("projects", Map.of("client", clients.get(GAMMA), "name", "Archive"));
        betaGeneral = api.get("/api/projects"
                        + Api.q(
                                "where[client][equals]",
                                clients.get(BETA),
                                "where[isDefault][equals]",
                                true,
                                "depth",
                                0))
                .json()
                .path("docs")
                .path(0)
                .path("id")
                .asString();

        member = createId(
                "members", Map.of("name", "Mia", "email", "mia@example.com", "rates", Map.of("standard", 100)));
        entries.add(createId(
                "time-entries", Map.of("project", website, "member", member, "date", "2026-01-15", "hours", 1.5)));
        entries.add(createId(
                "time-entries", Map.of("project", website, "date", "2026-01-31", "hours", 2, "rateType", "overtime")));
        entries.add(createId(
                "time-entries", Map.of("project", rebrand, "date", "2026-02-01", "hours", 3.25, "rateType", "rush")));
        entries.add(createId(
                "time-entries", Map.of("project", rebrand, "date", "2026-02-15", "hours", 0.25, "billable", false)));

        invoiceBeta =
                createId("invoices", Map.of("client", clients.get(BETA), "projects", List.of(rebrand, betaGeneral)));
        invoiceAlpha = createId("invoices", Map.of("client", clients.get(ALPHA), "projects", List.of(website)));
        invoiceAlphaNoProjects = createId("invoices", Map.of("client", clients.get(ALPHA)));

        events.add(createId("calendar-events", Map.of("title", "Kickoff", "startAt", "2026-03-14T09:00:00.000Z")));
        events.add(createId(
                "calendar-events",
                Map.of("title", "Review", "startAt", "2026-03-14T15:30:00.000Z", "endAt", "2026-03-14T16:30:00.000Z")));
        events.add(createId("calendar-events", Map.of("title", "Late call", "startAt", "2026-03-14T23:30:00.000Z")));
        events.add(createId("calendar-events", Map.of("title", "Launch", "startAt", "2026-03-15T00:00:00.000Z")));
    }

    private void client(String name, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("name", name);
        clients.put(name, createId("clients", body));
    }

    // ---------------------------------------------------------------- helpers

    /** GET a list with depth 0 and limit 100 plus the given parameters; the response must be 200. */
    private JsonNode list(String collection, Object... params) {
        Object[] all = new Object[params.length + 6];
        System.arraycopy(params, 0, all, 0, params.length);
        all[params.length] = "depth";
        all[params.length + 1] = 0;
        all[params.length + 2] = "limit";
        all[params.length + 3] = 100;
        all[params.length + 4] = "sort";
        all[params.length + 5] = "createdAt";
        Api.Response r = api.get("/api/" + collection + Api.q(all));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    /** Names of the matching clients, in creation order. */
    private List<String> clientNames(Object... where) {
        return values(list("clients", where), "name");
    }

    private List<String> ids(String collection, Object... where) {
        return values(list(collection, where), "id");
    }

    private static List<String> values(JsonNode page, String field) {
        List<String> out = new ArrayList<>();
        page.path("docs").forEach(d -> out.add(d.path(field).asString()));
        return out;
    }

    private List<String> projectNames(Object... where) {
        return values(list("projects", where), "name");
    }

    // ---------------------------------------------------------------- text

    @Test
    void textEqualsIsExactAndCaseSensitive() {
        assertThat(clientNames("where[name][equals]", GAMMA)).containsExactly(GAMMA);
        assertThat(clientNames("where[name][equals]", "gamma")).isEmpty();
        assertThat(clientNames("where[name][equals]", "Gam")).isEmpty();
    }

    @Test
    void textNotEqualsKeepsEverythingElse() {
        assertThat(clientNames("where[name][not_equals]", GAMMA)).containsExactly(ALPHA, BETA, DELTA, EPSILON);
    }

    @Test
    void operatorsWrittenInCamelCaseAsGeneratedClientsSendThemMeanTheSame() {
        assertThat(clientNames("where[name][notEquals]", GAMMA)).containsExactly(ALPHA, BETA, DELTA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][greaterThanEqual]", "30"))
                .containsExactly(GAMMA, DELTA, EPSILON);
        assertThat(clientNames("where[name][notIn]", GAMMA + "," + DELTA)).containsExactly(ALPHA, BETA, EPSILON);
    }

    @Test
    void aNestedObjectsFieldsMayBeNestedInBracketsAsWellAsDotted() {
        assertThat(clientNames("where[address][city][equals]", "Berlin"))
                .containsExactlyElementsOf(clientNames("where[address.city][equals]", "Berlin"))
                .containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[rates][standard][greaterThan]", "100")).containsExactly(ALPHA);
    }

    @Test
    void likeIsCaseInsensitiveAndNeedsEveryWordInAnyOrder() {
        assertThat(clientNames("where[name][like]", "harbor")).containsExactly(ALPHA, BETA);
        assertThat(clientNames("where[name][like]", "HARBOR inc")).containsExactly(BETA);
        assertThat(clientNames("where[name][like]", "inc   harbor")).containsExactly(BETA);
        assertThat(clientNames("where[name][like]", "harbor zebra")).isEmpty();
    }

    @Test
    void containsIsACaseInsensitiveSubstringNotWords() {
        assertThat(clientNames("where[name][contains]", "ARBO")).containsExactly(ALPHA, BETA);
        assertThat(clientNames("where[name][contains]", "harbor inc")).containsExactly(BETA);
        assertThat(clientNames("where[name][contains]", "inc harbor")).isEmpty();
        assertThat(clientNames("where[email][contains]", "meyer")).containsExactly(ALPHA, BETA);
    }

    @Test
    void likeAndContainsTreatWildcardsAsPlainCharacters() {
        assertThat(clientNames("where[notes][contains]", "50%")).containsExactly(EPSILON);
        assertThat(clientNames("where[notes][contains]", "%")).containsExactly(EPSILON);
        assertThat(clientNames("where[notes][contains]", "f_s")).containsExactly(EPSILON);
        assertThat(clientNames("where[notes][contains]", "_")).containsExactly(EPSILON);
        assertThat(clientNames("where[name][like]", "%")).isEmpty();
        assertThat(clientNames("where[name][contains]", "G_mma")).isEmpty();
    }

    @Test
    void textInAndNotInTakeACommaListOrAnArray() {
        assertThat(clientNames("where[name][in]", GAMMA + "," + DELTA)).containsExactly(GAMMA, DELTA);
        assertThat(clientNames("where[name][in][0]", GAMMA, "where[name][in][1]", DELTA))
                .containsExactly(GAMMA, DELTA);
        assertThat(clientNames("where[name][in][]", GAMMA, "where[name][in][]", EPSILON))
                .containsExactly(GAMMA, EPSILON);
        assertThat(clientNames("where[name][not_in]", GAMMA + "," + DELTA)).containsExactly(ALPHA, BETA, EPSILON);
        assertThat(clientNames("where[name][not_in][0]", ALPHA, "where[name][not_in][1]", BETA))
                .containsExactly(GAMMA, DELTA, EPSILON);
    }

    @Test
    void existsTellsSetFromNull() {
        assertThat(clientNames("where[email][exists]", true)).containsExactly(ALPHA, BETA);
        assertThat(clientNames("where[email][exists]", false)).containsExactly(GAMMA, DELTA, EPSILON);
        assertThat(clientNames("where[notes][exists]", "TRUE")).containsExactly(EPSILON);
    }

    @Test
    void nestedObjectFieldsAreQueryableByDottedPath() {
        assertThat(clientNames("where[address.city][equals]", "Berlin")).containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[address.city][exists]", false)).containsExactly(DELTA, EPSILON);
        assertThat(clientNames("where[address.country][in]", "CH,DE")).containsExactly(ALPHA, BETA);
    }

    // ---------------------------------------------------------------- numbers and money

    @Test
    void integerComparisons() {
        assertThat(clientNames("where[paymentTermsDays][equals]", 30)).containsExactly(GAMMA, DELTA);
        assertThat(clientNames("where[paymentTermsDays][not_equals]", 30)).containsExactly(ALPHA, BETA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][greater_than]", 20)).containsExactly(GAMMA, DELTA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][greater_than_equal]", 30))
                .containsExactly(GAMMA, DELTA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][less_than]", 20)).containsExactly(ALPHA);
        assertThat(clientNames("where[paymentTermsDays][less_than_equal]", 20)).containsExactly(ALPHA, BETA);
        assertThat(clientNames("where[paymentTermsDays][in]", "10,45")).containsExactly(ALPHA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][not_in][0]", 10, "where[paymentTermsDays][not_in][1]", 30))
                .containsExactly(BETA, EPSILON);
    }

    @Test
    void integerFieldsCompareExactlyWithFractionsAndHugeNumbers() {
        assertThat(clientNames("where[paymentTermsDays][greater_than]", "29.5")).containsExactly(GAMMA, DELTA, EPSILON);
        assertThat(clientNames("where[paymentTermsDays][less_than_equal]", "30.0"))
                .containsExactly(ALPHA, BETA, GAMMA, DELTA);
        assertThat(clientNames("where[paymentTermsDays][equals]", "30.5")).isEmpty();
        assertThat(clientNames("where[paymentTermsDays][equals]", "1e30")).isEmpty();
        assertThat(clientNames("where[paymentTermsDays][less_than]", "1e30")).hasSize(5);
        assertThat(clientNames("where[paymentTermsDays][greater_than]", "-9223372036854775809"))
                .hasSize(5);
        assertThat(clientNames("where[paymentTermsDays][equals]", "3e1")).containsExactly(GAMMA, DELTA);
    }

    @Test
    void decimalComparisons() {
        assertThat(ids("time-entries", "where[hours][greater_than]", 1.5))
                .containsExactly(entries.get(1), entries.get(2));
        assertThat(ids("time-entries", "where[hours][greater_than_equal]", "1.50"))
                .containsExactly(entries.get(0), entries.get(1), entries.get(2));
        assertThat(ids("time-entries", "where[hours][less_than]", "0.5")).containsExactly(entries.get(3));
        assertThat(ids("time-entries", "where[hours][less_than_equal]", 2))
                .containsExactly(entries.get(0), entries.get(1), entries.get(3));
        assertThat(ids("time-entries", "where[hours][equals]", "3.250")).containsExactly(entries.get(2));
        assertThat(ids("time-entries", "where[hours][in]", "0.25,2")).containsExactly(entries.get(1), entries.get(3));
    }

    @Test
    void moneyComparesExactValuesNotSpellings() {
        assertThat(projectNames("where[budgetAmount][greater_than]", "1000.5")).containsExactly("Rebrand");
        assertThat(projectNames("where[budgetAmount][less_than_equal]", "1000.50"))
                .containsExactly("Website");
        assertThat(projectNames("where[budgetAmount][equals]", "2e3")).containsExactly("Rebrand");
        assertThat(projectNames("where[budgetAmount][greater_than_equal]", "1000.500000001"))
                .containsExactly("Rebrand");
        assertThat(projectNames("where[budgetAmount][less_than]", "1000.4999")).isEmpty();
        assertThat(projectNames("where[budgetAmount][not_in]", "2000")).containsOnly("Website", "General", "Archive");
        assertThat(projectNames("where[budgetAmount][exists]", false))
                .containsOnly("General", "Archive")
                .contains("Archive");
        assertThat(clientNames("where[rates.standard][greater_than]", 100)).containsExactly(ALPHA);
        assertThat(clientNames("where[rates.standard][exists]", false)).containsExactly(GAMMA, DELTA, EPSILON);
    }

    // ---------------------------------------------------------------- dates and instants

    @Test
    void dateComparisonsWithCalendarDates() {
        assertThat(ids("time-entries", "where[date][greater_than]", "2026-01-31"))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[date][greater_than_equal]", "2026-01-31"))
                .containsExactly(entries.get(1), entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[date][less_than]", "2026-02-01"))
                .containsExactly(entries.get(0), entries.get(1));
        assertThat(ids("time-entries", "where[date][less_than_equal]", "2026-02-01"))
                .containsExactly(entries.get(0), entries.get(1), entries.get(2));
        assertThat(ids("time-entries", "where[date][equals]", "2026-02-15")).containsExactly(entries.get(3));
        assertThat(ids("time-entries", "where[date][in]", "2026-01-15,2026-02-15"))
                .containsExactly(entries.get(0), entries.get(3));
        assertThat(ids(
                        "time-entries",
                        "where[date][greater_than_equal]",
                        "2026-01-31",
                        "where[date][less_than]",
                        "2026-02-15"))
                .containsExactly(entries.get(1), entries.get(2));
        assertThat(projectNames("where[startDate][exists]", true)).containsExactly("Website", "Rebrand");
    }

    @Test
    void aDateFilterAcceptsAnInstantReadInTheOrganizationsTimezone() {
        // UTC organization: 2026-01-31T23:30Z is 2026-01-31
        assertThat(ids("time-entries", "where[date][greater_than]", "2026-01-31T23:30:00.000Z"))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[date][equals]", "2026-02-15T08:00:00+02:00"))
                .containsExactly(entries.get(3));
    }

    @Test
    void instantComparisons() {
        assertThat(ids("calendar-events", "where[startAt][greater_than]", "2026-03-14T15:30:00.000Z"))
                .containsExactly(events.get(2), events.get(3));
        assertThat(ids("calendar-events", "where[startAt][greater_than_equal]", "2026-03-14T15:30:00.000Z"))
                .containsExactly(events.get(1), events.get(2), events.get(3));
        assertThat(ids("calendar-events", "where[startAt][less_than]", "2026-03-14T15:30:00.000Z"))
                .containsExactly(events.get(0));
        assertThat(ids("calendar-events", "where[startAt][less_than_equal]", "2026-03-14T17:30:00+02:00"))
                .containsExactly(events.get(0), events.get(1));
        assertThat(ids("calendar-events", "where[startAt][equals]", "2026-03-14T09:00:00Z"))
                .containsExactly(events.get(0));
        assertThat(ids("calendar-events", "where[endAt][exists]", true)).containsExactly(events.get(1));
    }

    @Test
    void anInstantFilterAcceptsADateMeaningMidnightInTheOrganizationsTimezone() {
        assertThat(ids("calendar-events", "where[startAt][greater_than_equal]", "2026-03-15"))
                .containsExactly(events.get(3));
        assertThat(ids("calendar-events", "where[startAt][less_than]", "2026-03-15"))
                .containsExactly(events.get(0), events.get(1), events.get(2));

        TestOrg berlin = newOrganization("Berlin", "EUR", "Europe/Berlin");
        String late = berlin.api()
                .post(
                        "/api/calendar-events?depth=0",
                        Map.of("title", "Late call", "startAt", "2026-03-14T23:30:00.000Z"))
                .doc()
                .path("id")
                .asString();
        Api.Response r = berlin.api()
                .get("/api/calendar-events" + Api.q("where[startAt][greater_than_equal]", "2026-03-15", "depth", 0));
        assertThat(values(r.json(), "id"))
                .as("23:30 UTC is already the 15th in Berlin")
                .containsExactly(late);
    }

    @Test
    void createdAtIsAQueryableInstant() {
        assertThat(clientNames("where[createdAt][greater_than]", "2000-01-01")).hasSize(5);
        assertThat(clientNames("where[createdAt][less_than]", "2000-01-01T00:00:00.000Z"))
                .isEmpty();
        String gammaCreated = api.get("/api/clients/" + clients.get(GAMMA))
                .json()
                .path("createdAt")
                .asString();
        assertThat(clientNames("where[createdAt][greater_than]", gammaCreated)).containsExactly(DELTA, EPSILON);
        assertThat(clientNames("where[updatedAt][less_than_equal]", gammaCreated))
                .containsExactly(ALPHA, BETA, GAMMA);
    }

    // ---------------------------------------------------------------- booleans and enums

    @Test
    void booleanOperators() {
        assertThat(ids("time-entries", "where[billable][equals]", false)).containsExactly(entries.get(3));
        assertThat(ids("time-entries", "where[billable][equals]", "TRUE"))
                .containsExactly(entries.get(0), entries.get(1), entries.get(2));
        assertThat(ids("time-entries", "where[billable][not_equals]", true)).containsExactly(entries.get(3));
        assertThat(ids("time-entries", "where[billable][in]", "true,false")).hasSize(4);
        assertThat(ids("time-entries", "where[billable][not_in]", "true")).containsExactly(entries.get(3));
        assertThat(ids("time-entries", "where[billable][exists]", true)).hasSize(4);
    }

    @Test
    void enumOperators() {
        assertThat(clientNames("where[status][equals]", "archived")).containsExactly(GAMMA);
        assertThat(clientNames("where[status][not_equals]", "active")).containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[status][in]", "inactive,archived")).containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[status][in][0]", "inactive", "where[status][in][1]", "archived"))
                .containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[status][not_in]", "active")).containsExactly(BETA, GAMMA);
        assertThat(clientNames("where[status][exists]", true)).hasSize(5);
        assertThat(ids("time-entries", "where[rateType][equals]", "rush")).containsExactly(entries.get(2));
    }

    @Test
    void anEnumValueThatDoesNotExistMatchesNothingWithoutAnError() {
        assertThat(clientNames("where[status][equals]", "no_such_status")).isEmpty();
        assertThat(clientNames("where[status][equals]", "ACTIVE")).isEmpty();
        assertThat(clientNames("where[status][in]", "archived,no_such_status")).containsExactly(GAMMA);
        assertThat(clientNames("where[status][not_equals]", "no_such_status")).hasSize(5);
        assertThat(clientNames("where[status][not_in]", "no_such_status")).hasSize(5);
    }

    // ---------------------------------------------------------------- relationships

    @Test
    void relationshipIdOperators() {
        assertThat(ids("time-entries", "where[project][equals]", website))
                .containsExactly(entries.get(0), entries.get(1));
        assertThat(ids("time-entries", "where[project][not_equals]", website))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[project][in]", website + "," + rebrand))
                .hasSize(4);
        assertThat(ids("time-entries", "where[project][in][0]", rebrand))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[project][not_in]", rebrand))
                .containsExactly(entries.get(0), entries.get(1));
        assertThat(ids("time-entries", "where[member][exists]", true)).containsExactly(entries.get(0));
        assertThat(ids("time-entries", "where[member][exists]", false))
                .containsExactly(entries.get(1), entries.get(2), entries.get(3));
        assertThat(ids("time-entries", "where[id][equals]", entries.get(2))).containsExactly(entries.get(2));
    }

    @Test
    void aMalformedOrWrongPrefixIdMatchesNothingWithoutAnError() {
        assertThat(ids("time-entries", "where[project][equals]", "project_123")).isEmpty();
        assertThat(ids("time-entries", "where[project][equals]", clients.get(ALPHA)))
                .isEmpty();
        assertThat(ids("time-entries", "where[project][in]", "nope," + website))
                .containsExactly(entries.get(0), entries.get(1));
        assertThat(ids("time-entries", "where[project][not_equals]", "nope")).hasSize(4);
        assertThat(ids("time-entries", "where[id][equals]", "te_not_an_id")).isEmpty();
    }

    @Test
    void hasManyRelationshipOperators() {
        assertThat(ids("invoices", "where[projects][equals]", rebrand)).containsExactly(invoiceBeta);
        assertThat(ids("invoices", "where[projects][contains]", rebrand)).containsExactly(invoiceBeta);
        assertThat(ids("invoices", "where[projects][contains]", "garbage")).isEmpty();
        assertThat(ids("invoices", "where[projects][not_equals]", rebrand))
                .containsExactly(invoiceAlpha, invoiceAlphaNoProjects);
        assertThat(ids("invoices", "where[projects][in]", website + "," + betaGeneral))
                .containsExactly(invoiceBeta, invoiceAlpha);
        assertThat(ids("invoices", "where[projects][not_in][0]", website))
                .containsExactly(invoiceBeta, invoiceAlphaNoProjects);
        assertThat(ids("invoices", "where[projects][exists]", false)).containsExactly(invoiceAlphaNoProjects);
        assertThat(ids("invoices", "where[projects][exists]", true)).containsExactly(invoiceBeta, invoiceAlpha);
    }

    @Test
    void aListOfStringsSupportsContainsAndEquals() {
        String readerKey = createId("api-keys", Map.of("name", "reader", "scopes", List.of("clients:read")));
        List<String> withClientsRead = ids("api-keys", "where[scopes][contains]", "clients:read");
        assertThat(withClientsRead).contains(readerKey).hasSizeGreaterThan(1);
        List<String> withWebhooksWrite = ids("api-keys", "where[scopes][equals]", "webhooks:write");
        assertThat(withWebhooksWrite).isNotEmpty().doesNotContain(readerKey);
        assertThat(ids("api-keys", "where[scopes][not_in]", "webhooks:write")).containsExactly(readerKey);
    }

    @Test
    void oneRelationshipHopFiltersThroughTheRelatedDocument() {
        assertThat(ids("time-entries", "where[project.client][equals]", clients.get(BETA)))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(projectNames("where[client.name][like]", "beta")).containsExactly("General", "Rebrand");
        assertThat(projectNames("where[client.status][equals]", "archived")).containsExactly("General", "Archive");
        assertThat(ids("time-entries", "where[project.budgetAmount][greater_than]", 1500))
                .containsExactly(entries.get(2), entries.get(3));
        assertThat(ids("invoices", "where[projects.name][equals]", "Website")).containsExactly(invoiceAlpha);
        assertThat(ids("invoices", "where[client.paymentTermsDays][less_than]", 15))
                .containsExactly(invoiceAlpha, invoiceAlphaNoProjects);
    }

    @Test
    void andOrNesting() {
        assertThat(clientNames(
                        "where[status][equals]",
                        "active",
                        "where[or][0][paymentTermsDays][equals]",
                        10,
                        "where[or][1][paymentTermsDays][equals]",
                        45))
                .containsExactly(ALPHA, EPSILON);
        assertThat(clientNames(
                        "where[and][0][or][0][status][equals]",
                        "inactive",
                        "where[and][0][or][1][status][equals]",
                        "archived",
                        "where[and][1][paymentTermsDays][greater_than]",
                        20))
                .containsExactly(GAMMA);
        assertThat(clientNames(
                        "where[or][0][and][0][name][like]",
                        "harbor",
                        "where[or][0][and][1][status][equals]",
                        "active",
                        "where[or][1][name][equals]",
                        DELTA))
                .containsExactly(ALPHA, DELTA);
    }

    @Test
    void countHonoursWhere() {
        Api.Response r = api.get("/api/clients/count" + Api.q("where[status][equals]", "active"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("totalDocs").asInt()).isEqualTo(3);
        assertThat(r.json().properties()).hasSize(1);
        assertThat(api.get("/api/clients/count").json().path("totalDocs").asInt())
                .isEqualTo(5);
        assertThat(api.get("/api/clients/count" + Api.q("where[bogus][equals]", 1))
                        .errorName())
                .isEqualTo("QueryError");
    }

    @Test
    void rawAndPercentEncodedBracketsAreEquivalent() {
        Api.Response raw = api.get("/api/clients?depth=0&where[status][equals]=archived");
        Api.Response encoded = api.get("/api/clients?depth=0&where%5Bstatus%5D%5Bequals%5D=archived");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(values(raw.json(), "name")).containsExactly(GAMMA);
        assertThat(encoded.json().path("docs")).isEqualTo(raw.json().path("docs"));
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({
        "clients, name, greater_than, x",
        "clients, name, less_than_equal, m",
        "clients, paymentTermsDays, like, 3",
        "clients, paymentTermsDays, contains, 3",
        "projects, budgetAmount, like, 1",
        "time-entries, billable, greater_than, true",
        "time-entries, billable, contains, t",
        "time-entries, date, like, 2026",
        "calendar-events, startAt, contains, 2026",
        "time-entries, project, greater_than, x",
        "time-entries, project, like, x",
        "invoices, projects, less_than, x",
        "api-keys, scopes, like, clients",
    })
    void anOperatorThatDoesNotFitTheTypeIsAQueryErrorAtFieldDotOperator(
            String collection, String field, String op, String value) {
        Api.Response r = api.get("/api/" + collection + Api.q("where[" + field + "][" + op + "]", value));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("QueryError");
        assertThat(r.errorPaths()).containsExactly(field + "." + op);
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "clients | where[nonexistent][equals] | x | nonexistent",
                "clients | where[name][bogus] | x | name.bogus",
                "clients | where[address][equals] | x | address",
                "time-entries | where[project.client.name][equals] | x | project.client.name",
                "invoices | where[total][greater_than] | abc | total",
                "time-entries | where[date][less_than] | 2026-13-45 | date",
                "calendar-events | where[startAt][less_than] | 2026-03-14T25:00:00Z | startAt",
                "clients | where[email][exists] | maybe | email",
                "time-entries | where[billable][equals] | yes | billable",
                "clients | where[paymentTermsDays][greater_than] | 1e-16384 | paymentTermsDays",
                "projects | where[budgetAmount][less_than] | 1e999999999 | budgetAmount",
                "calendar-events | where[startAt][greater_than] | +999999999-12-31T23:59:59-18:00 | startAt",
                "time-entries | where[date][equals] | +10000-01-01T00:00:00Z | date",
            })
    void badPathsOperatorsAndValuesAreQueryErrorsNamingThePath(
            String collection, String key, String value, String path) {
        Api.Response r = api.get("/api/" + collection + Api.q(key, value));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("QueryError");
        assertThat(r.errorPaths()).containsExactly(path);
    }

    @Test
    void aWhereKeyWithUnbalancedBracketsIsAQueryErrorNotAnUnfilteredList() {
        for (String key : List.of("where[status]]][equals]", "where[][equals]", "where[status[equals]")) {
            Api.Response r = api.get("/api/invoices" + Api.q(key, "void"));
            assertThat(r.status()).as("%s: %s", key, r).isEqualTo(400);
            assertThat(r.errorName()).isEqualTo("QueryError");
            assertThat(r.errorPaths()).containsExactly(key);
        }
    }

    @Test
    void aNulCharacterInAValueIsAQueryErrorNotAServerError() {
        for (String op : List.of("equals", "like", "contains", "in", "not_in")) {
            Api.Response r = api.get("/api/clients" + Api.q("where[name][" + op + "]", "a\u0000b"));
            assertThat(r.status()).as("%s: %s", op, r).isEqualTo(400);
            assertThat(r.errorPaths()).containsExactly("name");
        }
    }

    @Test
    void anUnknownFieldErrorHasPayloadsShape() {
        Api.Response r = api.get("/api/clients" + Api.q("where[nonexistent][equals]", "x"));
        assertThat(r.json())
                .isEqualTo(JsonMapper.builder()
                        .build()
                        .readTree(
                                "{\"errors\":[{\"name\":\"QueryError\",\"message\":\"The following path cannot be queried: nonexistent\","
                                        + "\"data\":[{\"path\":\"nonexistent\"}]}]}"));
    }

    @Test
    void nestingAndConditionLimits() {
        StringBuilder five = new StringBuilder("where");
        for (int i = 0; i < 5; i++) {
            five.append("[and][0]");
        }
        assertThat(api.get("/api/clients?" + five + "[name][equals]=" + GAMMA.replace(" ", "+"))
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/clients?" + five + "[and][0][name][equals]=x").status())
                .isEqualTo(400);

        StringBuilder fifty = new StringBuilder("depth=0");
        for (int i = 0; i < 50; i++) {
            fifty.append("&where[or][").append(i).append("][name][equals]=n").append(i);
        }
        assertThat(api.get("/api/clients?" + fifty).status()).isEqualTo(200);
        Api.Response tooMany = api.get("/api/clients?" + fifty + "&where[or][50][name][equals]=n50");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorMessage()).contains("at most 50");
    }
}
