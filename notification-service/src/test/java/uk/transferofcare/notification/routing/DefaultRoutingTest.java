package uk.transferofcare.notification.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.notification.config.NotificationProperties;

/** The routing shipped in application.yml, as issue 5 lists it. */
class DefaultRoutingTest {

    private static final String EVENT = "6f1c2d3e-0000-4000-8000-000000000001";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotificationProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class)
            .withPropertyValues(
                    "notification.webhook.secret=0123456789abcdef-test",
                    "notification.webhook.base-url=https://hooks.example");

    private List<PlannedDelivery> route(EventType type, Integer level, String site, String division) {
        List<List<PlannedDelivery>> result = new java.util.ArrayList<>();
        runner.run(context -> {
            Router router = new Router(context.getBean(NotificationProperties.class));
            result.add(router.route(new Router.RoutingKey(EVENT, type, level, site, division)));
        });
        return result.get(0);
    }

    private static PlannedDelivery planned(String recipient, NotificationChannel channel) {
        return new PlannedDelivery(
                NotificationIds.of(EVENT, recipient, channel), recipient, channel, Optional.empty(), "QEUH");
    }

    @Test
    void givenAPreAlert_whenRouted_thenTheSitesEdCoordinatorHearsByEmailAndWebhook() {
        assertThat(route(EventType.PRE_ALERTED, null, "QEUH", "G"))
                .containsExactly(
                        planned("ed-coordinator", NotificationChannel.EMAIL),
                        planned("ed-coordinator", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenAnArrival_whenRouted_thenTheSitesEdCoordinatorHears() {
        assertThat(route(EventType.ARRIVED, null, "QEUH", "G"))
                .containsExactly(
                        planned("ed-coordinator", NotificationChannel.EMAIL),
                        planned("ed-coordinator", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenEscalationLevel1_whenRouted_thenNurseInChargeAndDivisionSergeantHear() {
        assertThat(route(EventType.ESCALATED, 1, "QEUH", "G"))
                .containsExactly(
                        planned("ed-nurse-in-charge", NotificationChannel.EMAIL),
                        planned("police-sergeant", NotificationChannel.EMAIL));
    }

    @Test
    void givenEscalationLevel2_whenRouted_thenDutyInspectorAndSiteManagerHear() {
        assertThat(route(EventType.ESCALATED, 2, "QEUH", "G"))
                .containsExactly(
                        planned("duty-inspector", NotificationChannel.EMAIL),
                        planned("duty-inspector", NotificationChannel.WEBHOOK),
                        planned("ed-site-manager", NotificationChannel.EMAIL),
                        planned("ed-site-manager", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenEscalationLevel3_whenRouted_thenStrategicContactsHear() {
        assertThat(route(EventType.ESCALATED, 3, "QEUH", "G"))
                .containsExactly(
                        planned("nhs-strategic-lead", NotificationChannel.EMAIL),
                        planned("police-strategic-lead", NotificationChannel.EMAIL));
    }

    @Test
    void givenALegalClockWarning_whenRouted_thenInspectorAndSiteManagerHear() {
        assertThat(route(EventType.LEGAL_CLOCK_WARNING, null, "QEUH", "G"))
                .containsExactly(
                        planned("duty-inspector", NotificationChannel.EMAIL),
                        planned("duty-inspector", NotificationChannel.WEBHOOK),
                        planned("ed-site-manager", NotificationChannel.EMAIL),
                        planned("ed-site-manager", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenAHandover_whenRouted_thenTheOfficersDivisionChannelHears() {
        assertThat(route(EventType.HANDED_OVER, null, "QEUH", "G"))
                .containsExactly(planned("division-channel", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenAHandoverWithoutDivision_whenRouted_thenTheDivisionChannelIsUnaddressable() {
        assertThat(route(EventType.HANDED_OVER, null, "QEUH", null))
                .containsExactly(new PlannedDelivery(
                        NotificationIds.of(EVENT, "division-channel", NotificationChannel.WEBHOOK),
                        "division-channel",
                        NotificationChannel.WEBHOOK,
                        Optional.of("the event has no police division"),
                        "QEUH"));
    }

    @Test
    void givenAnUndoneHandover_whenRouted_thenTheDivisionChannelThatHeardOfItHearsAndOtherUndosNotifyNobody() {
        List<List<PlannedDelivery>> result = new java.util.ArrayList<>();
        runner.run(context -> {
            Router router = new Router(context.getBean(NotificationProperties.class));
            for (TimePoint withdrawn :
                    List.of(TimePoint.HANDED_OVER, TimePoint.ACKNOWLEDGED, TimePoint.HANDOVER_STARTED)) {
                result.add(router.route(
                        new Router.RoutingKey(EVENT, EventType.ACTION_UNDONE, null, "QEUH", "G", null, withdrawn)));
            }
        });

        assertThat(result.get(0)).containsExactly(planned("division-channel", NotificationChannel.WEBHOOK));
        assertThat(result.get(1)).isEmpty();
        assertThat(result.get(2)).isEmpty();
    }

    @Test
    void givenAnAbscond_whenRouted_thenTheDivisionsDutyInspectorHearsAtOnce() {
        assertThat(route(EventType.ABSCONDED, null, "QEUH", "G"))
                .containsExactly(
                        planned("duty-inspector", NotificationChannel.EMAIL),
                        planned("duty-inspector", NotificationChannel.WEBHOOK));
    }

    @Test
    void givenADiversion_whenRouted_thenTheReceivingSitesCoordinatorAndTheExpectingSitesHear() {
        List<List<PlannedDelivery>> result = new java.util.ArrayList<>();
        runner.run(context -> {
            Router router = new Router(context.getBean(NotificationProperties.class));
            result.add(router.route(new Router.RoutingKey(EVENT, EventType.DIVERTED, null, "QEUH", "G", "RIE")));
            result.add(router.route(new Router.RoutingKey(EVENT, EventType.DIVERTED, null, "QEUH", "G", null)));
        });

        assertThat(result.get(0))
                .containsExactly(
                        new PlannedDelivery(
                                NotificationIds.of(EVENT, "ed-coordinator@destination", NotificationChannel.EMAIL),
                                "ed-coordinator",
                                NotificationChannel.EMAIL,
                                Optional.empty(),
                                "RIE"),
                        new PlannedDelivery(
                                NotificationIds.of(EVENT, "ed-coordinator@destination", NotificationChannel.WEBHOOK),
                                "ed-coordinator",
                                NotificationChannel.WEBHOOK,
                                Optional.empty(),
                                "RIE"),
                        planned("ed-coordinator", NotificationChannel.EMAIL),
                        planned("ed-coordinator", NotificationChannel.WEBHOOK));
        assertThat(result.get(0)).extracting(PlannedDelivery::notificationId).doesNotHaveDuplicates();
        assertThat(result.get(1).get(0).unaddressable()).contains("the diversion names no destination site");
    }

    @Test
    void givenAnAcknowledgement_whenRouted_thenNobodyIsNotified() {
        assertThat(route(EventType.ACKNOWLEDGED, null, "QEUH", "G")).isEmpty();
    }

    @Test
    void givenAnUndoneBoardAction_whenRouted_thenNobodyIsNotifiedAndNothingFails() {
        assertThat(route(EventType.ACTION_UNDONE, null, "QEUH", "G")).isEmpty();
    }

    @Test
    void givenRecipientTemplates_whenAddressed_thenRoleMailboxesAndEndpointsOfTheSiteOrDivision() {
        runner.run(context -> {
            Router router = new Router(context.getBean(NotificationProperties.class));
            assertThat(List.of(
                            router.address("ed-coordinator", NotificationChannel.EMAIL, "QEUH", "G"),
                            router.address("ed-coordinator", NotificationChannel.WEBHOOK, "QEUH", "G"),
                            router.address("duty-inspector", NotificationChannel.EMAIL, "QEUH", "G"),
                            router.address("division-channel", NotificationChannel.WEBHOOK, "QEUH", "G"),
                            router.address("division-channel", NotificationChannel.EMAIL, "QEUH", "G"),
                            router.address("ed-coordinator", NotificationChannel.EMAIL, "QE UH<script>", "G"),
                            router.address("no-such-recipient", NotificationChannel.EMAIL, "QEUH", "G")))
                    .containsExactly(
                            Optional.of("ed-coordinator.qeuh@nhs.example"),
                            Optional.of("https://hooks.example/ed/qeuh/coordinator"),
                            Optional.of("duty-inspector.division-g@police.example"),
                            Optional.of("https://hooks.example/police/g/channel"),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty());
        });
    }

    @Test
    void givenTheSameEventRecipientAndChannel_whenIdsAreDerived_thenTheyAreEqualAndDifferOtherwise() {
        assertThat(List.of(
                        NotificationIds.of(EVENT, "ed-coordinator", NotificationChannel.EMAIL),
                        NotificationIds.of(EVENT, "ed-coordinator", NotificationChannel.WEBHOOK),
                        NotificationIds.of(EVENT, "ed-site-manager", NotificationChannel.EMAIL)))
                .doesNotHaveDuplicates()
                .first()
                .isEqualTo(NotificationIds.of(EVENT, "ed-coordinator", NotificationChannel.EMAIL));
    }
}
