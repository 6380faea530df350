package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@link HandoverStateMachine#decide}: the case after the submission, its verdict,
 * the applied events (0 or 1 for a submission) and the submissions the processor must send to
 * OTHER cases (a DIVERTED case opens a linked case at the destination).
 *
 * <p>Timers are not fired by {@code decide}: the caller calls {@link HandoverStateMachine#tick}
 * with the new case right after (see there).
 *
 * @param caseFile the new case, or the unchanged one for a duplicate; a rejection returns the case
 *     with only its rejected count and submission log changed; null when the case is unknown and
 *     the submission was rejected (nothing to store)
 * @param processedAt when the processor decided (for the outcome record only: it never affects the
 *     decision)
 * @param linkedCaseSubmissions system submissions to publish on the submissions topic, keyed by
 *     their own caseId
 * @param resend true when the case had already seen this eventId: the verdict repeats its standing
 *     verdict (so a re-send gets the original answer), or is an {@code EVENT_ID_REUSED} rejection
 *     of this copy when its body differs; either way the standing verdict is unchanged
 */
public record Decision(
        Submission submission,
        Verdict verdict,
        CaseFile caseFile,
        List<AppliedEvent> events,
        boolean emitCompletedCase,
        List<Submission> linkedCaseSubmissions,
        Instant processedAt,
        boolean resend)
        implements CaseUpdate {

    public Decision {
        requireNonNull(submission, "submission");
        requireNonNull(verdict, "verdict");
        requireNonNull(processedAt, "processedAt");
        events = List.copyOf(events);
        linkedCaseSubmissions = List.copyOf(linkedCaseSubmissions);
    }

    /** A first judgement (not a re-send): {@link #resend} false. */
    public Decision(
            Submission submission,
            Verdict verdict,
            CaseFile caseFile,
            List<AppliedEvent> events,
            boolean emitCompletedCase,
            List<Submission> linkedCaseSubmissions,
            Instant processedAt) {
        this(submission, verdict, caseFile, events, emitCompletedCase, linkedCaseSubmissions, processedAt, false);
    }

    public SubmissionStatus status() {
        return verdict.status();
    }
}
