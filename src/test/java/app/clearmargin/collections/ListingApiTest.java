package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Pages, limits, sort with the id tie-breaker, and select (API.md §2, §7). */
class ListingApiTest extends ApiTest {

    static final int CLIENTS = 13;
    /** Only three distinct values, so most clients tie on it. */
    static final int[] TERMS = {30, 10, 45};

    static final String[] STATUS = {"active", "inactive", "archived", "active"};

    final List<String> createdOrder = new ArrayList<>();

    @BeforeAll
    void clients() {
        for (int i = 0; i < CLIENTS; i++) {
            createdOrder.add(createId(
                    "clients",
                    Map.of(
                            "name",
                            "Client " + (char) ('A' + i),
                            "paymentTermsDays",
                            TERMS[i % 3],
                            "status",
                            STATUS[i % 4],
                            "notes",
                            "same")));
        }
    }

    private JsonNode page(Object... params) {
        Api.Response r = api.get("/api/clients" + Api.q(params));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("docs").forEach(d -> out.add(d.path("id").asString()));
        return out;
    }

    // ---------------------------------------------------------------- pagination

    @Test
    void theListWrapperHasExactlyPayloadsKeys() {
        JsonNode p = page("limit", 1, "depth", 0);
        assertThat(p.propertyNames())
                .containsExactlyInAnyOrder(
                        "docs",
                        "totalDocs",
                        "limit",
                        "totalPages",
                        "page",
                        "pagingCounter",
                        "hasPrevPage",
                        "hasNextPage",
                        "prevPage",
                        "nextPage");
    }

    @Test
    void defaultsToTenDocsNewestFirst() {
        JsonNode p = page();
        assertThat(p.path("limit").asInt()).isEqualTo(10);
        assertThat(p.path("page").asInt()).isEqualTo(1);
        assertThat(ids(p)).isEqualTo(createdOrder.reversed().subList(0, 10));
    }

    @Test
    void paginationMetadataOnFirstMiddleAndLastPage() {
        JsonNode first = page("limit", 5, "page", 1);
        assertMeta(first, 5, 1, 1, false, true, null, 2);
        JsonNode middle = page("limit", 5, "page", 2);
        assertMeta(middle, 5, 2, 6, true, true, 1, 3);
        JsonNode last = page("limit", 5, "page", 3);
        assertMeta(last, 3, 3, 11, true, false, 2, null);
        for (JsonNode p : List.of(first, middle, last)) {
            assertThat(p.path("totalDocs").asInt()).isEqualTo(CLIENTS);
            assertThat(p.path("totalPages").asInt()).isEqualTo(3);
            assertThat(p.path("limit").asInt()).isEqualTo(5);
        }
    }

    private static void assertMeta(
            JsonNode p,
            int docs,
            int page,
            int pagingCounter,
            boolean hasPrev,
            boolean hasNext,
            Integer prevPage,
            Integer nextPage) {
        assertThat(p.path("docs").size()).isEqualTo(docs);
        assertThat(p.path("page").asInt()).isEqualTo(page);
        assertThat(p.path("pagingCounter").asInt()).isEqualTo(pagingCounter);
        assertThat(p.path("hasPrevPage").asBoolean()).isEqualTo(hasPrev);
        assertThat(p.path("hasNextPage").asBoolean()).isEqualTo(hasNext);
        assertThat(p.path("prevPage").isNull() ? null : p.path("prevPage").asInt())
                .isEqualTo(prevPage);
        assertThat(p.path("nextPage").isNull() ? null : p.path("nextPage").asInt())
                .isEqualTo(nextPage);
    }

    @Test
    void aPagePastTheEndIsEmptyWithCorrectTotals() {
        JsonNode p = page("limit", 5, "page", 7);
        assertMeta(p, 0, 7, 31, true, false, 6, null);
        assertThat(p.path("totalDocs").asInt()).isEqualTo(CLIENTS);
        assertThat(p.path("totalPages").asInt()).isEqualTo(3);
    }

    @Test
    void anEmptyResultHasZeroPages() {
        JsonNode p = page("where[status][equals]", "no_such_status", "page", 2);
        assertMeta(p, 0, 2, 11, true, false, 1, null);
        assertThat(p.path("totalDocs").asInt()).isZero();
        assertThat(p.path("totalPages").asInt()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"101", "1000", "2147483648", "9223372036854775808", "1000000000000000000000000000000"})
    void anyLimitAbove100IsClampedAndReportedAs100(String limit) {
        JsonNode p = page("limit", limit, "depth", 0);
        assertThat(p.path("limit").asInt()).isEqualTo(100);
        assertThat(p.path("docs").size()).isEqualTo(CLIENTS);
        assertThat(p.path("totalPages").asInt()).isEqualTo(1);
    }

    @Test
    void limit100IsServedAsIs() {
        assertThat(page("limit", 100).path("limit").asInt()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=-1",
                "limit=abc",
                "limit=2.5",
                "page=0",
                "page=-3",
                "page=x",
                "page=1.5",
                "page=2147483648",
                "depth=-1",
                "depth=x",
                "depth=1.5",
                "pagination=false",
                "pagination=false&limit=0",
                "select=name"
            })
    void invalidPagingParametersAreBadRequests(String query) {
        Api.Response r = api.get("/api/clients?" + query);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=", "page=", "depth=", "limit=&page=&depth="})
    void emptyPagingParametersCountAsAbsent(String query) {
        JsonNode p = api.get("/api/clients?" + query).json();
        assertThat(p.path("limit").asInt()).isEqualTo(10);
        assertThat(p.path("page").asInt()).isEqualTo(1);
        assertThat(p.path("docs").path(0).path("id").asString()).isEqualTo(createdOrder.getLast());
    }

    @Test
    void pageTwoBillionIsAllowedAndEmpty() {
        JsonNode p = page("page", Integer.MAX_VALUE, "limit", 100);
        assertThat(p.path("docs")).isEmpty();
        assertThat(p.path("pagingCounter").asLong()).isEqualTo((long) (Integer.MAX_VALUE - 1) * 100 + 1);
    }

    // ---------------------------------------------------------------- sort

    @Test
    void sortAscendingDescendingAndByCreation() {
        assertThat(ids(page("sort", "createdAt", "limit", 100))).isEqualTo(createdOrder);
        assertThat(ids(page("sort", "-createdAt", "limit", 100))).isEqualTo(createdOrder.reversed());
        List<String> byName = ids(page("sort", "name", "limit", 100));
        assertThat(byName).isEqualTo(createdOrder); // names are A, B, C… in creation order
        assertThat(ids(page("sort", "-name", "limit", 100))).isEqualTo(createdOrder.reversed());
    }

    @Test
    void sortGivenAsAListIsTheSameAsCommaSeparated() {
        List<String> commaSeparated = ids(page("sort", "-paymentTermsDays,status", "limit", 100, "depth", 0));
        assertThat(ids(page("sort[0]", "-paymentTermsDays", "sort[1]", "status", "limit", 100, "depth", 0)))
                .isEqualTo(commaSeparated);
        assertThat(ids(page("sort", "-paymentTermsDays", "sort", "status", "limit", 100, "depth", 0)))
                .isEqualTo(commaSeparated);
    }

    @Test
    void sortByManyFieldsThenTheIdInTheFirstFieldsDirection() {
        List<JsonNode> all = docs(page("sort", "-paymentTermsDays,status", "limit", 100, "depth", 0));
        List<JsonNode> expected = new ArrayList<>(all);
        expected.sort(Comparator.<JsonNode>comparingInt(
                        d -> -d.path("paymentTermsDays").asInt())
                .thenComparing(d -> d.path("status").asString())
                .thenComparing(d -> d.path("id").asString(), Comparator.reverseOrder()));
        assertThat(all).isEqualTo(expected);

        List<JsonNode> asc = docs(page("sort", "paymentTermsDays,-status", "limit", 100, "depth", 0));
        List<JsonNode> expectedAsc = new ArrayList<>(asc);
        expectedAsc.sort(Comparator.<JsonNode>comparingInt(
                        d -> d.path("paymentTermsDays").asInt())
                .thenComparing(d -> d.path("status").asString(), Comparator.reverseOrder())
                .thenComparing(d -> d.path("id").asString()));
        assertThat(asc).isEqualTo(expectedAsc);
    }

    @Test
    void whenEverythingTiesTheIdDecidesInTheFirstFieldsDirection() {
        assertThat(ids(page("sort", "notes", "limit", 100))).isEqualTo(createdOrder);
        assertThat(ids(page("sort", "-notes", "limit", 100))).isEqualTo(createdOrder.reversed());
        // notes tie everywhere, so terms decide, then the id — descending, like the first field
        List<Integer> byTermsThenIdDescending = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            byTermsThenIdDescending.add(i);
        }
        byTermsThenIdDescending.sort(
                Comparator.<Integer>comparingInt(i -> TERMS[i % 3]).thenComparing(Comparator.reverseOrder()));
        assertThat(ids(page("sort", "-notes,paymentTermsDays", "limit", 100)))
                .isEqualTo(
                        byTermsThenIdDescending.stream().map(createdOrder::get).toList());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "paymentTermsDays",
                "-paymentTermsDays",
                "status",
                "-status,paymentTermsDays",
                "notes",
                "-notes",
                "paymentTermsDays,-notes"
            })
    void pagesOfATiedSortNeverOverlapOrSkip(String sort) {
        List<String> full = ids(page("sort", sort, "limit", 100));
        for (int limit : new int[] {1, 4, 5}) {
            List<String> paged = new ArrayList<>();
            for (int p = 1; p <= (CLIENTS + limit - 1) / limit; p++) {
                paged.addAll(ids(page("sort", sort, "limit", limit, "page", p)));
            }
            assertThat(paged)
                    .as("sort=%s limit=%d", sort, limit)
                    .isEqualTo(full)
                    .doesNotHaveDuplicates()
                    .hasSize(CLIENTS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonexistent", "-nonexistent", "address", "rates", "name,bogus", "client.name", "-"})
    void anUnknownOrNonSortableFieldIsAQueryError(String sort) {
        Api.Response r = api.get("/api/clients" + Api.q("sort", sort, "limit", 1));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("QueryError");
    }

    @Test
    void hasManyRelationshipsAndRelationshipPathsAreNotSortable() {
        assertThat(api.get("/api/invoices" + Api.q("sort", "projects")).errorName())
                .isEqualTo("QueryError");
        assertThat(api.get("/api/projects" + Api.q("sort", "client.name")).errorPaths())
                .containsExactly("client.name");
        assertThat(api.get("/api/projects" + Api.q("sort", "-client")).status()).isEqualTo(200);
    }

    private static List<JsonNode> docs(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.path("docs").forEach(out::add);
        return out;
    }

    // ---------------------------------------------------------------- select

    @Test
    void selectReturnsOnlyThoseFieldsAndTheIdInLists() {
        JsonNode p = page("select[name]", true, "select[status]", true, "limit", 3);
        assertThat(p.path("docs")).hasSize(3);
        p.path("docs").forEach(d -> assertThat(d.propertyNames()).containsExactlyInAnyOrder("id", "name", "status"));
        assertThat(p.path("totalDocs").asInt()).isEqualTo(CLIENTS);
    }

    @Test
    void selectAppliesToGetById() {
        String id = createdOrder.getFirst();
        JsonNode d = api.get("/api/clients/" + id + Api.q("select[name]", true, "select[paymentTermsDays]", true))
                .json();
        assertThat(d.propertyNames()).containsExactlyInAnyOrder("id", "name", "paymentTermsDays");
        assertThat(d.path("id").asString()).isEqualTo(id);
        JsonNode obj = api.get("/api/clients/" + id + Api.q("select[address]", true, "select[createdAt]", true))
                .json();
        assertThat(obj.propertyNames()).containsExactlyInAnyOrder("id", "address", "createdAt");
    }

    @Test
    void selectFalseLeavesThoseFieldsOutAndAnyTrueMeansOnlyTheTrueOnes() {
        String id = createdOrder.getFirst();
        JsonNode full = api.get("/api/clients/" + id).json();
        JsonNode without = api.get("/api/clients/" + id + Api.q("select[notes]", false, "select[address]", false))
                .json();
        List<String> expected = new ArrayList<>(full.propertyNames());
        expected.removeAll(List.of("notes", "address"));
        assertThat(without.propertyNames()).containsExactlyInAnyOrderElementsOf(expected);

        JsonNode p = page("select[notes]", false, "select[createdAt]", false, "limit", 2);
        p.path("docs")
                .forEach(d ->
                        assertThat(d.propertyNames()).contains("id", "name").doesNotContain("notes", "createdAt"));

        JsonNode mixed = api.get("/api/clients/" + id + Api.q("select[name]", true, "select[notes]", false))
                .json();
        assertThat(mixed.propertyNames()).containsExactlyInAnyOrder("id", "name");
    }

    @Test
    void selectValuesOtherThanTrueOrFalseAreRefused() {
        Api.Response r = api.get("/api/clients" + Api.q("select[name]", "maybe"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("select[name] must be true or false");
    }

    @Test
    void selectingAnUnknownFieldIsAQueryError() {
        Api.Response r = api.get("/api/clients" + Api.q("select[bogus]", true));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("bogus");
        assertThat(api.get("/api/clients/" + createdOrder.getFirst() + Api.q("select[bogus]", true))
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/clients" + Api.q("select[bogus]", false)).errorPaths())
                .containsExactly("bogus");
    }

    @Test
    void selectDoesNotApplyToWriteResponses() {
        Api.Response created =
                api.post("/api/clients" + Api.q("select[name]", true, "depth", 0), Map.of("name", "Selected"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.doc().propertyNames())
                .contains("id", "name", "status", "currency", "createdAt", "updatedAt");
        String id = created.doc().path("id").asString();
        Api.Response patched = api.patch("/api/clients/" + id + Api.q("select[name]", true), Map.of("notes", "n"));
        assertThat(patched.doc().propertyNames()).contains("id", "name", "notes", "status", "createdAt");
        assertThat(api.delete("/api/clients/" + id).status()).isEqualTo(200);
    }
}
