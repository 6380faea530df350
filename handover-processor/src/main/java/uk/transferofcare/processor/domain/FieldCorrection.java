package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An append-only correction of a case attribute: the value was wrong from the start (unlike a {@link DivisionTransfer},
 * which changes who is responsible from its time on).
 *
 * @param from the value before, as text (a division code, a legal basis symbol, a site code); null when it was unknown
 * @param to the corrected value, as text
 */
public record FieldCorrection(
        String eventId, CorrectedField field, String from, String to, String reason, Actor actor, Instant recordedAt) {

    public FieldCorrection {
        requireNonNull(eventId, "eventId");
        requireNonNull(field, "field");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
