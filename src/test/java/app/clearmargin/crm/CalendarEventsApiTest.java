package app.clearmargin.crm;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/calendar-events} (API.md §3 calendar-events). */
class CalendarEventsApiTest extends ApiTest {

    @Test
    void createGetListPatchDeleteRoundTrip() {
        String client = createId("clients", Map.of("name", "Event client"));
        JsonNode created = assertCreated(
                api.post(
                        "/api/calendar-events",
                        Map.of(
                                "title",
                                "Kickoff",
                                "startAt",
                                "2026-03-14T17:30:00+02:00",
                                "endAt",
                                "2026-03-14T16:30:00.5Z",
                                "color",
                                "#1a2B3c",
                                "client",
                                client)),
                "Calendar Event");
        String id = created.path("id").asString();
        assertThat(id).startsWith("cal_");
        assertThat(created.path("startAt").asString())
                .as("normalised to UTC with milliseconds")
                .isEqualTo("2026-03-14T15:30:00.000Z");
        assertThat(created.path("endAt").asString()).isEqualTo("2026-03-14T16:30:00.500Z");
        assertThat(created.path("allDay").asBoolean()).isFalse();
        assertThat(created.path("source").asString()).isEqualTo("manual");
        assertThat(created.path("client").path("name").asString()).isEqualTo("Event client");

        assertThat(api.get("/api/calendar-events/" + id).json()).isEqualTo(created);
        JsonNode patched =
                assertUpdated(api.patch("/api/calendar-events/" + id, Map.of("location", "Room 1", "allDay", true)));
        assertThat(patched.path("location").asString()).isEqualTo("Room 1");
        assertThat(patched.path("title").asString()).isEqualTo("Kickoff");

        assertDeleted(api.delete("/api/calendar-events/" + id));
        assertNotFound(api.get("/api/calendar-events/" + id));
    }

    @Test
    void patchWithNullClearsOptionalFieldsButNotRequiredOnes() {
        String id = createId(
                "calendar-events",
                Map.of(
                        "title",
                        "Clear",
                        "startAt",
                        "2026-03-14T09:00:00.000Z",
                        "endAt",
                        "2026-03-14T10:00:00.000Z",
                        "location",
                        "HQ",
                        "color",
                        "#000000"));
        JsonNode d = assertUpdated(
                api.patch("/api/calendar-events/" + id, "{\"endAt\":null,\"location\":null,\"color\":null}"));
        assertThat(d.path("endAt").isNull()).isTrue();
        assertThat(d.path("location").isNull()).isTrue();
        assertThat(d.path("color").isNull()).isTrue();
        assertInvalid(
                api.patch("/api/calendar-events/" + id, "{\"startAt\":null,\"title\":null}"),
                "calendar-events",
                "startAt",
                "title");
    }

    @Test
    void validationReportsEveryPath() {
        assertInvalid(
                api.post(
                        "/api/calendar-events",
                        Map.of(
                                "startAt",
                                "2026-03-14",
                                "color",
                                "red",
                                "allDay",
                                1,
                                "source",
                                "import",
                                "project",
                                "project_nope")),
                "calendar-events",
                "title",
                "startAt",
                "color",
                "allDay",
                "source",
                "project");
        assertInvalid(
                api.post(
                        "/api/calendar-events",
                        Map.of(
                                "title",
                                "Backwards",
                                "startAt",
                                "2026-03-14T10:00:00.000Z",
                                "endAt",
                                "2026-03-14T09:59:59.999Z")),
                "calendar-events",
                "endAt");
        assertInvalid(
                api.post("/api/calendar-events", Map.of("title", "Far", "startAt", "+10000-01-01T00:00:00Z")),
                "calendar-events",
                "startAt");
    }

    @Test
    void relationshipsMustExistInThisOrganization() {
        String otherClient = newOrganization("Other events org")
                .api()
                .post("/api/clients?depth=0", Map.of("name", "Theirs"))
                .doc()
                .path("id")
                .asString();
        assertInvalid(
                api.post(
                        "/api/calendar-events",
                        Map.of(
                                "title",
                                "t",
                                "startAt",
                                "2026-03-14T09:00:00.000Z",
                                "client",
                                otherClient,
                                "project",
                                "project_01kkmt9200e018000000000002")),
                "calendar-events",
                "client",
                "project");
    }
}
