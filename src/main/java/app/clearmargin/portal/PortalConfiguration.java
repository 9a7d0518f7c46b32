package app.clearmargin.portal;

import app.clearmargin.ratelimit.AddressLimits;
import app.clearmargin.web.FilterOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PortalConfiguration {

    @Bean
    FilterRegistrationBean<ClientPageFilter> clientPageFilter(
            AddressLimits limits,
            PageRenderer pages,
            @Value("${clearmargin.stripe.checkout-origin:https://checkout.stripe.com}") String checkoutOrigin) {
        FilterRegistrationBean<ClientPageFilter> reg =
                new FilterRegistrationBean<>(new ClientPageFilter(limits, pages, checkoutOrigin));
        reg.addUrlPatterns("/c/*");
        reg.setOrder(FilterOrder.RATE_LIMIT);
        return reg;
    }
}
