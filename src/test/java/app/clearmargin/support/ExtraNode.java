package app.clearmargin.support;

import app.clearmargin.Clearmargin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another Clearmargin server in this JVM, on its own random port, against the test database by
 * default: a second node of the cluster (shared Redis rate limit, revocation seen by another node),
 * or a node with a different configuration (database behind a proxy, demo bootstrap). Close it when
 * done; every node holds a connection pool and a Tomcat.
 */
public final class ExtraNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private ExtraNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** A node on the test database with the test defaults, {@code overrides} winning over them. */
    public static ExtraNode start(Map<String, String> overrides) {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("clearmargin.db.url", db.url());
        properties.put("clearmargin.db.user", db.user());
        properties.put("clearmargin.db.password", db.password());
        properties.put("clearmargin.db.pool-size", "5");
        properties.put("clearmargin.db.data-dir", "target/test-data");
        properties.put("clearmargin.testing", "true");
        properties.put("clearmargin.demo.enabled", "false");
        properties.put("db-scheduler.enabled", "false");
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(overrides);
        // as command-line arguments: they outrank application.properties, default properties do not
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Clearmargin.class).run(arguments);
        return new ExtraNode(context);
    }

    public int port() {
        return port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of this node using {@code key}. */
    public Api api(String key) {
        return new Api(base(), key);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
