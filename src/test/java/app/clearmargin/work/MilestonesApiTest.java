package app.clearmargin.work;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/milestones}: on exactly one project or proposal (API.md §3 milestones). */
class MilestonesApiTest extends ApiTest {

    String client;
    String project;
    String proposal;

    @BeforeAll
    void owners() {
        client = createId("clients", Map.of("name", "Milestone client"));
        project = createId("projects", Map.of("client", client, "name", "Milestone project"));
        proposal = createId("proposals", Map.of("client", client, "title", "Milestone proposal"));
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/milestones?depth=0",
                        Map.of(
                                "project",
                                project,
                                "name",
                                "Beta",
                                "dueDate",
                                "2026-04-01",
                                "sortOrder",
                                2,
                                "amount",
                                1500)),
                "Milestone");
        String id = created.path("id").asString();
        assertThat(id).startsWith("ms_");
        assertThat(created.path("status").asString()).isEqualTo("pending");
        assertThat(created.path("completedAt").isNull()).isTrue();
        assertThat(api.get("/api/milestones/" + id + "?depth=0").json()).isEqualTo(created);

        JsonNode done = assertUpdated(api.patch("/api/milestones/" + id + "?depth=0", Map.of("status", "completed")));
        assertThat(done.path("completedAt").asString())
                .as("stamped when completed")
                .matches("\\d{4}-.*\\.\\d{3}Z");
        JsonNode reopened =
                assertUpdated(api.patch("/api/milestones/" + id + "?depth=0", Map.of("status", "in_progress")));
        assertThat(reopened.path("completedAt").isNull()).isTrue();

        assertDeleted(api.delete("/api/milestones/" + id));
        assertNotFound(api.get("/api/milestones/" + id));
    }

    @Test
    void aMilestoneBelongsToExactlyOneProjectOrProposal() {
        assertInvalid(api.post("/api/milestones", Map.of("name", "Orphan")), "milestones", "project");
        assertInvalid(
                api.post("/api/milestones", Map.of("name", "Both", "project", project, "proposal", proposal)),
                "milestones",
                "proposal");
        assertThat(create("milestones", Map.of("name", "On proposal", "proposal", proposal))
                        .path("proposal")
                        .asString())
                .isEqualTo(proposal);
    }

    @Test
    void validationReportsEveryPath() {
        assertInvalid(
                api.post(
                        "/api/milestones",
                        Map.of(
                                "project",
                                project,
                                "status",
                                "done",
                                "dueDate",
                                "tomorrow",
                                "sortOrder",
                                1.5,
                                "amount",
                                0.001,
                                "completedAt",
                                "2026-01-01T00:00:00.000Z")),
                "milestones",
                "name",
                "status",
                "dueDate",
                "sortOrder",
                "amount",
                "completedAt");
    }

    @Test
    void patchWithNullClearsOptionalFieldsButNotTheName() {
        String id = createId(
                "milestones",
                Map.of("project", project, "name", "Clear", "dueDate", "2026-05-01", "description", "d", "amount", 10));
        JsonNode d = assertUpdated(
                api.patch("/api/milestones/" + id, "{\"dueDate\":null,\"description\":null,\"amount\":null}"));
        assertThat(d.path("dueDate").isNull()).isTrue();
        assertThat(d.path("description").isNull()).isTrue();
        assertThat(d.path("amount").isNull()).isTrue();
        assertInvalid(api.patch("/api/milestones/" + id, "{\"name\":null}"), "milestones", "name");
        assertInvalid(api.patch("/api/milestones/" + id, "{\"project\":null}"), "milestones", "project");
    }

    @Test
    void deletingADraftProposalDeletesItsMilestones() {
        String draft = createId("proposals", Map.of("client", client, "title", "Draft with milestones"));
        String m = createId("milestones", Map.of("proposal", draft, "name", "Phase 1"));
        assertDeleted(api.delete("/api/proposals/" + draft));
        assertNotFound(api.get("/api/milestones/" + m));
    }
}
