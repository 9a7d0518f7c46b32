package app.clearmargin.ratelimit;

import app.clearmargin.shared.TestableClock;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.FilterOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    TokenBuckets tokenBuckets(@Value("${clearmargin.redis.url:}") String redisUrl, TestableClock clock) {
        LocalTokenBuckets local = new LocalTokenBuckets(TokenBuckets.timeOf(clock));
        return redisUrl == null || redisUrl.isBlank() ? local : new RedisTokenBuckets(redisUrl, local);
    }

    /**
     * On unless {@code clearmargin.ratelimit.enabled=false} ({@code CLEARMARGIN_RATELIMIT_ENABLED}), which
     * exists only to measure what the limiter costs (bench/auth-overhead.sh): API.md requires the limit.
     * A disabled registration is not added to the servlet context. Decided here, at run time, not by a
     * bean condition: with Spring AOT (docs/operations.md, "Fast start") conditions are fixed at build.
     */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
            TokenBuckets buckets,
            ErrorResponder errors,
            @Value("${clearmargin.ratelimit.enabled:true}") boolean enabled) {
        FilterRegistrationBean<RateLimitFilter> reg =
                new FilterRegistrationBean<>(new RateLimitFilter(buckets, errors));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.RATE_LIMIT);
        reg.setEnabled(enabled);
        return reg;
    }
}
