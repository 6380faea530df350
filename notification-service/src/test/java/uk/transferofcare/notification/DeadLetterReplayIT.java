package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.DeadLettersReplayed;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.events.Topics;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.TestTokens;

/** Receivers that keep failing end in the dead-letter topic with a FAILED outcome; a replay re-drives them once. */
@PlatformIntegrationTest
// Plain SMTP and http receivers in the JVM: only the local profile allows them (TransportSecurity).
@ActiveProfiles("local")
@SpringBootTest(
        classes = NotificationServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeadLetterReplayIT {

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
                "notification.recipients.replay-hook.webhook=" + receiver.baseUrl() + "/replay/{site}",
                "notification.routes[0].event=PRE_ALERTED",
                "notification.routes[0].recipients[0]=replay-hook",
                "notification.retries.attempts=3",
                "notification.retries.initial-delay=100ms",
                "notification.retries.multiplier=2",
                "notification.retries.max-delay=1s",
                "notification.resilience.webhook.retry.max-attempts=2",
                // This class is about the retry topics and the DLT, not the breaker: keep it closed.
                "notification.resilience.webhook.circuit-breaker.minimum-number-of-calls=1000",
                "notification.resilience.webhook.circuit-breaker.sliding-window-size=1000"));
        NotificationTestProperties.register(registry, p);
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void givenAReceiverAnswering500Forever_whenAttemptsRunOut_thenFailedInTheDltAndAReplayAfterRecoveryDeliversOnce(
            KafkaTestClients kafka) throws Exception {
        receiver.answer(500);
        HandoverEvent event = Events.preAlerted("QEUH", "G");
        String id = NotificationIds.of(event.getEventId(), "replay-hook", NotificationChannel.WEBHOOK);

        Producer.send("handover-events-" + SUFFIX, event.getCaseId(), event);

        List<NotificationOutcome> failed = new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.FAILED) >= 1, TIMEOUT);
        assertThat(failed)
                .extracting(o -> o.getStatus() + "/" + o.getAttempt() + "/" + o.getDetail())
                .containsExactly(
                        "RETRYING/1/HTTP 500; HTTP 500 (2 tries)",
                        "RETRYING/2/HTTP 500; HTTP 500 (2 tries)",
                        "FAILED/3/HTTP 500; HTTP 500 (2 tries)");
        assertThat(receiver.requestsPerKey()).containsEntry(id, 6L);
        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(
                "notification-deliveries-" + SUFFIX + "-dlt",
                byte[].class,
                records -> records.stream().anyMatch(r -> event.getCaseId().equals(r.key())),
                TIMEOUT);
        assertThat(dead).extracting(ConsumerRecord::key).contains(event.getCaseId());

        receiver.answer(200);
        HttpResponse<String> replay = replay(NotificationTestProperties.adminToken());

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).get("replayed").asInt()).isEqualTo(1);
        List<NotificationOutcome> after = new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.DELIVERED) >= 1, TIMEOUT);
        assertThat(after.get(after.size() - 1))
                .extracting(
                        NotificationOutcome::getStatus, NotificationOutcome::getAttempt, NotificationOutcome::getDetail)
                .containsExactly(NotificationStatus.DELIVERED, 1, "HTTP 200");
        assertThat(receiver.acceptedPerKey()).containsEntry(id, 1);

        HttpResponse<String> again = replay(NotificationTestProperties.adminToken());
        assertThat(json.readTree(again.body()).get("replayed").asInt()).isZero();
        assertThat(receiver.acceptedPerKey()).containsEntry(id, 1);
    }

    @Test
    void givenAPermanentRejection_whenDelivered_thenItSkipsTheRetryTopicsAndAReplayOfADeliveredOneIsSuppressed(
            KafkaTestClients kafka) throws Exception {
        receiver.answer(410);
        HandoverEvent event = Events.preAlerted("RAH", "L");
        String id = NotificationIds.of(event.getEventId(), "replay-hook", NotificationChannel.WEBHOOK);

        Producer.send("handover-events-" + SUFFIX, event.getCaseId(), event);

        assertThat(new Outcomes(kafka)
                        .of(
                                List.of(event.getCaseId()),
                                o -> Outcomes.count(o, NotificationStatus.FAILED) >= 1,
                                TIMEOUT))
                .extracting(o -> o.getStatus() + "/" + o.getAttempt() + "/" + o.getDetail())
                .containsExactly("FAILED/1/HTTP 410");
        assertThat(receiver.requestsPerKey()).containsEntry(id, 1L);

        // The receiver is fixed and the same event arrives again (say, the processor re-emitted it): delivered.
        receiver.answer(200);
        Producer.send("handover-events-" + SUFFIX, event.getCaseId(), event);
        new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.DELIVERED) >= 1, TIMEOUT);

        HttpResponse<String> replay = replay(NotificationTestProperties.adminToken());

        assertThat(json.readTree(replay.body()).get("replayed").asInt()).isEqualTo(1);
        List<NotificationOutcome> outcomes = new Outcomes(kafka)
                .of(List.of(event.getCaseId()), o -> Outcomes.count(o, NotificationStatus.SUPPRESSED) >= 1, TIMEOUT);
        assertThat(outcomes)
                .extracting(NotificationOutcome::getStatus)
                .containsExactly(
                        NotificationStatus.FAILED, NotificationStatus.DELIVERED, NotificationStatus.SUPPRESSED);
        assertThat(outcomes.get(2).getDetail()).startsWith("duplicate: already delivered at ");
        assertThat(receiver.acceptedPerKey()).containsEntry(id, 1);
    }

    @Test
    void givenNoOrAForgedToken_whenReplayIsAsked_thenItIsRefusedWith401AndAProblem() throws Exception {
        HttpResponse<String> missing = replay(null);
        HttpResponse<String> forged = replay("guess");

        assertThat(List.of(missing.statusCode(), forged.statusCode())).containsExactly(401, 401);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(forged.body());
        assertThat(problem.get("parameter").asString()).isEqualTo("Authorization");
        assertThat(problem.get("rule").asString()).isEqualTo("bearer-token");
    }

    @Test
    void givenASupervisorToken_whenReplayIsAsked_thenItIsForbiddenWithAProblemNamingTheRole() throws Exception {
        HttpResponse<String> answer = replay(TestTokens.token("sup-1", "SUPERVISOR", "QEUH"));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("parameter").asString()).isEqualTo("Authorization");
        assertThat(problem.get("rule").asString()).isEqualTo("role");
    }

    @Test
    void givenAnAdmin_whenAReplayRuns_thenWhoWhenAndWhatAreRecordedOnTheReplaysTopic(KafkaTestClients kafka)
            throws Exception {
        String admin = "admin-" + NotificationTestProperties.uniqueSuffix();
        Instant before = Instant.now();

        HttpResponse<String> answer = replay(TestTokens.token(admin, "ADMIN", "ADMIN"));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(answer.body());
        String replayId = body.get("replayId").asString();
        List<ConsumerRecord<String, DeadLettersReplayed>> records = kafka.readUntil(
                Topics.NOTIFICATION_REPLAYS.name(),
                DeadLettersReplayed.class,
                all -> all.stream().anyMatch(r -> replayId.equals(r.key())),
                TIMEOUT);
        DeadLettersReplayed audit = records.stream()
                .filter(r -> replayId.equals(r.key()))
                .findFirst()
                .orElseThrow()
                .value();
        assertThat(audit)
                .usingRecursiveComparison()
                .ignoringFields("at")
                .isEqualTo(DeadLettersReplayed.newBuilder()
                        .setReplayId(replayId)
                        .setUserId(admin)
                        .setRole("ADMIN")
                        .setOrg("ADMIN")
                        .setFromTopic("notification-deliveries-" + SUFFIX + "-dlt")
                        .setToTopic("notification-deliveries-" + SUFFIX)
                        .setReplayed(body.get("replayed").asInt())
                        .setAt(Instant.EPOCH)
                        .build());
        assertThat(audit.getAt()).isBetween(before.minusSeconds(1), Instant.now());
    }

    private HttpResponse<String> replay(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/notifications/dlt/replay"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
