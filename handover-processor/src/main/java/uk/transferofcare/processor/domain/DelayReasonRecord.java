package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.DelayReason;

/**
 * A delay reason a case holds: the first DELAY_REASON_RECORDED of that reason (a case holds each
 * reason once; a later record of the same reason is an event, not a second reason).
 *
 * @param at occurredAt of the event that recorded it
 * @param note optional short note (at most 200 characters, no personal data: the API checks it)
 */
public record DelayReasonRecord(
        DelayReason reason, Instant at, String note, String eventId, Actor actor, Instant recordedAt) {

    public DelayReasonRecord {
        requireNonNull(reason, "reason");
        requireNonNull(at, "at");
        requireNonNull(eventId, "eventId");
        requireNonNull(actor, "actor");
        requireNonNull(recordedAt, "recordedAt");
    }
}
