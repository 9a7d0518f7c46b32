package app.clearmargin.ratelimit;

import app.clearmargin.shared.TestableClock;
import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.FilterOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
     */
    @Bean
    @ConditionalOnBooleanProperty(name = "clearmargin.ratelimit.enabled", matchIfMissing = true)
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(TokenBuckets buckets, ErrorResponder errors) {
        FilterRegistrationBean<RateLimitFilter> reg =
                new FilterRegistrationBean<>(new RateLimitFilter(buckets, errors));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.RATE_LIMIT);
        return reg;
    }
}
