package app.clearmargin.platform;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.SpringProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin commands of API.md §6. Arguments are checked before anything starts (exit 2 with a
 * usage message); the command then runs against the configured database, prints JSON on stdout and
 * exits 0, or 1 with the reason on stderr.
 */
public final class AdminCli {

    static final String USAGE = """
            usage:
              java -jar clearmargin.jar org create --name NAME [--currency USD] [--timezone Europe/Berlin]
              java -jar clearmargin.jar key create --org org_… --name NAME --scopes read_only|full_access|clients:read,… \
            [--rate-limit N] [--test]
              java -jar clearmargin.jar seed --org org_… [--clients N] [--contacts N] [--projects N] [--invoices N] \
            [--time-entries N] [--members N] [--seed N]
              java -jar clearmargin.jar reencrypt-secrets
            """;

    private AdminCli() {}

    public static boolean handles(String[] args) {
        return args.length > 0
                && Set.of("org", "key", "seed", "reencrypt-secrets").contains(args[0]);
    }

    /** Runs the command; returns the process exit code. */
    public static int run(Class<?> application, String[] args) {
        CliCommand command;
        try {
            command = CliCommand.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        // Spring AOT's generated context is the web server's (docs/operations.md, "Fast start"): the CLI,
        // which has no web server, always builds its context the ordinary way, even under the fast-start
        // command's -Dspring.aot.enabled=true
        SpringProperties.setProperty("spring.aot.enabled", "false");
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("clearmargin.cli", "true");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("logging.level.root", "WARN");
        app.setDefaultProperties(defaults);
        PrintStream out = System.out;
        System.setOut(System.err); // logs go to stderr; stdout carries only the JSON result
        // command-line properties outrank application.properties: no jobs, no demo, no web in the CLI,
        // and no statement timeout (a bulk seed's COPY runs for minutes)
        try (ConfigurableApplicationContext ctx = app.run(
                "--clearmargin.cli=true",
                "--db-scheduler.enabled=false",
                "--clearmargin.demo.enabled=false",
                "--clearmargin.db.statement-timeout=0")) {
            Object result = ctx.getBean(CliCommands.class).execute(command);
            out.println(ctx.getBean(JsonMapper.class)
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(result));
            return 0;
        } catch (CliCommand.Refused e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println("error: " + root.getMessage());
            return 1;
        }
    }
}
