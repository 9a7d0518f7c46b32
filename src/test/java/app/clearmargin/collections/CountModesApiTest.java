package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code count=exact|estimate|none} on page-numbered lists: what each mode says about the total and the next page. */
class CountModesApiTest extends ApiTest {

    static final int MATCHING = 13;

    final List<String> newestFirst = new ArrayList<>();

    @BeforeAll
    void clients() {
        for (int i = 0; i < MATCHING; i++) {
            newestFirst.addFirst(createId("clients", Map.of("name", "Counted " + i, "notes", "counted")));
        }
        createId("clients", Map.of("name", "Not counted", "notes", "other"));
    }

    private JsonNode page(Object... params) {
        Api.Response r = api.get("/api/clients" + Api.q(params));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private JsonNode matching(String count, int page) {
        return page("where[notes][equals]", "counted", "limit", 5, "page", page, "depth", 0, "count", count);
    }

    private static List<String> ids(JsonNode page) {
        return page.path("docs").valueStream().map(d -> d.path("id").asString()).toList();
    }

    @Test
    void countExactIsTheDefaultAndAddsNoEstimateFlag() {
        JsonNode byDefault = page("where[notes][equals]", "counted", "limit", 5);
        JsonNode exact = matching("exact", 1);
        for (JsonNode p : List.of(byDefault, exact)) {
            assertThat(p.path("totalDocs").asInt()).isEqualTo(MATCHING);
            assertThat(p.path("totalPages").asInt()).isEqualTo(3);
            assertThat(p.has("totalDocsEstimated")).isFalse();
        }
    }

    @Test
    void countEstimateIsMarkedAsEstimatedInTheAnswer() {
        JsonNode p = matching("estimate", 1);
        assertThat(p.path("totalDocsEstimated").isBoolean()).isTrue();
        assertThat(p.path("totalDocsEstimated").asBoolean()).isTrue();
        // whatever the planner guessed, the answer agrees with the page it holds: there is a next page
        assertThat(p.path("totalDocs").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(p.path("totalPages").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(p.path("hasNextPage").asBoolean()).isTrue();
        assertThat(p.path("nextPage").asInt()).isEqualTo(2);
        assertThat(ids(p)).isEqualTo(newestFirst.subList(0, 5));
    }

    @Test
    void countEstimateOnTheLastPageIsTheExactTotal() {
        JsonNode last = matching("estimate", 3);
        assertThat(last.path("totalDocsEstimated").asBoolean()).isFalse();
        assertThat(last.path("totalDocs").asInt()).isEqualTo(MATCHING);
        assertThat(last.path("totalPages").asInt()).isEqualTo(3);
        assertThat(last.path("hasNextPage").asBoolean()).isFalse();
        assertThat(ids(last)).isEqualTo(newestFirst.subList(10, MATCHING));
    }

    @Test
    void countEstimateWithoutAFilterIsTheExactTotal() {
        JsonNode p = page("limit", 5, "count", "estimate");
        assertThat(p.path("totalDocsEstimated").asBoolean()).isFalse();
        assertThat(p.path("totalDocs").asInt()).isEqualTo(MATCHING + 1);
    }

    @Test
    void countEstimatePastTheLastPageSaysThereIsNoNextPage() {
        JsonNode p = matching("estimate", 9);
        assertThat(p.path("docs")).isEmpty();
        assertThat(p.path("totalDocsEstimated").asBoolean()).isTrue();
        assertThat(p.path("hasNextPage").asBoolean()).isFalse();
        assertThat(p.path("totalPages").asLong()).isLessThan(9);
    }

    @Test
    void countNoneStillSaysWhetherThereIsANextPage() {
        List<String> seen = new ArrayList<>();
        boolean[] hasNext = {true, true, false};
        for (int page = 1; page <= 3; page++) {
            JsonNode p = matching("none", page);
            assertThat(p.path("totalDocs").isNull())
                    .as("totalDocs of page %d", page)
                    .isTrue();
            assertThat(p.path("totalPages").isNull())
                    .as("totalPages of page %d", page)
                    .isTrue();
            assertThat(p.has("totalDocsEstimated")).isFalse();
            assertThat(p.path("hasNextPage").asBoolean())
                    .as("hasNextPage of page %d", page)
                    .isEqualTo(hasNext[page - 1]);
            assertThat(p.path("hasPrevPage").asBoolean()).isEqualTo(page > 1);
            assertThat(p.path("nextPage").isNull()).isEqualTo(!hasNext[page - 1]);
            seen.addAll(ids(p));
        }
        assertThat(seen).isEqualTo(newestFirst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"approximate", "true", "EXACTLY", "0"})
    void anUnknownCountModeIs400NamingTheModes(String mode) {
        Api.Response r = api.get("/api/clients" + Api.q("count", mode));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("count");
        assertThat(r.errorMessage()).contains("exact", "estimate", "none");
    }

    @Test
    void theModeIsReadWhateverItsCase() {
        assertThat(page("count", "None").path("totalDocs").isNull()).isTrue();
    }

    @Test
    void aCountWithACursorIsRefusedBecauseCursorPagesAreNeverCounted() {
        Api.Response r =
                api.get("/api/events" + Api.q("startingAfter", "evt_00000000000000000000000000", "count", "none"));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorPaths()).containsExactly("count");
        assertThat(r.errorMessage()).contains("startingAfter");
    }
}
