package uk.transferofcare.notification.config;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import uk.transferofcare.notification.routing.Router;
import uk.transferofcare.notification.support.DeliveryThreads;

/**
 * The routing table, the clock, the delivery threads, and the start-up checks that e-mail recipients have an SMTP
 * server and that, outside the local profile, nothing is sent in clear text ({@link TransportSecurity}).
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    Router router(NotificationProperties properties) {
        return new Router(properties);
    }

    @Bean(destroyMethod = "close")
    DeliveryThreads deliveryThreads(NotificationProperties properties) {
        return new DeliveryThreads(properties.delivery().threads());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    InitializingBean transportSecurity(Environment environment, NotificationProperties properties) {
        return () -> {
            List<String> problems = TransportSecurity.problems(environment, properties);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "Clear-text delivery refused outside the local profile:\n  " + String.join("\n  ", problems));
            }
        };
    }

    @Bean
    InitializingBean smtpConfiguredForEmailRecipients(
            NotificationProperties properties, ObjectProvider<JavaMailSender> mail) {
        return () -> {
            List<String> withEmail = properties.recipients().entrySet().stream()
                    .filter(e -> e.getValue() != null
                            && e.getValue().email() != null
                            && !e.getValue().email().isBlank())
                    .map(java.util.Map.Entry::getKey)
                    .sorted()
                    .toList();
            if (!withEmail.isEmpty() && mail.getIfAvailable() == null) {
                throw new IllegalStateException("spring.mail.host: required because recipients " + withEmail
                        + " have an e-mail address; set SPRING_MAIL_HOST (and SPRING_MAIL_PORT)");
            }
        };
    }
}
