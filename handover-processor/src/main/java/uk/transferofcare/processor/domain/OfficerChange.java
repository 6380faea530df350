package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.EventType;

/**
 * A change of the officer count: an OFFICER_RETAINED or OFFICER_RELEASED that named {@code
 * details.officerCount}. From {@code at} on, {@code officerCount} officers are at the site (the
 * new total, never the number retained or released) until the next change or clearance.
 */
public record OfficerChange(Instant at, int officerCount, EventType type, String eventId) {

    public OfficerChange {
        requireNonNull(at, "at");
        requireNonNull(type, "type");
        requireNonNull(eventId, "eventId");
        if (officerCount < 1) {
            throw new IllegalArgumentException("an officer count is at least 1: " + officerCount);
        }
        if (type != EventType.OFFICER_RETAINED && type != EventType.OFFICER_RELEASED) {
            throw new IllegalArgumentException("not an officer count change: " + type);
        }
    }
}
