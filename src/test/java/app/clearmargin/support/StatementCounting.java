package app.clearmargin.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Counts the SQL of a request, in the one context every {@link ApiTest} shares (a test class with a
 * context of its own started before the webhook tests makes them miss deliveries, so none has one):
 * autowire {@link StatementLog} and tag a request with {@link #TAG_HEADER}. Statements are
 * recorded where every one passes — the connections of the DataSource, whether jOOQ or the plain-JDBC
 * fast path prepares them — when prepared on the request's own thread while a servlet filter has tagged
 * it ({@link #TAG_HEADER}), so background work (key usage flushes, deliveries) is never counted.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounting {

    public static final String TAG_HEADER = "X-Test-Statement-Tag";

    /** SQL statements by request tag. */
    public static final class StatementLog {

        private static final ThreadLocal<String> CURRENT_TAG = new ThreadLocal<>();
        private final Map<String, List<String>> byTag = new ConcurrentHashMap<>();

        void prepared(String sql) {
            String tag = CURRENT_TAG.get();
            if (tag != null) {
                byTag.computeIfAbsent(tag, t -> Collections.synchronizedList(new ArrayList<>()))
                        .add(sql);
            }
        }

        /** The data source with every prepared statement recorded. */
        DataSource recording(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        Object result = invoke(method, target, args);
                        return result instanceof Connection c ? recording(c) : result;
                    });
        }

        private Connection recording(Connection target) {
            return (Connection) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")
                                && args != null
                                && args[0] instanceof String sql) {
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

        public List<String> statements(String tag) {
            return List.copyOf(byTag.getOrDefault(tag, List.of()));
        }

        /**
         * The statements of a request without the API key and organization lookups: both are cached for a
         * second, so each comes and goes with timing (at most one per request).
         */
        public List<String> ofRequest(String tag) {
            List<String> all = statements(tag);
            assertThat(selectsFrom(all, "api_keys")).as("key lookups: %s", all).isLessThanOrEqualTo(1);
            assertThat(selectsFrom(all, "organizations"))
                    .as("organization lookups: %s", all)
                    .isLessThanOrEqualTo(1);
            return all.stream()
                    .filter(s ->
                            selectsFrom(List.of(s), "api_keys") == 0 && selectsFrom(List.of(s), "organizations") == 0)
                    .toList();
        }

        /** How many tags have statements recorded. */
        public int tags() {
            return byTag.size();
        }
    }

    /** The SELECTs among {@code statements} that read {@code table}. */
    public static long selectsFrom(List<String> statements, String table) {
        Pattern from = Pattern.compile("from \"?" + table + "\"?(\\s|$)", Pattern.CASE_INSENSITIVE);
        return statements.stream()
                .filter(s -> s.regionMatches(true, 0, "select", 0, 6)
                        && from.matcher(s).find())
                .count();
    }

    @Bean
    StatementLog statementLog() {
        return new StatementLog();
    }

    @Bean
    static BeanPostProcessor recordingDataSource(ObjectProvider<StatementLog> log) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds && !(bean instanceof Proxy)
                        ? log.getObject().recording(ds)
                        : bean;
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
