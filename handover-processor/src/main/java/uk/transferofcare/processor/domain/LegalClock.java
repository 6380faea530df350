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
 *
 * @param deadline when the clock runs out, including the extension when one applies
 * @param extendedAt occurredAt of the LEGAL_CLOCK_EXTENDED that moved the deadline, or null
 * @param extendedBy who recorded that extension, or null
 * @param deadlineBeforeExtension the deadline the extension moved, or null
 */
public record LegalClock(
        LegalBasis basis,
        TimePoint startsFrom,
        Instant startsAt,
        Instant deadline,
        Instant extendedAt,
        Actor extendedBy,
        Instant deadlineBeforeExtension) {

    public LegalClock {
        requireNonNull(basis, "basis");
        requireNonNull(startsFrom, "startsFrom");
        if ((startsAt == null) != (deadline == null)) {
            throw new IllegalArgumentException("startsAt and deadline are known together");
        }
        if ((extendedAt == null) != (extendedBy == null) || (extendedAt == null) != (deadlineBeforeExtension == null)) {
            throw new IllegalArgumentException("an extension has its time, its actor and the deadline it moved");
        }
        if (extendedAt != null && deadline == null) {
            throw new IllegalArgumentException("only a running clock is extended");
        }
    }

    /** A clock that was not extended. */
    public LegalClock(LegalBasis basis, TimePoint startsFrom, Instant startsAt, Instant deadline) {
        this(basis, startsFrom, startsAt, deadline, null, null, null);
    }

    /** True when the start is recorded, so the deadline is known. */
    public boolean isRunning() {
        return deadline != null;
    }

    /** True when an extension moved the deadline. */
    public boolean isExtended() {
        return extendedAt != null;
    }
}
