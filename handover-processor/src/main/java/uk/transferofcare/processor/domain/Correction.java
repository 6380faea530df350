package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * An append-only correction of one time point: nothing is ever edited in place. A supervisor's CORRECTED moves the
 * point; an author's ACTION_UNDONE withdraws it ({@link #withdrawn()}).
 *
 * @param eventId the CORRECTED's (or the ACTION_UNDONE's) eventId
 * @param from the instant before; null only when the correction recorded a removal time that was never recorded (an
 *     s297 case opened without removedAt: CORRECTED with correctedPoint REMOVED fills it and starts the clock)
 * @param to the instant after; for a withdrawal the withdrawn point's instant (= from: the point is gone)
 * @param withdrawnEventId for a withdrawal, the eventId of the point's event that the undo withdrew; else null
 */
public record Correction(
        String eventId,
        TimePoint point,
        Instant from,
        Instant to,
        String reason,
        Actor actor,
        Instant recordedAt,
        String withdrawnEventId) {

    /** The fixed reason of a withdrawal. */
    public static final String WITHDRAWN_REASON = "undone by its author";

    /** A supervisor's correction that moved (or filled) the point. */
    public Correction(
            String eventId, TimePoint point, Instant from, Instant to, String reason, Actor actor, Instant recordedAt) {
        this(eventId, point, from, to, reason, actor, recordedAt, null);
    }

    /** True when the point was withdrawn by its own author (ACTION_UNDONE), not moved. */
    public boolean withdrawn() {
        return withdrawnEventId != null;
    }

    public Correction {
        requireNonNull(eventId, "eventId");
        requireNonNull(point, "point");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
