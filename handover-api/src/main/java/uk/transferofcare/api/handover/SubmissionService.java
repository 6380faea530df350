package uk.transferofcare.api.handover;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;
import uk.transferofcare.api.access.AccessPolicy;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.readmodel.Fingerprint;
import uk.transferofcare.api.readmodel.KnownCases;
import uk.transferofcare.api.readmodel.ReadModelProperties;
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.api.readmodel.SubmissionTracker;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.Topics;

/**
 * Takes a validated submission to Kafka, exactly once as far as this API can see:
 *
 * <ol>
 *   <li>An eventId already accepted (by this or any instance) with the same fingerprint gets the same answer and
 *       nothing is produced; with another fingerprint, 409 naming {@code eventId}.
 *   <li>An eventId whose earlier send is still in flight on this instance waits for that send rather than producing
 *       a second copy; if it is still unresolved, 503 again.
 *   <li>The case must be known (snapshot or accepted opening) unless the type opens it; authorization and the
 *       courtesy transition check follow.
 *   <li>The record is produced with acks=all by the idempotent producer, and 202 is answered only once Kafka has
 *       acknowledged it; otherwise 503 with Retry-After. Nothing is lost: the client re-sends the same eventId.
 * </ol>
 */
@Service
public class SubmissionService {

    private static final Logger log = LoggerFactory.getLogger(SubmissionService.class);

    /** What a successful submission answers. */
    public record Receipt(String eventId, String caseId, boolean alreadyAccepted) {}

    private final KafkaTemplate<String, HandoverSubmission> kafka;
    private final KnownCases knownCases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus readModel;
    private final ReadModelProperties readModelProperties;
    private final SubmissionProperties properties;
    private final Clock clock;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    SubmissionService(
            KafkaTemplate<String, HandoverSubmission> kafka,
            KnownCases knownCases,
            SubmissionTracker tracker,
            ReadModelStatus readModel,
            ReadModelProperties readModelProperties,
            SubmissionProperties properties,
            Clock clock) {
        this.kafka = kafka;
        this.knownCases = knownCases;
        this.tracker = tracker;
        this.readModel = readModel;
        this.readModelProperties = readModelProperties;
        this.properties = properties;
        this.clock = clock;
    }

    public Receipt submit(Caller caller, ValidatedSubmission s) {
        requireReadModel();
        HandoverSubmission record = toAvro(s, caller, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String fingerprint = Fingerprint.of(record);

        Optional<Receipt> replay = replay(s, fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> earlier = inFlight.putIfAbsent(s.eventId(), mine);
        if (earlier != null) {
            return afterEarlierSend(s, fingerprint, earlier);
        }
        boolean handedOver = false;
        try {
            replay = replay(s, fingerprint);
            if (replay.isPresent()) {
                return replay.get();
            }
            boolean seenEverything = readModelProperties.crossInstanceChecks() && readModel.awaitSubmissionsVisible();
            if (seenEverything) {
                replay = replay(s, fingerprint);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            authorize(caller, s, seenEverything);
            handedOver = true;
            return produce(record, fingerprint, mine);
        } finally {
            if (!handedOver) {
                inFlight.remove(s.eventId(), mine);
                mine.complete(null);
            }
        }
    }

    private Optional<Receipt> replay(ValidatedSubmission s, String fingerprint) {
        return tracker.accepted(s.eventId()).map(accepted -> {
            if (!accepted.fingerprint().equals(fingerprint)
                    || !accepted.caseId().equals(s.caseId())) {
                throw ApiProblem.conflict(
                        "eventId",
                        "idempotency-key-reused",
                        "eventId " + s.eventId() + " was already accepted for a different submission ("
                                + accepted.type() + " on case " + accepted.caseId() + "); every new event needs a new"
                                + " eventId");
            }
            return new Receipt(s.eventId(), s.caseId(), true);
        });
    }

    private Receipt afterEarlierSend(ValidatedSubmission s, String fingerprint, CompletableFuture<Void> earlier) {
        try {
            earlier.get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fall through: decide on what is known now
        }
        return replay(s, fingerprint)
                .orElseThrow(() -> unavailable("an earlier send of eventId " + s.eventId()
                        + " is not yet confirmed by Kafka; send it again shortly"));
    }

    /**
     * @param seenEverything this instance has just read every submission acknowledged before the request, so a case
     *     it does not know is unknown
     */
    private void authorize(Caller caller, ValidatedSubmission s, boolean seenEverything) {
        Optional<KnownCases.KnownCase> known = knownCases.find(s.caseId());
        boolean opensHere = s.type().opensCase() && s.details().siteCode() != null;
        if (known.isEmpty() && !seenEverything && !opensHere) {
            try {
                known = knownCases.findAfterBarrier(s.caseId());
            } catch (KnownCases.NotVisibleYetException e) {
                throw unavailable("cannot confirm yet whether case " + s.caseId() + " exists; send it again shortly");
            }
        }
        CaseFacts facts;
        if (known.isEmpty()) {
            if (!s.type().opensCase()) {
                throw ApiProblem.notFound(
                        "caseId", "no case " + s.caseId() + " is known; a case is opened by PRE_ALERTED or ARRIVED");
            }
            if (s.details().siteCode() == null) {
                throw ApiProblem.invalid(
                        "siteCode", "required-to-open", s.type() + " opening a new case needs the siteCode");
            }
            facts = new CaseFacts(
                    s.details().siteCode(),
                    caller.role() == uk.transferofcare.api.access.Role.OFFICER ? caller.org() : null);
        } else {
            facts = known.get().facts();
            String site = s.details().siteCode();
            if (site != null && !site.equals(facts.siteCode())) {
                throw ApiProblem.conflict(
                        "siteCode",
                        "WRONG_SITE",
                        "case " + s.caseId() + " is at site " + facts.siteCode() + ", not " + site);
            }
            String destination = s.details().destinationSiteCode();
            if (destination != null && destination.equals(facts.siteCode())) {
                throw ApiProblem.invalid(
                        "destinationSiteCode", "different-site", "a diversion goes to another site than the case's");
            }
        }
        Optional<String> denied = AccessPolicy.denySubmit(caller, s.type(), facts);
        if (denied.isPresent()) {
            throw ApiProblem.forbidden("type", "not-permitted", denied.get());
        }
        if (known.isPresent() && !known.get().pending()) {
            Optional<FieldError> conflict =
                    TransitionCheck.check(s, CaseTimeline.of(known.get().snapshot()));
            if (conflict.isPresent()) {
                FieldError error = conflict.get();
                throw new ApiProblem(
                        uk.transferofcare.api.problem.ProblemType.CONFLICT, error.message(), List.of(error));
            }
        }
    }

    private Receipt produce(HandoverSubmission record, String fingerprint, CompletableFuture<Void> mine) {
        String eventId = record.getEventId();
        CompletableFuture<SendResult<String, HandoverSubmission>> sent;
        try {
            sent = kafka.send(Topics.SUBMISSIONS.name(), record.getCaseId(), record);
        } catch (RuntimeException e) {
            log.warn("Cannot hand submission {} to Kafka: {}", eventId, e.toString());
            inFlight.remove(eventId, mine);
            mine.complete(null);
            throw unavailable("Kafka cannot take the submission now; nothing was recorded");
        }
        sent.whenComplete((result, error) -> {
            if (error == null) {
                tracker.accepted(record);
            } else {
                log.warn("Submission {} was not acknowledged by Kafka: {}", eventId, error.toString());
            }
            inFlight.remove(eventId, mine);
            mine.complete(null);
        });
        try {
            sent.get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Receipt(eventId, record.getCaseId(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Kafka; send the same eventId again");
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable("Kafka did not acknowledge the submission in time; nothing is confirmed, send the same"
                    + " eventId again");
        }
    }

    private void requireReadModel() {
        if (!readModel.ready()) {
            throw unavailable("the read models are still loading from Kafka; send it again shortly");
        }
    }

    private ApiProblem unavailable(String message) {
        return ApiProblem.unavailable(
                message, Math.max(1, properties.retryAfter().toSeconds()));
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
                        .setLinkedCaseId(d.linkedCaseId())
                        .setCorrectedPoint(
                                d.correctedPoint() == null
                                        ? null
                                        : TimePoint.valueOf(d.correctedPoint().name()))
                        .setCorrectedTo(d.correctedTo())
                        .setReason(d.reason())
                        .setLocalReference(d.localReference())
                        .setNote(d.note())
                        .build())
                .build();
    }
}
