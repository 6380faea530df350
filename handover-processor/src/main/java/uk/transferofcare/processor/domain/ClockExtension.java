package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The recorded extension of the legal clock (LEGAL_CLOCK_EXTENDED, the s136 12-hour extension a registered medical
 * practitioner authorises). At most one per case; the deadline moves by the basis's {@link ClockRule#extension()}.
 *
 * @param occurredAt when it was authorised (before the deadline it moved)
 */
public record ClockExtension(String eventId, Instant occurredAt, Actor actor, Instant recordedAt) {

    public ClockExtension {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
