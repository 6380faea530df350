package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import uk.transferofcare.vocabulary.Disposition;

/**
 * One recorded disposition (DISPOSITION_RECORDED, or CLEARED with {@code details.disposition}). Append-only: a later
 * record (a supervisor's correction, a disposition known only later) stands over an earlier one, nothing is edited.
 *
 * @param sequence the case sequence of the event that recorded it
 * @param reason required from a SUPERVISOR (a correction), optional otherwise
 */
public record DispositionRecord(
        String eventId,
        long sequence,
        Disposition disposition,
        Instant occurredAt,
        Actor actor,
        String reason,
        Instant recordedAt) {

    /** The order that decides which record stands: the latest occurredAt, then the highest sequence. */
    public static final Comparator<DispositionRecord> STANDING_ORDER =
            Comparator.comparing(DispositionRecord::occurredAt).thenComparingLong(DispositionRecord::sequence);

    public DispositionRecord {
        requireNonNull(eventId, "eventId");
        requireNonNull(disposition, "disposition");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }

    /** The standing disposition of these records, or null when there are none. */
    public static Disposition standing(List<DispositionRecord> records) {
        return records.stream()
                .max(STANDING_ORDER)
                .map(DispositionRecord::disposition)
                .orElse(null);
    }
}
