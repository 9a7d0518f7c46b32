package app.clearmargin.collections;

import static app.clearmargin.collections.Fields.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import app.clearmargin.query.QueryField;
import app.clearmargin.query.QuerySchema;
import app.clearmargin.query.QueryString;
import app.clearmargin.query.Sort;
import app.clearmargin.query.ValueKind;
import app.clearmargin.query.WhereParser;
import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query schema derived from collection definitions: which paths {@code where} and {@code sort} may
 * use, with which kind, and that a path crosses at most one relationship.
 */
class CollectionSchemaTest {

    static final Registry REGISTRY = new Registry(
            List.of(
                    Collection.define("clients")
                            .singular("Client")
                            .idPrefix("client")
                            .fields(
                                    text("name", 1, 200).asRequired(),
                                    email("email"),
                                    object("address", text("city", 0, 100), pattern("country", "[A-Z]{2}", "country")),
                                    choice("status", "active", "inactive", "archived"),
                                    integer("paymentTermsDays", 0, 365),
                                    object("rates", money("standard")),
                                    text("secret").asWriteOnly(),
                                    text("internalNote").notQueryable())
                            .build(),
                    Collection.define("projects")
                            .singular("Project")
                            .idPrefix("project")
                            .fields(
                                    ref("client", "clients").asRequired(),
                                    text("name", 1, 200).asRequired(),
                                    date("startDate"),
                                    items("scopeItems", text("description")),
                                    json("history"))
                            .build(),
                    Collection.define("time-entries")
                            .singular("Time Entry")
                            .idPrefix("te")
                            .fields(
                                    ref("project", "projects").asRequired(),
                                    number("hours", null, false, null, 2),
                                    bool("billable"),
                                    instant("lockedAt"))
                            .build(),
                    Collection.define("invoices")
                            .singular("Invoice")
                            .idPrefix("inv")
                            .fields(
                                    ref("client", "clients"),
                                    refMany("projects", "projects"),
                                    money("total"),
                                    strings("tags", node -> List.of()))
                            .build()),
            JsonMapper.builder().build());

    static QuerySchema schema(String slug) {
        return REGISTRY.schema(slug).in(ZoneOffset.UTC);
    }

    static Stream<Arguments> resolvable() {
        return Stream.of(
                arguments("clients", "id", ValueKind.ID, true, false),
                arguments("clients", "createdAt", ValueKind.INSTANT, true, false),
                arguments("clients", "updatedAt", ValueKind.INSTANT, true, false),
                arguments("clients", "name", ValueKind.TEXT, true, false),
                arguments("clients", "email", ValueKind.TEXT, true, false),
                arguments("clients", "address.city", ValueKind.TEXT, true, false),
                arguments("clients", "address.country", ValueKind.TEXT, true, false),
                arguments("clients", "status", ValueKind.ENUM, true, false),
                arguments("clients", "paymentTermsDays", ValueKind.NUMBER, true, false),
                arguments("clients", "rates.standard", ValueKind.NUMBER, true, false),
                arguments("projects", "client", ValueKind.ID, true, false),
                arguments("projects", "startDate", ValueKind.DATE, true, false),
                arguments("projects", "client.name", ValueKind.TEXT, false, true),
                arguments("projects", "client.address.city", ValueKind.TEXT, false, true),
                arguments("projects", "client.id", ValueKind.ID, false, true),
                arguments("time-entries", "hours", ValueKind.NUMBER, true, false),
                arguments("time-entries", "billable", ValueKind.BOOLEAN, true, false),
                arguments("time-entries", "lockedAt", ValueKind.INSTANT, true, false),
                arguments("time-entries", "project.client", ValueKind.ID, false, true),
                arguments("time-entries", "project.startDate", ValueKind.DATE, false, true),
                arguments("invoices", "projects", ValueKind.ID_LIST, false, false),
                arguments("invoices", "projects.name", ValueKind.TEXT, false, true),
                arguments("invoices", "total", ValueKind.NUMBER, true, false),
                arguments("invoices", "tags", ValueKind.TEXT_LIST, false, false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("resolvable")
    void resolvesQueryablePathsWithTheirKind(String slug, String path, ValueKind kind, boolean sortable, boolean hop) {
        QueryField f = schema(slug).resolve(path).orElseThrow();
        assertThat(f.path()).isEqualTo(path);
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.sortable()).isEqualTo(sortable);
        assertThat(f.hop() != null).isEqualTo(hop);
    }

    static Stream<Arguments> notQueryable() {
        return Stream.of(
                arguments("clients", "nonexistent", "unknown field"),
                arguments("clients", "address", "a nested object itself"),
                arguments("clients", "rates", "a nested object itself"),
                arguments("clients", "address.planet", "unknown nested field"),
                arguments("clients", "secret", "write-only field"),
                arguments("clients", "internalNote", "field marked not queryable"),
                arguments("clients", "name.first", "a path below a text field"),
                arguments("projects", "scopeItems", "array of objects"),
                arguments("projects", "scopeItems.description", "field of an array of objects"),
                arguments("projects", "history", "opaque JSON"),
                arguments("projects", "client.secret", "write-only field across a hop"),
                arguments("projects", "client.nope", "unknown field across a hop"),
                arguments("time-entries", "project.client.name", "two relationship hops"),
                arguments("time-entries", "project.client.id", "two relationship hops to an id"),
                arguments("invoices", "projects.client.name", "two hops through a has-many"),
                arguments("time-entries", "hours.value", "a path below a number"));
    }

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @MethodSource("notQueryable")
    void refusesPathsThatAreNotQueryable(String slug, String path, String why) {
        assertThat(schema(slug).resolve(path)).isEqualTo(Optional.empty());
    }

    @Test
    void aHopKnowsItsLocalColumnAndTargetTable() {
        QueryField single = schema("time-entries").resolve("project.client").orElseThrow();
        assertThat(single.hop().many()).isFalse();
        assertThat(single.hop().localColumn().getName()).isEqualTo("project_id");
        assertThat(single.hop().target().getName()).isEqualTo("projects");
        assertThat(single.column().getName()).isEqualTo("client_id");
        assertThat(single.idPrefix()).isEqualTo("client");

        QueryField many = schema("invoices").resolve("projects.name").orElseThrow();
        assertThat(many.hop().many()).isTrue();
        assertThat(many.hop().localColumn().getName()).isEqualTo("projects_ids");
        assertThat(many.hop().target().getName()).isEqualTo("projects");
    }

    @Test
    void enumsCarryTheirValuesAndRelationshipsTheirTargetsPrefix() {
        assertThat(schema("clients").resolve("status").orElseThrow().enumValues())
                .containsExactlyInAnyOrder("active", "inactive", "archived");
        assertThat(schema("projects").resolve("client").orElseThrow().idPrefix())
                .isEqualTo("client");
        assertThat(schema("invoices").resolve("projects").orElseThrow().idPrefix())
                .isEqualTo("project");
        assertThat(schema("clients").resolve("id").orElseThrow().idPrefix()).isEqualTo("client");
    }

    @Test
    void twoHopsInAWhereAreAQueryErrorAtTheWholePath() {
        var where = QueryString.parse("where[project.client.name][equals]=Acme")
                .get("where")
                .orElseThrow();
        assertThatThrownBy(() -> WhereParser.parse(where, schema("time-entries")))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(((ApiError.Query) e.error()).paths()).containsExactly("project.client.name"));
    }

    @Test
    void sortAcceptsStoredFieldsButNotHopsHasManyOrObjects() {
        assertThat(Sort.parse("-paymentTermsDays,address.city,rates.standard", schema("clients"))
                        .keys())
                .hasSize(3);
        for (String s : List.of("address", "rates", "project.client", "projects", "tags")) {
            String slug = s.startsWith("project.")
                    ? "time-entries"
                    : s.equals("projects") || s.equals("tags") ? "invoices" : "clients";
            assertThatThrownBy(() -> Sort.parse(s, schema(slug))).as(s).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void selectOffersEveryRenderedTopLevelField() {
        assertThat(REGISTRY.schema("clients").selectable())
                .containsExactly("name", "email", "address", "status", "paymentTermsDays", "rates", "internalNote");
    }
}
