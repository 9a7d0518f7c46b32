package app.clearmargin.web;

import java.time.Duration;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat beyond what {@code server.tomcat.*} offers: the API's error body for what
 * Tomcat refuses by itself, and a deadline for request heads (slow clients).
 */
@Configuration(proxyBeanMethods = false)
class HttpServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> httpLayer(
            ErrorResponder errors, @Value("${clearmargin.http.header-deadline:20s}") Duration headerDeadline) {
        return factory -> {
            factory.setProtocol(HeaderDeadlineProtocol.class.getName());
            factory.addProtocolHandlerCustomizers((TomcatProtocolHandlerCustomizer<HeaderDeadlineProtocol>)
                    protocol -> protocol.setHeaderDeadline(headerDeadline));
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
