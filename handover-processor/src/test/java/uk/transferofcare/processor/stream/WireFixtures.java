package uk.transferofcare.processor.stream;

import java.time.Duration;
import java.time.Instant;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.TimePoint;

/** Wire submissions for the topology's tests: cases at site QEUH brought by police division G. */
final class WireFixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final String SITE = "QEUH";
    static final String OTHER_SITE = "RIE";
    static final String DIVISION = "G";

    static final Actor OFFICER = new Actor("PC1234", ActorRole.OFFICER, DIVISION);
    static final Actor ED = new Actor("RN0045", ActorRole.ED_STAFF, SITE);
    static final Actor ED_SUPERVISOR = new Actor("CN0001", ActorRole.SUPERVISOR, SITE);

    static final Source OFFICER_DEVICE = new Source(SourceChannel.OFFICER_APP, "officer-device", false);
    static final Source ED_DEVICE = new Source(SourceChannel.ED_BOARD, "ed-device", false);

    /** Delay between occurredAt and receivedAt. */
    static final Duration DELIVERY = Duration.ofSeconds(10);

    private WireFixtures() {}

    static Instant min(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static Builder submit(String caseId, String eventId, EventType type, Instant occurredAt) {
        return new Builder(caseId, eventId, type, occurredAt);
    }

    static Builder preAlert(String caseId, String eventId, Instant at) {
        return submit(caseId, eventId, EventType.PRE_ALERTED, at).siteCode(SITE);
    }

    static Builder arrive(String caseId, String eventId, Instant at) {
        return submit(caseId, eventId, EventType.ARRIVED, at).siteCode(SITE);
    }

    static SubmissionDetails.Builder noDetails() {
        return SubmissionDetails.newBuilder();
    }

    static final class Builder {
        private final HandoverSubmission.Builder submission;
        private final SubmissionDetails.Builder details = SubmissionDetails.newBuilder();

        private Builder(String caseId, String eventId, EventType type, Instant occurredAt) {
            boolean police = switch (type) {
                case PRE_ALERTED,
                        ARRIVED,
                        CLEARED,
                        CANCELLED,
                        DIVERTED,
                        ABSCONDED,
                        ENDED_WITHOUT_HANDOVER,
                        REFERRED_AT_SCENE -> true;
                default -> false;
            };
            boolean supervisor = type == EventType.CORRECTED
                    || type == EventType.ENTERED_IN_ERROR
                    || type == EventType.CLOSED_NOT_RECORDED;
            submission = HandoverSubmission.newBuilder()
                    .setEventId(eventId)
                    .setCaseId(caseId)
                    .setType(type)
                    .setOccurredAt(occurredAt)
                    .setReceivedAt(occurredAt.plus(DELIVERY))
                    .setActor(supervisor ? ED_SUPERVISOR : police ? OFFICER : ED)
                    .setSource(police ? OFFICER_DEVICE : ED_DEVICE);
        }

        Builder by(Actor actor) {
            submission.setActor(actor);
            return this;
        }

        Builder received(Instant at) {
            submission.setReceivedAt(at);
            return this;
        }

        Builder siteCode(String value) {
            details.setSiteCode(value);
            return this;
        }

        Builder legalBasis(LegalBasis value) {
            details.setLegalBasis(value);
            return this;
        }

        Builder removedAt(Instant value) {
            details.setRemovedAt(value);
            return this;
        }

        Builder officerCount(int value) {
            details.setOfficerCount(value);
            return this;
        }

        Builder assessmentMode(uk.transferofcare.events.AssessmentMode value) {
            details.setAssessmentMode(value);
            return this;
        }

        Builder delayReason(uk.transferofcare.events.DelayReason value) {
            details.setDelayReason(value);
            return this;
        }

        Builder note(String value) {
            details.setNote(value);
            return this;
        }

        Builder undoneEventId(String value) {
            details.setUndoneEventId(value);
            return this;
        }

        Builder destination(String site) {
            details.setDestinationSiteCode(site);
            return this;
        }

        Builder reason(String value) {
            details.setReason(value);
            return this;
        }

        Builder policeDivision(String value) {
            details.setPoliceDivision(value);
            return this;
        }

        Builder correctedDivision(String value) {
            details.setCorrectedDivision(value);
            return this;
        }

        Builder correctedLegalBasis(LegalBasis value) {
            details.setCorrectedLegalBasis(value);
            return this;
        }

        Builder correctedSiteCode(String value) {
            details.setCorrectedSiteCode(value);
            return this;
        }

        Builder disposition(uk.transferofcare.events.Disposition value) {
            details.setDisposition(value);
            return this;
        }

        Builder referralPathway(uk.transferofcare.events.ReferralPathway value) {
            details.setReferralPathway(value);
            return this;
        }

        Builder correction(TimePoint point, Instant to, String reason) {
            details.setCorrectedPoint(point).setCorrectedTo(to).setReason(reason);
            return this;
        }

        Builder personKey(String value) {
            submission.setPersonKey(value);
            return this;
        }

        HandoverSubmission build() {
            return submission.setDetails(details.build()).build();
        }
    }
}
