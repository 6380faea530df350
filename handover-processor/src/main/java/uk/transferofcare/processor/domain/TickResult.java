package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@link HandoverStateMachine#tick}: the timer events that were due (ESCALATED,
 * LEGAL_CLOCK_WARNING), each recorded as fired in {@link #caseFile()} so it never fires again.
 */
public record TickResult(CaseFile caseFile, List<AppliedEvent> events, boolean emitCompletedCase, Instant now)
        implements CaseUpdate {

    public TickResult {
        requireNonNull(caseFile, "caseFile");
        requireNonNull(now, "now");
        events = List.copyOf(events);
    }
}
