package app.clearmargin.crm;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/clients} (API.md §3 clients, §1 Writes, §7 Deletes). */
class ClientsApiTest extends ApiTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private JsonNode defaultProjectOf(String client) {
        JsonNode docs = api.get("/api/projects" + Api.q("where[client][equals]", client, "depth", 0))
                .json()
                .path("docs");
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        JsonNode created = assertCreated(
                api.post(
                        "/api/clients?depth=0",
                        Map.of(
                                "name",
                                "Acme Corp",
                                "email",
                                "billing@acme.com",
                                "address",
                                Map.of("city", "Berlin", "country", "DE"),
                                "rates",
                                Map.of("standard", 150))),
                "Client");
        String id = created.path("id").asString();
        assertThat(id).matches("client_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(created.path("status").asString()).isEqualTo("active");
        assertThat(created.path("currency").asString()).isEqualTo("USD");
        assertThat(created.path("paymentTermsDays").asInt()).isEqualTo(30);
        assertThat(created.path("address").path("city").asString()).isEqualTo("Berlin");
        assertThat(created.path("address").path("line1").isNull()).isTrue();
        assertThat(created.path("rates").path("standard").decimalValue()).isEqualByComparingTo("150");
        assertThat(created.path("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(created.path("updatedAt").asString())
                .isEqualTo(created.path("createdAt").asString());

        JsonNode got = api.get("/api/clients/" + id).json();
        assertThat(got.path("id").asString()).isEqualTo(id);
        assertThat(got.has("doc")).as("GET by id answers the document itself").isFalse();
        assertThat(got).isEqualTo(created);

        JsonNode listed =
                api.get("/api/clients" + Api.q("where[id][equals]", id)).json();
        assertThat(listed.path("totalDocs").asInt()).isOne();
        assertThat(listed.path("docs").get(0)).isEqualTo(created);

        JsonNode patched = assertUpdated(
                api.patch("/api/clients/" + id, Map.of("notes", "VIP", "address", Map.of("line1", "Main 1"))));
        assertThat(patched.path("notes").asString()).isEqualTo("VIP");
        assertThat(patched.path("name").asString())
                .as("untouched fields keep their value")
                .isEqualTo("Acme Corp");
        assertThat(patched.path("address").path("line1").asString()).isEqualTo("Main 1");
        assertThat(patched.path("address").path("city").asString())
                .as("nested objects merge")
                .isEqualTo("Berlin");
        assertThat(patched.path("createdAt").asString())
                .isEqualTo(created.path("createdAt").asString());
        assertThat(patched.path("updatedAt").asString())
                .isGreaterThanOrEqualTo(created.path("updatedAt").asString());

        JsonNode deleted = assertDeleted(api.delete("/api/clients/" + id));
        assertThat(deleted.path("id").asString()).isEqualTo(id);
        assertNotFound(api.get("/api/clients/" + id));
        assertNotFound(api.patch("/api/clients/" + id, Map.of("notes", "x")));
        assertNotFound(api.delete("/api/clients/" + id));
    }

    @Test
    void creatingAClientCreatesItsDefaultProject() {
        String id = createId("clients", Map.of("name", "With default project", "currency", "EUR"));
        JsonNode project = defaultProjectOf(id);
        assertThat(project.path("name").asString()).isEqualTo("General");
        assertThat(project.path("isDefault").asBoolean()).isTrue();
        assertThat(project.path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "clients",
                Map.of(
                        "name",
                        "Clearable",
                        "email",
                        "a@b.example.com",
                        "notes",
                        "n",
                        "phone",
                        "123",
                        "address",
                        Map.of("city", "Paris", "country", "FR"),
                        "rates",
                        Map.of("standard", 100, "rush", 200)));
        JsonNode d = assertUpdated(api.patch("/api/clients/" + id, body("email", null, "notes", null, "phone", null)));
        assertThat(d.path("email").isNull()).isTrue();
        assertThat(d.path("notes").isNull()).isTrue();
        assertThat(d.path("phone").isNull()).isTrue();

        d = assertUpdated(api.patch("/api/clients/" + id, "{\"rates\":{\"rush\":null},\"address\":null}"));
        assertThat(d.path("rates").path("rush").isNull()).isTrue();
        assertThat(d.path("rates").path("standard").decimalValue()).isEqualByComparingTo("100");
        assertThat(d.path("address").isNull())
                .as("an object without values is null")
                .isTrue();
        assertThat(api.get("/api/clients/" + id).json()).isEqualTo(d);
    }

    @Test
    void nullOnARequiredFieldIsRefused() {
        String id = createId("clients", Map.of("name", "Required"));
        Api.Response r = api.patch("/api/clients/" + id, body("name", null));
        assertInvalid(r, "clients", "name");
        assertThat(messageAt(r, "name")).isEqualTo("This field is required.");
        assertInvalid(api.post("/api/clients", body("name", null)), "clients", "name");
        assertInvalid(api.post("/api/clients", Map.of()), "clients", "name");
        assertThat(api.get("/api/clients/" + id + "?depth=0")
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo("Required");
    }

    @Test
    void everyOffendingPathIsReportedAtOnce() {
        int before = api.get("/api/clients/count").json().path("totalDocs").asInt();
        Api.Response r = api.post(
                "/api/clients",
                body(
                        "name", "",
                        "email", "not-an-email",
                        "status", "bogus",
                        "paymentTermsDays", 400,
                        "address", Map.of("country", "de", "planet", "Mars"),
                        "rates", Map.of("standard", -1, "overtime", "ten"),
                        "currency", "dollars",
                        "unknownField", 1,
                        "id", "client_x",
                        "createdAt", "2026-01-01T00:00:00.000Z"));
        assertInvalid(
                r,
                "clients",
                "name",
                "email",
                "status",
                "paymentTermsDays",
                "address.country",
                "address.planet",
                "rates.standard",
                "rates.overtime",
                "currency",
                "unknownField",
                "id",
                "createdAt");
        assertThat(messageAt(r, "email")).isEqualTo("Please enter a valid email address.");
        assertThat(messageAt(r, "status"))
                .as("says what to send instead")
                .isEqualTo("This field has an invalid selection. Allowed values: active, inactive, archived.");
        assertThat(messageAt(r, "unknownField")).isEqualTo("This field does not exist.");
        assertThat(messageAt(r, "id")).isEqualTo("This field is read-only.");
        assertThat(api.get("/api/clients/count").json().path("totalDocs").asInt())
                .as("nothing written")
                .isEqualTo(before);
    }

    @Test
    void wrongTypesAreValidationErrors() {
        Api.Response r = api.post(
                "/api/clients",
                body(
                        "name",
                        5,
                        "paymentTermsDays",
                        "30",
                        "address",
                        "Berlin",
                        "rates",
                        Map.of("standard", true),
                        "email",
                        List.of("a@b.c")));
        assertInvalid(r, "clients", "name", "paymentTermsDays", "address", "rates.standard", "email");
        assertThat(messageAt(r, "name")).isEqualTo("This field must be a string.");
        assertThat(messageAt(r, "paymentTermsDays")).isEqualTo("This field must be a whole number.");
    }

    @Test
    void moneyWithMoreDigitsThanTheCurrencyIsRefusedButTheValueCountsNotTheSpelling() {
        assertInvalid(
                api.post("/api/clients", Map.of("name", "Digits", "rates", Map.of("standard", 1.005))),
                "clients",
                "rates.standard");
        JsonNode ok = create(
                "clients",
                Map.of(
                        "name",
                        "Spelling",
                        "rates",
                        Map.of(
                                "standard",
                                new java.math.BigDecimal("1.000"),
                                "overtime",
                                new java.math.BigDecimal("1e2"))));
        assertThat(ok.path("rates").path("standard").decimalValue()).isEqualByComparingTo("1");
        assertThat(ok.path("rates").path("overtime").decimalValue()).isEqualByComparingTo("100");
        assertInvalid(
                api.post("/api/clients", Map.of("name", "Yen", "currency", "JPY", "rates", Map.of("standard", 1.5))),
                "clients",
                "rates.standard");
    }

    @Test
    void readOnlyAndUnknownFieldsAreRefusedOnPatch() {
        String id = createId("clients", Map.of("name", "Patch me"));
        assertInvalid(
                api.patch("/api/clients/" + id, Map.of("updatedAt", "2026-01-01T00:00:00.000Z", "nickname", "x")),
                "clients",
                "updatedAt",
                "nickname");
    }

    @Test
    void aNulCharacterInTextIsAValidationErrorNotAServerError() {
        assertInvalid(api.post("/api/clients", Map.of("name", "a\u0000b")), "clients", "name");
        assertInvalid(
                api.post("/api/clients", Map.of("name", "ok", "email", "a\u0000@b.example.com")), "clients", "email");
    }

    @Test
    void malformedOrForeignPrefixIdsInThePathAre404() {
        assertNotFound(api.get("/api/clients/client_123"));
        assertNotFound(api.get("/api/clients/client_01kkmt9200e00r0000000000000000"));
        assertNotFound(api.get(
                "/api/clients/" + createId("clients", Map.of("name", "Real")).toUpperCase()));
        String project =
                createId("projects", Map.of("client", createId("clients", Map.of("name", "Owner")), "name", "P"));
        assertNotFound(api.get("/api/clients/" + project));
    }

    @Test
    void aClientWithAnUntouchedDefaultProjectIsDeletedTogetherWithIt() {
        String id = createId("clients", Map.of("name", "Short-lived"));
        String project = defaultProjectOf(id).path("id").asString();
        assertDeleted(api.delete("/api/clients/" + id));
        assertNotFound(api.get("/api/projects/" + project));
    }

    @Test
    void aReferencedClientCannotBeDeleted() {
        String withContact = createId("clients", Map.of("name", "Has contact"));
        createId("contacts", Map.of("client", withContact, "name", "Jane"));
        assertReferencedBy(api.delete("/api/clients/" + withContact), "contacts");

        String withProject = createId("clients", Map.of("name", "Has project"));
        createId("projects", Map.of("client", withProject, "name", "Real work"));
        assertReferencedBy(api.delete("/api/clients/" + withProject), "projects");

        String withTime = createId("clients", Map.of("name", "Time on default project"));
        createId(
                "time-entries",
                Map.of("project", defaultProjectOf(withTime).path("id").asString(), "date", "2026-01-01", "hours", 1));
        assertReferencedBy(api.delete("/api/clients/" + withTime), "time-entries");

        String withScope = createId("clients", Map.of("name", "Scoped default project"));
        assertUpdated(api.patch(
                "/api/projects/" + defaultProjectOf(withScope).path("id").asString(),
                Map.of("scopeItems", List.of(Map.of("description", "Design")))));
        assertReferencedBy(api.delete("/api/clients/" + withScope), "projects");

        for (String id : List.of(withContact, withProject, withTime, withScope)) {
            assertThat(api.get("/api/clients/" + id).status()).as("still there").isEqualTo(200);
        }
        assertThat(defaultProjectOf(withTime).path("name").asString()).isEqualTo("General");
    }

    @Test
    void changingTheCurrencyMovesItsProjectsToIt() {
        String id = createId("clients", Map.of("name", "Moves currency"));
        String before = defaultProjectOf(id).path("updatedAt").asString();
        assertUpdated(api.patch("/api/clients/" + id, Map.of("currency", "CHF")));
        JsonNode project = defaultProjectOf(id);
        assertThat(project.path("currency").asString()).isEqualTo("CHF");
        // written through work's door, as a change of the project
        assertThat(Instant.parse(project.path("updatedAt").asString())).isAfter(Instant.parse(before));
        assertInvalid(api.patch("/api/clients/" + id, Map.of("currency", "XYZ")), "clients", "currency");
    }
}
