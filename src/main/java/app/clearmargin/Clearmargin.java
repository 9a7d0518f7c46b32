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
        if (AdminCli.handles(args)) {
            System.exit(AdminCli.run(Clearmargin.class, args));
        }
        SpringApplication.run(Clearmargin.class, args);
    }
}
