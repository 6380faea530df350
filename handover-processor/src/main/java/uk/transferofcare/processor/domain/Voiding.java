package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The ENTERED_IN_ERROR that voided a case: who, when and why. */
public record Voiding(String eventId, Instant occurredAt, String reason, Actor actor, Instant recordedAt) {

    public Voiding {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(reason, "reason");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
