package app.clearmargin.auth;

import app.clearmargin.web.ErrorResponder;
import app.clearmargin.web.FilterOrder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    FilterRegistrationBean<AuthFilter> authFilter(ApiKeys keys, ErrorResponder errors) {
        FilterRegistrationBean<AuthFilter> reg = new FilterRegistrationBean<>(new AuthFilter(keys, errors));
        reg.addUrlPatterns("/api/*");
        reg.setOrder(FilterOrder.AUTHENTICATION);
        return reg;
    }
}
