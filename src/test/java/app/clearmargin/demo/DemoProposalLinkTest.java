package app.clearmargin.demo;

import static app.clearmargin.support.Fixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.platform.DemoData;
import app.clearmargin.support.ApiTest;
import app.clearmargin.tenancy.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The start-up printout's proposal link (README "open the link printed at start"): the demo always has
 * a sent, unexpired proposal with a link, and makes a new one through the normal send when the last
 * one has been answered.
 */
class DemoProposalLinkTest extends ApiTest {

    @Autowired
    DemoData demoData;

    @BeforeAll
    void populate() {
        new Tenant(organization.id()).run(() -> demoData.populate(organization));
    }

    private String token() {
        Optional<String> token = new Tenant(organization.id()).call(() -> demoData.openProposalToken(organization));
        assertThat(token).as("a proposal to open").isPresent();
        return token.orElseThrow();
    }

    private JsonNode proposalWithToken(String token) {
        JsonNode docs = api.get("/api/proposals?where[status][equals]=sent&limit=100&depth=0")
                .json()
                .get("docs");
        for (JsonNode p : docs) {
            if (p.get("publicUrl").isString() && p.get("publicUrl").asString().endsWith("/c/" + token)) {
                return p;
            }
        }
        throw new AssertionError("no sent proposal has the link " + token);
    }

    private HttpResponse<String> page(String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + "/c/" + token))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoOffersASentProposalAndAFreshOneOnceThatIsAnswered() throws Exception {
        long proposalsBefore =
                api.get("/api/proposals/count").json().get("totalDocs").asLong();
        String first = token();
        assertThat(token()).as("the same one while it is open").isEqualTo(first);
        assertThat(api.get("/api/proposals/count").json().get("totalDocs").asLong())
                .as("the demo's own sent proposal: none created")
                .isEqualTo(proposalsBefore);
        HttpResponse<String> firstPage = page(first);
        assertThat(firstPage.statusCode()).isEqualTo(200);
        assertThat(firstPage.body()).contains("id=\"accept-form\"");

        String id = proposalWithToken(first).get("id").asString();
        expect(200, api.post("/api/proposals/" + id + "/accept", Map.of()));

        String next = token();
        assertThat(next).isNotEqualTo(first);
        JsonNode created = proposalWithToken(next);
        assertThat(created.get("status").asString()).isEqualTo("sent");
        assertThat(page(next).body()).contains("id=\"accept-form\"");
        assertThat(token()).as("kept on the next start").isEqualTo(next);
    }
}
