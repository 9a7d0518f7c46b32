package app.clearmargin.mail;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * The SMTP client, when {@code spring.mail.host} ({@code SPRING_MAIL_HOST}) is set. Made here, not by
 * Spring Boot's mail auto-configuration (excluded in application.properties), because that one is chosen
 * by a bean condition, which Spring AOT (docs/operations.md, "Fast start") fixes when the jar is built:
 * the fast-start server would then ignore SMTP settings given at run time. The {@code spring.mail.*}
 * properties are Spring Boot's and mean what they mean there (host, port, credentials, protocol,
 * default encoding, {@code properties.*}, {@code ssl.enabled}, {@code ssl.bundle}).
 */
@Configuration(proxyBeanMethods = false)
class SmtpConfiguration {

    /** The SMTP client, or none: then e-mails are written to the file outbox. */
    record Smtp(Optional<JavaMailSender> sender) {}

    @Bean
    Smtp smtp(Environment environment, ObjectProvider<SslBundles> sslBundles) {
        MailProperties mail = Binder.get(environment)
                .bind("spring.mail", MailProperties.class)
                .orElseGet(MailProperties::new);
        if (!StringUtils.hasText(mail.getHost())) {
            return new Smtp(Optional.empty());
        }
        return new Smtp(Optional.of(sender(mail, sslBundles)));
    }

    /** As Spring Boot's own {@code MailSenderPropertiesConfiguration} does it. */
    private static JavaMailSenderImpl sender(MailProperties mail, ObjectProvider<SslBundles> sslBundles) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(mail.getHost());
        if (mail.getPort() != null) {
            sender.setPort(mail.getPort());
        }
        sender.setUsername(mail.getUsername());
        sender.setPassword(mail.getPassword());
        sender.setProtocol(mail.getProtocol());
        if (mail.getDefaultEncoding() != null) {
            sender.setDefaultEncoding(mail.getDefaultEncoding().name());
        }
        Properties properties = new Properties();
        for (Map.Entry<String, String> e : mail.getProperties().entrySet()) {
            properties.setProperty(e.getKey(), e.getValue());
        }
        String protocol = StringUtils.hasLength(mail.getProtocol()) ? mail.getProtocol() : "smtp";
        MailProperties.Ssl ssl = mail.getSsl();
        if (ssl.isEnabled()) {
            properties.setProperty("mail." + protocol + ".ssl.enable", "true");
        }
        if (StringUtils.hasLength(ssl.getBundle())) {
            SslBundles bundles = sslBundles.getObject();
            properties.put(
                    "mail." + protocol + ".ssl.socketFactory",
                    bundles.getBundle(ssl.getBundle()).createSslContext().getSocketFactory());
        }
        if (!properties.isEmpty()) {
            sender.setJavaMailProperties(properties);
        }
        return sender;
    }
}
