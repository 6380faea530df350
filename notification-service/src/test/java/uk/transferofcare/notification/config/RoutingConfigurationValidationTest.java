package uk.transferofcare.notification.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

/**
 * Bad routing configuration stops start-up with a message naming the key. Each case starts from the shipped
 * application.yml and breaks one thing.
 */
class RoutingConfigurationValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues("notification.webhook.secret=0123456789abcdef-test");

    /** The message of the failure that stopped start-up, with every cause. */
    private String startupFailure(String... properties) {
        StringBuilder message = new StringBuilder();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                message.append(t.getMessage()).append('\n');
            }
            message.append(NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
        });
        return message.toString();
    }

    @Test
    void givenTheShippedConfiguration_whenBound_thenItStarts() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .getBean(NotificationProperties.class)
                .extracting(p -> p.routes().size(), p -> p.recipients().size())
                .containsExactly(11, 8));
    }

    @Test
    void givenAnUnknownEventType_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure(
                        "notification.routes[0].event=TELEPORTED",
                        "notification.routes[0].recipients[0]=ed-coordinator"))
                .contains("notification.routes[0].event")
                .contains("TELEPORTED");
    }

    @Test
    void givenALevelOutsideOneToThree_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure(
                        "notification.routes[0].event=ESCALATED",
                        "notification.routes[0].level=4",
                        "notification.routes[0].recipients[0]=duty-inspector"))
                .contains("notification.routes[0].level")
                .contains("must be less than or equal to 3");
    }

    @Test
    void givenTheDestinationSiteOnARouteThatIsNoDiversion_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure(
                        "notification.routes[0].event=ARRIVED",
                        "notification.routes[0].site-of=destination",
                        "notification.routes[0].recipients[0]=ed-coordinator"))
                .contains("notification.routes[0].site-of: only DIVERTED routes can address the destination site");
    }

    @Test
    void givenAWithdrawnPointOnARouteThatIsNoUndo_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure(
                        "notification.routes[0].event=HANDED_OVER",
                        "notification.routes[0].withdrawn=HANDED_OVER",
                        "notification.routes[0].recipients[0]=ed-coordinator"))
                .contains("notification.routes[0].withdrawn: only ACTION_UNDONE routes name a withdrawn time point");
    }

    @Test
    void givenALevelOnANonEscalationRoute_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure(
                        "notification.routes[0].event=ARRIVED",
                        "notification.routes[0].level=1",
                        "notification.routes[0].recipients[0]=ed-coordinator"))
                .contains("notification.routes[0].level: only ESCALATED routes have a level");
    }

    @Test
    void givenARouteNamingAnUnknownRecipient_whenStarting_thenTheErrorNamesTheKeyAndTheKnownRecipients() {
        assertThat(startupFailure(
                        "notification.routes[0].event=HANDED_OVER",
                        "notification.routes[0].recipients[0]=division-channel",
                        "notification.routes[0].recipients[1]=divison-channel"))
                .contains("notification.routes[0].recipients[1]: unknown recipient 'divison-channel'")
                .contains("division-channel");
    }

    @Test
    void givenARecipientWithoutAnyChannel_whenStarting_thenTheErrorNamesTheRecipient() {
        assertThat(startupFailure("notification.recipients.bed-manager.description=Bed manager"))
                .contains("notification.recipients.bed-manager: has no channel");
    }

    @Test
    void givenAMalformedWebhookUrl_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.recipients.division-channel.webhook=hooks.example/{division}"))
                .contains("notification.recipients.division-channel.webhook: 'hooks.example/{division}' is not an"
                        + " absolute http(s) URL");
    }

    @Test
    void givenAMalformedEmailAddress_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.recipients.ed-coordinator.email=ed coordinator at {site}"))
                .contains("notification.recipients.ed-coordinator.email: 'ed coordinator at {site}' is not a valid"
                        + " e-mail address");
    }

    @Test
    void givenAnUnknownPlaceholder_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.recipients.ed-coordinator.email=coordinator.{hospital}@nhs.example"))
                .contains("notification.recipients.ed-coordinator.email: unknown placeholder {hospital}");
    }

    @Test
    void givenWebhooksWithoutAnHmacSecret_whenStarting_thenTheErrorNamesTheKeyAndTheVariable() {
        assertThat(startupFailure("notification.webhook.secret="))
                .contains("notification.webhook.secret: required because recipients")
                .contains("NOTIFY_WEBHOOK_SECRET");
    }

    @Test
    void givenAShortHmacSecret_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.webhook.secret=short"))
                .contains("notification.webhook.secret: must be at least 16 characters");
    }

    @Test
    void givenRetryDelaysOutOfOrder_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.retries.initial-delay=5m", "notification.retries.max-delay=1m"))
                .contains(
                        "notification.retries.max-delay: must not be shorter than notification.retries.initial-delay");
    }

    @Test
    void givenABatchSizeOfZero_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.delivery.batch-size=0"))
                .contains("notification.delivery.batchSize")
                .contains("must be greater than or equal to 1");
    }

    @Test
    void givenTooManyDeliveryThreads_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.delivery.threads=1000"))
                .contains("notification.delivery.threads")
                .contains("must be less than or equal to 64");
    }

    @Test
    void givenANegativeDrainTimeout_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.delivery.drain-timeout=-1s"))
                .contains("notification.delivery.drain-timeout: must not be negative");
    }

    @Test
    void givenADrainTimeoutThatIsNotADuration_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.delivery.drain-timeout=soon"))
                .contains("notification.delivery.drain-timeout")
                .contains("soon");
    }

    @Test
    void givenAZeroSmtpConnectionIdleTime_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.email.connection-max-idle=0s"))
                .contains("notification.email.connection-max-idle: must be at least 1ms");
    }

    @Test
    void givenABulkheadQueueOfZero_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.resilience.webhook.bulkhead.queue-capacity=0"))
                .contains("notification.resilience.webhook.bulkhead.queueCapacity")
                .contains("must be greater than or equal to 1");
    }

    @Test
    void givenACaseLinkBaseThatIsNotAUrl_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.public-base-url=toc.example"))
                .contains("notification.public-base-url: must be an absolute http(s) URL, was 'toc.example'");
    }

    @Test
    void givenACaseLinkBaseWithCredentialsOrAQuery_whenStarting_thenTheErrorNamesTheKey() {
        assertThat(startupFailure("notification.public-base-url=https://user:secret@toc.example/?token=1"))
                .contains("notification.public-base-url: must have no user info, query or fragment");
    }
}
