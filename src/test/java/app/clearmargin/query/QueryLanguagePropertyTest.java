package app.clearmargin.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import app.clearmargin.shared.ApiError;
import app.clearmargin.shared.ApiException;
import app.clearmargin.shared.Ids;
import app.clearmargin.tenancy.Tenant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Properties of the whole query pipeline (QueryString → WhereParser → WhereCompiler, and Sort) over
 * generated input: it either yields a condition or refuses with a QueryError/BadRequest, and no value
 * of the input ever reaches the SQL text.
 */
class QueryLanguagePropertyTest {

    static final FakeSchema SCHEMA = new FakeSchema();
    static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);
    static final Tenant TENANT = new Tenant(FakeSchema.uuid(77));
    static final String MARKER = "Qz";

    static final List<String> PATHS = concat(
            List.copyOf(SCHEMA.paths()),
            List.of("nonexistent", "client.name.first", "address", "", "name.", ".name", "and", "or", "0", "NAME"));
    static final List<String> OPERATORS = concat(
            Arrays.stream(Operator.values()).map(Operator::wireName).toList(),
            List.of("bogus", "EQUALS", "", "gt", "0", "and"));
    static final List<String> INTERESTING_VALUES = List.of(
            "",
            " ",
            ",",
            ",,",
            "%",
            "_",
            "\\",
            "'",
            "\"",
            "' or '1'='1",
            "null",
            "NaN",
            "Infinity",
            "-0",
            "0x10",
            "1_000",
            "1e30",
            "-1e30",
            "1e-400",
            "1e999999999",
            "9223372036854775808",
            "-9223372036854775809",
            "1.005",
            "  7  ",
            "true",
            "TRUE",
            "false",
            "maybe",
            "2026-03-14",
            "2026-13-45",
            "2026-02-30",
            "0000-01-01",
            "9999-12-31",
            "2026-03-14T15:30:00.000Z",
            "2026-03-14T15:30:00+02:00",
            "2026-03-14T15:30:00",
            "+999999999-12-31T23:59:59-18:00",
            "-999999999-01-01T00:00:00+18:00",
            "+10000-01-01T00:00:00Z",
            "client_",
            "client_0000000000000000000000000",
            "\u0000",
            "\uD83D\uDE00",
            "\uFFFF",
            "draft",
            "sent,paid,bogus");

    // ---------------------------------------------------------------- property 1: never another exception

    @Test
    void arbitraryQueryStringsYieldAConditionOrAQueryErrorNeverAnotherException() {
        qt().withExamples(3000)
                .forAll(Generate.oneOf(arbitraryStrings(), bracketSoup(), whereTrees(7)))
                .checkAssert(QueryLanguagePropertyTest::parseCompileOrRefuse);
    }

    @Test
    void generatedWhereTreesOfEveryFieldOperatorAndValueYieldAConditionOrAQueryError() {
        qt().withExamples(5000).forAll(whereTrees(7)).checkAssert(QueryLanguagePropertyTest::parseCompileOrRefuse);
    }

    /** The pipeline the server runs for a list request; an ApiException must be a QueryError or a BadRequest. */
    static void parseCompileOrRefuse(String raw) {
        try {
            Param.Group q = QueryString.parse(raw);
            Where where = WhereParser.parse(q.get("where").orElse(null), SCHEMA);
            Condition condition = TENANT.call(() -> WhereCompiler.compile(where));
            Query query = POSTGRES.selectFrom(FakeSchema.DOCS).where(condition);
            assertThat(query.getSQL(ParamType.NAMED)).isNotBlank();
            assertThat(query.getBindValues()).isNotNull();
            Optional<String> sort = q.value("sort");
            if (sort.isPresent()) {
                assertThat(Sort.parse(sort.get(), SCHEMA).orderBy(FakeSchema.DOCS_ID))
                        .isNotEmpty();
            }
        } catch (ApiException e) {
            assertThat(e.error())
                    .as("refusal of %s", raw)
                    .isInstanceOfAny(ApiError.Query.class, ApiError.BadRequest.class);
            assertThat(e.error().status()).isEqualTo(400);
        }
    }

    // ---------------------------------------------------------------- property 2: values are bound, never SQL text

    /** One condition of a valid where: its key (without the where prefix) and its raw values. */
    record GeneratedCondition(String path, Operator op, List<String> values) {}

    @Test
    void valuesOfValidWheresAreBindParametersAndNeverPartOfTheSqlText() {
        qt().withExamples(3000).forAll(validConditions()).checkAssert(conditions -> {
            StringBuilder raw = new StringBuilder();
            for (int i = 0; i < conditions.size(); i++) {
                GeneratedCondition c = conditions.get(i);
                String key = "where[or][" + i + "][" + c.path() + "][" + c.op().wireName() + "]";
                if (c.op().takesList()) {
                    for (int j = 0; j < c.values().size(); j++) {
                        raw.append('&')
                                .append(key)
                                .append('[')
                                .append(j)
                                .append("]=")
                                .append(encode(c.values().get(j)));
                    }
                } else {
                    raw.append('&')
                            .append(key)
                            .append('=')
                            .append(encode(c.values().getFirst()));
                }
            }
            Where where = WhereParser.parse(
                    QueryString.parse(raw.toString()).get("where").orElseThrow(), SCHEMA);
            Query query = POSTGRES.selectFrom(FakeSchema.DOCS).where(TENANT.call(() -> WhereCompiler.compile(where)));
            String sql = query.getSQL(ParamType.NAMED);

            for (GeneratedCondition c : conditions) {
                for (String v : c.values()) {
                    if (v.length() >= 5 && !v.equals("false")) { // "false" is also a keyword of the SQL
                        assertThat(sql).as("value %s of %s", v, c).doesNotContain(v);
                    }
                }
            }
            assertThat(sql).doesNotContain(MARKER);
            // no literal of any kind: the only quote is LIKE's escape character, the only digits are parameter
            // numbers and the constant 0 of cardinality(…) > 0
            String constantsRemoved =
                    sql.replace("escape '\\'", "").replaceAll(":\\d+", "").replace(") > 0)", "))");
            assertThat(constantsRemoved).as(sql).doesNotContain("'").doesNotContainPattern("\\d");

            List<String> binds = query.getBindValues().stream()
                    .map(b -> b instanceof Object[] a ? Arrays.toString(a) : String.valueOf(b))
                    .toList();
            for (GeneratedCondition c : conditions) {
                boolean carriesText = c.path().equals("name")
                        || c.path().equals("client.name")
                        || c.path().equals("tags");
                if (carriesText && c.op() != Operator.EXISTS) {
                    assertThat(binds).as("bind values of %s", c).anyMatch(b -> b.contains(MARKER));
                }
            }
        });
    }

    // ---------------------------------------------------------------- generators

    static Gen<String> arbitraryStrings() {
        return strings().allPossible().ofLengthBetween(0, 120);
    }

    /** Query strings assembled from the query language's own tokens, in any order. */
    static Gen<String> bracketSoup() {
        List<String> tokens = concat(
                concat(PATHS, OPERATORS),
                List.of(
                        "where",
                        "sort",
                        "limit",
                        "[",
                        "]",
                        "%5B",
                        "%5D",
                        "[]",
                        "&",
                        "=",
                        ",",
                        "-",
                        "+",
                        "%",
                        "%2",
                        "%25",
                        "%26",
                        "%3D",
                        "[0]",
                        "[1]",
                        "[and]",
                        "[or]",
                        "where[",
                        "][",
                        "x",
                        "é",
                        "\uD83D\uDE00"));
        return rs -> {
            int n = range(rs, 1, 60);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(tokens.get(range(rs, 0, tokens.size() - 1)));
            }
            return sb.toString();
        };
    }

    /** Nested where trees of known and unknown fields, operators and values, up to {@code maxDepth} and/or levels. */
    static Gen<String> whereTrees(int maxDepth) {
        return rs -> {
            List<String> pairs = new ArrayList<>();
            tree(rs, "where", 0, maxDepth, pairs);
            if (range(rs, 0, 3) == 0) {
                pairs.add("sort=" + encode(sortValue(rs)));
            }
            boolean rawBrackets = range(rs, 0, 1) == 0;
            return String.join(
                    "&",
                    pairs.stream()
                            .map(p -> rawBrackets ? p : p.replace("[", "%5B").replace("]", "%5D"))
                            .toList());
        };
    }

    private static void tree(RandomnessSource rs, String prefix, int depth, int maxDepth, List<String> out) {
        int items = range(rs, 1, depth == 0 ? 4 : 3);
        for (int i = 0; i < items; i++) {
            if (depth < maxDepth && range(rs, 0, 3) == 0) {
                String group = prefix + "[" + (range(rs, 0, 1) == 0 ? "and" : "or") + "]";
                int elements = range(rs, 1, 3);
                for (int e = 0; e < elements; e++) {
                    tree(rs, group + "[" + e + "]", depth + 1, maxDepth, out);
                }
            } else {
                String key = prefix + "[" + pick(rs, PATHS) + "][" + pick(rs, OPERATORS) + "]";
                switch (range(rs, 0, 5)) {
                    case 0 -> out.add(key + "[0]=" + encode(anyValue(rs)) + "&" + key + "[1]=" + encode(anyValue(rs)));
                    case 1 -> out.add(key + "[]=" + encode(anyValue(rs)));
                    case 2 -> out.add(key + "=" + encode(anyValue(rs)) + "," + encode(anyValue(rs)));
                    case 3 -> out.add(key + "=" + anyValue(rs)); // unencoded: may break the structure, on purpose
                    default -> out.add(key + "=" + encode(anyValue(rs)));
                }
            }
        }
    }

    private static String sortValue(RandomnessSource rs) {
        int n = range(rs, 1, 3);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add((range(rs, 0, 1) == 0 ? "-" : "") + pick(rs, PATHS));
        }
        return String.join(",", keys);
    }

    static String anyValue(RandomnessSource rs) {
        return switch (range(rs, 0, 6)) {
            case 0 -> pick(rs, INTERESTING_VALUES);
            case 1 -> strings().allPossible().ofLengthBetween(0, 12).generate(rs);
            case 2 -> number(rs);
            case 3 -> String.format("%04d-%02d-%02d", range(rs, 0, 12000), range(rs, 0, 13), range(rs, 0, 32));
            case 4 ->
                String.format(
                        "%04d-%02d-%02dT%02d:%02d:%02d%s",
                        range(rs, 0, 9999),
                        range(rs, 1, 12),
                        range(rs, 1, 28),
                        range(rs, 0, 24),
                        range(rs, 0, 59),
                        range(rs, 0, 60),
                        pick(rs, List.of("Z", ".000Z", "+02:00", "-18:00", "")));
            case 5 -> Ids.format(pick(rs, List.of("client", "project", "doc")), uuid(rs));
            default -> pick(rs, List.of("true", "false", "sent", "draft", "paid"));
        };
    }

    /** Numbers of every magnitude and scale, in plain and scientific notation. */
    static String number(RandomnessSource rs) {
        BigInteger unscaled = BigInteger.valueOf(
                Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).generate(rs));
        BigDecimal d = new BigDecimal(unscaled, range(rs, -60, 60));
        return range(rs, 0, 1) == 0 ? d.toString() : d.toPlainString();
    }

    /** Valid conditions (operator fits the kind, value fits the kind) whose text values carry {@link #MARKER}. */
    static Gen<List<GeneratedCondition>> validConditions() {
        List<String> paths = List.copyOf(SCHEMA.paths());
        return rs -> {
            int n = range(rs, 1, 8);
            List<GeneratedCondition> out = new ArrayList<>();
            while (out.size() < n) {
                String path = pick(rs, paths);
                ValueKind kind = SCHEMA.at(path).kind();
                Operator op = Operator.values()[range(rs, 0, Operator.values().length - 1)];
                if (!op.appliesTo(kind)) {
                    continue;
                }
                int count = op.takesList() ? range(rs, 1, 3) : 1;
                List<String> values = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    values.add(
                            op == Operator.EXISTS
                                    ? pick(rs, List.of("true", "false"))
                                    : validValue(rs, path, kind, op));
                }
                out.add(new GeneratedCondition(path, op, values));
            }
            return out;
        };
    }

    private static String validValue(RandomnessSource rs, String path, ValueKind kind, Operator op) {
        return switch (kind) {
            // valid text is any text but NUL, which the where language refuses (WhereParserTest)
            case TEXT, TEXT_LIST ->
                MARKER
                        + strings()
                                .allPossible()
                                .ofLengthBetween(0, 16)
                                .generate(rs)
                                .replaceAll("\\s", "")
                                .replace("\0", "");
            case ENUM ->
                range(rs, 0, 1) == 0
                        ? pick(rs, List.copyOf(FakeSchema.STATUSES))
                        : MARKER
                                + strings()
                                        .basicLatinAlphabet()
                                        .ofLengthBetween(0, 8)
                                        .generate(rs);
            case NUMBER -> {
                long whole = Generate.longRange(10_000L, 999_999_999_999L).generate(rs);
                yield (range(rs, 0, 1) == 0 ? "-" : "")
                        + whole
                        + (range(rs, 0, 1) == 0 ? "" : "." + range(rs, 10, 9999));
            }
            case DATE -> String.format("%04d-%02d-%02d", range(rs, 1900, 2100), range(rs, 1, 12), range(rs, 1, 28));
            case INSTANT ->
                String.format(
                        "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                        range(rs, 1900, 2100),
                        range(rs, 1, 12),
                        range(rs, 1, 28),
                        range(rs, 0, 23),
                        range(rs, 0, 59),
                        range(rs, 0, 59),
                        range(rs, 0, 999));
            case BOOLEAN -> pick(rs, List.of("true", "false"));
            case ID -> Ids.format(path.equals("id") ? "doc" : "client", uuid(rs));
            case ID_LIST ->
                op == Operator.CONTAINS && range(rs, 0, 3) == 0 ? MARKER + "junk" : Ids.format("project", uuid(rs));
        };
    }

    // ---------------------------------------------------------------- helpers

    private static UUID uuid(RandomnessSource rs) {
        long msb = (Generate.longRange(0, (1L << 48) - 1).generate(rs) << 16) | (0x7L << 12) | range(rs, 0, 0xFFF);
        long lsb =
                0x8000_0000_0000_0000L | Generate.longRange(0, (1L << 62) - 1).generate(rs);
        return new UUID(msb, lsb);
    }

    private static int range(RandomnessSource rs, int min, int max) {
        return Generate.range(min, max).generate(rs);
    }

    private static <T> T pick(RandomnessSource rs, List<T> from) {
        return from.get(range(rs, 0, from.size() - 1));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    @Test
    void theGeneratorsReachBothOutcomes() {
        int[] outcomes = new int[2];
        qt().withExamples(500).forAll(whereTrees(3)).checkAssert(raw -> {
            try {
                Param.Group q = QueryString.parse(raw);
                WhereParser.parse(q.get("where").orElse(null), SCHEMA);
                outcomes[0]++;
            } catch (ApiException e) {
                outcomes[1]++;
            }
        });
        if (outcomes[0] == 0 || outcomes[1] == 0) {
            fail("generated where trees should both parse and be refused, got " + Arrays.toString(outcomes));
        }
    }
}
