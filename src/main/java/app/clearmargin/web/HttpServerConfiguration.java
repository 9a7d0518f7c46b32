package app.clearmargin.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat beyond what {@code server.tomcat.*} offers: the API's error body for what
 * Tomcat refuses by itself.
 */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpLayer(ErrorResponder errors) {
        return factory -> {
            factory.addContextCustomizers(context -> {
                // the Host adds its default error report valve at start unless one of this class is there
                StandardHost host = (StandardHost) context.getParent();
                HttpErrorReportValve valve = new HttpErrorReportValve(errors);
                host.setErrorReportValveClass(valve.getClass().getName());
                host.getPipeline().addValve(valve);
            });
        };
    }
}
