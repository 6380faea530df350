package uk.transferofcare.api.handover;

import java.time.Instant;

/**
 * A submission that passed every syntactic and per-type rule: the domain form, distinct from the REST body and the
 * Avro record.
 */
public record ValidatedSubmission(
        String eventId, String caseId, SubmissionType type, Instant occurredAt, Details details, SourceInfo source) {

    /** Type-specific details; null when not given. */
    public record Details(
            String siteCode,
            String legalBasis,
            Instant removedAt,
            Instant eta,
            Integer officerCount,
            String destinationSiteCode,
            String linkedCaseId,
            Point correctedPoint,
            Instant correctedTo,
            String reason,
            String localReference,
            String note) {}

    /**
     * How the submission reached the platform.
     *
     * @param channel OFFICER_APP, ED_BOARD, API or SIMULATOR
     * @param deviceId random id of the device, or null
     * @param queuedOffline true when the device queued it offline and replayed it later
     */
    public record SourceInfo(String channel, String deviceId, boolean queuedOffline) {}
}
