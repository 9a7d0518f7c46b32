package app.clearmargin.collections;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.support.Api;
import app.clearmargin.support.ApiTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Population is batched (API.md §2): one query per (collection, level), never one per row. The SQL of a
 * request is recorded where every statement passes — the connections of the DataSource, whether jOOQ or
 * the plain-JDBC fast path prepares them — for statements prepared on the request's own thread while a
 * servlet filter has tagged it, so background work (key usage flushes, deliveries) is never counted.
 */
@Import(PopulationBatchingTest.StatementCounting.class)
class PopulationBatchingTest extends ApiTest {

    static final String TAG_HEADER = "X-Test-Statement-Tag";

    /** SQL statements by request tag. */
    static final class StatementLog {

        private static final ThreadLocal<String> CURRENT_TAG = new ThreadLocal<>();
        private final Map<String, List<String>> byTag = new ConcurrentHashMap<>();

        void prepared(String sql) {
            String tag = CURRENT_TAG.get();
            if (tag != null) {
                byTag.computeIfAbsent(tag, t -> Collections.synchronizedList(new ArrayList<>())).add(sql);
            }
        }

        /** The data source with every prepared statement recorded. */
        DataSource recording(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                        Object result = invoke(method, target, args);
                        return result instanceof Connection c ? recording(c) : result;
                    });
        }

        private Connection recording(Connection target) {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                            prepared(sql);
                        }
                        return invoke(method, target, args);
                    });
        }

        private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        List<String> statements(String tag) {
            return List.copyOf(byTag.getOrDefault(tag, List.of()));
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StatementCounting {

        @Bean
        StatementLog statementLog() {
            return new StatementLog();
        }

        @Bean
        static BeanPostProcessor recordingDataSource(ObjectProvider<StatementLog> log) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && !(bean instanceof Proxy) ? log.getObject().recording(ds) : bean;
                }
            };
        }

        @Bean
        FilterRegistrationBean<Filter> statementTagFilter() {
            Filter filter = (request, response, chain) -> {
                String tag = ((HttpServletRequest) request).getHeader(TAG_HEADER);
                if (tag == null) {
                    chain.doFilter(request, response);
                    return;
                }
                StatementLog.CURRENT_TAG.set(tag);
                try {
                    chain.doFilter(request, response);
                } finally {
                    StatementLog.CURRENT_TAG.remove();
                }
            };
            FilterRegistrationBean<Filter> reg = new FilterRegistrationBean<>(filter);
            reg.setOrder(Ordered.HIGHEST_PRECEDENCE);
            reg.addUrlPatterns("/*");
            return reg;
        }
    }

    @Autowired
    StatementLog log;

    static final int ENTRIES = 105;
    private int requests;

    @BeforeAll
    void entriesOverSeveralProjectsClientsAndMembers() {
        List<String> projects = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String client = createId("clients", Map.of("name", "Batch client " + c));
            for (int p = 0; p < 3; p++) {
                projects.add(createId("projects", Map.of("client", client, "name", "Batch project " + c + "." + p)));
            }
        }
        List<String> members = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            members.add(createId("members", Map.of("name", "Member " + m, "email", "m" + m + "@batch.example.com",
                    "rates", Map.of("standard", 80 + m))));
        }
        for (int i = 0; i < ENTRIES; i++) {
            createId("time-entries", Map.of("project", projects.get(i % projects.size()), "member", members.get(i % members.size()),
                    "date", "2026-02-" + String.format("%02d", 1 + i % 28), "hours", 1));
        }
    }

    /**
     * The SQL run for one request (the response must be 200), without the API key lookup: keys are cached
     * for one second, so that one statement comes and goes with timing (at most one per request).
     */
    private List<String> statementsOf(String pathAndQuery) {
        String tag = "request-" + (++requests);
        Api.Response r = api.withHeader(TAG_HEADER, tag).get(pathAndQuery);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<String> all = log.statements(tag);
        // the key and the organization's settings are cached for a second: at most one lookup each, by timing
        assertThat(selectsFrom(all, "api_keys")).isLessThanOrEqualTo(1);
        assertThat(selectsFrom(all, "organizations")).isLessThanOrEqualTo(1);
        return all.stream()
                .filter(s -> selectsFrom(List.of(s), "api_keys") == 0 && selectsFrom(List.of(s), "organizations") == 0)
                .toList();
    }

    private static long selectsFrom(List<String> statements, String table) {
        Pattern from = Pattern.compile("from \"?" + table + "\"?(\\s|$)", Pattern.CASE_INSENSITIVE);
        return statements.stream().filter(s -> s.regionMatches(true, 0, "select", 0, 6) && from.matcher(s).find()).count();
    }

    @Test
    void listingAPageAtDepthTwoRunsTheSameFewStatementsForTenOrAHundredDocs() {
        List<String> ten = statementsOf("/api/time-entries?limit=10&depth=2");
        List<String> hundred = statementsOf("/api/time-entries?limit=100&depth=2");
        List<String> tenAgain = statementsOf("/api/time-entries?limit=10&depth=2");

        assertThat(hundred).as("statements for limit=100: %s", hundred).hasSameSizeAs(ten).hasSameSizeAs(tenAgain);
        assertThat(hundred.size()).as("%s", hundred).isLessThanOrEqualTo(6);
        // the count (row-count deltas: the list is unfiltered), then one query per (collection, level): the page,
        // then projects and members, then clients
        assertThat(selectsFrom(hundred, "row_count_deltas")).as("count: %s", hundred).isOne();
        assertThat(selectsFrom(hundred, "time_entries")).as("page: %s", hundred).isOne();
        assertThat(selectsFrom(hundred, "projects")).as("%s", hundred).isOne();
        assertThat(selectsFrom(hundred, "members")).as("%s", hundred).isOne();
        assertThat(selectsFrom(hundred, "clients")).as("%s", hundred).isOne();
    }

    @Test
    void theListReallyServedEveryDocPopulated() {
        Api.Response r = api.get("/api/time-entries?limit=100&depth=2");
        assertThat(r.json().path("docs")).hasSize(100);
        r.json().path("docs").forEach(d -> {
            assertThat(d.path("project").path("client").path("name").asString()).startsWith("Batch client");
            assertThat(d.path("member").path("name").asString()).startsWith("Member");
        });
    }

    @Test
    void depthZeroQueriesNoRelatedCollection() {
        List<String> flat = statementsOf("/api/time-entries?limit=100&depth=0");
        assertThat(selectsFrom(flat, "projects")).isZero();
        assertThat(selectsFrom(flat, "clients")).isZero();
        List<String> deep = statementsOf("/api/time-entries?limit=100&depth=2");
        assertThat(deep.size() - flat.size()).as("one statement per populated collection and level").isEqualTo(3);
    }

    @Test
    void populatingOneDocumentDoesNotDependOnHowManyRelationshipsPointAtTheSameTarget() {
        List<String> projects = statementsOf("/api/projects?limit=100&depth=1");
        assertThat(selectsFrom(projects, "clients")).as("%s", projects).isOne();
        assertThat(selectsFrom(projects, "proposals")).as("no sourceProposal set, nothing to fetch").isZero();
    }

    @Test
    void untaggedRequestsAreNotCounted() {
        int before = log.byTag.size();
        api.get("/api/time-entries?limit=5");
        assertThat(log.byTag).hasSize(before);
    }
}
