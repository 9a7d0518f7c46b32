package app.clearmargin.links;

import static app.clearmargin.support.Fixtures.assertStateConflict;
import static app.clearmargin.support.Fixtures.expect;
import static app.clearmargin.support.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import app.clearmargin.support.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API.md §8 links as the API shows them: publicUrl on invoices, proposals and receipts, and rotate-link. */
class DocumentLinksApiTest extends ApiTest {

    private static final String LINK = "http://127.0.0.1:%d/c/[A-Za-z0-9_-]{43}";

    private Fixtures f;
    private String client;

    @BeforeAll
    void setUp() {
        f = new Fixtures(api);
        client = f.client("Link Client");
    }

    private String link() {
        return LINK.formatted(port);
    }

    @Test
    void anInvoiceHasNoLinkUntilItIsSentAndKeepsItsLinkWhenSentAgain() {
        JsonNode draft = f.draftInvoice(client, 100);
        String id = draft.get("id").asString();
        assertThat(draft.get("publicUrl").isNull()).isTrue();
        assertThat(f.get("invoices", id).get("publicUrl").isNull()).isTrue();

        JsonNode sent = f.send(id);
        String url = sent.get("publicUrl").asString();
        assertThat(url).matches(link());
        assertThat(f.get("invoices", id).get("publicUrl").asString()).isEqualTo(url);
        JsonNode listed = expect(200, api.get("/api/invoices" + Api.q("where[id][equals]", id)))
                .json()
                .get("docs")
                .get(0);
        assertThat(listed.get("publicUrl").asString()).isEqualTo(url);

        assertThat(f.send(id).get("publicUrl").asString()).isEqualTo(url);
    }

    @Test
    void aProposalGetsItsLinkWhenSentAndItCanBeSelected() {
        String id = f.createId(
                "proposals", Map.of("client", client, "title", "Linked", "lineItems", List.of(line("Design", 1, 50))));
        assertThat(f.get("proposals", id).get("publicUrl").isNull()).isTrue();
        String url = f.action(200, "proposals", id, "send", Map.of())
                .doc()
                .get("publicUrl")
                .asString();
        assertThat(url).matches(link());
        JsonNode selected = expect(200, api.get("/api/proposals/" + id + Api.q("select[publicUrl]", "true")))
                .json();
        assertThat(selected.get("publicUrl").asString()).isEqualTo(url);
    }

    @Test
    void aReceiptHasItsLinkFromItsCreation() {
        String invoice = f.sentInvoice(client, 80);
        JsonNode paid = f.pay(invoice, null).json();
        List<JsonNode> receipts = f.list("receipts", "invoice", invoice);
        assertThat(receipts).hasSize(1);
        assertThat(receipts.getFirst().get("publicUrl").asString()).matches(link());
        assertThat(paid.get("invoice").get("publicUrl").asString()).matches(link());
        // populated at depth 1, the receipt's invoice renders its own link
        JsonNode populated = expect(
                        200,
                        api.get("/api/receipts/" + receipts.getFirst().get("id").asString() + "?depth=1"))
                .json();
        assertThat(populated.get("invoice").get("publicUrl").asString())
                .isEqualTo(f.get("invoices", invoice).get("publicUrl").asString());
    }

    @Test
    void rotateLinkGivesANewLinkAndRecordsIt() {
        String id = f.sentInvoice(client, 120);
        String before = f.get("invoices", id).get("publicUrl").asString();
        Api.Response rotated = f.action(200, "invoices", id, "rotate-link", Map.of());
        String after = rotated.doc().get("publicUrl").asString();
        assertThat(after).matches(link()).isNotEqualTo(before);
        assertThat(f.get("invoices", id).get("publicUrl").asString()).isEqualTo(after);
        List<JsonNode> audit = f.list("audit-log", "documentId", id);
        assertThat(audit.stream().map(a -> a.get("action").asString())).contains("rotate-link");
        assertThat(audit.getLast().get("actor").get("type").asString()).isEqualTo("api_key");
    }

    @Test
    void aDraftHasNoLinkToRotate() {
        String id = f.draftInvoice(client, 5).get("id").asString();
        assertStateConflict(api.post("/api/invoices/" + id + "/rotate-link", Map.of()), "draft");
        assertThat(f.get("invoices", id).get("publicUrl").isNull()).isTrue();
    }

    @Test
    void aReadOnlyKeyCannotRotateALink() {
        String id = f.sentInvoice(client, 7);
        assertThat(keyWith(List.of("read_only"), 100)
                        .post("/api/invoices/" + id + "/rotate-link", Map.of())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void publicUrlIsReadOnlyOnWritesAndInOpenApi() {
        Api.Response refused = api.post(
                "/api/invoices",
                Map.of("client", client, "publicUrl", "http://evil/c/x", "lineItems", List.of(line("A", 1, 1))));
        assertThat(refused.status()).isEqualTo(400);
        JsonNode spec = expect(200, api.get("/openapi.json")).json();
        JsonNode schemas = spec.get("components").get("schemas");
        for (String name : List.of("Invoice", "Proposal", "Receipt")) {
            JsonNode p = schemas.get(name).get("properties").get("publicUrl");
            assertThat(p).as(name).isNotNull();
            assertThat(p.get("readOnly").asBoolean()).isTrue();
            assertThat(p.get("type").toString()).contains("string").contains("null");
        }
    }
}
