package uk.transferofcare.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * E-mail with the shipped application.yml, through the service's own SMTP connection pool, against a real SMTP server
 * in the JVM that offers STARTTLS (or not): outside the local profile a message goes over STARTTLS to a server whose
 * certificate the configured trust store (an SSL bundle) vouches for, or it does not go at all; in the local profile
 * (./run's dev inbox) plain SMTP works.
 */
class SmtpStartTlsTest {

    @TempDir
    static Path certificates;

    /** The shipped configuration for an SMTP server on this port, in the local profile or not. */
    private static ApplicationContextRunner service(int port, boolean local, String... properties) {
        ApplicationContextRunner runner = new ApplicationContextRunner();
        if (local) {
            runner = runner.withInitializer(c -> c.getEnvironment().setActiveProfiles("local"));
        }
        List<String> values = new ArrayList<>(List.of("spring.mail.host=127.0.0.1", "spring.mail.port=" + port));
        values.addAll(List.of(properties));
        return runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MailSenderAutoConfiguration.class))
                .withPropertyValues(values.toArray(String[]::new));
    }

    private static String[] trustingTheTestCertificate() {
        return new String[] {
            "spring.mail.ssl.bundle=smtp",
            "spring.ssl.bundle.jks.smtp.truststore.location=file:" + StartTlsSmtpServer.trustStore(certificates),
            "spring.ssl.bundle.jks.smtp.truststore.password=" + StartTlsSmtpServer.PASSWORD,
            "spring.ssl.bundle.jks.smtp.truststore.type=PKCS12"
        };
    }

    /** Sends one message on the service's pool; what the send completed with. */
    private static void send(JavaMailSender sender, String subject) throws Exception {
        try (SmtpConnections pool =
                new SmtpConnections((JavaMailSenderImpl) sender, 1, Duration.ofSeconds(30), Clock.systemUTC())) {
            MimeMessage message = new MimeMessage(pool.session());
            message.setFrom(new InternetAddress("notifications@transfer-of-care.example"));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress("ed-coordinator.qeuh@nhs.example"));
            message.setSubject(subject);
            message.setText("Case page: https://toc.example/cases/1");
            pool.send(message).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenAServerOfferingStartTlsAndATrustedCertificate_whenSending_thenEveryMailCommandGoesOverTls()
            throws Exception {
        try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(certificates, true)) {
            service(smtp.port(), false, trustingTheTestCertificate()).run(context -> {
                assertThat(context).hasNotFailed();

                send(context.getBean(JavaMailSender.class), "Pre-alert: police bringing a person to QEUH");

                assertThat(smtp.received())
                        .singleElement()
                        .satisfies(r -> assertThat(r.tls()).isTrue())
                        .satisfies(r -> assertThat(r.data()).contains("Pre-alert: police bringing a person to QEUH"));
                assertThat(smtp.commands())
                        .filteredOn(c -> c.line().startsWith("MAIL")
                                || c.line().startsWith("RCPT")
                                || c.line().startsWith("DATA"))
                        .hasSize(3)
                        .allMatch(StartTlsSmtpServer.Command::tls);
                assertThat(smtp.commands()).anyMatch(c -> c.line().equals("STARTTLS") && !c.tls());
            });
        }
    }

    @Test
    void givenAServerWithoutStartTls_whenSendingOutsideLocal_thenNothingIsSentInClearText() throws Exception {
        try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(certificates, false)) {
            service(smtp.port(), false, trustingTheTestCertificate()).run(context -> {
                assertThatThrownBy(() -> send(context.getBean(JavaMailSender.class), "Arrived"))
                        .isInstanceOf(ExecutionException.class)
                        .rootCause()
                        .hasMessageContaining("STARTTLS");
                assertThat(smtp.received()).isEmpty();
                assertThat(smtp.commands()).noneMatch(c -> c.line().startsWith("MAIL"));
            });
        }
    }

    @Test
    void givenACertificateTheTrustStoreDoesNotHold_whenSending_thenTheHandshakeFailsAndNothingIsSent()
            throws Exception {
        try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(certificates, true)) {
            // No bundle: the JDK's trust store, which does not know the test certificate.
            service(smtp.port(), false).run(context -> {
                assertThatThrownBy(() -> send(context.getBean(JavaMailSender.class), "Arrived"))
                        .isInstanceOf(ExecutionException.class);

                assertThat(smtp.received()).isEmpty();
                assertThat(smtp.commands()).noneMatch(c -> c.line().startsWith("MAIL"));
            });
        }
    }

    @Test
    void givenTheLocalProfile_whenSendingToThePlainDevInbox_thenItIsDelivered() throws Exception {
        try (StartTlsSmtpServer smtp = new StartTlsSmtpServer(certificates, false)) {
            service(smtp.port(), true).run(context -> {
                send(context.getBean(JavaMailSender.class), "Handed over at QEUH");

                assertThat(smtp.received())
                        .singleElement()
                        .satisfies(r -> assertThat(r.tls()).isFalse());
            });
        }
    }
}
