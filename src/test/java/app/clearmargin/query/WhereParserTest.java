package app.clearmargin.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WhereParserTest {

    static final FakeSchema SCHEMA = new FakeSchema();
    static final String CLIENT = FakeSchema.id("client", 1);
    static final String PROJECT = FakeSchema.id("project", 2);
    static final String OTHER_PROJECT = FakeSchema.id("project", 3);

    static Where parse(String queryString) {
        return WhereParser.parse(QueryString.parse(queryString).get("where").orElse(null), SCHEMA);
    }

    /** The only condition of a query string. */
    static Where.Compare only(String queryString) {
        Where w = parse(queryString);
        assertThat(w).isInstanceOf(Where.All.class);
        List<Where> parts = ((Where.All) w).parts();
        assertThat(parts).hasSize(1).first().isInstanceOf(Where.Compare.class);
        return (Where.Compare) parts.getFirst();
    }

    /** A readable form of a tree: {@code all(any(name equals [a], paid equals [true]))}. */
    static String describe(Where w) {
        return switch (w) {
            case Where.All all ->
                "all(" + all.parts().stream().map(WhereParserTest::describe).collect(Collectors.joining(", ")) + ")";
            case Where.Any any ->
                "any(" + any.parts().stream().map(WhereParserTest::describe).collect(Collectors.joining(", ")) + ")";
            case Where.Compare c -> c.field().path() + " " + c.operator().wireName() + " " + c.values();
        };
    }

    static OffsetDateTime utc(String instant) {
        return OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC);
    }

    static Stream<Arguments> coercions() {
        Object noMatch = Where.NO_MATCH;
        return Stream.of(
                // text
                arguments("where[name][equals]=Acme Corp", "name", Operator.EQUALS, List.of("Acme Corp")),
                arguments("where[name][not_equals]=Acme", "name", Operator.NOT_EQUALS, List.of("Acme")),
                arguments("where[name][like]=acme corp", "name", Operator.LIKE, List.of("acme corp")),
                arguments("where[name][contains]=cme", "name", Operator.CONTAINS, List.of("cme")),
                arguments("where[name][in]=a,b", "name", Operator.IN, List.of("a", "b")),
                arguments("where[name][in][0]=a&where[name][in][1]=b,c", "name", Operator.IN, List.of("a", "b,c")),
                arguments("where[name][in][]=a&where[name][in][]=b", "name", Operator.IN, List.of("a", "b")),
                arguments("where[name][not_in]=a,,b", "name", Operator.NOT_IN, List.of("a", "", "b")),
                arguments("where[name][in]=", "name", Operator.IN, List.of()),
                arguments("where[name][exists]=true", "name", Operator.EXISTS, List.of(true)),
                arguments("where[name][exists]=FALSE", "name", Operator.EXISTS, List.of(false)),
                arguments("where[address.city][equals]=Berlin", "address.city", Operator.EQUALS, List.of("Berlin")),
                // number (numeric and integer columns)
                arguments("where[total][equals]=12.50", "total", Operator.EQUALS, List.of(new BigDecimal("12.50"))),
                arguments("where[total][not_equals]=-3", "total", Operator.NOT_EQUALS, List.of(new BigDecimal("-3"))),
                arguments(
                        "where[total][greater_than]=1e2",
                        "total",
                        Operator.GREATER_THAN,
                        List.of(new BigDecimal("1e2"))),
                arguments(
                        "where[total][greater_than_equal]= 7 ",
                        "total",
                        Operator.GREATER_THAN_EQUAL,
                        List.of(new BigDecimal("7"))),
                arguments(
                        "where[total][less_than]=0.001", "total", Operator.LESS_THAN, List.of(new BigDecimal("0.001"))),
                arguments(
                        "where[total][less_than]=1e-16383",
                        "total",
                        Operator.LESS_THAN,
                        List.of(new BigDecimal("1e-16383"))),
                arguments(
                        "where[total][greater_than]=1e131071",
                        "total",
                        Operator.GREATER_THAN,
                        List.of(new BigDecimal("1e131071"))),
                arguments(
                        "where[total][less_than_equal]=1000.5",
                        "total",
                        Operator.LESS_THAN_EQUAL,
                        List.of(new BigDecimal("1000.5"))),
                arguments(
                        "where[total][in]=1,2.5",
                        "total",
                        Operator.IN,
                        List.of(new BigDecimal("1"), new BigDecimal("2.5"))),
                arguments("where[total][exists]=false", "total", Operator.EXISTS, List.of(false)),
                arguments("where[terms][equals]=30", "terms", Operator.EQUALS, List.of(new BigDecimal("30"))),
                arguments(
                        "where[terms][greater_than]=29.5",
                        "terms",
                        Operator.GREATER_THAN,
                        List.of(new BigDecimal("29.5"))),
                // calendar date: a date, or an instant read as its date in the schema's zone (Berlin)
                arguments(
                        "where[issueDate][equals]=2026-03-14",
                        "issueDate",
                        Operator.EQUALS,
                        List.of(LocalDate.of(2026, 3, 14))),
                arguments(
                        "where[issueDate][greater_than]=2026-03-14T23:30:00.000Z",
                        "issueDate",
                        Operator.GREATER_THAN,
                        List.of(LocalDate.of(2026, 3, 15))),
                arguments(
                        "where[issueDate][less_than_equal]=2026-02-28",
                        "issueDate",
                        Operator.LESS_THAN_EQUAL,
                        List.of(LocalDate.of(2026, 2, 28))),
                arguments(
                        "where[issueDate][in]=2026-01-01,2026-12-31",
                        "issueDate",
                        Operator.IN,
                        List.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))),
                // instant: an instant (any offset, to UTC), or a date meaning the start of that day in Berlin
                arguments(
                        "where[sentAt][greater_than]=2026-03-14T15:30:00.000Z",
                        "sentAt",
                        Operator.GREATER_THAN,
                        List.of(utc("2026-03-14T15:30:00Z"))),
                arguments(
                        "where[sentAt][less_than]=2026-03-14T17:30:00%2B02:00",
                        "sentAt", Operator.LESS_THAN, List.of(utc("2026-03-14T15:30:00Z"))),
                arguments(
                        "where[sentAt][greater_than_equal]=2026-03-14",
                        "sentAt",
                        Operator.GREATER_THAN_EQUAL,
                        List.of(utc("2026-03-13T23:00:00Z"))),
                arguments(
                        "where[createdAt][less_than_equal]=2026-07-01",
                        "createdAt",
                        Operator.LESS_THAN_EQUAL,
                        List.of(utc("2026-06-30T22:00:00Z"))),
                // boolean
                arguments("where[paid][equals]=true", "paid", Operator.EQUALS, List.of(true)),
                arguments("where[paid][not_equals]=False", "paid", Operator.NOT_EQUALS, List.of(false)),
                arguments("where[paid][in]=true,false", "paid", Operator.IN, List.of(true, false)),
                // enum: an unknown value is no error, it matches nothing
                arguments("where[status][equals]=sent", "status", Operator.EQUALS, List.of("sent")),
                arguments("where[status][equals]=bogus", "status", Operator.EQUALS, List.of(noMatch)),
                arguments("where[status][equals]=Sent", "status", Operator.EQUALS, List.of(noMatch)),
                arguments("where[status][not_equals]=bogus", "status", Operator.NOT_EQUALS, List.of(noMatch)),
                arguments("where[status][in]=sent,bogus", "status", Operator.IN, List.of("sent", noMatch)),
                arguments("where[status][like]=SEN", "status", Operator.LIKE, List.of("SEN")),
                arguments("where[status][contains]=ai", "status", Operator.CONTAINS, List.of("ai")),
                // id: a malformed or wrong-prefix id is no error, it matches nothing
                arguments("where[client][equals]=" + CLIENT, "client", Operator.EQUALS, List.of(FakeSchema.uuid(1))),
                arguments("where[client][equals]=client_123", "client", Operator.EQUALS, List.of(noMatch)),
                arguments("where[client][equals]=" + PROJECT, "client", Operator.EQUALS, List.of(noMatch)),
                arguments(
                        "where[client][not_in]=" + CLIENT + ",nope",
                        "client",
                        Operator.NOT_IN,
                        List.of(FakeSchema.uuid(1), noMatch)),
                arguments(
                        "where[id][equals]=" + FakeSchema.id("doc", 9),
                        "id",
                        Operator.EQUALS,
                        List.of(FakeSchema.uuid(9))),
                arguments("where[client][exists]=true", "client", Operator.EXISTS, List.of(true)),
                // has-many ids: equals and contains mean "contains that id"
                arguments(
                        "where[projects][equals]=" + PROJECT, "projects", Operator.EQUALS, List.of(FakeSchema.uuid(2))),
                arguments(
                        "where[projects][contains]=" + PROJECT,
                        "projects",
                        Operator.CONTAINS,
                        List.of(FakeSchema.uuid(2))),
                arguments("where[projects][contains]=garbage", "projects", Operator.CONTAINS, List.of(noMatch)),
                arguments(
                        "where[projects][in][0]=" + PROJECT + "&where[projects][in][1]=" + OTHER_PROJECT,
                        "projects",
                        Operator.IN,
                        List.of(FakeSchema.uuid(2), FakeSchema.uuid(3))),
                arguments("where[projects][exists]=false", "projects", Operator.EXISTS, List.of(false)),
                // text list
                arguments("where[tags][equals]=vip", "tags", Operator.EQUALS, List.of("vip")),
                arguments("where[tags][contains]=vip", "tags", Operator.CONTAINS, List.of("vip")),
                arguments("where[tags][not_in]=a,b", "tags", Operator.NOT_IN, List.of("a", "b")),
                // one relationship hop
                arguments("where[client.name][like]=acme", "client.name", Operator.LIKE, List.of("acme")),
                arguments("where[projects.name][equals]=Web", "projects.name", Operator.EQUALS, List.of("Web")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coercions")
    void coercesEachValueToItsPathsKind(String query, String path, Operator op, List<Object> values) {
        Where.Compare c = only(query);
        assertThat(c.field().path()).isEqualTo(path);
        assertThat(c.operator()).isEqualTo(op);
        assertThat(c.values()).containsExactlyElementsOf(values);
    }

    @Test
    void relationshipPathsCarryTheirHop() {
        assertThat(only("where[client.name][equals]=x").field().hop())
                .isNotNull()
                .satisfies(h -> assertThat(h.many()).isFalse());
        assertThat(only("where[projects.name][equals]=x").field().hop())
                .isNotNull()
                .satisfies(h -> assertThat(h.many()).isTrue());
        assertThat(only("where[client][equals]=x").field().hop()).isNull();
    }

    /** API.md §2 operator table, written out independently of {@link Operator}. */
    static Set<Operator> applicable(ValueKind kind) {
        Set<Operator> ops =
                EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN, Operator.NOT_IN, Operator.EXISTS);
        switch (kind) {
            case NUMBER, DATE, INSTANT ->
                ops.addAll(EnumSet.of(
                        Operator.GREATER_THAN,
                        Operator.GREATER_THAN_EQUAL,
                        Operator.LESS_THAN,
                        Operator.LESS_THAN_EQUAL));
            case TEXT, ENUM -> ops.addAll(EnumSet.of(Operator.LIKE, Operator.CONTAINS));
            case ID_LIST, TEXT_LIST -> ops.add(Operator.CONTAINS);
            case BOOLEAN, ID -> {}
        }
        return ops;
    }

    /** A value each kind accepts for every operator (lists for in/not_in, true for exists). */
    static String acceptableValue(ValueKind kind, Operator op) {
        if (op == Operator.EXISTS) {
            return "true";
        }
        return switch (kind) {
            case TEXT, ENUM, TEXT_LIST -> "sent";
            case NUMBER -> "5";
            case DATE, INSTANT -> "2026-03-14";
            case BOOLEAN -> "true";
            case ID -> CLIENT;
            case ID_LIST -> PROJECT;
        };
    }

    static Stream<Arguments> everyPathAndOperator() {
        List<Arguments> out = new ArrayList<>();
        for (String path : SCHEMA.paths()) {
            for (Operator op : Operator.values()) {
                out.add(arguments(path, op));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPathAndOperator")
    void acceptsExactlyTheOperatorsOfEachTypeAndRefusesTheOthersAtFieldDotOperator(String path, Operator op) {
        ValueKind kind = SCHEMA.at(path).kind();
        String query = "where[" + path + "][" + op.wireName() + "]=" + acceptableValue(kind, op);
        if (applicable(kind).contains(op)) {
            assertThat(only(query).operator()).isEqualTo(op);
        } else {
            assertQueryError(query, path + "." + op.wireName());
        }
    }

    static Stream<Arguments> queryErrors() {
        return Stream.of(
                arguments("unknown field", "where[nonexistent][equals]=x", "nonexistent"),
                arguments("unknown nested path", "where[address.planet][equals]=x", "address.planet"),
                arguments("unknown path through a relationship", "where[client.bogus][equals]=x", "client.bogus"),
                arguments("unknown operator", "where[name][bogus]=x", "name.bogus"),
                arguments("operator in the wrong case", "where[name][EQUALS]=x", "name.EQUALS"),
                arguments(
                        "unknown operator among known ones", "where[name][equals]=x&where[name][nope]=y", "name.nope"),
                arguments("field without an operator", "where[name]=x", "name"),
                arguments("field with an empty operator group", "where[name][]=x", "name.0"),
                arguments("where without brackets", "where=x", "where"),
                arguments("or that is not a list", "where[or]=x", "or"),
                arguments("or element that is not a group", "where[or][0]=x", "or"),
                arguments("and element that is not a group", "where[and][0]=x", "and"),
                arguments(
                        "list value for a single-value operator",
                        "where[name][equals][0]=a&where[name][equals][1]=b",
                        "name"),
                arguments("list value for exists", "where[name][exists][0]=true", "name"),
                arguments("in with nested groups", "where[name][in][0][x]=a", "name"),
                arguments("number that is text", "where[total][greater_than]=abc", "total"),
                arguments("empty number", "where[total][equals]=", "total"),
                arguments("number with a decimal comma", "where[total][equals]=1,5", "total"),
                arguments("number list with text", "where[total][in]=1,abc", "total"),
                arguments("number on an integer column", "where[terms][less_than]=thirty", "terms"),
                arguments(
                        "number with more decimals than the database holds",
                        "where[total][less_than]=1e-16384",
                        "total"),
                arguments(
                        "number with more digits than the database holds",
                        "where[terms][greater_than]=1e131073",
                        "terms"),
                arguments("NUL in a text value", "where[name][equals]=a%00b", "name"),
                arguments("NUL in a like value", "where[name][like]=a%00b", "name"),
                arguments("NUL in a list value", "where[name][in]=a,b%00", "name"),
                arguments("NUL in an enum value", "where[status][equals]=sent%00", "status"),
                arguments("impossible date", "where[issueDate][less_than]=2026-13-45", "issueDate"),
                arguments("impossible day", "where[issueDate][equals]=2026-02-30", "issueDate"),
                arguments("date in another format", "where[issueDate][equals]=14.03.2026", "issueDate"),
                arguments("date list with garbage", "where[issueDate][in]=2026-01-01,soon", "issueDate"),
                arguments("instant that is text", "where[sentAt][greater_than]=yesterday", "sentAt"),
                arguments("instant without offset", "where[sentAt][greater_than]=2026-03-14T15:30:00", "sentAt"),
                arguments(
                        "instant beyond year 9999 on a date field",
                        "where[issueDate][equals]=%2B999999999-12-31T23:59:59-18:00",
                        "issueDate"),
                arguments(
                        "instant before year 0 on a date field",
                        "where[issueDate][in]=-999999999-01-01T00:00:00%2B18:00",
                        "issueDate"),
                arguments("instant beyond year 9999", "where[sentAt][less_than]=%2B10000-01-01T00:00:00Z", "sentAt"),
                arguments("boolean that is text", "where[paid][equals]=yes", "paid"),
                arguments("boolean as a number", "where[paid][equals]=1", "paid"),
                arguments("exists maybe", "where[name][exists]=maybe", "name"),
                arguments("exists without a value", "where[client][exists]=", "client"),
                arguments("bad value inside or", "where[or][0][total][equals]=x", "total"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("queryErrors")
    void refusesWithAQueryErrorAtTheOffendingPath(String description, String query, String path) {
        assertQueryError(query, path);
    }

    @Test
    void anUnknownFieldErrorHasPayloadsMessageAndData() {
        assertThatThrownBy(() -> parse("where[nonexistent][equals]=x"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().name()).isEqualTo("QueryError");
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().message()).isEqualTo("The following path cannot be queried: nonexistent");
                    assertThat(e.error().data()).isEqualTo(List.of(java.util.Map.of("path", "nonexistent")));
                });
    }

    static Stream<Arguments> operatorErrors() {
        return Stream.of(
                arguments(
                        "where[name][bogus]=x",
                        "name.bogus",
                        "bogus is not an operator). Operators for name: equals, not_equals, like, contains, in, "
                                + "not_in, exists."),
                arguments(
                        "where[name][greater_than]=x",
                        "name.greater_than",
                        "greater_than does not apply to name, whose type is text). Operators for name: equals, "
                                + "not_equals, like, contains, in, not_in, exists."),
                arguments(
                        "where[total][like]=1",
                        "total.like",
                        "Operators for total: equals, not_equals, greater_than, greater_than_equal, less_than, "
                                + "less_than_equal, in, not_in, exists."),
                arguments(
                        "where[paid][lessthan]=true",
                        "paid.lessthan",
                        "Operators for paid: equals, not_equals, in, not_in, exists."),
                arguments(
                        "where[status][greater_than]=sent",
                        "status.greater_than",
                        "whose type is choice). Operators for status: equals, not_equals, like, contains, in, "
                                + "not_in, exists."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorErrors")
    void anOperatorErrorKeepsPayloadsMessageAndListsTheOperatorsOfTheFieldsType(
            String query, String path, String hint) {
        assertThatThrownBy(() -> parse(query)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().name()).isEqualTo("QueryError");
            assertThat(e.error().data()).isEqualTo(List.of(java.util.Map.of("path", path)));
            assertThat(e.error().message())
                    .startsWith("The following path cannot be queried: " + path + " (")
                    .endsWith(hint);
        });
    }

    @Test
    void anAbsentOrEmptyWhereMatchesEverything() {
        assertThat(WhereParser.parse(null, SCHEMA)).isEqualTo(new Where.All(List.of()));
        assertThat(describe(parse("limit=5"))).isEqualTo("all()");
    }

    static Stream<Arguments> trees() {
        return Stream.of(
                arguments(
                        "several conditions are ANDed",
                        "where[name][equals]=a&where[paid][equals]=true",
                        "all(name equals [a], paid equals [true])"),
                arguments(
                        "two operators on one field are two conditions",
                        "where[total][greater_than]=1&where[total][less_than]=9",
                        "all(total greater_than [1], total less_than [9])"),
                arguments(
                        "or of two groups",
                        "where[or][0][name][equals]=a&where[or][1][status][equals]=sent",
                        "all(any(all(name equals [a]), all(status equals [sent])))"),
                arguments(
                        "fields beside an or are ANDed with it",
                        "where[paid][equals]=true&where[or][0][name][equals]=a&where[or][1][name][equals]=b",
                        "all(paid equals [true], any(all(name equals [a]), all(name equals [b])))"),
                arguments(
                        "and of or",
                        "where[and][0][or][0][name][equals]=a&where[and][0][or][1][name][equals]=b"
                                + "&where[and][1][total][greater_than_equal]=5",
                        "all(all(all(any(all(name equals [a]), all(name equals [b]))), all(total greater_than_equal [5])))"),
                arguments(
                        "or elements may hold several conditions",
                        "where[or][0][name][equals]=a&where[or][0][paid][equals]=false&where[or][1][status][in]=sent,paid",
                        "all(any(all(name equals [a], paid equals [false]), all(status in [sent, paid])))"),
                arguments("an or with one element", "where[or][0][name][equals]=a", "all(any(all(name equals [a])))"),
                arguments("one level of and", "where[and][0][name][equals]=x", "all(all(all(name equals [x])))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void combinesConditionsWithAndOr(String description, String query, String expected) {
        assertThat(describe(parse(query))).isEqualTo(expected);
    }

    /** {@code where[and][0][and][0]…[name][equals]=x} with {@code levels} levels of and/or. */
    static String nested(int levels) {
        StringBuilder key = new StringBuilder("where");
        for (int i = 0; i < levels; i++) {
            key.append(i % 2 == 0 ? "[and][0]" : "[or][0]");
        }
        return key + "[name][equals]=x";
    }

    @Test
    void allowsFiveLevelsOfAndOr() {
        assertThat(describe(parse(nested(WhereParser.MAX_DEPTH))))
                .isEqualTo("all(all(all(any(all(all(all(any(all(all(all(name equals [x])))))))))))");
    }

    @Test
    void refusesSixLevelsOfAndOrWithABadRequest() {
        assertBadRequest(nested(WhereParser.MAX_DEPTH + 1), "nested too deeply");
    }

    static String conditions(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "where[or][" + i + "][name][equals]=n" + i)
                .collect(Collectors.joining("&"));
    }

    @Test
    void allowsFiftyConditions() {
        Where w = parse(conditions(WhereParser.MAX_CONDITIONS));
        assertThat(((Where.Any) ((Where.All) w).parts().getFirst()).parts()).hasSize(WhereParser.MAX_CONDITIONS);
    }

    @Test
    void refusesFiftyOneConditionsWithABadRequest() {
        assertBadRequest(conditions(WhereParser.MAX_CONDITIONS + 1), "too many conditions");
    }

    @Test
    void countsConditionsAcrossNestingAndOperators() {
        String fortyNine = conditions(49);
        assertThat(parse(fortyNine + "&where[total][greater_than]=1")).isNotNull();
        assertBadRequest(fortyNine + "&where[total][greater_than]=1&where[total][less_than]=9", "too many conditions");
    }

    static void assertQueryError(String query, String path) {
        assertThatThrownBy(() -> parse(query)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error()).isInstanceOf(ApiError.Query.class);
            assertThat(((ApiError.Query) e.error()).paths()).containsExactly(path);
        });
    }

    static void assertBadRequest(String query, String messagePart) {
        assertThatThrownBy(() -> parse(query)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error()).isInstanceOf(ApiError.BadRequest.class);
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().message()).contains(messagePart);
        });
    }
}
