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
 */
public record Decision(
        Submission submission,
        Verdict verdict,
        CaseFile caseFile,
        List<AppliedEvent> events,
        boolean emitCompletedCase,
        List<Submission> linkedCaseSubmissions,
        Instant processedAt)
        implements CaseUpdate {

    public Decision {
        requireNonNull(submission, "submission");
        requireNonNull(verdict, "verdict");
        requireNonNull(processedAt, "processedAt");
        events = List.copyOf(events);
        linkedCaseSubmissions = List.copyOf(linkedCaseSubmissions);
    }

    public SubmissionStatus status() {
        return verdict.status();
    }
}
