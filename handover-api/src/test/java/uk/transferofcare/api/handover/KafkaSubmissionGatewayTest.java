package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ProblemBody;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;

/**
 * The verdict protocol's answers that need no processor: no verdict in time, Kafka not acknowledging, too many
 * waiting. A template whose sends this test completes by hand stands in for Kafka.
 */
class KafkaSubmissionGatewayTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Caller OFFICER = new Caller("pc-1", Role.OFFICER, "G");

    private final List<ProducerRecord<String, HandoverSubmission>> sent = new ArrayList<>();
    private final List<CompletableFuture<SendResult<String, HandoverSubmission>>> acks = new ArrayList<>();

    private final KafkaTemplate<String, HandoverSubmission> template =
            new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:1"))) {
                @Override
                public CompletableFuture<SendResult<String, HandoverSubmission>> send(
                        ProducerRecord<String, HandoverSubmission> record) {
                    sent.add(record);
                    CompletableFuture<SendResult<String, HandoverSubmission>> ack = new CompletableFuture<>();
                    acks.add(ack);
                    return ack;
                }
            };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The gateway's waiters, once {@link #gateway} made them. */
    private VerdictWaiters waiters;

    /** A gateway on the recording template, with its own waiters (kept in {@link #waiters}) and the fixed clock. */
    private KafkaSubmissionGateway gateway(Duration verdictTimeout, int maxPending, FirstSubmitters projection) {
        SubmissionProperties properties = properties(verdictTimeout, maxPending);
        waiters = new VerdictWaiters(properties, meters);
        return new KafkaSubmissionGateway(template, waiters, properties, Clock.fixed(NOW, ZoneOffset.UTC), projection);
    }

    /** The request id the gateway put on the i-th record it produced. */
    private String requestId(int i) {
        return new String(
                sent.get(i)
                        .headers()
                        .lastHeader(VerdictWaiters.REQUEST_ID_HEADER)
                        .value(),
                StandardCharsets.UTF_8);
    }

    private static SubmissionProperties properties(Duration verdictTimeout, int maxPending) {
        return new SubmissionProperties(
                Duration.ofMillis(300),
                verdictTimeout,
                maxPending,
                Duration.ofSeconds(3),
                16384,
                new SubmissionProperties.RateLimit(20, Duration.ofSeconds(1), 200));
    }

    private static ValidatedSubmission cleared(String eventId) {
        return new ValidatedSubmission(
                eventId,
                "c1",
                EventType.CLEARED,
                NOW.minusSeconds(5),
                ValidatedSubmission.Details.NONE,
                new ValidatedSubmission.SourceInfo("OFFICER_APP", "phone-1", false));
    }

    private void acknowledge(int i) {
        ProducerRecord<String, HandoverSubmission> record = sent.get(i);
        acks.get(i)
                .complete(new SendResult<>(
                        record, new RecordMetadata(new TopicPartition(record.topic(), 0), 0, 0, 0, 0, 0)));
    }

    @Test
    void givenAnAcknowledgedSubmission_whenNoVerdictComesInTime_then202PendingWithTheStatusUrl() throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofMillis(50), 10, FirstSubmitters.NONE);

        CompletableFuture<ResponseEntity<?>> answer = gateway.submit(OFFICER, cleared("e1"));
        acknowledge(0);

        ResponseEntity<?> response = answer.get();
        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/handovers/c1/events/e1");
        assertThat(((SubmissionAnswers.Receipt) response.getBody()).status()).isEqualTo("PENDING");
        assertThat(waiters.waiting()).isZero();
        assertThat(requestId(0)).hasSize(36);
        assertThat(sent.get(0).value().getReceivedAt()).isEqualTo(NOW);
        assertThat(meters.counter("handover.verdicts", "outcome", "timed_out").count())
                .as("the alert on verdict timeouts counts it")
                .isEqualTo(1.0);
        assertThat(meters.counter("handover.verdicts", "outcome", "received").count())
                .isZero();
    }

    @Test
    void givenAnAcknowledgedSubmission_whenItsVerdictArrives_thenTheAnswerIsTheVerdict() throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(30), 10, FirstSubmitters.NONE);

        CompletableFuture<ResponseEntity<?>> answer = gateway.submit(OFFICER, cleared("e1"));
        acknowledge(0);
        String requestId = requestId(0);
        waiters.complete(
                requestId,
                SubmissionOutcome.newBuilder()
                        .setEventId("e1")
                        .setCaseId("c1")
                        .setType(uk.transferofcare.events.EventType.CLEARED)
                        .setStatus(SubmissionStatus.REJECTED)
                        .setRule("NOT_PERMITTED")
                        .setField("caseId")
                        .setMessage("NOT_PERMITTED: not yours")
                        .setActor(new Actor("pc-1", ActorRole.OFFICER, "G"))
                        .setReceivedAt(NOW)
                        .setProcessedAt(NOW)
                        .build());

        ResponseEntity<?> response = answer.get();
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        ProblemBody problem = (ProblemBody) response.getBody();
        assertThat(problem.errors())
                .extracting(e -> e.field() + " " + e.rule())
                .containsExactly("caseId NOT_PERMITTED");
        assertThat(problem.extensions()).containsEntry("rule", "NOT_PERMITTED").containsEntry("eventId", "e1");
        assertThat(meters.counter("handover.verdicts", "outcome", "received").count())
                .isEqualTo(1.0);
    }

    /**
     * The officer's re-send of their own applied submission, answered after a supervisor moved the case to division Q
     * (which the officer may not read): the processor's word on who sent the eventId first decides, and the
     * projection (which may trail) is asked only when the processor does not know.
     */
    private ResponseEntity<?> resendAnswered(Boolean resentByFirstSubmitter, FirstSubmitters projection)
            throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(30), 10, projection);
        CompletableFuture<ResponseEntity<?>> answer = gateway.submit(OFFICER, cleared("e1"));
        acknowledge(0);
        String requestId = requestId(0);
        waiters.complete(
                requestId,
                SubmissionOutcome.newBuilder()
                        .setEventId("e1")
                        .setCaseId("c1")
                        .setType(uk.transferofcare.events.EventType.CLEARED)
                        .setStatus(SubmissionStatus.APPLIED)
                        .setSequence(4L)
                        .setSiteCode("RIE")
                        .setPoliceDivision("Q")
                        .setActor(new Actor("pc-1", ActorRole.OFFICER, "G"))
                        .setReceivedAt(NOW)
                        .setProcessedAt(NOW)
                        .setResend(true)
                        .setResentByFirstSubmitter(resentByFirstSubmitter)
                        .build());
        return answer.get();
    }

    @Test
    void givenAResendOfTheCallersOwnSubmission_whenTheProcessorSaysSo_thenItsVerdictWithoutAskingTheProjection()
            throws Exception {
        FirstSubmitters trailing = (caseId, eventId) -> {
            throw new AssertionError("the projection must not be asked when the processor knows");
        };

        assertThat(resendAnswered(true, trailing).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void givenAResendOfAnotherUsersSubmission_whenTheProcessorSaysSo_thenTheRefusalOfAnotherOrganisation()
            throws Exception {
        ResponseEntity<?> response = resendAnswered(false, (caseId, eventId) -> java.util.Optional.of("pc-1"));

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(((ProblemBody) response.getBody()).extensions()).containsEntry("rule", "NOT_PERMITTED");
    }

    @Test
    void givenAResendTheProcessorCannotAttribute_whenTheProjectionNamesTheCaller_thenItsVerdict() throws Exception {
        assertThat(resendAnswered(null, (caseId, eventId) -> java.util.Optional.of("pc-1"))
                        .getStatusCode()
                        .value())
                .isEqualTo(201);
    }

    @Test
    void givenAResendTheProcessorCannotAttribute_whenTheProjectionDoesNotKnowIt_thenTheRefusal() throws Exception {
        assertThat(resendAnswered(null, FirstSubmitters.NONE).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void givenAnOutcomeOfAnotherSubmissionUnderTheSameRequestId_whenItArrives_thenItIsIgnoredForTheRightOne()
            throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(30), 10, FirstSubmitters.NONE);

        CompletableFuture<ResponseEntity<?>> answer = gateway.submit(OFFICER, cleared("e1"));
        acknowledge(0);
        String requestId = requestId(0);
        // e.g. the pre-alert of the case a diversion opened, had it kept the diversion's headers
        waiters.complete(requestId, outcome("e-linked", "c-linked", SubmissionStatus.APPLIED, null));
        assertThat(answer).isNotDone();
        waiters.complete(requestId, outcome("e1", "c1", SubmissionStatus.REJECTED, "NOT_PERMITTED"));

        ResponseEntity<?> response = answer.get();
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(((ProblemBody) response.getBody()).extensions()).containsEntry("eventId", "e1");
        assertThat(waiters.waiting()).isZero();
    }

    private static SubmissionOutcome outcome(String eventId, String caseId, SubmissionStatus status, String rule) {
        return SubmissionOutcome.newBuilder()
                .setEventId(eventId)
                .setCaseId(caseId)
                .setType(uk.transferofcare.events.EventType.CLEARED)
                .setStatus(status)
                .setRule(rule)
                .setField(rule == null ? null : "caseId")
                .setMessage(rule == null ? null : rule + ": not yours")
                .setSequence(rule == null ? 3L : null)
                .setActor(new Actor("pc-1", ActorRole.OFFICER, "G"))
                .setReceivedAt(NOW)
                .setProcessedAt(NOW)
                .build();
    }

    @Test
    void givenKafkaThatNeverAcknowledges_whenSubmitted_then503WithRetryAfterAndNoWaiterLeft() throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(2), 10, FirstSubmitters.NONE);

        ResponseEntity<?> response = gateway.submit(OFFICER, cleared("e1")).get();

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("3");
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void givenKafkaFailingTheSend_whenSubmitted_then503() throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(2), 10, FirstSubmitters.NONE);

        CompletableFuture<ResponseEntity<?>> answer = gateway.submit(OFFICER, cleared("e1"));
        acks.get(0).completeExceptionally(new TimeoutException("no broker"));

        assertThat(answer.get().getStatusCode().value()).isEqualTo(503);
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void givenAsManyWaitingAsAllowed_whenAnotherIsSubmitted_then503BeforeAnythingIsProduced() throws Exception {
        KafkaSubmissionGateway gateway = gateway(Duration.ofSeconds(30), 1, FirstSubmitters.NONE);
        gateway.submit(OFFICER, cleared("e1"));
        acknowledge(0);

        ResponseEntity<?> second = gateway.submit(OFFICER, cleared("e2")).get();

        assertThat(second.getStatusCode().value()).isEqualTo(503);
        assertThat(sent).hasSize(1);
        assertThat(waiters.waiting()).isEqualTo(1);
    }
}
