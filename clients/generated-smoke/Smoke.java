import app.clearmargin.generated.ApiClient;
import app.clearmargin.generated.api.ClientsApi;
import app.clearmargin.generated.model.ChoiceFilter;
import app.clearmargin.generated.model.ClientAddressWhere;
import app.clearmargin.generated.model.ClientCreate;
import app.clearmargin.generated.model.ClientSelect;
import app.clearmargin.generated.model.ClientWhere;
import app.clearmargin.generated.model.OrganizationUpdateAddress;
import app.clearmargin.generated.model.TextFilter;
import java.util.List;
import java.util.Objects;

/**
 * Uses the client openapi-generator's java generator makes from /openapi.json, as an integrator would:
 * creates three clients and filters them through the generated where/select models, including or.
 * Run by clients/check-openapi-generators.sh against a live server.
 */
public class Smoke {

    static void expectEqual(Object actual, Object expected, String what) {
        if (!Objects.equals(actual, expected)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
        System.out.println("ok: " + what);
    }

    public static void main(String[] args) throws Exception {
        ApiClient api = new ApiClient();
        api.updateBaseUri(System.getenv("CLEARMARGIN_BASE_URL"));
        String key = System.getenv("CLEARMARGIN_API_KEY");
        api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        ClientsApi clients = new ClientsApi(api);
        String run = "gen-java-" + System.currentTimeMillis();
        String[][] rows = {{"Alpha", "active", "Zurich"}, {"Beta", "inactive", "Berlin"}, {"Gamma", "active", "Berlin"}};
        for (String[] row : rows) {
            clients.createClient(
                    new ClientCreate()
                            .name(run + " " + row[0])
                            .status(ClientCreate.StatusEnum.fromValue(row[1]))
                            .address(new OrganizationUpdateAddress().city(row[2])),
                    null,
                    null);
        }
        ClientWhere berlinActive = new ClientWhere()
                .name(new TextFilter().like(run))
                .status(new ChoiceFilter().notEquals("inactive"))
                .address(new ClientAddressWhere().city(new TextFilter().equals("Berlin")));
        expectEqual(names(clients.listClients(berlinActive, "name", null, null, null, null, null).getDocs()),
                List.of(run + " Gamma"), "where with like, not_equals and a nested object");
        ClientWhere alphaOrBeta = new ClientWhere()
                .name(new TextFilter().like(run))
                .or(List.of(
                        new ClientWhere().address(new ClientAddressWhere().city(new TextFilter().equals("Zurich"))),
                        new ClientWhere().status(new ChoiceFilter().equals("inactive"))));
        expectEqual(names(clients.listClients(alphaOrBeta, "name", null, null, null, null, null).getDocs()),
                List.of(run + " Alpha", run + " Beta"), "or of two groups");
        expectEqual(clients.countClients(new ClientWhere().name(new TextFilter().like(run))).getTotalDocs(),
                3, "count with where");
        var selected = clients.listClients(
                        new ClientWhere().name(new TextFilter().like(run)), "-name", null, null, null,
                        new ClientSelect().name(true),
                        "none");
        expectEqual(names(selected.getDocs()), List.of(run + " Gamma", run + " Beta", run + " Alpha"),
                "select and sort");
        expectEqual(selected.getTotalDocs(), null, "count=none leaves totalDocs null");
    }

    static List<String> names(List<app.clearmargin.generated.model.Client> docs) {
        return docs.stream().map(app.clearmargin.generated.model.Client::getName).toList();
    }
}
