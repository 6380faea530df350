package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An open case handed from one police division to another (DIVISION_TRANSFERRED, relief at shift change). Append-only:
 * the case's division is the receiving one from then on.
 *
 * @param fromDivision the division before (null when the case had none)
 * @param at the transfer's occurredAt
 */
public record DivisionTransfer(
        String eventId,
        String fromDivision,
        String toDivision,
        Instant at,
        String reason,
        Actor actor,
        Instant recordedAt) {

    public DivisionTransfer {
        requireNonNull(eventId, "eventId");
        requireNonNull(toDivision, "toDivision");
        requireNonNull(at, "at");
        requireNonNull(reason, "reason");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
