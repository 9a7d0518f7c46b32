package app.clearmargin.idempotency;

import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.FilterOrder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);
    private final IdempotencyStore store;

    IdempotencyConfiguration(IdempotencyStore store) {
        this.store = store;
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(ErrorResponder errors, JsonMapper json, Clock clock) {
        FilterRegistrationBean<IdempotencyFilter> reg =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, errors, json, clock));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.IDEMPOTENCY);
        return reg;
    }

    /** Stored responses older than 24 h are dropped hourly (any node may do it; the delete is idempotent). */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purge() {
        int n = store.purgeExpired();
        if (n > 0) {
            log.info("purged {} expired idempotency keys", n);
        }
    }
}
