package app.clearmargin.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import app.clearmargin.shared.TestableClock;
import app.clearmargin.web.ErrorResponder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import tools.jackson.databind.json.JsonMapper;

/** {@code clearmargin.ratelimit.enabled}: on by default (API.md requires the limit), off only when set false. */
class RateLimitConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(JsonMapper.class, JsonMapper::new)
            .withBean(TestableClock.class, TestableClock::system)
            .withUserConfiguration(ErrorResponder.class, RateLimitConfiguration.class);

    @Test
    void filterIsRegisteredByDefault() {
        context.run(ctx -> assertThat(
                        ctx.getBeansOfType(FilterRegistrationBean.class).values())
                .anyMatch(RateLimitConfigurationTest::enabledLimiter));
    }

    @Test
    void filterIsRegisteredWhenExplicitlyEnabled() {
        context.withPropertyValues("clearmargin.ratelimit.enabled=true")
                .run(ctx -> assertThat(
                                ctx.getBeansOfType(FilterRegistrationBean.class).values())
                        .anyMatch(RateLimitConfigurationTest::enabledLimiter));
    }

    @Test
    void filterIsNotRegisteredWhenDisabledForMeasurement() {
        context.withPropertyValues("clearmargin.ratelimit.enabled=false").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBeansOfType(FilterRegistrationBean.class).values())
                    .noneMatch(RateLimitConfigurationTest::enabledLimiter);
        });
    }

    /** A registration the servlet container adds: a disabled one is skipped. */
    private static boolean enabledLimiter(FilterRegistrationBean<?> reg) {
        return reg.getFilter() instanceof RateLimitFilter && reg.isEnabled();
    }
}
