package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import uk.transferofcare.vocabulary.TimePoint;

/** A legal clock: it starts at a recorded time point and runs for a fixed length. */
public record ClockRule(TimePoint startsFrom, Duration length) {

    public ClockRule {
        requireNonNull(startsFrom, "startsFrom");
        requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a legal clock must run for a positive time: " + length);
        }
    }
}
