package app.clearmargin.crm;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/members}: team members and their rates (API.md §3 members). */
class MembersApiTest extends ApiTest {

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/members",
                        Map.of(
                                "name",
                                "Mia",
                                "email",
                                "mia@agency.example.com",
                                "rates",
                                Map.of("standard", 120, "overtime", 180),
                                "costRate",
                                55.5)),
                "Member");
        String id = created.path("id").asString();
        assertThat(id).startsWith("member_");
        assertThat(created.path("role").asString()).isEqualTo("member");
        assertThat(created.path("active").asBoolean()).isTrue();
        assertThat(created.path("rates").path("rush").isNull()).isTrue();
        assertThat(created.path("costRate").decimalValue()).isEqualByComparingTo("55.5");

        assertThat(api.get("/api/members/" + id).json()).isEqualTo(created);
        assertThat(api.get("/api/members" + Api.q("where[email][equals]", "mia@agency.example.com"))
                        .json()
                        .path("docs")
                        .get(0)
                        .path("id")
                        .asString())
                .isEqualTo(id);

        JsonNode patched =
                assertUpdated(api.patch("/api/members/" + id, Map.of("role", "admin", "rates", Map.of("rush", 250))));
        assertThat(patched.path("role").asString()).isEqualTo("admin");
        assertThat(patched.path("rates").path("standard").decimalValue()).isEqualByComparingTo("120");
        assertThat(patched.path("rates").path("rush").decimalValue()).isEqualByComparingTo("250");

        assertDeleted(api.delete("/api/members/" + id));
        assertNotFound(api.get("/api/members/" + id));
    }

    @Test
    void emailIsUniquePerOrganizationIgnoringCase() {
        createId("members", Map.of("name", "One", "email", "same@agency.example.com", "rates", Map.of("standard", 1)));
        Api.Response dup = api.post(
                "/api/members",
                Map.of("name", "Two", "email", "SAME@agency.example.com", "rates", Map.of("standard", 1)));
        assertInvalid(dup, "members", "email");
        assertThat(messageAt(dup, "email")).contains("already exists");

        TestOrg other = newOrganization("Other members org");
        assertThat(other.api()
                        .post(
                                "/api/members",
                                Map.of(
                                        "name",
                                        "Two",
                                        "email",
                                        "same@agency.example.com",
                                        "rates",
                                        Map.of("standard", 1)))
                        .status())
                .as("another organization may reuse it")
                .isEqualTo(201);
    }

    @Test
    void requiredFieldsIncludingTheNestedStandardRate() {
        Api.Response r = api.post("/api/members", Map.of("rates", Map.of("overtime", 10)));
        assertInvalid(r, "members", "name", "email", "rates.standard");
        assertInvalid(api.post("/api/members", Map.of("name", "x", "email", "x@y.example.com")), "members", "rates");
        String id = createId(
                "members",
                Map.of("name", "Rates", "email", "rates@agency.example.com", "rates", Map.of("standard", 100)));
        assertInvalid(api.patch("/api/members/" + id, "{\"rates\":{\"standard\":null}}"), "members", "rates.standard");
        assertInvalid(api.patch("/api/members/" + id, "{\"email\":null}"), "members", "email");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "members",
                Map.of(
                        "name",
                        "Clear",
                        "email",
                        "clear@agency.example.com",
                        "rates",
                        Map.of("standard", 100, "overtime", 150),
                        "costRate",
                        40));
        JsonNode d =
                assertUpdated(api.patch("/api/members/" + id, "{\"costRate\":null,\"rates\":{\"overtime\":null}}"));
        assertThat(d.path("costRate").isNull()).isTrue();
        assertThat(d.path("rates").path("overtime").isNull()).isTrue();
        assertThat(d.path("rates").path("standard").decimalValue()).isEqualByComparingTo("100");
    }

    @Test
    void validationReportsEveryPath() {
        Api.Response r = api.post(
                "/api/members",
                Map.of(
                        "name",
                        "V",
                        "email",
                        "v@agency.example.com",
                        "role",
                        "owner",
                        "rates",
                        Map.of("standard", 1.001, "rush", -5),
                        "costRate",
                        "cheap",
                        "active",
                        "yes"));
        assertInvalid(r, "members", "role", "rates.standard", "rates.rush", "costRate", "active");
    }

    @Test
    void aMemberWithTimeEntriesCannotBeDeleted() {
        String member = createId(
                "members",
                Map.of("name", "Busy", "email", "busy@agency.example.com", "rates", Map.of("standard", 100)));
        String project =
                createId("projects", Map.of("client", createId("clients", Map.of("name", "Busy client")), "name", "P"));
        createId("time-entries", Map.of("project", project, "member", member, "date", "2026-01-02", "hours", 1));
        assertReferencedBy(api.delete("/api/members/" + member), "time-entries");
    }
}
