package uk.transferofcare.notification.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * Outside the local profile the shipped application.yml sends nothing in clear text, and a setting that would stops
 * start-up naming the property; in the local profile (./run: the dev inbox on plain SMTP and http) it starts.
 */
class TransportSecurityTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    static class PropertiesOnly {}

    private static final String[] PRODUCTION_LIKE = {
        "spring.mail.host=smtp.nhs.example",
        "notification.webhook.secret=0123456789abcdef-test",
        "notification.public-base-url=https://toc.nhs.example"
    };

    private static ApplicationContextRunner service(boolean local, String... properties) {
        ApplicationContextRunner runner = new ApplicationContextRunner();
        if (local) {
            runner = runner.withInitializer(c -> c.getEnvironment().setActiveProfiles("local"));
        }
        List<String> values = new ArrayList<>(List.of(PRODUCTION_LIKE));
        values.addAll(List.of(properties));
        return runner.withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(
                        ValidationAutoConfiguration.class,
                        SslAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withUserConfiguration(PropertiesOnly.class, NotificationConfiguration.class)
                .withPropertyValues(values.toArray(String[]::new));
    }

    private static String startupFailure(String... properties) {
        StringBuilder message = new StringBuilder();
        service(false, properties).run(context -> {
            assertThat(context).hasFailed();
            message.append(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())
                    .getMessage());
        });
        return message.toString();
    }

    @Test
    void givenTheShippedConfigurationWithHttpsAddresses_whenStartingOutsideLocal_thenItStarts() {
        service(false).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void givenAPlainHttpWebhookBase_whenStartingOutsideLocal_thenTheErrorNamesItAndEveryWebhookBuiltOnIt() {
        assertThat(startupFailure("notification.webhook.base-url=http://hooks.nhs.example"))
                .contains("notification.webhook.base-url: must be an https URL outside the local profile (set"
                        + " WEBHOOK_SINK_URL), was 'http://hooks.nhs.example'")
                .contains("notification.recipients.ed-coordinator.webhook: must be an https URL outside the local"
                        + " profile, was 'http://hooks.nhs.example/ed/{site}/coordinator'")
                .contains("notification.recipients.division-channel.webhook");
    }

    @Test
    void givenOnePlainHttpWebhook_whenStartingOutsideLocal_thenTheErrorNamesThatRecipient() {
        assertThat(startupFailure("notification.recipients.division-channel.webhook=HTTP://chat.example/{division}"))
                .contains("notification.recipients.division-channel.webhook: must be an https URL outside the local"
                        + " profile, was 'HTTP://chat.example/{division}'")
                .doesNotContain("notification.webhook.base-url")
                .doesNotContain("ed-coordinator");
    }

    @Test
    void givenStartTlsNotRequired_whenStartingOutsideLocal_thenTheErrorNamesTheProperty() {
        assertThat(startupFailure("spring.mail.properties.mail.smtp.starttls.required=false"))
                .contains("spring.mail.properties.mail.smtp.starttls.required: must be true outside the local profile"
                        + " (e-mail goes over STARTTLS, to a server whose certificate names it, or not at all), was"
                        + " 'false'")
                .doesNotContain("starttls.enable");
    }

    @Test
    void givenServerIdentityNotChecked_whenStartingOutsideLocal_thenTheErrorNamesTheProperty() {
        assertThat(startupFailure("spring.mail.properties.mail.smtp.ssl.checkserveridentity=false"))
                .contains("spring.mail.properties.mail.smtp.ssl.checkserveridentity: must be true outside the local"
                        + " profile");
    }

    @Test
    void givenImplicitTls_whenStartingOutsideLocalWithoutStartTls_thenItStarts() {
        service(
                        false,
                        "spring.mail.ssl.enabled=true",
                        "spring.mail.port=465",
                        "spring.mail.properties.mail.smtp.starttls.enable=false",
                        "spring.mail.properties.mail.smtp.starttls.required=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void givenAPlainHttpCaseLink_whenStartingOutsideLocal_thenTheErrorNamesThePropertyAndTheVariable() {
        assertThat(startupFailure("notification.public-base-url=http://localhost:8080"))
                .contains("notification.public-base-url: must be an https URL outside the local profile (set"
                        + " PUBLIC_BASE_URL to the address of handover-api's pages), was 'http://localhost:8080'");
    }

    @Test
    void givenTheLocalProfileWithTheDevInboxOnPlainSmtpAndHttp_whenStarting_thenItStarts() {
        service(
                        true,
                        "spring.mail.host=127.0.0.1",
                        "notification.webhook.base-url=http://127.0.0.1:8025/webhooks",
                        "notification.public-base-url=http://localhost:8080")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
