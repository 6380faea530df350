package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * An append-only correction of one time point: nothing is ever edited in place.
 *
 * @param from the instant before; null only when the correction recorded a removal time that was never recorded (an
 *     s297 case opened without removedAt: CORRECTED with correctedPoint REMOVED fills it and starts the clock)
 */
public record Correction(
        String eventId, TimePoint point, Instant from, Instant to, String reason, Actor actor, Instant recordedAt) {

    public Correction {
        requireNonNull(eventId, "eventId");
        requireNonNull(point, "point");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
