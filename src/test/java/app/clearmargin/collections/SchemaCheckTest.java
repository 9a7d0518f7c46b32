package app.clearmargin.collections;

import static app.clearmargin.collections.Fields.choice;
import static app.clearmargin.collections.Fields.integer;
import static app.clearmargin.collections.Fields.ref;
import static app.clearmargin.collections.Fields.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.clearmargin.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema check at start-up names every way a definition and its table disagree, and the row-count
 * triggers a collection table lacks are installed once, with exact counts, even by nodes starting
 * together. Fixture tables live in the shared test database under names no definition of the server
 * uses, so no other test sees them.
 */
class SchemaCheckTest extends ApiTest {

    @Autowired
    DSLContext db;

    @Autowired
    Registry running;

    @Autowired
    JsonMapper json;

    @Test
    void theServersOwnDefinitionsMatchItsMigrations() {
        assertThat(SchemaCheck.problems(running, SchemaCheck.Catalog.read(db, SchemaCheck.tables(running))))
                .isEmpty();
    }

    @Test
    void everyDisagreementIsNamedPerCollection() {
        db.execute("""
                CREATE TABLE check_stickers (
                    organization_id uuid NOT NULL, id uuid NOT NULL, name integer, color text, client_id uuid,
                    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)""");
        db.execute("CREATE INDEX check_stickers_name ON check_stickers (organization_id, name)");
        Collection stickers = Collection.define("check-stickers")
                .singular("Sticker")
                .idPrefix("stk")
                .fields(text("name"), integer("size", 0, 10), choice("color", "red", "blue"), ref("client", "clients"))
                .build();
        Collection ghosts = Collection.define("check-ghosts")
                .singular("Ghost")
                .idPrefix("gho")
                .fields(text("name"))
                .build();
        Registry registry = new Registry(List.of(running.get("clients"), stickers, ghosts), json);

        List<String> problems =
                SchemaCheck.problems(registry, SchemaCheck.Catalog.read(db, SchemaCheck.tables(registry)));

        assertThat(problems)
                .containsExactly(
                        "Collection check-stickers: column check_stickers.name is integer but field name needs text; "
                                + "table check_stickers has no column size (field size, integer); "
                                + "no row-count trigger on check_stickers; "
                                + "no index for the default sort -createdAt (expected one on (organization_id, created_at …))",
                        "Collection check-ghosts: table check_ghosts does not exist");
    }

    @Test
    void theStartStopsWithTheProblemsAndStillInstallsWhatItCan() {
        db.execute("""
                CREATE TABLE check_labels (
                    organization_id uuid NOT NULL, id uuid NOT NULL, name text,
                    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)""");
        Collection labels = Collection.define("check-labels")
                .singular("Label")
                .idPrefix("lbl")
                .fields(text("name"), text("note"))
                .build();
        Registry registry = new Registry(List.of(labels), json);

        assertThatThrownBy(() -> new SchemaCheck(registry, db, tx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "Collection check-labels: table check_labels has no column note (field note, text); "
                                + "no index for the default sort -createdAt")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("row-count trigger"));
        assertThat(RowCountTriggers.missing(db, List.of("check_labels"))).isEmpty();
    }

    @Test
    void aTableWithoutTriggersGetsThemWithItsExistingRowsCounted() {
        createCountedTable("check_badges");
        UUID a = organization.id();
        UUID b = newOrganization("other").organization().id();
        insertRows("check_badges", a, 3);
        insertRows("check_badges", b, 2);
        Collection badges = Collection.define("check-badges")
                .singular("Badge")
                .idPrefix("bdg")
                .fields(text("name"))
                .build();
        Registry registry = new Registry(List.of(badges), json);

        new SchemaCheck(registry, db, tx); // installs, then finds nothing wrong

        assertThat(counted("check_badges", a)).isEqualTo(3);
        assertThat(counted("check_badges", b)).isEqualTo(2);
        insertRows("check_badges", a, 4);
        db.execute(
                "DELETE FROM check_badges WHERE ctid IN (SELECT ctid FROM check_badges WHERE organization_id = {0} LIMIT 1)",
                DSL.val(b));
        assertThat(counted("check_badges", a)).isEqualTo(7);
        assertThat(counted("check_badges", b)).isEqualTo(1);
        List<String> secondStart = tx.execute(s -> RowCountTriggers.installMissing(db, List.of("check_badges")));
        assertThat(secondStart).as("a second start installs nothing").isEmpty();
        assertThat(counted("check_badges", a)).isEqualTo(7);
    }

    @Test
    void nodesStartingTogetherInstallAndSeedOnce() throws Exception {
        createCountedTable("check_pins");
        insertRows("check_pins", organization.id(), 5);
        CountDownLatch ready = new CountDownLatch(4);
        List<List<String>> installed = new ArrayList<>();
        try (ExecutorService nodes = Executors.newFixedThreadPool(4)) {
            List<Future<List<String>>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(nodes.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return tx.execute(s -> RowCountTriggers.installMissing(db, List.of("check_pins")));
                }));
            }
            for (Future<List<String>> start : starts) {
                installed.add(start.get(30, TimeUnit.SECONDS));
            }
        }

        assertThat(installed)
                .filteredOn(List::isEmpty)
                .as("the others found it done")
                .hasSize(3);
        assertThat(counted("check_pins", organization.id())).isEqualTo(5);
        insertRows("check_pins", organization.id(), 1);
        assertThat(counted("check_pins", organization.id()))
                .as("one trigger per event, not four")
                .isEqualTo(6);
    }

    private void createCountedTable(String table) {
        db.execute("CREATE TABLE " + table + " (organization_id uuid NOT NULL, id uuid NOT NULL, name text, "
                + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)");
        db.execute("CREATE INDEX " + table + "_created ON " + table + " (organization_id, created_at DESC, id DESC)");
    }

    private void insertRows(String table, UUID organizationId, int rows) {
        db.execute(
                "INSERT INTO " + table
                        + " SELECT {0}, gen_random_uuid(), 'x', now(), now() FROM generate_series(1, {1})",
                DSL.val(organizationId),
                DSL.val(rows));
    }

    private long counted(String table, UUID organizationId) {
        return db.fetchValue(
                                "SELECT coalesce(sum(delta), 0) FROM row_count_deltas WHERE organization_id = {0} "
                                        + "AND table_name = {1}",
                                DSL.val(organizationId), DSL.val(table))
                        instanceof Number n
                ? n.longValue()
                : -1;
    }
}
