package app.clearmargin.platform;

import app.clearmargin.shared.Ids;
import app.clearmargin.shared.TestableClock;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;

@Configuration(proxyBeanMethods = false)
class CoreConfiguration {

    /** The one clock; only the test clock endpoint ever shifts it. */
    @Bean
    TestableClock clock() {
        return TestableClock.system();
    }

    @Bean
    Ids ids(TestableClock clock) {
        return new Ids(clock);
    }

    /**
     * No per-statement work we do not use: jOOQ's debug-logging listener and the JDBC warnings fetch
     * after every statement.
     */
    @Bean
    org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer leanJooq() {
        return configuration ->
                configuration.settings().withExecuteLogging(false).withFetchWarnings(false);
    }

    /** Exact decimals in and out (money is never a binary float), and no silently merged duplicate keys. */
    @Bean
    JsonMapperBuilderCustomizer exactJson() {
        return builder -> builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
