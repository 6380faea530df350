package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.EventType;

/**
 * An event as a user (or the processor, for a linked case) sent it, before the state machine has
 * judged it.
 *
 * @param eventId the client's id, the idempotency key
 * @param caseId the case's id, chosen by the client that opened it
 * @param occurredAt when it happened, by the device's clock
 * @param receivedAt when the platform received it: becomes the event's recordedAt, and is the clock
 *     rule 2 (future timestamps) is judged against, so a replay decides identically
 * @param details never null; {@link Details#EMPTY} when a null is given
 */
public record Submission(
        String eventId,
        String caseId,
        EventType type,
        Instant occurredAt,
        Instant receivedAt,
        Actor actor,
        Source source,
        Details details) {

    public Submission {
        requireNonNull(eventId, "eventId");
        requireNonNull(caseId, "caseId");
        requireNonNull(type, "type");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(receivedAt, "receivedAt");
        requireNonNull(actor, "actor");
        requireNonNull(source, "source");
        details = details == null ? Details.EMPTY : details;
    }
}
