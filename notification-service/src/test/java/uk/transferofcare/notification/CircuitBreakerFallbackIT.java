package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * The circuit breaker's fallback path in the running service: while the endpoint's breaker is open no call is made,
 * the attempt is recorded as RETRYING "circuit open" and handed to the retry topics; health shows the open breaker
 * while readiness and liveness stay up; once the breaker closes, a later round delivers exactly once.
 */
@PlatformIntegrationTest
// Plain SMTP and http receivers in the JVM: only the local profile allows them (TransportSecurity).
@ActiveProfiles("local")
@SpringBootTest(
        classes = NotificationServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CircuitBreakerFallbackIT {

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WebhookReceiver receiver = new WebhookReceiver();
    static final String SUFFIX = NotificationTestProperties.uniqueSuffix();
    static final Duration TIMEOUT = Duration.ofSeconds(45);

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
                "notification.recipients.breaker-hook.webhook=" + receiver.baseUrl() + "/breaker/{site}",
                "notification.routes[0].event=PRE_ALERTED",
                "notification.routes[0].recipients[0]=breaker-hook",
                "notification.retries.attempts=6",
                "notification.retries.initial-delay=1s",
                "notification.retries.multiplier=1",
                "notification.retries.max-delay=1s"));
        NotificationTestProperties.register(registry, p);
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void givenAnOpenBreaker_whenANotificationIsDue_thenNoCallIsMadeItWaitsInTheRetryTopicsAndIsDeliveredOnceAfter(
            KafkaTestClients kafka) throws Exception {
        String instance = "webhook:" + receiver.endpoint();
        CircuitBreaker breaker = breakers.circuitBreaker(instance, "webhook");
        breaker.transitionToForcedOpenState();
        HandoverEvent event = Events.preAlerted("QEUH", "G");
        String id = NotificationIds.of(event.getEventId(), "breaker-hook", NotificationChannel.WEBHOOK);

        Producer.send("handover-events-" + SUFFIX, event.getCaseId(), event);

        List<NotificationOutcome> whileOpen = new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.RETRYING) >= 1, TIMEOUT);
        assertThat(whileOpen.get(0))
                .extracting(
                        NotificationOutcome::getStatus, NotificationOutcome::getAttempt, NotificationOutcome::getDetail)
                .containsExactly(NotificationStatus.RETRYING, 1, "circuit open");
        assertThat(receiver.receivedWithKey(id)).isEmpty();
        JsonNode health = json.readTree(get("/actuator/health").body());
        assertThat(health.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/circuitBreakers/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.at("/components/circuitBreakers/details/notClosed/0").asString())
                .isEqualTo(instance);
        assertThat(List.of(
                        get("/actuator/health/readiness").statusCode(),
                        get("/actuator/health/liveness").statusCode()))
                .containsExactly(200, 200);
        assertThat(List.of(
                        ServiceHttp.get(port, "/readyz", null).body(),
                        ServiceHttp.get(port, "/livez", null).body()))
                .as("public probes show the status only")
                .containsExactly("{\"status\":\"UP\"}", "{\"status\":\"UP\"}");

        breaker.transitionToClosedState();

        List<NotificationOutcome> all = new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.DELIVERED) >= 1, TIMEOUT);
        NotificationOutcome delivered = all.get(all.size() - 1);
        assertThat(delivered)
                .extracting(NotificationOutcome::getStatus, NotificationOutcome::getDetail)
                .containsExactly(NotificationStatus.DELIVERED, "HTTP 200");
        assertThat(delivered.getAttempt()).isGreaterThan(1);
        assertThat(all.subList(0, all.size() - 1))
                .allMatch(o -> o.getStatus() == NotificationStatus.RETRYING && "circuit open".equals(o.getDetail()));
        assertThat(receiver.requestsPerKey()).containsExactlyEntriesOf(java.util.Map.of(id, 1L));
        assertThat(json.readTree(get("/actuator/health").body()).get("status").asString())
                .isEqualTo("UP");
    }

    /** Actuator on the management port as ADMIN; everything else on the main port as a QEUH supervisor. */
    private HttpResponse<String> get(String path) throws Exception {
        return new ServiceHttp(port, managementPort).get(path);
    }
}
