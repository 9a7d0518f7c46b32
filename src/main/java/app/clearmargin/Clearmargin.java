package app.clearmargin;

import app.clearmargin.platform.AdminCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Clearmargin API server. With arguments {@code org …}, {@code key …} or {@code seed …} the same
 * jar is the admin CLI: it runs one command against the configured database and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Clearmargin {

    public static void main(String[] args) {
        // Virtual threads that load classes from the packaged jar pin their carrier while they wait
        // for the jar's lock (spring-projects/spring-boot#51463); with one carrier per core (two here)
        // a handful of such waiters could stall every request. More carriers than cores cost little.
        System.getProperties()
                .putIfAbsent(
                        "jdk.virtualThreadScheduler.parallelism",
                        Integer.toString(Math.max(8, 2 * Runtime.getRuntime().availableProcessors())));
        if (AdminCli.handles(args)) {
            System.exit(AdminCli.run(Clearmargin.class, args));
        }
        SpringApplication.run(Clearmargin.class, args);
    }
}
