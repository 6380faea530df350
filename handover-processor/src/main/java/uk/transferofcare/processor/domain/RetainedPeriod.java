package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * ED asked officers to stay after handover: from OFFICER_RETAINED until OFFICER_RELEASED ({@code
 * to} null while open).
 */
public record RetainedPeriod(
        Instant from, Instant to, Integer officerCount, String reason, String retainedEventId, String releasedEventId) {

    public RetainedPeriod {
        requireNonNull(from, "from");
        requireNonNull(retainedEventId, "retainedEventId");
    }

    public boolean isOpen() {
        return to == null;
    }

    /** Whole seconds (floor) of a closed period, null while open. */
    public Long seconds() {
        return to == null ? null : Duration.between(from, to).getSeconds();
    }

    RetainedPeriod closedAt(Instant when, String eventId) {
        return new RetainedPeriod(from, when, officerCount, reason, retainedEventId, eventId);
    }
}
