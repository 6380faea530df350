package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * The service is stopped while deliveries are in flight (a slow receiver, polls of four) and a new instance takes
 * over: the graceful stop lets the deliveries in flight finish and commits them, so the receiver, which counts raw
 * requests per Idempotency-Key and does not dedupe, sees each notification once.
 */
@PlatformIntegrationTest
class RestartDuringDeliveryIT {

    static final int EVENTS = 12;

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final String SUFFIX = NotificationTestProperties.uniqueSuffix();

    @BeforeAll
    static void topics() {
        NotificationTestProperties.createInputTopic(SUFFIX);
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    private static ConfigurableApplicationContext start() {
        List<String> p = new ArrayList<>(NotificationTestProperties.common(
                receiver.baseUrl(), smtp.getSmtp().getPort()));
        p.addAll(NotificationTestProperties.ownTopics(SUFFIX));
        p.add(NotificationTestProperties.LOCAL_PROFILE);
        p.addAll(List.of(
                "notification.recipients.restart-hook.webhook=" + receiver.baseUrl() + "/restart/{site}",
                "notification.routes[0].event=PRE_ALERTED",
                "notification.routes[0].recipients[0]=restart-hook",
                // Polls of four: the stop comes while the first poll's deliveries are in flight.
                "notification.delivery.batch-size=4"));
        return new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(p.stream().map(s -> "--" + s).toArray(String[]::new));
    }

    @Test
    void givenDeliveriesInFlight_whenTheServiceIsStoppedAndANewOneStarts_thenNothingIsSentTwice(
            KafkaTestClients kafka) {
        receiver.delay(250);
        List<HandoverEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(Events.preAlerted("SITE" + i, "G"));
        }
        Map<String, Long> once = events.stream()
                .collect(Collectors.toMap(
                        e -> NotificationIds.of(e.getEventId(), "restart-hook", NotificationChannel.WEBHOOK), e -> 1L));

        int beforeRestart;
        try (ConfigurableApplicationContext first = start()) {
            Producer.sendAll(
                    "handover-events-" + SUFFIX,
                    events.stream().map(e -> Map.entry(e.getCaseId(), e)).toList());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.requestsPerKey().size() >= 3);
            beforeRestart = receiver.requestsPerKey().size();
        }
        try (ConfigurableApplicationContext second = start()) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> receiver.requestsPerKey().size() >= EVENTS);
        }

        assertThat(beforeRestart).isLessThan(EVENTS);
        assertThat(receiver.requestsPerKey())
                .as("raw requests per Idempotency-Key")
                .isEqualTo(once);
        List<NotificationOutcome> outcomes = new Outcomes(kafka)
                .of(
                        events.stream().map(HandoverEvent::getCaseId).toList(),
                        o -> Outcomes.count(o, NotificationStatus.DELIVERED) >= EVENTS,
                        Duration.ofSeconds(30));
        assertThat(outcomes.stream()
                        .filter(o -> o.getStatus() == NotificationStatus.DELIVERED)
                        .collect(Collectors.groupingBy(NotificationOutcome::getNotificationId, Collectors.counting())))
                .isEqualTo(once);
    }
}
