package app.clearmargin.portal;

import app.clearmargin.ratelimit.AddressLimits;
import app.clearmargin.web.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PortalConfiguration {

    @Bean
    FilterRegistrationBean<ClientPageFilter> clientPageFilter(AddressLimits limits, PageRenderer pages) {
        FilterRegistrationBean<ClientPageFilter> reg =
                new FilterRegistrationBean<>(new ClientPageFilter(limits, pages));
        reg.addUrlPatterns("/c/*");
        reg.setOrder(FilterOrder.RATE_LIMIT);
        return reg;
    }
}
