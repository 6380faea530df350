package uk.transferofcare.api.readmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.SubmissionStatus;

/**
 * What this API knows about submissions: every accepted eventId (from its own acknowledged writes and from the
 * {@code handover-submissions} topic, so every instance knows what any instance accepted), the first outcome of each
 * eventId (from {@code handover-outcomes}), rejections per case (from {@code handover-rejections}), and the cases
 * opened by accepted submissions that the processor has not yet turned into a snapshot.
 *
 * <p>Those pending openings close the race of an offline device replaying PRE_ALERTED then ARRIVED (or CLEARED)
 * within milliseconds: the second submission finds the case here before any snapshot exists. An opening the
 * processor rejects stops counting as soon as its outcome arrives, in whichever order the topics are read.
 */
@Component
public class SubmissionTracker {

    /**
     * An accepted submission.
     *
     * @param fingerprint what makes a re-send "the same submission" (see {@link Fingerprint})
     */
    public record Accepted(
            String eventId,
            String caseId,
            String type,
            String fingerprint,
            String userId,
            String role,
            String org,
            Instant receivedAt) {}

    /**
     * The first outcome of an eventId, and how many later outcomes (re-sent copies) were DUPLICATE.
     */
    public record Outcome(
            String eventId,
            String caseId,
            String type,
            String status,
            String rule,
            String message,
            Long sequence,
            String userId,
            Instant receivedAt,
            Instant processedAt,
            int laterDuplicates) {

        Outcome withOneMoreDuplicate() {
            return new Outcome(
                    eventId,
                    caseId,
                    type,
                    status,
                    rule,
                    message,
                    sequence,
                    userId,
                    receivedAt,
                    processedAt,
                    laterDuplicates + 1);
        }
    }

    /**
     * A case known only from accepted opening submissions.
     *
     * @param policeDivision the opener's division when an officer opened it, else null
     */
    public record PendingCase(String caseId, String siteCode, String policeDivision, Set<String> openers) {}

    private final Map<String, Accepted> accepted = new HashMap<>();
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private final Map<String, PendingCase> pending = new HashMap<>();
    private final Map<String, Map<String, SubmissionRejected>> rejections = new HashMap<>();

    /** Records an accepted submission (idempotent: the first record of an eventId wins). */
    public synchronized void accepted(HandoverSubmission submission) {
        String eventId = submission.getEventId();
        if (accepted.containsKey(eventId)) {
            return;
        }
        accepted.put(
                eventId,
                new Accepted(
                        eventId,
                        submission.getCaseId(),
                        submission.getType().name(),
                        Fingerprint.of(submission),
                        submission.getActor().getUserId(),
                        submission.getActor().getRole().name(),
                        submission.getActor().getOrg(),
                        submission.getReceivedAt()));
        boolean opens = submission.getType() == EventType.PRE_ALERTED || submission.getType() == EventType.ARRIVED;
        String site = submission.getDetails().getSiteCode();
        Outcome outcome = outcomes.get(eventId);
        if (opens && site != null && (outcome == null || !"REJECTED".equals(outcome.status()))) {
            String division = submission.getActor().getRole() == ActorRole.OFFICER
                    ? submission.getActor().getOrg()
                    : null;
            PendingCase current = pending.get(submission.getCaseId());
            Set<String> openers = new LinkedHashSet<>(current == null ? Set.of() : current.openers());
            openers.add(eventId);
            pending.put(
                    submission.getCaseId(),
                    new PendingCase(
                            submission.getCaseId(),
                            current == null ? site : current.siteCode(),
                            current == null || current.policeDivision() == null ? division : current.policeDivision(),
                            Set.copyOf(openers)));
        }
    }

    /** Records an outcome: the first one per eventId is kept, later DUPLICATE ones are counted. */
    public synchronized void outcome(SubmissionOutcome outcome) {
        String eventId = outcome.getEventId();
        Outcome first = outcomes.get(eventId);
        if (first != null) {
            if (outcome.getStatus() == SubmissionStatus.DUPLICATE) {
                outcomes.put(eventId, first.withOneMoreDuplicate());
            }
            return;
        }
        outcomes.put(
                eventId,
                new Outcome(
                        eventId,
                        outcome.getCaseId(),
                        outcome.getType().name(),
                        outcome.getStatus().name(),
                        outcome.getRule(),
                        outcome.getMessage(),
                        outcome.getSequence(),
                        outcome.getActor().getUserId(),
                        outcome.getReceivedAt(),
                        outcome.getProcessedAt(),
                        0));
        if (outcome.getStatus() == SubmissionStatus.REJECTED) {
            PendingCase current = pending.get(outcome.getCaseId());
            if (current != null && current.openers().contains(eventId)) {
                Set<String> openers = new LinkedHashSet<>(current.openers());
                openers.remove(eventId);
                if (openers.isEmpty()) {
                    pending.remove(outcome.getCaseId());
                } else {
                    pending.put(
                            current.caseId(),
                            new PendingCase(
                                    current.caseId(),
                                    current.siteCode(),
                                    current.policeDivision(),
                                    Set.copyOf(openers)));
                }
            }
        }
    }

    /** Records a rejection for the case page (one per eventId). */
    public synchronized void rejected(SubmissionRejected rejected) {
        rejections
                .computeIfAbsent(rejected.getSubmission().getCaseId(), k -> new LinkedHashMap<>())
                .putIfAbsent(rejected.getSubmission().getEventId(), rejected);
    }

    /** The processor has a snapshot of the case now: it no longer needs to be known as pending. */
    public synchronized void materialized(String caseId) {
        pending.remove(caseId);
    }

    public synchronized Optional<Accepted> accepted(String eventId) {
        return Optional.ofNullable(accepted.get(eventId));
    }

    public synchronized Optional<Outcome> outcome(String eventId) {
        return Optional.ofNullable(outcomes.get(eventId));
    }

    public synchronized Optional<PendingCase> pending(String caseId) {
        return Optional.ofNullable(pending.get(caseId));
    }

    public synchronized List<SubmissionRejected> rejections(String caseId) {
        Map<String, SubmissionRejected> forCase = rejections.get(caseId);
        return forCase == null ? List.of() : new ArrayList<>(forCase.values());
    }

    public synchronized int acceptedCount() {
        return accepted.size();
    }
}
