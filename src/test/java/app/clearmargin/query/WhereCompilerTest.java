package app.clearmargin.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import app.clearmargin.tenancy.Tenant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WhereCompilerTest {

    static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);
    static final UUID TENANT = FakeSchema.uuid(77);
    static final String CLIENT = FakeSchema.id("client", 1);
    static final String PROJECT = FakeSchema.id("project", 2);

    static Condition compile(String query, UUID tenant) {
        Where where = WhereParserTest.parse(query);
        return new Tenant(tenant).call(() -> WhereCompiler.compile(where));
    }

    /** Bind values as {@code Type:value}, arrays expanded, so a table can state them. */
    static List<String> binds(Condition c) {
        return POSTGRES.extractBindValues(c).stream()
                .map(v -> v == null
                        ? "null"
                        : v.getClass().getSimpleName() + ":" + (v instanceof Object[] a ? Arrays.toString(a) : v))
                .toList();
    }

    static Stream<Arguments> compiled() {
        String client = FakeSchema.uuid(1).toString();
        String project = FakeSchema.uuid(2).toString();
        String tenant = TENANT.toString();
        return Stream.of(
                arguments("where[name][equals]=Acme", "\"docs\".\"name\" = ?", List.of("String:Acme")),
                arguments(
                        "where[name][not_equals]=Acme", "\"docs\".\"name\" is distinct from ?", List.of("String:Acme")),
                arguments(
                        "where[name][like]=acme  corp",
                        "(\"docs\".\"name\" ilike ? escape '\\' and \"docs\".\"name\" ilike ? escape '\\')",
                        List.of("String:%acme%", "String:%corp%")),
                arguments("where[name][like]=%20", "true", List.of()),
                arguments(
                        "where[name][contains]=50%25_off%5C",
                        "\"docs\".\"name\" ilike ? escape '\\'", List.of("String:%50\\%\\_off\\\\%")),
                arguments("where[name][in]=a,b", "\"docs\".\"name\" in (?, ?)", List.of("String:a", "String:b")),
                arguments("where[name][in]=", "false", List.of()),
                arguments(
                        "where[name][not_in]=a,b",
                        "(\"docs\".\"name\" not in (?, ?) or \"docs\".\"name\" is null)",
                        List.of("String:a", "String:b")),
                arguments("where[name][exists]=true", "\"docs\".\"name\" is not null", List.of()),
                arguments("where[name][exists]=false", "\"docs\".\"name\" is null", List.of()),
                arguments("where[total][greater_than]=12.5", "\"docs\".\"total\" > ?", List.of("BigDecimal:12.5")),
                arguments(
                        "where[total][less_than_equal]=1000.50",
                        "\"docs\".\"total\" <= ?",
                        List.of("BigDecimal:1000.50")),
                arguments("where[terms][equals]=30", "\"docs\".\"terms\" = ?", List.of("Long:30")),
                arguments("where[terms][less_than_equal]=30.0", "\"docs\".\"terms\" <= ?", List.of("Long:30")),
                arguments(
                        "where[terms][greater_than]=29.5",
                        "cast(\"docs\".\"terms\" as numeric) > ?",
                        List.of("BigDecimal:29.5")),
                arguments("where[terms][equals]=30.5", "\"docs\".\"terms\" = ?", List.of("BigDecimal:30.5")),
                arguments(
                        "where[terms][in]=1,2.5", "\"docs\".\"terms\" in (?, ?)", List.of("Long:1", "BigDecimal:2.5")),
                arguments("where[terms][equals]=1e30", "\"docs\".\"terms\" = ?", List.of("BigDecimal:1E+30")),
                arguments(
                        "where[terms][greater_than]=1e30",
                        "cast(\"docs\".\"terms\" as numeric) > ?",
                        List.of("BigDecimal:1E+30")),
                arguments(
                        "where[terms][less_than]=-9223372036854775809",
                        "cast(\"docs\".\"terms\" as numeric) < ?",
                        List.of("BigDecimal:-9223372036854775809")),
                arguments(
                        "where[issueDate][less_than]=2026-02-01",
                        "\"docs\".\"issue_date\" < cast(? as date)",
                        List.of("LocalDate:2026-02-01")),
                arguments(
                        "where[sentAt][greater_than_equal]=2026-03-14",
                        "\"docs\".\"sent_at\" >= cast(? as timestamp with time zone)",
                        List.of("OffsetDateTime:2026-03-13T23:00Z")),
                arguments("where[paid][equals]=true", "\"docs\".\"paid\" = ?", List.of("Boolean:true")),
                arguments("where[status][equals]=sent", "\"docs\".\"status\" = ?", List.of("String:sent")),
                arguments("where[status][equals]=bogus", "false", List.of()),
                arguments("where[status][not_equals]=bogus", "true", List.of()),
                arguments("where[status][in]=bogus", "false", List.of()),
                arguments("where[status][not_in]=bogus", "true", List.of()),
                arguments("where[status][in]=sent,bogus", "\"docs\".\"status\" in (?)", List.of("String:sent")),
                arguments(
                        "where[client][equals]=" + CLIENT,
                        "\"docs\".\"client_id\" = cast(? as uuid)",
                        List.of("UUID:" + client)),
                arguments("where[client][equals]=client_nope", "false", List.of()),
                arguments(
                        "where[projects][equals]=" + PROJECT,
                        "(\"docs\".\"project_ids\" @> cast(? as uuid[]))",
                        List.of("UUID[]:[" + project + "]")),
                arguments(
                        "where[projects][contains]=" + PROJECT,
                        "(\"docs\".\"project_ids\" @> cast(? as uuid[]))",
                        List.of("UUID[]:[" + project + "]")),
                arguments("where[projects][contains]=junk", "false", List.of()),
                arguments(
                        "where[projects][not_equals]=" + PROJECT,
                        "(not coalesce((\"docs\".\"project_ids\" @> cast(? as uuid[])), false))",
                        List.of("UUID[]:[" + project + "]")),
                arguments(
                        "where[projects][in]=" + PROJECT,
                        "(\"docs\".\"project_ids\" && cast(? as uuid[]))",
                        List.of("UUID[]:[" + project + "]")),
                arguments(
                        "where[projects][not_in]=" + PROJECT,
                        "(not coalesce((\"docs\".\"project_ids\" && cast(? as uuid[])), false))",
                        List.of("UUID[]:[" + project + "]")),
                arguments(
                        "where[projects][exists]=true",
                        "(\"docs\".\"project_ids\" is not null and (cardinality(\"docs\".\"project_ids\") > 0))",
                        List.of()),
                arguments(
                        "where[projects][exists]=false",
                        "(\"docs\".\"project_ids\" is null or not (cardinality(\"docs\".\"project_ids\") > 0))",
                        List.of()),
                arguments(
                        "where[tags][contains]=vip",
                        "(\"docs\".\"tags\" @> cast(? as text[]))",
                        List.of("String[]:[vip]")),
                arguments(
                        "where[tags][in]=a,b", "(\"docs\".\"tags\" && cast(? as text[]))", List.of("String[]:[a, b]")),
                arguments(
                        "where[client.name][like]=acme",
                        "\"docs\".\"client_id\" in (select \"clients\".\"id\" from \"clients\" where (\"clients\".\"organization_id\" "
                                + "= cast(? as uuid) and \"clients\".\"name\" ilike ? escape '\\'))",
                        List.of("UUID:" + tenant, "String:%acme%")),
                arguments(
                        "where[projects.name][equals]=Web",
                        "(\"docs\".\"project_ids\" && array(select \"projects\".\"id\" from \"projects\" where "
                                + "(\"projects\".\"organization_id\" = cast(? as uuid) and \"projects\".\"name\" = ?)))",
                        List.of("UUID:" + tenant, "String:Web")),
                arguments(
                        "where[or][0][name][equals]=a&where[or][1][paid][equals]=true&where[total][less_than]=5",
                        "((\"docs\".\"name\" = ? or \"docs\".\"paid\" = ?) and \"docs\".\"total\" < ?)",
                        List.of("String:a", "Boolean:true", "BigDecimal:5")),
                arguments("limit=10", "true", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compiled")
    void compilesToBoundSql(String query, String sql, List<String> bindValues) {
        Condition c = compile(query, TENANT);
        assertThat(POSTGRES.render(c)).isEqualTo(sql);
        assertThat(binds(c)).isEqualTo(bindValues);
    }

    @Test
    void aRelationshipPathIsScopedToTheTenantItIsCompiledFor() {
        UUID other = FakeSchema.uuid(78);
        Condition mine = compile("where[client.name][equals]=Acme", TENANT);
        Condition theirs = compile("where[client.name][equals]=Acme", other);
        assertThat(POSTGRES.renderInlined(mine))
                .contains("\"clients\".\"organization_id\" = cast('" + TENANT + "' as uuid)");
        assertThat(POSTGRES.renderInlined(theirs))
                .contains("\"clients\".\"organization_id\" = cast('" + other + "' as uuid)");
    }

    @Test
    void aRelationshipPathWithoutABoundTenantFailsClosed() {
        Where where = WhereParserTest.parse("where[client.name][equals]=Acme");
        assertThatThrownBy(() -> WhereCompiler.compile(where))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no tenant");
    }

    @Test
    void localPathsNeedNoTenant() {
        Where where = WhereParserTest.parse("where[name][equals]=Acme");
        assertThat(POSTGRES.render(WhereCompiler.compile(where))).isEqualTo("\"docs\".\"name\" = ?");
    }

    @Test
    void noValueEverReachesTheSqlText() {
        String hostile = "x' or '1'='1'; drop table docs; --";
        Condition c = compile(
                "where[name][equals]=" + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8)
                        + "&where[client.name][like]="
                        + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8),
                TENANT);
        String sql = POSTGRES.renderNamedParams(c);
        assertThat(sql)
                .doesNotContain("drop")
                .doesNotContain("'1'")
                .contains(":1")
                .contains(":2")
                .contains(":3");
        assertThat(POSTGRES.extractBindValues(c)).contains(hostile);
    }
}
