package uk.transferofcare.api.handover;

import java.time.Instant;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * A submission whose body passed every rule that needs no case: the API's form, distinct from the REST body and the
 * Avro record. Whether it fits the case is the processor's to judge.
 */
public record ValidatedSubmission(
        String eventId,
        String caseId,
        EventType type,
        Instant occurredAt,
        Details details,
        SourceInfo source,
        String personKey) {

    /**
     * Without a person key.
     *
     * @see uk.transferofcare.events.HandoverSubmission#getPersonKey()
     */
    public ValidatedSubmission(
            String eventId, String caseId, EventType type, Instant occurredAt, Details details, SourceInfo source) {
        this(eventId, caseId, type, occurredAt, details, source, null);
    }

    /** Never prints the person key (records print every component). */
    @Override
    public String toString() {
        return "ValidatedSubmission[eventId=" + eventId + ", caseId=" + caseId + ", type=" + type + ", occurredAt="
                + occurredAt + ", details=" + details + ", source=" + source + ", personKey="
                + (personKey == null ? "none" : "(given)") + "]";
    }

    /** Type-specific details; null when not given. */
    public record Details(
            String siteCode,
            String legalBasis,
            Instant removedAt,
            Instant eta,
            Integer officerCount,
            String destinationSiteCode,
            String policeDivision,
            TimePoint correctedPoint,
            Instant correctedTo,
            String reason,
            String localReference,
            String note,
            String correctedDivision,
            String correctedLegalBasis,
            String correctedSiteCode,
            String disposition,
            String referralPathway,
            AssessmentMode assessmentMode,
            DelayReason delayReason,
            String undoneEventId) {

        /** No details at all (a type that needs none, e.g. CLEARED without a disposition). */
        public static final Details NONE = new Details(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /**
     * How the submission reached the platform.
     *
     * @param channel OFFICER_APP, ED_BOARD, API or SIMULATOR
     * @param deviceId random id of the device, or null
     * @param queuedOffline true when the device queued it offline and replayed it later
     */
    public record SourceInfo(String channel, String deviceId, boolean queuedOffline) {}
}
