package app.clearmargin.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

    /** The parsed tree as nested maps, printed in order: {@code {where={name={equals=Acme}}}}. */
    static Object tree(Param p) {
        return switch (p) {
            case Param.Value v -> v.value();
            case Param.Group g -> {
                Map<String, Object> out = new LinkedHashMap<>();
                g.children().forEach((k, child) -> out.put(k, tree(child)));
                yield out;
            }
        };
    }

    static Stream<Arguments> queryStrings() {
        return Stream.of(
                arguments("no query string", null, "{}"),
                arguments("empty query string", "", "{}"),
                arguments("plain key", "limit=10", "{limit=10}"),
                arguments("key without value", "flag", "{flag=}"),
                arguments("empty pairs are skipped", "&&limit=10&", "{limit=10}"),
                arguments("raw brackets", "where[name][equals]=Acme", "{where={name={equals=Acme}}}"),
                arguments(
                        "percent-encoded brackets", "where%5Bname%5D%5Bequals%5D=Acme", "{where={name={equals=Acme}}}"),
                arguments(
                        "lower-case percent-encoding",
                        "where%5bname%5d%5bequals%5d=Acme",
                        "{where={name={equals=Acme}}}"),
                arguments(
                        "mixed raw and encoded brackets",
                        "where%5Bname][equals%5D=Acme",
                        "{where={name={equals=Acme}}}"),
                arguments(
                        "dotted path inside brackets",
                        "where[address.city][equals]=Berlin",
                        "{where={address.city={equals=Berlin}}}"),
                arguments(
                        "two conditions share their parent",
                        "where[a][equals]=1&where[b][equals]=2",
                        "{where={a={equals=1}, b={equals=2}}}"),
                arguments(
                        "two operators on one field",
                        "where[total][gte]=1&where[total][lte]=9",
                        "{where={total={gte=1, lte=9}}}"),
                arguments("a[]= appends in order", "a[]=x&a[]=y&a[]=z", "{a={0=x, 1=y, 2=z}}"),
                arguments(
                        "nested a[]= appends",
                        "where[status][in][]=sent&where[status][in][]=paid",
                        "{where={status={in={0=sent, 1=paid}}}}"),
                arguments(
                        "indexed list",
                        "where[status][in][0]=sent&where[status][in][1]=paid",
                        "{where={status={in={0=sent, 1=paid}}}}"),
                arguments(
                        "comma-separated list stays one value",
                        "where[status][in]=sent,paid",
                        "{where={status={in=sent,paid}}}"),
                arguments("repeated key becomes a list", "a=1&a=2", "{a={0=1, 1=2}}"),
                arguments("repeated key three times", "a=1&a=2&a=3", "{a={0=1, 1=2, 2=3}}"),
                arguments("repeated bracketed key", "where[id][in]=a&where[id][in]=b", "{where={id={in={0=a, 1=b}}}}"),
                arguments("value, then children of the same key", "a=1&a[b]=2", "{a={0=1, b=2}}"),
                arguments(
                        "or list of groups",
                        "where[or][0][a][equals]=1&where[or][1][b][equals]=2",
                        "{where={or={0={a={equals=1}}, 1={b={equals=2}}}}}"),
                arguments(
                        "and of or", "where[and][0][or][0][a][equals]=1", "{where={and={0={or={0={a={equals=1}}}}}}}"),
                arguments("plus is a space", "where[name][like]=Acme+Corp", "{where={name={like=Acme Corp}}}"),
                arguments(
                        "encoded ampersand and equals stay in the value",
                        "where[name][equals]=a%26b%3Dc",
                        "{where={name={equals=a&b=c}}}"),
                arguments(
                        "unicode values",
                        "where[name][equals]=%E2%82%AC%20%F0%9F%98%80",
                        "{where={name={equals=€ 😀}}}"),
                arguments(
                        "raw '=' after the first stays in the value",
                        "where[name][equals]=a=b",
                        "{where={name={equals=a=b}}}"),
                arguments("unterminated bracket keeps the key literal", "a[b=1", "{a[b=1}"),
                arguments("text after the last bracket keeps the key literal", "a[b]c=1", "{a[b]c=1}"),
                arguments("leading bracket keeps the key literal", "[a]=1", "{[a]=1}"),
                arguments("closing bracket alone is literal", "a]b=1", "{a]b=1}"),
                arguments("empty value", "where[name][equals]=", "{where={name={equals=}}}"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("queryStrings")
    void parsesBracketSyntaxIntoATree(String description, String raw, String expected) {
        assertThat(tree(QueryString.parse(raw))).hasToString(expected);
    }

    @Test
    void anEmptyValueCountsAsAbsentForTopLevelParameters() {
        Param.Group q = QueryString.parse("limit=&page=2");
        assertThat(q.value("limit")).isEmpty();
        assertThat(q.value("page")).contains("2");
        assertThat(q.value("where")).isEmpty();
    }

    static Stream<Arguments> malformed() {
        String tooMany = IntStream.rangeClosed(0, QueryString.MAX_PARAMETERS)
                .mapToObj(i -> "p" + i + "=1")
                .collect(Collectors.joining("&"));
        String tooDeep = "a" + "[x]".repeat(QueryString.MAX_SEGMENTS) + "=1";
        return Stream.of(
                arguments("malformed percent-encoding in a key", "%zz=1"),
                arguments("truncated percent-encoding in a value", "a=%"),
                arguments("truncated percent-encoding in a bracket", "where%5=1"),
                arguments("more than the maximum number of parameters", tooMany),
                arguments("more than the maximum number of bracket segments", tooDeep));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedQueryStringsWithABadRequest(String description, String raw) {
        assertThatThrownBy(() -> QueryString.parse(raw))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.error()).isInstanceOf(ApiError.BadRequest.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "where[status]]][equals]",
                "where[][equals]",
                "where[status[equals]",
                "where[status][equals",
                "where[status]x[equals]",
                "where]status[equals]",
                "where[status]]"
            })
    void whereKeyWithUnbalancedOrEmptyBracketsIsAQueryErrorNotADroppedFilter(String key) {
        assertThatThrownBy(() -> QueryString.parse(key + "=void")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error()).isInstanceOf(ApiError.Query.class);
            assertThat(((ApiError.Query) e.error()).paths()).containsExactly(key);
        });
    }

    @Test
    void emptyBracketsThatAppendToAListStayValidInAWhereKey() {
        assertThat(tree(QueryString.parse("where[or][][name][equals]=a&where[status][in][]=sent")))
                .hasToString("{where={or={0={name={equals=a}}}, status={in={0=sent}}}}");
    }

    @Test
    void acceptsTheMaximumNumberOfParametersAndSegments() {
        String params = IntStream.range(0, QueryString.MAX_PARAMETERS)
                .mapToObj(i -> "p" + i + "=1")
                .collect(Collectors.joining("&"));
        assertThat(QueryString.parse(params).children()).hasSize(QueryString.MAX_PARAMETERS);
        String deep = "a" + "[x]".repeat(QueryString.MAX_SEGMENTS - 1) + "=1";
        assertThat(QueryString.segments(deep.substring(0, deep.length() - 2))).hasSize(QueryString.MAX_SEGMENTS);
        assertThat(QueryString.parse(deep).children()).containsOnlyKeys("a");
    }
}
