package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * A fact: a submission the state machine accepted, or an event the processor recorded itself
 * (ESCALATED, LEGAL_CLOCK_WARNING). Carries everything the wire {@code HandoverEvent} needs.
 *
 * @param sequence per-case sequence number, 1, 2, 3... with no gaps
 * @param recordedAt the submission's receivedAt; for timer events the tick's {@code now}
 * @param state the case's state after this event
 * @param siteCode the case's site
 * @param policeDivision the police division that brought the person, null while unknown
 * @param late it filled a time point behind the case's state (rule 4)
 * @param correctedFrom CORRECTED: the value the point had before
 * @param escalationLevel ESCALATED: 1, 2, 3...
 * @param thresholdMinutes ESCALATED: minutes after arrival; LEGAL_CLOCK_WARNING: minutes before the
 *     deadline
 * @param legalClockDeadline LEGAL_CLOCK_WARNING: when the legal clock expires
 * @param notifyRecipients false for marks recorded without notifying anyone (backfilled history, or
 *     the case was past the mark by the time it was recorded); true for every user event
 * @param withdrawnPoint ACTION_UNDONE: the time point the undo withdrew (its instant in {@code correctedFrom}); null
 *     for every other type
 */
public record AppliedEvent(
        String eventId,
        String caseId,
        long sequence,
        EventType type,
        Instant occurredAt,
        Instant recordedAt,
        Actor actor,
        Source source,
        Details details,
        CaseState state,
        String siteCode,
        String policeDivision,
        LegalBasis legalBasis,
        boolean late,
        Instant correctedFrom,
        Integer escalationLevel,
        Integer thresholdMinutes,
        Instant legalClockDeadline,
        boolean notifyRecipients,
        TimePoint withdrawnPoint) {

    public AppliedEvent {
        requireNonNull(eventId, "eventId");
        requireNonNull(caseId, "caseId");
        requireNonNull(type, "type");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(recordedAt, "recordedAt");
        requireNonNull(actor, "actor");
        requireNonNull(source, "source");
        requireNonNull(details, "details");
        requireNonNull(state, "state");
        requireNonNull(siteCode, "siteCode");
    }
}
