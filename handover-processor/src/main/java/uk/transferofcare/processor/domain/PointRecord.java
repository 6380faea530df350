package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Who recorded a time point and when.
 *
 * @param at the point's instant (its current value, after any correction)
 * @param eventId the event that recorded it; for an implied acknowledgement the HANDED_OVER that
 *     implied it; for a corrected implied acknowledgement the CORRECTED event
 * @param recordedAt receivedAt of that event
 * @param implied acknowledgedAt set by HANDED_OVER (rule 6): not a recorded first event
 * @param late the event filled the point behind the case's state (rule 4)
 * @param corrected a CORRECTED event changed the value (see {@link CaseFile#corrections()})
 */
public record PointRecord(
        TimePoint point,
        Instant at,
        String eventId,
        Instant recordedAt,
        Actor actor,
        boolean implied,
        boolean late,
        boolean corrected) {

    public PointRecord {
        requireNonNull(point, "point");
        requireNonNull(at, "at");
        requireNonNull(eventId, "eventId");
        requireNonNull(recordedAt, "recordedAt");
        requireNonNull(actor, "actor");
    }

    PointRecord withAt(Instant value) {
        return new PointRecord(point, value, eventId, recordedAt, actor, implied, late, corrected);
    }
}
