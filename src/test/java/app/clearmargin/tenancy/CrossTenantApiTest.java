package app.clearmargin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import app.clearmargin.shared.Ids;
import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/**
 * Two organizations (API.md §1 Tenancy): A (this class's) and B. Nothing of A is visible, writable,
 * referable or queryable from B — by id, list, count, where, relationship path or depth.
 */
class CrossTenantApiTest extends ApiTest {

    @Autowired
    DSLContext db;

    Api b;
    TestOrg orgB;

    // organization A
    String aClient;
    String aClientName;
    String aProject;
    String aContact;
    String aEntry;
    String aInvoice;
    String aProposal;
    String aCatalogItem;

    // organization B
    String bClient;
    String bProject;
    String bEntry;
    String bInvoice;

    @BeforeAll
    void twoOrganizations() {
        aClientName = "Tenant A Secret Client";
        aClient = createId("clients", Map.of("name", aClientName, "notes", "tenant-a-notes"));
        aProject = createId("projects", Map.of("client", aClient, "name", "Tenant A Project"));
        aContact = createId("contacts", Map.of("client", aClient, "name", "Alice A", "email", "alice@a.example.com"));
        aEntry = createId("time-entries", Map.of("project", aProject, "date", "2026-01-05", "hours", 3));
        aInvoice = createId("invoices", Map.of("client", aClient, "projects", List.of(aProject)));
        aProposal = createId("proposals", Map.of("client", aClient, "title", "Tenant A Proposal"));
        aCatalogItem = createId("catalog-items", Map.of("kind", "charge", "name", "Tenant A Item", "defaultRate", 10));

        orgB = newOrganization("Tenant B");
        b = orgB.api();
        bClient = createIn(b, "clients", Map.of("name", "Tenant B Client"));
        bProject = createIn(b, "projects", Map.of("client", bClient, "name", "Tenant B Project"));
        bEntry = createIn(b, "time-entries", Map.of("project", bProject, "date", "2026-01-06", "hours", 1));
        bInvoice = createIn(b, "invoices", Map.of("client", bClient, "projects", List.of(bProject)));
    }

    private static String createIn(Api api, String collection, Map<String, ?> body) {
        Api.Response r = api.post("/api/" + collection + "?depth=0", body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.doc().path("id").asString();
    }

    private List<String> aIds() {
        return List.of(aClient, aProject, aContact, aEntry, aInvoice, aProposal, aCatalogItem);
    }

    private void assertNoTraceOfA(Api.Response r) {
        for (String id : aIds()) {
            assertThat(r.body()).as("%s leaked into %s", id, r).doesNotContain(id);
        }
        assertThat(r.body()).doesNotContain(aClientName).doesNotContain("tenant-a-notes");
    }

    // ---------------------------------------------------------------- by id

    @Test
    void getPatchAndDeleteOfAnotherOrganizationsDocumentsAre404() {
        Map<String, String> docs = Map.of(
                "clients",
                aClient,
                "projects",
                aProject,
                "contacts",
                aContact,
                "time-entries",
                aEntry,
                "invoices",
                aInvoice,
                "proposals",
                aProposal,
                "catalog-items",
                aCatalogItem);
        docs.forEach((collection, id) -> {
            Api.Response get = b.get("/api/" + collection + "/" + id);
            assertThat(get.status()).as("GET %s", collection).isEqualTo(404);
            assertThat(get.errorMessage()).isEqualTo("Not Found");
            Map<String, Object> change =
                    collection.equals("time-entries") ? Map.of("hours", 9) : Map.of("notes", "hijacked");
            assertThat(b.patch("/api/" + collection + "/" + id, change).status())
                    .as("PATCH %s", collection)
                    .isEqualTo(404);
            assertThat(b.delete("/api/" + collection + "/" + id).status())
                    .as("DELETE %s", collection)
                    .isEqualTo(404);
        });
        JsonNode client = api.get("/api/clients/" + aClient).json();
        assertThat(client.path("notes").asString()).isEqualTo("tenant-a-notes");
        assertThat(api.get("/api/time-entries/" + aEntry).json().path("hours").asInt())
                .isEqualTo(3);
        assertThat(api.get("/api/invoices/" + aInvoice).status()).isEqualTo(200);
    }

    @Test
    void actionsOnAnotherOrganizationsDocumentsAre404() {
        for (String action : List.of("send", "void", "payments")) {
            assertThat(b.post("/api/invoices/" + aInvoice + "/" + action, Map.of())
                            .status())
                    .isEqualTo(404);
        }
        assertThat(b.post("/api/proposals/" + aProposal + "/duplicate", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/invoices/" + aInvoice).json().path("status").asString())
                .isEqualTo("draft");
    }

    // ---------------------------------------------------------------- lists, counts, where

    @Test
    void anotherOrganizationsDocumentsAreNeverInListsOrCounts() {
        for (String collection :
                List.of("clients", "projects", "contacts", "time-entries", "invoices", "proposals", "catalog-items")) {
            Api.Response list = b.get("/api/" + collection + Api.q("limit", 100, "depth", 3));
            assertThat(list.status()).isEqualTo(200);
            assertNoTraceOfA(list);
        }
        assertThat(b.get("/api/clients/count").json().path("totalDocs").asInt()).isEqualTo(1);
        assertThat(b.get("/api/projects/count").json().path("totalDocs").asInt())
                .isEqualTo(2); // General + its project
        assertThat(b.get("/api/time-entries/count").json().path("totalDocs").asInt())
                .isEqualTo(1);
        assertThat(b.get("/api/clients").json().path("totalDocs").asInt()).isEqualTo(1);
    }

    @Test
    void whereNeverMatchesAnotherOrganizationsDocuments() {
        List<Object[]> filters = List.of(
                new Object[] {"clients", "where[id][equals]", aClient},
                new Object[] {"clients", "where[id][in]", aClient + "," + bClient},
                new Object[] {"clients", "where[notes][equals]", "tenant-a-notes"},
                new Object[] {"clients", "where[name][like]", aClientName},
                new Object[] {"projects", "where[client][equals]", aClient},
                new Object[] {"projects", "where[client][in][0]", aClient},
                new Object[] {"time-entries", "where[project][equals]", aProject},
                new Object[] {"invoices", "where[projects][contains]", aProject},
                new Object[] {"invoices", "where[client][exists]", "true"});
        for (Object[] f : filters) {
            Api.Response list = b.get("/api/" + f[0] + Api.q(f[1], f[2], "depth", 2, "limit", 100));
            assertThat(list.status()).isEqualTo(200);
            assertNoTraceOfA(list);
            Api.Response count = b.get("/api/" + f[0] + "/count" + Api.q(f[1], f[2]));
            if (!f[1].equals("where[client][exists]") && !f[1].equals("where[id][in]")) {
                assertThat(count.json().path("totalDocs").asInt())
                        .as("count %s %s", f[0], f[1])
                        .isZero();
            }
        }
        assertThat(b.get("/api/clients/count" + Api.q("where[id][in]", aClient + "," + bClient))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void relationshipPathsStayInsideTheOrganization() {
        List<Object[]> paths = List.of(
                new Object[] {"time-entries", "where[project.client][equals]", aClient},
                new Object[] {"time-entries", "where[project.name][equals]", "Tenant A Project"},
                new Object[] {"projects", "where[client.name][like]", aClientName},
                new Object[] {"projects", "where[client.notes][equals]", "tenant-a-notes"},
                new Object[] {"contacts", "where[client.notes][equals]", "tenant-a-notes"},
                new Object[] {"invoices", "where[projects.name][equals]", "Tenant A Project"},
                new Object[] {"invoices", "where[client.name][contains]", "Secret"});
        for (Object[] p : paths) {
            Api.Response r = b.get("/api/" + p[0] + Api.q(p[1], p[2], "depth", 2));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("totalDocs").asInt())
                    .as("B %s %s", p[0], p[1])
                    .isZero();
            assertNoTraceOfA(r);
        }
        // the same paths do match inside A: the filters themselves work
        assertThat(api.get("/api/time-entries" + Api.q("where[project.client][equals]", aClient))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/projects" + Api.q("where[client.name][like]", aClientName))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isEqualTo(2);
    }

    // ---------------------------------------------------------------- relationships in bodies

    @Test
    void aRelationshipToAnotherOrganizationsDocumentIsAValidationErrorAtThatPath() {
        assertRefused(b.post("/api/projects", Map.of("client", aClient, "name", "steal")), "client");
        assertRefused(
                b.post("/api/time-entries", Map.of("project", aProject, "date", "2026-01-01", "hours", 1)), "project");
        assertRefused(b.post("/api/contacts", Map.of("client", aClient, "name", "Eve")), "client");
        assertRefused(b.post("/api/invoices", Map.of("client", bClient, "contact", aContact)), "contact");
        assertRefused(
                b.post("/api/invoices", Map.of("client", bClient, "projects", List.of(bProject, aProject))),
                "projects.1");
        assertRefused(
                b.post(
                        "/api/proposals",
                        Map.of(
                                "client",
                                bClient,
                                "title",
                                "x",
                                "lineItems",
                                List.of(Map.of("description", "d", "catalogItem", aCatalogItem)))),
                "lineItems.0.catalogItem");
        assertRefused(b.patch("/api/projects/" + bProject, Map.of("client", aClient)), "client");
        assertRefused(b.patch("/api/time-entries/" + bEntry, Map.of("project", aProject)), "project");
        assertThat(b.get("/api/projects/" + bProject + "?depth=0")
                        .json()
                        .path("client")
                        .asString())
                .isEqualTo(bClient);
    }

    private static void assertRefused(Api.Response r, String path) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.errorName()).isEqualTo("ValidationError");
        assertThat(r.errorPaths()).containsExactly(path);
        assertThat(r.body()).contains("not found");
    }

    // ---------------------------------------------------------------- forged references

    @Test
    void theDatabaseRefusesASingleReferenceForgedIntoAnotherOrganization() {
        UUID bEntryId = Ids.parse("te", bEntry).orElseThrow();
        UUID aProjectId = Ids.parse("project", aProject).orElseThrow();
        assertThatThrownBy(() -> db.update(table(name("time_entries")))
                        .set(field(name("project_id"), UUID.class), aProjectId)
                        .where(field(name("organization_id"), UUID.class)
                                .eq(orgB.organization().id()))
                        .and(field(name("id"), UUID.class).eq(bEntryId))
                        .execute())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("foreign key");
    }

    @Test
    void aHasManyIdForgedIntoAnotherOrganizationIsNeitherPopulatedNorMatched() {
        UUID bInvoiceId = Ids.parse("inv", bInvoice).orElseThrow();
        UUID aProjectId = Ids.parse("project", aProject).orElseThrow();
        UUID bProjectId = Ids.parse("project", bProject).orElseThrow();
        assertThat(setInvoiceProjects(bInvoiceId, bProjectId, aProjectId)).isOne();
        try {
            assertForeignProjectInvisible();
        } finally {
            setInvoiceProjects(bInvoiceId, bProjectId);
        }
    }

    private int setInvoiceProjects(UUID invoice, UUID... projects) {
        return db.update(table(name("invoices")))
                .set(field(name("projects_ids"), UUID[].class), projects)
                .where(field(name("organization_id"), UUID.class)
                        .eq(orgB.organization().id()))
                .and(field(name("id"), UUID.class).eq(invoice))
                .execute();
    }

    private void assertForeignProjectInvisible() {

        JsonNode invoice = b.get("/api/invoices/" + bInvoice + "?depth=3").json();
        assertThat(invoice.path("projects").get(0).path("name").asString()).isEqualTo("Tenant B Project");
        assertThat(invoice.path("projects").get(1).isString())
                .as("a foreign id stays an id")
                .isTrue();
        assertThat(invoice.path("projects").get(1).asString()).isEqualTo(aProject);
        assertThat(invoice.toString()).doesNotContain("Tenant A Project").doesNotContain(aClientName);

        Api.Response list = b.get("/api/invoices" + Api.q("depth", 3, "limit", 100));
        assertThat(list.body()).doesNotContain("Tenant A Project").doesNotContain(aClientName);
        assertThat(b.get("/api/invoices" + Api.q("where[projects.name][equals]", "Tenant A Project"))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isZero();
        assertThat(b.get("/api/invoices" + Api.q("where[projects.client][equals]", aClient))
                        .json()
                        .path("totalDocs")
                        .asInt())
                .isZero();
    }
}
