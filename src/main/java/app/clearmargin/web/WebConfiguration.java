package app.clearmargin.web;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.AbstractLimiter;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter(ErrorResponder errors) {
        FilterRegistrationBean<RequestIdFilter> reg = new FilterRegistrationBean<>(new RequestIdFilter(errors));
        reg.addUrlPatterns("/*");
        reg.setOrder(FilterOrder.REQUEST_ID);
        reg.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return reg;
    }

    @Bean
    FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(ErrorResponder errors) {
        FilterRegistrationBean<RequestBodyFilter> reg = new FilterRegistrationBean<>(new RequestBodyFilter(errors));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.REQUEST_BODY);
        return reg;
    }

    /**
     * API requests at work at once, and how many more may wait how long for a place (docs/operations.md,
     * Overload). {@code /health} and {@code /metrics} are never held back: a saturated node must still
     * say it is alive and show why it is slow. Client pages have their own per-address limit.
     */
    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter(
            ErrorResponder errors,
            MeterRegistry meters,
            @Value("${clearmargin.http.max-concurrent-requests}") int maxConcurrent,
            @Value("${clearmargin.http.max-waiting-requests}") int maxWaiting,
            @Value("${clearmargin.http.max-wait}") Duration maxWait) {
        AbstractLimiter<Void> atWork = new SimpleLimiter.Builder()
                .named("http")
                .limit(FixedLimit.of(maxConcurrent))
                .build();
        LifoBlockingLimiter<Void> admission = LifoBlockingLimiter.newBuilder(atWork)
                .backlogSize(maxWaiting)
                .backlogTimeoutMillis(maxWait.toMillis())
                .build();
        Gauge.builder("clearmargin.http.requests.at.work", atWork, AbstractLimiter::getInflight)
                .description(
                        "Requests admitted and not yet answered (at most clearmargin.http.max-concurrent-requests)")
                .register(meters);
        Counter rejected = Counter.builder("clearmargin.http.requests.rejected")
                .description("Requests answered 503 because the server was saturated")
                .register(meters);
        FilterRegistrationBean<AdmissionFilter> reg =
                new FilterRegistrationBean<>(new AdmissionFilter(admission, errors, rejected::increment));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.ADMISSION);
        return reg;
    }
}
