package uk.transferofcare.api.handover;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.ProblemResponses;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.Disposition;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.ReferralPathway;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.Topics;

/**
 * The verdict protocol, without holding a request thread:
 *
 * <ol>
 *   <li>register a waiter under a fresh request id (503 at once when too many wait);
 *   <li>produce the submission with that id in its {@value VerdictWaiters#REQUEST_ID_HEADER} header, acks=all; the
 *       producer's short {@code max.block.ms} makes a broker outage a fast 503;
 *   <li>once Kafka acknowledged it (else 503, nothing confirmed: send the same eventId again), wait up to {@code
 *       handover.submissions.verdict-timeout} for the outcome that carries the request id ({@link VerdictListener});
 *   <li>answer with it ({@link SubmissionAnswers}), or 202 with the status URL when it did not come in time.
 * </ol>
 *
 * There is no state here: a re-send of an eventId is produced again and the processor answers it with the standing
 * verdict (or EVENT_ID_REUSED for another body), so every instance gives the same answer.
 */
class KafkaSubmissionGateway implements SubmissionGateway {

    private static final Logger log = LoggerFactory.getLogger(KafkaSubmissionGateway.class);

    private final KafkaTemplate<String, HandoverSubmission> kafka;
    private final VerdictWaiters waiters;
    private final SubmissionProperties properties;
    private final Clock clock;
    private final FirstSubmitters firstSubmitters;

    KafkaSubmissionGateway(
            KafkaTemplate<String, HandoverSubmission> kafka,
            VerdictWaiters waiters,
            SubmissionProperties properties,
            Clock clock,
            FirstSubmitters firstSubmitters) {
        this.kafka = kafka;
        this.waiters = waiters;
        this.properties = properties;
        this.clock = clock;
        this.firstSubmitters = firstSubmitters;
    }

    @Override
    public CompletableFuture<ResponseEntity<?>> submit(Caller caller, ValidatedSubmission submission) {
        String instance = SubmissionVerdict.statusUrl(submission.caseId(), submission.eventId());
        String requestId = UUID.randomUUID().toString();
        try {
            waiters.register(requestId, submission.caseId(), submission.eventId());
        } catch (ApiProblem problem) {
            return CompletableFuture.completedFuture(ProblemResponses.entity(problem, instance));
        }
        HandoverSubmission value = toAvro(submission, caller, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        ProducerRecord<String, HandoverSubmission> record =
                new ProducerRecord<>(Topics.SUBMISSIONS.name(), value.getCaseId(), value);
        record.headers().add(VerdictWaiters.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        CompletableFuture<SendResult<String, HandoverSubmission>> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            waiters.cancel(requestId);
            log.warn("Cannot hand submission {} to Kafka: {}", submission.eventId(), e.toString());
            return CompletableFuture.completedFuture(
                    unavailable(instance, "Kafka cannot take the submission now; nothing was recorded"));
        }
        return sent.orTimeout(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> {
                    if (error != null) {
                        waiters.cancel(requestId);
                        log.warn(
                                "Submission {} was not acknowledged by Kafka: {}",
                                submission.eventId(),
                                error.toString());
                        return CompletableFuture.<ResponseEntity<?>>completedFuture(unavailable(
                                instance,
                                "Kafka did not acknowledge the submission in time; nothing is confirmed, send the"
                                        + " same eventId again"));
                    }
                    return waiters.await(requestId, properties.verdictTimeout())
                            .thenCompose(outcome -> outcome == null
                                    ? CompletableFuture.<ResponseEntity<?>>completedFuture(
                                            SubmissionAnswers.pending(submission))
                                    : answer(SubmissionVerdict.of(outcome), caller));
                })
                .thenCompose(answer -> answer);
    }

    /**
     * The answer to this verdict. Only a re-send about a case the caller may no longer read needs to know who first
     * sent the eventId (one primary-key read of the projection, off the thread that completes the waiters); every
     * other answer is computed at once.
     */
    private CompletableFuture<ResponseEntity<?>> answer(SubmissionVerdict verdict, Caller caller) {
        if (!SubmissionAnswers.needsFirstSubmitter(verdict, caller)) {
            return CompletableFuture.completedFuture(SubmissionAnswers.of(verdict, caller));
        }
        return CompletableFuture.supplyAsync(() -> {
            java.util.Optional<String> first;
            try {
                first = firstSubmitters.of(verdict.caseId(), verdict.eventId());
            } catch (RuntimeException e) {
                log.warn("Cannot read who first sent {}: {}", verdict.eventId(), e.toString());
                first = java.util.Optional.empty();
            }
            return SubmissionAnswers.of(verdict, caller, first);
        });
    }

    private ResponseEntity<?> unavailable(String instance, String message) {
        return ProblemResponses.entity(
                ApiProblem.unavailable(
                        message, Math.max(1, properties.retryAfter().toSeconds())),
                instance);
    }

    static HandoverSubmission toAvro(ValidatedSubmission s, Caller caller, Instant receivedAt) {
        ValidatedSubmission.Details d = s.details();
        return HandoverSubmission.newBuilder()
                .setEventId(s.eventId())
                .setCaseId(s.caseId())
                .setType(EventType.valueOf(s.type().name()))
                .setOccurredAt(s.occurredAt())
                .setReceivedAt(receivedAt)
                .setActor(new Actor(
                        caller.userId(), ActorRole.valueOf(caller.role().name()), caller.org()))
                .setSource(new Source(
                        SourceChannel.valueOf(s.source().channel()),
                        s.source().deviceId(),
                        s.source().queuedOffline()))
                .setDetails(SubmissionDetails.newBuilder()
                        .setSiteCode(d.siteCode())
                        .setLegalBasis(d.legalBasis() == null ? null : LegalBasis.valueOf(d.legalBasis()))
                        .setRemovedAt(d.removedAt())
                        .setEta(d.eta())
                        .setOfficerCount(d.officerCount())
                        .setDestinationSiteCode(d.destinationSiteCode())
                        .setPoliceDivision(d.policeDivision())
                        .setCorrectedPoint(
                                d.correctedPoint() == null
                                        ? null
                                        : TimePoint.valueOf(d.correctedPoint().name()))
                        .setCorrectedTo(d.correctedTo())
                        .setReason(d.reason())
                        .setLocalReference(d.localReference())
                        .setNote(d.note())
                        .setCorrectedDivision(d.correctedDivision())
                        .setCorrectedLegalBasis(
                                d.correctedLegalBasis() == null ? null : LegalBasis.valueOf(d.correctedLegalBasis()))
                        .setCorrectedSiteCode(d.correctedSiteCode())
                        .setDisposition(d.disposition() == null ? null : Disposition.valueOf(d.disposition()))
                        .setReferralPathway(
                                d.referralPathway() == null ? null : ReferralPathway.valueOf(d.referralPathway()))
                        .setAssessmentMode(
                                d.assessmentMode() == null
                                        ? null
                                        : uk.transferofcare.events.AssessmentMode.valueOf(
                                                d.assessmentMode().name()))
                        .setDelayReason(
                                d.delayReason() == null
                                        ? null
                                        : uk.transferofcare.events.DelayReason.valueOf(
                                                d.delayReason().name()))
                        .setUndoneEventId(d.undoneEventId())
                        .build())
                .setPersonKey(s.personKey())
                .build();
    }
}
