package app.clearmargin.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SortTest {

    static final FakeSchema SCHEMA = new FakeSchema();
    static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);

    static List<String> orderBy(String sort) {
        return Sort.parse(sort, SCHEMA).orderBy(FakeSchema.DOCS_ID).stream()
                .map(POSTGRES::render)
                .toList();
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                arguments(
                        "one field ascending, id ascending after it",
                        "name",
                        List.of("\"docs\".\"name\" asc", "\"docs\".\"id\" asc")),
                arguments(
                        "'-' sorts descending and the id follows",
                        "-total",
                        List.of("\"docs\".\"total\" desc", "\"docs\".\"id\" desc")),
                arguments("'+' is ascending", "+total", List.of("\"docs\".\"total\" asc", "\"docs\".\"id\" asc")),
                arguments(
                        "several fields keep their order; id follows the first (descending)",
                        "-issueDate,name",
                        List.of("\"docs\".\"issue_date\" desc", "\"docs\".\"name\" asc", "\"docs\".\"id\" desc")),
                arguments(
                        "several fields; id follows the first (ascending)",
                        "name,-total",
                        List.of("\"docs\".\"name\" asc", "\"docs\".\"total\" desc", "\"docs\".\"id\" asc")),
                arguments(
                        "three fields",
                        "-paid,status,-createdAt",
                        List.of(
                                "\"docs\".\"paid\" desc",
                                "\"docs\".\"status\" asc",
                                "\"docs\".\"created_at\" desc",
                                "\"docs\".\"id\" desc")),
                arguments(
                        "blanks and empty parts are ignored",
                        " name , ,-total ",
                        List.of("\"docs\".\"name\" asc", "\"docs\".\"total\" desc", "\"docs\".\"id\" asc")),
                arguments(
                        "nested object path",
                        "address.city",
                        List.of("\"docs\".\"address_city\" asc", "\"docs\".\"id\" asc")),
                arguments(
                        "relationship id field",
                        "-client",
                        List.of("\"docs\".\"client_id\" desc", "\"docs\".\"id\" desc")),
                arguments("id alone needs no tie-breaker", "id", List.of("\"docs\".\"id\" asc")),
                arguments("-id alone", "-id", List.of("\"docs\".\"id\" desc")),
                arguments(
                        "nothing after a unique id matters",
                        "name,-id,total",
                        List.of("\"docs\".\"name\" asc", "\"docs\".\"id\" desc")),
                arguments("an empty sort orders by id", "", List.of("\"docs\".\"id\" asc")));
    }

    @ParameterizedTest(name = "{0}: sort={1}")
    @MethodSource("sorts")
    void ordersByTheKeysThenTheIdInTheFirstKeysDirection(String description, String sort, List<String> expected) {
        assertThat(orderBy(sort)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("unknown field", "nonexistent", "nonexistent"),
                arguments("unknown field descending", "-nonexistent", "nonexistent"),
                arguments("unknown among known", "name,bogus", "bogus"),
                arguments("has-many relationship", "projects", "projects"),
                arguments("list of strings", "-tags", "tags"),
                arguments("path through a relationship", "client.name", "client.name"),
                arguments("has-many path through a relationship", "projects.name", "projects.name"),
                arguments("a lone minus", "-", ""),
                arguments("double minus", "--name", "-name"),
                arguments("case matters", "Name", "Name"));
    }

    @ParameterizedTest(name = "{0}: sort={1}")
    @MethodSource("refused")
    void refusesUnknownAndNonSortablePathsWithAQueryError(String description, String sort, String path) {
        assertThatThrownBy(() -> Sort.parse(sort, SCHEMA)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error()).isInstanceOf(ApiError.Query.class);
            assertThat(((ApiError.Query) e.error()).paths()).containsExactly(path);
        });
    }
}
