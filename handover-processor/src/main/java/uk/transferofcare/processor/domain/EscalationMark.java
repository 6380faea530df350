package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An escalation mark that has fired (an ESCALATED event was recorded for it). Fired marks never
 * fire again and never move, even if arrivedAt is corrected later.
 *
 * @param dueAt arrivedAt + threshold at the time it fired: the ESCALATED event's occurredAt
 * @param firedAt the {@code now} of the tick that recorded it: the event's recordedAt
 * @param notified false when it was recorded without notifying anyone (past the horizon, or the
 *     case had already been handed over or closed by then)
 */
public record EscalationMark(
        int level, int thresholdMinutes, Instant dueAt, Instant firedAt, boolean notified, String eventId) {

    public EscalationMark {
        requireNonNull(dueAt, "dueAt");
        requireNonNull(firedAt, "firedAt");
        requireNonNull(eventId, "eventId");
    }
}
