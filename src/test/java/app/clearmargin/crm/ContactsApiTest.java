package app.clearmargin.crm;

import static app.clearmargin.support.ResponseAssertions.*;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/contacts}: contact people on clients, one primary per client (API.md §3 contacts). */
class ContactsApiTest extends ApiTest {

    String client;

    @BeforeAll
    void client() {
        client = createId("clients", Map.of("name", "Contacts Inc"));
    }

    private boolean primary(String contact) {
        return api.get("/api/contacts/" + contact).json().path("isPrimary").asBoolean();
    }

    @Test
    void createGetListPatchDeleteRoundTrip() {
        String owner = createId("clients", Map.of("name", "Round trip owner"));
        JsonNode created = assertCreated(
                api.post(
                        "/api/contacts",
                        Map.of("client", owner, "name", "Jane Smith", "email", "jane@acme.com", "title", "CFO")),
                "Contact");
        String id = created.path("id").asString();
        assertThat(id).startsWith("contact_");
        assertThat(created.path("client").path("id").asString())
                .as("rendered at depth 1 by default")
                .isEqualTo(owner);
        assertThat(created.path("isPrimary").asBoolean())
                .as("a client's first contact becomes primary")
                .isTrue();

        assertThat(api.get("/api/contacts/" + id + "?depth=0")
                        .json()
                        .path("client")
                        .asString())
                .isEqualTo(owner);
        assertThat(api.get("/api/contacts" + Api.q("where[client][equals]", owner))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();

        JsonNode patched = assertUpdated(api.patch("/api/contacts/" + id + "?depth=0", Map.of("phone", "+49 30 1234")));
        assertThat(patched.path("phone").asString()).isEqualTo("+49 30 1234");
        assertThat(patched.path("title").asString()).isEqualTo("CFO");

        assertDeleted(api.delete("/api/contacts/" + id));
        assertNotFound(api.get("/api/contacts/" + id));
    }

    @Test
    void settingAPrimaryContactClearsTheOthersOfThatClient() {
        String owner = createId("clients", Map.of("name", "Primary owner"));
        String first = createId("contacts", Map.of("client", owner, "name", "First"));
        String second = createId("contacts", Map.of("client", owner, "name", "Second"));
        assertThat(primary(first)).isTrue();
        assertThat(primary(second)).isFalse();

        assertUpdated(api.patch("/api/contacts/" + second, Map.of("isPrimary", true)));
        assertThat(primary(second)).isTrue();
        assertThat(primary(first)).isFalse();
        assertThat(api.get("/api/contacts/count"
                                + Api.q("where[client][equals]", owner, "where[isPrimary][equals]", true))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isOne();
    }

    @Test
    void deletingThePrimaryContactPromotesTheOldestRemaining() {
        String owner = createId("clients", Map.of("name", "Promotion owner"));
        String first = createId("contacts", Map.of("client", owner, "name", "First"));
        String second = createId("contacts", Map.of("client", owner, "name", "Second"));
        String third = createId("contacts", Map.of("client", owner, "name", "Third"));
        assertDeleted(api.delete("/api/contacts/" + first));
        assertThat(primary(second)).isTrue();
        assertThat(primary(third)).isFalse();
    }

    @Test
    void patchWithNullClearsOptionalFields() {
        String id = createId(
                "contacts",
                Map.of(
                        "client",
                        client,
                        "name",
                        "Clear me",
                        "email",
                        "c@x.example.com",
                        "phone",
                        "1",
                        "title",
                        "CEO",
                        "notes",
                        "n"));
        JsonNode d = assertUpdated(
                api.patch("/api/contacts/" + id, "{\"email\":null,\"phone\":null,\"title\":null,\"notes\":null}"));
        for (String f : new String[] {"email", "phone", "title", "notes"}) {
            assertThat(d.path(f).isNull()).as(f).isTrue();
        }
        assertInvalid(
                api.patch("/api/contacts/" + id, "{\"name\":null,\"client\":null}"), "contacts", "name", "client");
    }

    @Test
    void validationReportsEveryPath() {
        Api.Response r = api.post(
                "/api/contacts",
                Map.of("name", "", "email", "nope", "isPrimary", "yes", "title", "x".repeat(101), "company", "Acme"));
        assertInvalid(r, "contacts", "client", "name", "email", "isPrimary", "title", "company");
        assertThat(messageAt(r, "client")).isEqualTo("This field is required.");
        assertThat(messageAt(r, "isPrimary")).isEqualTo("This field must be true or false.");
    }

    @Test
    void aClientThatDoesNotExistIsAValidationError() {
        Api.Response missing =
                api.post("/api/contacts", Map.of("client", "client_01kkmt9200e00r000000000001", "name", "Ghost"));
        assertInvalid(missing, "contacts", "client");
        assertThat(messageAt(missing, "client")).isEqualTo("This relationship is invalid: Client not found.");
        assertInvalid(
                api.post("/api/contacts", Map.of("client", "client_nope", "name", "Ghost")), "contacts", "client");
        String member = createId(
                "members",
                Map.of("name", "Not a client", "email", "nac@x.example.com", "rates", Map.of("standard", 1)));
        assertInvalid(api.post("/api/contacts", Map.of("client", member, "name", "Ghost")), "contacts", "client");
        assertInvalid(api.post("/api/contacts", Map.of("client", 42, "name", "Ghost")), "contacts", "client");
    }

    @Test
    void aContactOnAnInvoiceCannotBeDeleted() {
        String owner = createId("clients", Map.of("name", "Invoiced owner"));
        String contact =
                createId("contacts", Map.of("client", owner, "name", "Billing", "email", "billing@x.example.com"));
        createId("invoices", Map.of("client", owner, "contact", contact));
        assertReferencedBy(api.delete("/api/contacts/" + contact), "invoices");
        assertThat(api.get("/api/contacts/" + contact).status()).isEqualTo(200);
    }
}
