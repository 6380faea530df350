package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * A legal clock: it starts at a recorded time point and runs for a fixed length.
 *
 * @param extension how much later a recorded LEGAL_CLOCK_EXTENDED moves the deadline (s136: 12 hours), or null when
 *     this clock cannot be extended
 */
public record ClockRule(TimePoint startsFrom, Duration length, Duration extension) {

    public ClockRule {
        requireNonNull(startsFrom, "startsFrom");
        requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a legal clock must run for a positive time: " + length);
        }
        if (extension != null && (extension.isNegative() || extension.isZero())) {
            throw new IllegalArgumentException("an extension must be positive: " + extension);
        }
    }

    /** A clock that cannot be extended. */
    public ClockRule(TimePoint startsFrom, Duration length) {
        this(startsFrom, length, null);
    }

    public boolean isExtendable() {
        return extension != null;
    }
}
