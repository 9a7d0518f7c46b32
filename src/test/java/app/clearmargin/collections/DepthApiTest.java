package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Relationship population by depth (API.md §2 Relationships): time entry → project → client, and the
 * four-level chain time entry → project → sourceProposal → contact → client for the clamp at 3.
 */
class DepthApiTest extends ApiTest {

    String client;
    String contact;
    String member;
    String project;
    String entry;
    String proposal;
    String convertedProject;
    String entryOnConverted;

    @BeforeAll
    void chain() {
        client = createId("clients", Map.of("name", "Chain Client"));
        contact = createId("contacts", Map.of("client", client, "name", "Jane", "email", "jane@chain.example.com"));
        member = createId(
                "members", Map.of("name", "Max", "email", "max@chain.example.com", "rates", Map.of("standard", 90)));
        project = createId("projects", Map.of("client", client, "name", "Chain Project"));
        entry = createId(
                "time-entries", Map.of("project", project, "member", member, "date", "2026-03-02", "hours", 2));

        proposal = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "contact",
                        contact,
                        "title",
                        "Chain Proposal",
                        "lineItems",
                        List.of(Map.of("description", "Work", "quantity", 1, "rate", 100))));
        assertThat(api.post("/api/proposals/" + proposal + "/send", Map.of()).status())
                .isEqualTo(200);
        assertThat(api.post("/api/proposals/" + proposal + "/accept", Map.of()).status())
                .isEqualTo(200);
        Api.Response converted = api.post("/api/proposals/" + proposal + "/convert?depth=0", Map.of());
        assertThat(converted.status()).as("%s", converted).isEqualTo(201);
        convertedProject = converted.doc().path("id").asString();
        entryOnConverted =
                createId("time-entries", Map.of("project", convertedProject, "date", "2026-03-03", "hours", 1));
    }

    private JsonNode get(String path, Object... params) {
        Api.Response r = api.get(path + Api.q(params));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    @Test
    void depthZeroLeavesRelationshipsAsIds() {
        JsonNode d = get("/api/time-entries/" + entry, "depth", 0);
        assertThat(d.path("project").isString()).isTrue();
        assertThat(d.path("project").asString()).isEqualTo(project);
        assertThat(d.path("member").asString()).isEqualTo(member);
        assertThat(d.path("invoice").isNull()).isTrue();
    }

    @Test
    void depthOneIsTheDefaultAndPopulatesOneLevel() {
        JsonNode d = get("/api/time-entries/" + entry);
        assertThat(d.path("project").path("id").asString()).isEqualTo(project);
        assertThat(d.path("project").path("name").asString()).isEqualTo("Chain Project");
        assertThat(d.path("project").path("client").asString())
                .as("the next level stays an id")
                .isEqualTo(client);
        assertThat(d.path("member").path("name").asString()).isEqualTo("Max");
        assertThat(get("/api/time-entries/" + entry, "depth", 1)).isEqualTo(d);
    }

    @Test
    void depthTwoPopulatesTheProjectsClient() {
        JsonNode d = get("/api/time-entries/" + entry, "depth", 2);
        JsonNode c = d.path("project").path("client");
        assertThat(c.isObject()).isTrue();
        assertThat(c.path("id").asString()).isEqualTo(client);
        assertThat(c.path("name").asString()).isEqualTo("Chain Client");
        assertThat(c.path("createdAt").isString()).isTrue();
    }

    @Test
    void depthThreePopulatesThirdLevelAndTheFourthStaysAnId() {
        JsonNode d = get("/api/time-entries/" + entryOnConverted, "depth", 3);
        JsonNode proposalDoc = d.path("project").path("sourceProposal");
        assertThat(proposalDoc.path("id").asString()).isEqualTo(proposal);
        JsonNode contactDoc = proposalDoc.path("contact");
        assertThat(contactDoc.isObject()).as("level 3 is populated").isTrue();
        assertThat(contactDoc.path("name").asString()).isEqualTo("Jane");
        assertThat(contactDoc.path("client").asString())
                .as("level 4 stays an id")
                .isEqualTo(client);

        JsonNode two = get("/api/time-entries/" + entryOnConverted, "depth", 2);
        assertThat(two.path("project").path("sourceProposal").path("contact").asString())
                .isEqualTo(contact);
        assertThat(two.path("project").path("client").path("name").asString()).isEqualTo("Chain Client");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 9, 1000})
    void depthAboveThreeIsClampedToThree(int depth) {
        assertThat(get("/api/time-entries/" + entryOnConverted, "depth", depth))
                .isEqualTo(get("/api/time-entries/" + entryOnConverted, "depth", 3));
        JsonNode list = get("/api/time-entries", "depth", depth, "where[id][equals]", entryOnConverted);
        assertThat(list.path("docs").path(0)).isEqualTo(get("/api/time-entries/" + entryOnConverted, "depth", 3));
    }

    @Test
    void listsPopulateEveryDocAtTheRequestedDepth() {
        JsonNode list = get(
                "/api/time-entries", "depth", 2, "sort", "createdAt", "where[id][in]", entry + "," + entryOnConverted);
        assertThat(list.path("docs")).hasSize(2);
        list.path("docs").forEach(d -> {
            assertThat(d.path("project").isObject()).isTrue();
            assertThat(d.path("project").path("client").path("name").asString()).isEqualTo("Chain Client");
        });
        JsonNode flat = get("/api/time-entries", "depth", 0);
        assertThat(flat.path("docs")).isNotEmpty();
        flat.path("docs").forEach(d -> assertThat(d.path("project").isString()).isTrue());
    }

    @Test
    void hasManyRelationshipsArePopulatedInOrder() {
        String other = createId("projects", Map.of("client", client, "name", "Second"));
        String invoice = createId("invoices", Map.of("client", client, "projects", List.of(other, project)));
        JsonNode d0 = get("/api/invoices/" + invoice, "depth", 0);
        assertThat(d0.path("projects").get(0).asString()).isEqualTo(other);
        JsonNode d1 = get("/api/invoices/" + invoice, "depth", 1);
        assertThat(d1.path("projects")).hasSize(2);
        assertThat(d1.path("projects").get(0).path("name").asString()).isEqualTo("Second");
        assertThat(d1.path("projects").get(1).path("name").asString()).isEqualTo("Chain Project");
        assertThat(d1.path("contact").path("name").asString())
                .as("the client's primary contact")
                .isEqualTo("Jane");
        assertThat(api.delete("/api/invoices/" + invoice).status()).isEqualTo(200);
    }

    @Test
    void depthAppliesToWriteResponses() {
        Api.Response created =
                api.post("/api/time-entries?depth=2", Map.of("project", project, "date", "2026-03-04", "hours", 1));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.doc().path("project").path("client").path("name").asString())
                .isEqualTo("Chain Client");
        String id = created.doc().path("id").asString();

        Api.Response patched = api.patch("/api/time-entries/" + id + "?depth=0", Map.of("hours", 1.5));
        assertThat(patched.doc().path("project").asString()).isEqualTo(project);

        Api.Response byDefault = api.patch("/api/time-entries/" + id, Map.of("hours", 1.25));
        assertThat(byDefault.doc().path("project").path("id").asString()).isEqualTo(project);
        assertThat(byDefault.doc().path("project").path("client").asString()).isEqualTo(client);

        Api.Response deleted = api.delete("/api/time-entries/" + id + "?depth=2");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.doc().path("project").path("client").path("id").asString())
                .isEqualTo(client);
    }

    @Test
    void depthAppliesToActionDocs() {
        String draft = createId(
                "proposals",
                Map.of(
                        "client",
                        client,
                        "title",
                        "Action depth",
                        "lineItems",
                        List.of(Map.of("description", "Work", "rate", 10))));
        Api.Response sent = api.post("/api/proposals/" + draft + "/send?depth=2", Map.of());
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.doc().path("client").path("name").asString()).isEqualTo("Chain Client");
        assertThat(sent.doc().path("contact").path("client").path("id").asString())
                .isEqualTo(client);
        Api.Response again = api.post("/api/proposals/" + draft + "/send?depth=0", Map.of());
        assertThat(again.doc().path("client").asString()).isEqualTo(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "x", "1.5"})
    void aNegativeOrNonIntegerDepthIsABadRequest(String depth) {
        assertThat(api.get("/api/time-entries/" + entry + "?depth=" + depth).status())
                .isEqualTo(400);
        assertThat(api.get("/api/time-entries?depth=" + depth).status()).isEqualTo(400);
        assertThat(api.post("/api/clients?depth=" + depth, Map.of("name", "never"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aRelationshipToADeletedDocumentStaysAnId() {
        Api.Response hook = api.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("*")));
        assertThat(hook.status()).as("%s", hook).isEqualTo(201);
        String webhook = hook.doc().path("id").asString();
        Api.Response ping = api.post("/api/webhooks/" + webhook + "/test?depth=0", Map.of());
        assertThat(ping.status()).as("%s", ping).isEqualTo(201);
        String delivery = ping.doc().path("id").asString();
        assertThat(get("/api/webhook-deliveries/" + delivery)
                        .path("webhook")
                        .path("id")
                        .asString())
                .isEqualTo(webhook);

        assertThat(api.delete("/api/webhooks/" + webhook).status()).isEqualTo(200);
        JsonNode after = get("/api/webhook-deliveries/" + delivery, "depth", 2);
        assertThat(after.path("webhook").isString()).isTrue();
        assertThat(after.path("webhook").asString()).isEqualTo(webhook);
    }
}
