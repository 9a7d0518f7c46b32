package app.clearmargin.payments;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class PaymentsConfiguration {

    /**
     * The secrets key from {@code clearmargin.secrets.key}; with none and the embedded database (no
     * {@code clearmargin.db.url}), the generated key file in its data directory.
     */
    @Bean
    SecretBox secretBox(Environment env) {
        String url = env.getProperty("clearmargin.db.url", "");
        Path embeddedDataDir = url.isBlank() ? Path.of(env.getProperty("clearmargin.db.data-dir", "./data")) : null;
        return SecretBox.configured(
                env.getProperty("clearmargin.secrets.key"),
                env.getProperty("clearmargin.secrets.previous-keys"),
                embeddedDataDir);
    }
}
