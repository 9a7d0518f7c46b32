package app.clearmargin.web;

import jakarta.servlet.DispatcherType;
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
}
