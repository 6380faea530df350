package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * The webhook is down for a simulated ten minutes, then back. Time is scaled 1:200 so the test takes seconds: the
 * production back-off between retry topics (10 s, 50 s, 250 s, 1250 s, 30 min cap) becomes 50 ms, 250 ms, 1.25 s,
 * 6.25 s (9 s cap), and the ten-minute outage 3 s, counted from the first request the service makes. The breaker
 * opens after three failed calls and stays open 2 s (real time, see below).
 */
@PlatformIntegrationTest
// Plain SMTP and http receivers in the JVM: only the local profile allows them (TransportSecurity).
@ActiveProfiles("local")
@SpringBootTest(
        classes = NotificationServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WebhookOutageIT {

    static final long SCALE = 200;
    static final Duration OUTAGE = Duration.ofMinutes(10).dividedBy(SCALE);
    static final int EVENTS = 10;

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final String SUFFIX = NotificationTestProperties.uniqueSuffix();

    @BeforeAll
    static void topics() {
        NotificationTestProperties.createInputTopic(SUFFIX);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        List<String> p = new ArrayList<>(NotificationTestProperties.common(
                receiver.baseUrl(), smtp.getSmtp().getPort()));
        p.addAll(NotificationTestProperties.ownTopics(SUFFIX));
        p.addAll(List.of(
                "notification.recipients.outage-hook.webhook=" + receiver.baseUrl() + "/outage/{site}",
                "notification.routes[0].event=PRE_ALERTED",
                "notification.routes[0].recipients[0]=outage-hook",
                "notification.retries.attempts=6",
                "notification.retries.initial-delay="
                        + Duration.ofSeconds(10).dividedBy(SCALE).toMillis() + "ms",
                "notification.retries.multiplier=5",
                "notification.retries.max-delay="
                        + Duration.ofMinutes(30).dividedBy(SCALE).toMillis() + "ms",
                "notification.resilience.webhook.retry.max-attempts=2",
                "notification.resilience.webhook.circuit-breaker.minimum-number-of-calls=3",
                "notification.resilience.webhook.circuit-breaker.sliding-window-size=10",
                // Not scaled: one delivery round takes a few hundred milliseconds of real time on a busy machine,
                // and a 150 ms open state would be half-open again before the next round started.
                "notification.resilience.webhook.circuit-breaker.wait-duration-in-open-state=2s",
                "notification.resilience.webhook.circuit-breaker.permitted-calls-in-half-open-state=1"));
        NotificationTestProperties.register(registry, p);
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @Test
    void givenTheWebhookDownForTenMinutes_whenItComesBack_thenEveryNotificationIsDeliveredExactlyOnce(
            KafkaTestClients kafka) {
        // The outage starts with the first request the service makes and lasts the simulated ten minutes.
        java.util.concurrent.atomic.AtomicLong outageEnds = new java.util.concurrent.atomic.AtomicLong();
        receiver.answer(() -> {
            outageEnds.compareAndSet(0, System.nanoTime() + OUTAGE.toNanos());
            return System.nanoTime() < outageEnds.get() ? 503 : 200;
        });
        List<HandoverEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(Events.preAlerted("SITE" + i, "G"));
        }
        Map<String, HandoverEvent> byNotification = events.stream()
                .collect(Collectors.toMap(
                        e -> NotificationIds.of(e.getEventId(), "outage-hook", NotificationChannel.WEBHOOK),
                        Function.identity()));

        Producer.sendAll(
                "handover-events-" + SUFFIX,
                events.stream().map(e -> Map.entry(e.getCaseId(), e)).toList());

        List<NotificationOutcome> outcomes = new Outcomes(kafka)
                .of(
                        events.stream().map(HandoverEvent::getCaseId).toList(),
                        o -> Outcomes.count(o, NotificationStatus.DELIVERED) >= EVENTS,
                        Duration.ofSeconds(90));
        assertThat(receiver.acceptedPerKey())
                .as("requests the receiver accepted, per Idempotency-Key")
                .isEqualTo(byNotification.keySet().stream().collect(Collectors.toMap(k -> k, k -> 1)));
        assertThat(outcomes.stream()
                        .filter(o -> o.getStatus() == NotificationStatus.DELIVERED)
                        .map(NotificationOutcome::getNotificationId))
                .as("one DELIVERED outcome per notification")
                .containsExactlyInAnyOrderElementsOf(byNotification.keySet());
        assertThat(outcomes).noneMatch(o -> o.getStatus() == NotificationStatus.FAILED);
        assertThat(outcomes.stream()
                        .filter(o -> o.getStatus() == NotificationStatus.RETRYING)
                        .map(NotificationOutcome::getDetail))
                // The ten are tried at once: the first failures open the breaker, so most rounds end as
                // "circuit open (after HTTP 503)", later ones as plain "circuit open".
                .anyMatch(d -> d.contains("HTTP 503"))
                .anyMatch(d -> d.startsWith("circuit open"));
        assertThat(receiver.received())
                .as("nothing reached the receiver outside the notifications of this test")
                .allMatch(r -> byNotification.containsKey(r.idempotencyKey()));
    }
}
