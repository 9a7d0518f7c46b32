package app.clearmargin.support;

import app.clearmargin.Clearmargin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another node of the server in this JVM, on its own random port, against the test database: for
 * tests that need a differently configured server (testing mode off) or several nodes at once.
 * Settings are passed as command-line arguments so they win over application.properties.
 */
public final class AppInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AppInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts a node like the test server (testing mode, no demo data, db-scheduler off) with
     * {@code overrides} on top, e.g. {@code clearmargin.testing=false} or {@code db-scheduler.enabled=true}.
     */
    public static AppInstance start(Map<String, String> overrides) {
        TestDatabase db = TestDatabase.get();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("clearmargin.testing", "true");
        settings.put("clearmargin.demo.enabled", "false");
        settings.put("db-scheduler.enabled", "false");
        settings.put("clearmargin.db.url", db.url());
        settings.put("clearmargin.db.user", db.user());
        settings.put("clearmargin.db.password", db.password());
        settings.put("clearmargin.db.pool-size", "6");
        settings.put("clearmargin.db.data-dir", "target/test-data");
        settings.put("logging.level.root", "WARN");
        settings.put("spring.main.banner-mode", "off");
        settings.putAll(overrides);
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(Clearmargin.class).run(args.toArray(String[]::new));
        return new AppInstance(context);
    }

    public int port() {
        Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("the node has no web server port");
        }
        return port;
    }

    /** A client of this node with the given key. */
    public Api api(String key) {
        return new Api("http://127.0.0.1:" + port(), key);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
