package uk.transferofcare.api.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;

/** Processor outputs as the tests need them, until (and besides) the real processor. */
public final class TestData {

    private TestData() {}

    public static String id() {
        return UUID.randomUUID().toString();
    }

    /** An open case that arrived at {@code arrivedAt} at the site, brought by the division, with one point record. */
    public static CaseSnapshot arrived(String caseId, String site, String division, Instant arrivedAt, long version) {
        Actor officer = new Actor("pc-1234", ActorRole.OFFICER, division);
        return CaseSnapshot.newBuilder()
                .setCaseId(caseId)
                .setVersion(version)
                .setState(CaseState.ARRIVED)
                .setOpen(true)
                .setSiteCode(site)
                .setPoliceDivision(division)
                .setLegalBasis(LegalBasis.S297)
                .setOfficerCount(2)
                .setPoints(TimePoints.newBuilder().setArrivedAt(arrivedAt).build())
                .setPointRecords(List.of(PointRecord.newBuilder()
                        .setPoint(TimePoint.ARRIVED)
                        .setAt(arrivedAt)
                        .setEventId(id())
                        .setRecordedAt(arrivedAt)
                        .setActor(officer)
                        .build()))
                .setIntervals(Intervals.newBuilder().build())
                .setDataQuality(DataQuality.newBuilder().build())
                .setOpenedAt(arrivedAt)
                .setUpdatedAt(arrivedAt)
                .setLastEventId(id())
                .build();
    }

    /** The same case with the given state and points (and open flag as the state implies). */
    public static CaseSnapshot withState(CaseSnapshot base, CaseState state, TimePoints points, long version) {
        boolean open = switch (state) {
            case PRE_ALERTED, ARRIVED, ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER -> true;
            default -> false;
        };
        return CaseSnapshot.newBuilder(base)
                .setState(state)
                .setOpen(open)
                .setPoints(points)
                .setVersion(version)
                .build();
    }

    /** An outcome as the processor writes it for a case of QEUH and division G, submitted by pc-1234. */
    public static SubmissionOutcome outcome(
            String caseId, String eventId, EventType type, SubmissionStatus status, String rule, String message) {
        return outcome(caseId, eventId, type, status, rule, message, false);
    }

    public static SubmissionOutcome outcome(
            String caseId,
            String eventId,
            EventType type,
            SubmissionStatus status,
            String rule,
            String message,
            boolean resend) {
        Instant now = Instant.now();
        return SubmissionOutcome.newBuilder()
                .setEventId(eventId)
                .setCaseId(caseId)
                .setType(type)
                .setStatus(status)
                .setRule(rule)
                .setMessage(message)
                .setSequence(status == SubmissionStatus.APPLIED ? 1L : null)
                .setSiteCode("QEUH")
                .setPoliceDivision("G")
                .setActor(new Actor("pc-1234", ActorRole.OFFICER, "G"))
                .setReceivedAt(now)
                .setProcessedAt(now)
                .setResend(resend)
                .setHeldUntil(status == SubmissionStatus.HELD ? now.plusSeconds(86400) : null)
                .build();
    }

    public static SubmissionRejected rejected(
            String caseId, String eventId, EventType type, String rule, String message) {
        Instant now = Instant.now();
        HandoverSubmission submission = HandoverSubmission.newBuilder()
                .setEventId(eventId)
                .setCaseId(caseId)
                .setType(type)
                .setOccurredAt(now)
                .setReceivedAt(now)
                .setActor(new Actor("nurse-qeuh", ActorRole.ED_STAFF, "QEUH"))
                .setSource(new Source(SourceChannel.ED_BOARD, null, false))
                .setDetails(SubmissionDetails.newBuilder().build())
                .build();
        return SubmissionRejected.newBuilder()
                .setSubmission(submission)
                .setRule(rule)
                .setMessage(message)
                .setConflictingPoint(TimePoint.ARRIVED)
                .setRejectedAt(now)
                .build();
    }
}
