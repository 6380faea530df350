package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The legal clock of the case's legal basis, as the {@link TimerPolicy} defines it: by default S297
 * runs from removedAt, S136 from arrivedAt, 24 hours each. Recomputed after every applied change.
 * A case whose basis has a clock always has one; while its start point is not recorded (e.g. S297
 * without removedAt) {@code startsAt} and {@code deadline} are null, no warning fires, and {@link
 * DataQuality#legalClockUnknown()} is set.
 */
public record LegalClock(LegalBasis basis, TimePoint startsFrom, Instant startsAt, Instant deadline) {

    public LegalClock {
        requireNonNull(basis, "basis");
        requireNonNull(startsFrom, "startsFrom");
        if ((startsAt == null) != (deadline == null)) {
            throw new IllegalArgumentException("startsAt and deadline are known together");
        }
    }

    /** True when the start is recorded, so the deadline is known. */
    public boolean isRunning() {
        return deadline != null;
    }
}
