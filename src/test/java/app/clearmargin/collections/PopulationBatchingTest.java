package app.clearmargin.collections;

import static app.clearmargin.support.StatementCounting.TAG_HEADER;
import static app.clearmargin.support.StatementCounting.selectsFrom;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.StatementCounting.StatementLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Population is batched (API.md §2): one query per (collection, level), never one per row. The SQL of a
 * request is counted by {@code support/StatementCounting}.
 */
class PopulationBatchingTest extends ApiTest {

    @Autowired
    StatementLog log;

    static final int ENTRIES = 105;
    private int requests;

    @BeforeAll
    void entriesOverSeveralProjectsClientsAndMembers() {
        List<String> projects = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String client = createId("clients", Map.of("name", "Batch client " + c));
            for (int p = 0; p < 3; p++) {
                projects.add(createId("projects", Map.of("client", client, "name", "Batch project " + c + "." + p)));
            }
        }
        List<String> members = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            members.add(createId(
                    "members",
                    Map.of(
                            "name",
                            "Member " + m,
                            "email",
                            "m" + m + "@batch.example.com",
                            "rates",
                            Map.of("standard", 80 + m))));
        }
        for (int i = 0; i < ENTRIES; i++) {
            createId(
                    "time-entries",
                    Map.of(
                            "project",
                            projects.get(i % projects.size()),
                            "member",
                            members.get(i % members.size()),
                            "date",
                            "2026-02-" + String.format("%02d", 1 + i % 28),
                            "hours",
                            1));
        }
    }

    /** The SQL run for one request (the response must be 200), without the cached key and organization lookups. */
    private List<String> statementsOf(String pathAndQuery) {
        String tag = "request-" + (++requests);
        Api.Response r = api.withHeader(TAG_HEADER, tag).get(pathAndQuery);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return log.ofRequest(tag);
    }

    @Test
    void listingAPageAtDepthTwoRunsTheSameFewStatementsForTenOrAHundredDocs() {
        List<String> ten = statementsOf("/api/time-entries?limit=10&depth=2");
        List<String> hundred = statementsOf("/api/time-entries?limit=100&depth=2");
        List<String> tenAgain = statementsOf("/api/time-entries?limit=10&depth=2");

        assertThat(hundred)
                .as("statements for limit=100: %s", hundred)
                .hasSameSizeAs(ten)
                .hasSameSizeAs(tenAgain);
        assertThat(hundred.size()).as("%s", hundred).isLessThanOrEqualTo(6);
        // the count (row-count deltas: the list is unfiltered), then one query per (collection, level): the page,
        // then projects and members, then clients
        assertThat(selectsFrom(hundred, "row_count_deltas"))
                .as("count: %s", hundred)
                .isOne();
        assertThat(selectsFrom(hundred, "time_entries")).as("page: %s", hundred).isOne();
        assertThat(selectsFrom(hundred, "projects")).as("%s", hundred).isOne();
        assertThat(selectsFrom(hundred, "members")).as("%s", hundred).isOne();
        assertThat(selectsFrom(hundred, "clients")).as("%s", hundred).isOne();
    }

    @Test
    void theListReallyServedEveryDocPopulated() {
        Api.Response r = api.get("/api/time-entries?limit=100&depth=2");
        assertThat(r.json().path("docs")).hasSize(100);
        r.json().path("docs").forEach(d -> {
            assertThat(d.path("project").path("client").path("name").asString()).startsWith("Batch client");
            assertThat(d.path("member").path("name").asString()).startsWith("Member");
        });
    }

    @Test
    void depthZeroQueriesNoRelatedCollection() {
        List<String> flat = statementsOf("/api/time-entries?limit=100&depth=0");
        assertThat(selectsFrom(flat, "projects")).isZero();
        assertThat(selectsFrom(flat, "clients")).isZero();
        List<String> deep = statementsOf("/api/time-entries?limit=100&depth=2");
        assertThat(deep.size() - flat.size())
                .as("one statement per populated collection and level")
                .isEqualTo(3);
    }

    @Test
    void populatingOneDocumentDoesNotDependOnHowManyRelationshipsPointAtTheSameTarget() {
        List<String> projects = statementsOf("/api/projects?limit=100&depth=1");
        assertThat(selectsFrom(projects, "clients")).as("%s", projects).isOne();
        assertThat(selectsFrom(projects, "proposals"))
                .as("no sourceProposal set, nothing to fetch")
                .isZero();
    }

    @Test
    void untaggedRequestsAreNotCounted() {
        int before = log.tags();
        api.get("/api/time-entries?limit=5");
        assertThat(log.tags()).isEqualTo(before);
    }
}
