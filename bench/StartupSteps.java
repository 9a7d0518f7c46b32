import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;

/**
 * Where one start spends its time: starts the server once with Spring's BufferingApplicationStartup,
 * and when it is ready prints the steps (bean creations, configuration parsing, the web server) by
 * their own time (without their children's), as a markdown table, then stops. Run it on the extracted
 * jar, with the server's usual environment (CLEARMARGIN_DB_URL, PORT, …):
 *
 *   java -Djarmode=tools -jar target/clearmargin.jar extract --destination /tmp/cm-x
 *   java -cp /tmp/cm-x/clearmargin.jar bench/StartupSteps.java [TOP]
 *
 * Add -XX:StartFlightRecording=filename=start.jfr,settings=profile for the JFR side of the same start.
 */
public class StartupSteps {

    record Step(long id, Long parent, String name, String tags, long millis) {}

    public static void main(String[] args) throws Exception {
        int top = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Class<?> main = Class.forName("app.clearmargin.Clearmargin");
        SpringApplication app = new SpringApplication(main);
        // with -Dspring.aot.enabled=true Spring looks for the main class's AOT initializer, not this one's
        app.setMainApplicationClass(main);
        BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
        app.setApplicationStartup(startup);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        var context = app.run();
        long ready = System.currentTimeMillis() - jvmStart;
        List<Step> steps = new ArrayList<>();
        for (var event : startup.getBufferedTimeline().getEvents()) {
            var s = event.getStartupStep();
            StringBuilder tags = new StringBuilder();
            s.getTags().forEach(t -> tags.append(t.getKey()).append('=').append(t.getValue()).append(' '));
            steps.add(new Step(s.getId(), s.getParentId(), s.getName(), tags.toString().trim(),
                    event.getDuration().toMillis()));
        }
        Map<Long, Long> children = new HashMap<>();
        for (Step s : steps) {
            if (s.parent() != null) {
                children.merge(s.parent(), s.millis(), Long::sum);
            }
        }
        long refresh = steps.stream().filter(s -> s.name().equals("spring.context.refresh"))
                .mapToLong(Step::millis).sum();
        long ours = 0;
        List<String> rows = new ArrayList<>();
        steps.sort(Comparator.comparingLong((Step s) -> s.millis() - children.getOrDefault(s.id(), 0L)).reversed());
        for (Step s : steps) {
            long self = s.millis() - children.getOrDefault(s.id(), 0L);
            if (s.tags().contains("app.clearmargin") || isOurBean(s.tags())) {
                ours += self;
            }
            if (rows.size() < top) {
                rows.add("| " + self + " | " + s.millis() + " | " + s.name() + " | " + s.tags().replace("|", "/") + " |");
            }
        }
        System.out.printf("%nJVM start to ready: %d ms; context refresh %d ms, of it in our beans (own time) %d ms, %d classes loaded%n%n",
                ready, refresh, ours, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        System.out.println("| own ms | with children ms | step | tags |\n|---:|---:|---|---|");
        rows.forEach(System.out::println);
        context.close();
        System.exit(0);
    }

    /** A bean named after one of our classes (component beans carry no type tag). */
    private static boolean isOurBean(String tags) {
        var m = java.util.regex.Pattern.compile("beanName=(\\S+)").matcher(tags);
        if (!m.find()) {
            return false;
        }
        String name = m.group(1);
        String type = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String pkg : OUR_PACKAGES) {
            try {
                Class.forName("app.clearmargin." + pkg + "." + type, false, StartupSteps.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                // not ours in this package
            }
        }
        return false;
    }

    private static final List<String> OUR_PACKAGES = List.of("apikeys", "audit", "auth", "billing", "catalog",
            "collections", "crm", "demo", "events", "idempotency", "ledger", "links", "mail", "organization",
            "payments", "platform", "portal", "printing", "proposals", "query", "ratelimit", "scheduling", "shared",
            "tenancy", "web", "webhooks", "work");
}
