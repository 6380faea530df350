package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
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

    /**
     * What makes a re-send of an eventId "the same submission": the fields the client chose, type,
     * occurredAt and every detail, and nothing the platform or the device added (receivedAt, the
     * actor from the token, the source's channel and offline flag). SHA-256 of a canonical form,
     * first 128 bits in hex. The same eventId with another fingerprint is a client's mistake, not a
     * re-send.
     */
    public String fingerprint() {
        Details d = details;
        Object[] fields = {
            type,
            occurredAt.toEpochMilli(),
            d.siteCode(),
            d.legalBasis(),
            millis(d.removedAt()),
            millis(d.eta()),
            d.officerCount(),
            d.destinationSiteCode(),
            d.linkedCaseId(),
            d.correctedPoint(),
            millis(d.correctedTo()),
            d.reason(),
            d.localReference(),
            d.note(),
            d.policeDivision()
        };
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            canonical.append(field == null ? "\u2400" : Objects.toString(field)).append('\u001f');
        }
        // Details added later join the canonical form only when set, so the fingerprint of every submission that
        // does not use them (all stored before they existed) stays what it was.
        Object[] later = {d.correctedDivision(), d.correctedLegalBasis(), d.correctedSiteCode()};
        if (Arrays.stream(later).anyMatch(Objects::nonNull)) {
            for (Object field : later) {
                canonical
                        .append(field == null ? "\u2400" : Objects.toString(field))
                        .append('\u001f');
            }
        }
        // Likewise the outcome details (disposition, referral pathway), in their own block.
        if (d.disposition() != null || d.referralPathway() != null) {
            canonical
                    .append(d.disposition())
                    .append('\u001f')
                    .append(d.referralPathway())
                    .append('\u001f');
        }
        // Details added later join only when set, so the fingerprints kept for older submissions stay valid.
        if (d.assessmentMode() != null) {
            canonical.append("assessmentMode=").append(d.assessmentMode()).append('\u001f');
        }
        if (d.delayReason() != null) {
            canonical.append("delayReason=").append(d.delayReason()).append('\u001f');
        }
        if (d.undoneEventId() != null) {
            canonical.append("undoneEventId=").append(d.undoneEventId()).append('\u001f');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
