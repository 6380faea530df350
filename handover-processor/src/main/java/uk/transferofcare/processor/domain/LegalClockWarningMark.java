package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A legal-clock warning that has fired (a LEGAL_CLOCK_WARNING event was recorded for it). Fired
 * warnings never fire again, even if the deadline moves after a correction; a LEGAL_CLOCK_EXTENDED
 * re-arms them against the extended deadline as other marks (their eventIds differ: {@link
 * HandoverStateMachine#legalClockWarningEventId}).
 */
public record LegalClockWarningMark(
        int minutesBefore, Instant deadline, Instant dueAt, Instant firedAt, boolean notified, String eventId) {

    public LegalClockWarningMark {
        requireNonNull(deadline, "deadline");
        requireNonNull(dueAt, "dueAt");
        requireNonNull(firedAt, "firedAt");
        requireNonNull(eventId, "eventId");
    }
}
