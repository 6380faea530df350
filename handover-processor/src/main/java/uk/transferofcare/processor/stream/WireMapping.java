package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Escalation;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.LegalClockWarning;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.processor.domain.Actor;
import uk.transferofcare.processor.domain.AppliedEvent;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Correction;
import uk.transferofcare.processor.domain.DataQuality;
import uk.transferofcare.processor.domain.DelayReasonRecord;
import uk.transferofcare.processor.domain.Details;
import uk.transferofcare.processor.domain.DispositionRecord;
import uk.transferofcare.processor.domain.DivisionTransfer;
import uk.transferofcare.processor.domain.EscalationMark;
import uk.transferofcare.processor.domain.FieldCorrection;
import uk.transferofcare.processor.domain.Intervals;
import uk.transferofcare.processor.domain.LegalClock;
import uk.transferofcare.processor.domain.LegalClockWarningMark;
import uk.transferofcare.processor.domain.OfficerChange;
import uk.transferofcare.processor.domain.PointRecord;
import uk.transferofcare.processor.domain.RetainedPeriod;
import uk.transferofcare.processor.domain.Source;
import uk.transferofcare.processor.domain.SourceChannel;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.Timeline;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The edge between the Avro wire types of {@code uk.transferofcare.events} and the domain. Enums share symbol names
 * and map by name; instants are kept as they are (the wire carries milliseconds).
 */
final class WireMapping {

    private WireMapping() {}

    // ---------------------------------------------------------------------------------------------
    // Wire → domain

    static Submission submission(HandoverSubmission wire) {
        return new Submission(
                wire.getEventId(),
                wire.getCaseId(),
                map(wire.getType(), EventType.class),
                wire.getOccurredAt(),
                wire.getReceivedAt(),
                actor(wire.getActor()),
                source(wire.getSource()),
                details(wire.getDetails()));
    }

    static Actor actor(uk.transferofcare.events.Actor wire) {
        return new Actor(wire.getUserId(), map(wire.getRole(), Role.class), wire.getOrg());
    }

    static Source source(uk.transferofcare.events.Source wire) {
        return new Source(map(wire.getChannel(), SourceChannel.class), wire.getDeviceId(), wire.getQueuedOffline());
    }

    static Details details(SubmissionDetails wire) {
        if (wire == null) {
            return Details.EMPTY;
        }
        return new Details(
                wire.getSiteCode(),
                map(wire.getLegalBasis(), LegalBasis.class),
                wire.getRemovedAt(),
                wire.getEta(),
                wire.getOfficerCount(),
                wire.getDestinationSiteCode(),
                wire.getLinkedCaseId(),
                map(wire.getCorrectedPoint(), TimePoint.class),
                wire.getCorrectedTo(),
                wire.getReason(),
                wire.getLocalReference(),
                wire.getNote(),
                wire.getPoliceDivision(),
                wire.getCorrectedDivision(),
                map(wire.getCorrectedLegalBasis(), LegalBasis.class),
                wire.getCorrectedSiteCode(),
                map(wire.getDisposition(), Disposition.class),
                map(wire.getReferralPathway(), ReferralPathway.class),
                map(wire.getAssessmentMode(), AssessmentMode.class),
                map(wire.getDelayReason(), DelayReason.class),
                wire.getUndoneEventId());
    }

    // ---------------------------------------------------------------------------------------------
    // Domain → wire

    /** A submission the processor sends itself (the pre-alert of a case a diversion opens). */
    static HandoverSubmission submission(Submission submission) {
        return HandoverSubmission.newBuilder()
                .setEventId(submission.eventId())
                .setCaseId(submission.caseId())
                .setType(map(submission.type(), uk.transferofcare.events.EventType.class))
                .setOccurredAt(submission.occurredAt())
                .setReceivedAt(submission.receivedAt())
                .setActor(actor(submission.actor()))
                .setSource(source(submission.source()))
                .setDetails(details(submission.details()))
                .build();
    }

    static HandoverEvent event(AppliedEvent event) {
        return HandoverEvent.newBuilder()
                .setEventId(event.eventId())
                .setCaseId(event.caseId())
                .setSequence(event.sequence())
                .setType(map(event.type(), uk.transferofcare.events.EventType.class))
                .setOccurredAt(event.occurredAt())
                .setRecordedAt(event.recordedAt())
                .setActor(actor(event.actor()))
                .setSource(source(event.source()))
                .setDetails(details(event.details()))
                .setState(state(event.state()))
                .setSiteCode(event.siteCode())
                .setPoliceDivision(event.policeDivision())
                .setLegalBasis(map(event.legalBasis(), uk.transferofcare.events.LegalBasis.class))
                .setLate(event.late())
                .setCorrectedFrom(event.correctedFrom())
                .setEscalationLevel(event.escalationLevel())
                .setThresholdMinutes(event.thresholdMinutes())
                .setLegalClockDeadline(event.legalClockDeadline())
                .setNotifyRecipients(event.notifyRecipients())
                .setWithdrawnPoint(map(event.withdrawnPoint(), uk.transferofcare.events.TimePoint.class))
                .build();
    }

    static CaseSnapshot snapshot(CaseFile file) {
        Intervals intervals = file.intervals();
        DataQuality quality = file.dataQuality();
        return CaseSnapshot.newBuilder()
                .setCaseId(file.caseId())
                .setVersion(file.version())
                .setState(state(file.state()))
                .setOpen(file.isOpen())
                .setSiteCode(file.siteCode())
                .setPoliceDivision(file.policeDivision())
                .setLegalBasis(map(file.legalBasis(), uk.transferofcare.events.LegalBasis.class))
                .setOfficerCount(file.officerCount())
                .setLocalReference(file.localReference())
                .setLinkedFromCaseId(file.linkedFromCaseId())
                .setDivertedToCaseId(file.divertedToCaseId())
                .setDestinationSiteCode(file.destinationSiteCode())
                .setPoints(points(file))
                .setPointRecords(pointRecords(file.timeline()))
                .setIntervals(uk.transferofcare.events.Intervals.newBuilder()
                        .setArrivalToAcknowledgedSeconds(intervals.arrivalToAcknowledgedSeconds())
                        .setHandoverSeconds(intervals.handoverSeconds())
                        .setHandoverToClearSeconds(intervals.handoverToClearSeconds())
                        .setTimeAtEdSeconds(intervals.timeAtEdSeconds())
                        .setOfficerSeconds(intervals.officerSeconds())
                        .setArrivalToAssessmentSeconds(intervals.arrivalToAssessmentSeconds())
                        .build())
                .setEscalationLevel(file.escalationLevel())
                .setEscalations(escalations(file.escalations()))
                .setLegalClock(legalClock(file.legalClock(), file.legalClockWarnings()))
                .setRetained(retained(file.retained()))
                .setCorrections(corrections(file.corrections()))
                .setAssessmentMode(assessmentMode(file))
                .setDelayReasons(file.delayReasons().stream()
                        .map(record -> uk.transferofcare.events.DelayReasonRecord.newBuilder()
                                .setReason(map(record.reason(), uk.transferofcare.events.DelayReason.class))
                                .setAt(record.at())
                                .setNote(record.note())
                                .setEventId(record.eventId())
                                .setActor(actor(record.actor()))
                                .setRecordedAt(record.recordedAt())
                                .build())
                        .toList())
                .setOfficerChanges(file.officerChanges().stream()
                        .sorted(Comparator.comparing(OfficerChange::at))
                        .map(change -> uk.transferofcare.events.OfficerCountChange.newBuilder()
                                .setAt(change.at())
                                .setOfficerCount(change.officerCount())
                                .setType(map(change.type(), uk.transferofcare.events.EventType.class))
                                .setEventId(change.eventId())
                                .build())
                        .toList())
                .setDataQuality(uk.transferofcare.events.DataQuality.newBuilder()
                        .setIncomplete(quality.incomplete())
                        .setAcknowledgedImplied(quality.acknowledgedImplied())
                        .setLateEvents(quality.lateEvents())
                        .setCorrections(quality.corrections())
                        .setRejectedSubmissions(quality.rejectedSubmissions())
                        .setDuplicateSubmissions(quality.duplicateSubmissions())
                        .build())
                .setDisposition(map(file.disposition(), uk.transferofcare.events.Disposition.class))
                .setDispositions(dispositions(file.dispositions()))
                .setReferralPathway(map(file.referralPathway(), uk.transferofcare.events.ReferralPathway.class))
                .setOpenedAt(file.openedAt())
                .setUpdatedAt(file.updatedAt())
                .setLastEventId(file.lastEventId())
                .setDivisionTransfers(divisionTransfers(file.divisionTransfers()))
                .setFieldCorrections(fieldCorrections(file.fieldCorrections()))
                .build();
    }

    /** The analysts' flat record of a closed case (its outcome: CLEARED, a terminal outcome or ENTERED_IN_ERROR). */
    static CompletedCase completed(CaseFile file) {
        Timeline timeline = file.timeline();
        Intervals intervals = file.intervals();
        DataQuality quality = file.dataQuality();
        LegalClock clock = file.legalClock();
        return CompletedCase.newBuilder()
                .setCaseId(file.caseId())
                .setVersion(file.version())
                .setOutcome(state(file.state()))
                .setSiteCode(file.siteCode())
                .setPoliceDivision(file.policeDivision())
                .setLegalBasis(map(file.legalBasis(), uk.transferofcare.events.LegalBasis.class))
                .setOfficerCount(file.officerCount())
                .setLinkedFromCaseId(file.linkedFromCaseId())
                .setDivertedToCaseId(file.divertedToCaseId())
                .setFirstEventAt(timeline.earliest())
                .setRemovedAt(timeline.removedAt())
                .setPreAlertedAt(timeline.preAlertedAt())
                .setArrivedAt(timeline.arrivedAt())
                .setAcknowledgedAt(timeline.acknowledgedAt())
                .setHandoverStartedAt(timeline.handoverStartedAt())
                .setHandedOverAt(timeline.handedOverAt())
                .setClearedAt(timeline.clearedAt())
                .setOutcomeAt(timeline.outcomeAt())
                .setArrivalToAcknowledgedSeconds(intervals.arrivalToAcknowledgedSeconds())
                .setHandoverSeconds(intervals.handoverSeconds())
                .setHandoverToClearSeconds(intervals.handoverToClearSeconds())
                .setTimeAtEdSeconds(intervals.timeAtEdSeconds())
                .setOfficerSeconds(intervals.officerSeconds())
                .setRetainedSeconds(intervals.retainedSeconds())
                .setMaxEscalationLevel(file.escalationLevel())
                .setLegalClockDeadline(clock == null ? null : clock.deadline())
                .setLegalClockBreached(file.legalClockBreached())
                .setIncomplete(quality.incomplete())
                .setAcknowledgedImplied(quality.acknowledgedImplied())
                .setCorrected(quality.corrections() > 0)
                .setLateEvents(quality.lateEvents())
                .setMissingClearance(quality.missingClearance())
                .setComplete(quality.complete())
                .setDisposition(map(file.disposition(), uk.transferofcare.events.Disposition.class))
                .setReferralPathway(map(file.referralPathway(), uk.transferofcare.events.ReferralPathway.class))
                .setAssessmentStartedAt(timeline.at(TimePoint.ASSESSMENT_STARTED))
                .setAssessmentMode(assessmentMode(file))
                .setArrivalToAssessmentSeconds(intervals.arrivalToAssessmentSeconds())
                .setDelayReasons(file.delayReasons().stream()
                        .map(DelayReasonRecord::reason)
                        .sorted()
                        .map(reason -> map(reason, uk.transferofcare.events.DelayReason.class))
                        .toList())
                .setRecordedAt(file.updatedAt())
                .setLegalClockExtended(clock != null && clock.isExtended())
                .setDivisionTransfers(file.divisionTransfers().size())
                .setFieldCorrections(file.fieldCorrections().size())
                .build();
    }

    /**
     * The outcome of one submission record. {@code siteCode} and {@code policeDivision} are the case's (whose case
     * it is, for who may read the outcome), or null when there is no case.
     *
     * @param resend the case had seen this eventId: the verdict is its standing one (or EVENT_ID_REUSED), and the
     *     outcome says whether the case records the re-sender's user as the one who first sent it
     */
    static SubmissionOutcome outcome(
            HandoverSubmission wire, Verdict verdict, CaseFile file, Instant processedAt, boolean resend) {
        boolean appliedDiversion = verdict instanceof Verdict.Applied
                && wire.getType() == uk.transferofcare.events.EventType.DIVERTED
                && file != null;
        return SubmissionOutcome.newBuilder()
                .setEventId(wire.getEventId())
                .setCaseId(wire.getCaseId())
                .setType(wire.getType())
                .setStatus(map(verdict.status(), SubmissionStatus.class))
                .setRule(verdict.rule() == null ? null : verdict.rule().name())
                .setMessage(verdict.message())
                .setSequence(verdict instanceof Verdict.Applied applied ? applied.sequence() : null)
                .setSiteCode(file == null ? null : file.siteCode())
                .setPoliceDivision(file == null ? null : file.policeDivision())
                .setActor(wire.getActor())
                .setReceivedAt(wire.getReceivedAt())
                .setProcessedAt(processedAt)
                .setResend(resend)
                .setField(verdict.field())
                .setConflictingPoint(map(verdict.conflictingPoint(), uk.transferofcare.events.TimePoint.class))
                .setOriginalEventId(verdict instanceof Verdict.Duplicate duplicate ? duplicate.originalEventId() : null)
                .setLinkedCaseId(appliedDiversion ? file.divertedToCaseId() : null)
                .setHeldUntil(verdict instanceof Verdict.Held held ? held.until() : null)
                .setResentByFirstSubmitter(
                        resend && file != null
                                ? file.submitterOf(wire.getEventId())
                                        .map(wire.getActor().getUserId()::equals)
                                        .orElse(null)
                                : null)
                .build();
    }

    static SubmissionRejected rejection(HandoverSubmission wire, Verdict.Rejected verdict, Instant processedAt) {
        return SubmissionRejected.newBuilder()
                .setSubmission(withoutPersonKey(wire))
                .setRule(verdict.rule().name())
                .setMessage(verdict.message())
                .setConflictingPoint(map(verdict.conflictingPoint(), uk.transferofcare.events.TimePoint.class))
                .setField(verdict.field())
                .setRejectedAt(processedAt)
                .build();
    }

    /**
     * The outcome of a submission the processor could not judge (a fault, not a rule): REJECTED with the rule
     * {@code PROCESSING_FAILED}, so the submitter is told instead of waiting forever. The record itself is in the
     * dead-letter topic and can be replayed once the fault is fixed (its eventId was not recorded on the case).
     */
    static SubmissionOutcome failedOutcome(
            HandoverSubmission wire, String site, String division, String message, Instant processedAt) {
        return SubmissionOutcome.newBuilder()
                .setEventId(wire.getEventId())
                .setCaseId(wire.getCaseId())
                .setType(wire.getType())
                .setStatus(SubmissionStatus.REJECTED)
                .setRule(HandoverProcessor.PROCESSING_FAILED)
                .setMessage(message)
                .setSequence(null)
                .setSiteCode(site)
                .setPoliceDivision(division)
                .setActor(wire.getActor())
                .setReceivedAt(wire.getReceivedAt())
                .setProcessedAt(processedAt)
                .build();
    }

    static SubmissionRejected failedRejection(HandoverSubmission wire, String message, Instant processedAt) {
        return SubmissionRejected.newBuilder()
                .setSubmission(withoutPersonKey(wire))
                .setRule(HandoverProcessor.PROCESSING_FAILED)
                .setMessage(message)
                .setConflictingPoint(null)
                .setRejectedAt(processedAt)
                .build();
    }

    /**
     * The submission as a rejection carries it: without its {@code personKey}, which never leaves the processor's own
     * stores ({@code handover-rejections} is read by the API and analysts).
     */
    static HandoverSubmission withoutPersonKey(HandoverSubmission wire) {
        if (wire.getPersonKey() == null) {
            return wire;
        }
        return HandoverSubmission.newBuilder(wire).setPersonKey(null).build();
    }

    // ---------------------------------------------------------------------------------------------
    // Parts

    private static uk.transferofcare.events.Actor actor(Actor actor) {
        return uk.transferofcare.events.Actor.newBuilder()
                .setUserId(actor.userId())
                .setRole(map(actor.role(), uk.transferofcare.events.ActorRole.class))
                .setOrg(actor.org())
                .build();
    }

    private static uk.transferofcare.events.Source source(Source source) {
        return uk.transferofcare.events.Source.newBuilder()
                .setChannel(map(source.channel(), uk.transferofcare.events.SourceChannel.class))
                .setDeviceId(source.deviceId())
                .setQueuedOffline(source.queuedOffline())
                .build();
    }

    private static SubmissionDetails details(Details details) {
        return SubmissionDetails.newBuilder()
                .setSiteCode(details.siteCode())
                .setLegalBasis(map(details.legalBasis(), uk.transferofcare.events.LegalBasis.class))
                .setRemovedAt(details.removedAt())
                .setEta(details.eta())
                .setOfficerCount(details.officerCount())
                .setDestinationSiteCode(details.destinationSiteCode())
                .setLinkedCaseId(details.linkedCaseId())
                .setCorrectedPoint(map(details.correctedPoint(), uk.transferofcare.events.TimePoint.class))
                .setCorrectedTo(details.correctedTo())
                .setReason(details.reason())
                .setLocalReference(details.localReference())
                .setNote(details.note())
                .setPoliceDivision(details.policeDivision())
                .setCorrectedDivision(details.correctedDivision())
                .setCorrectedLegalBasis(map(details.correctedLegalBasis(), uk.transferofcare.events.LegalBasis.class))
                .setCorrectedSiteCode(details.correctedSiteCode())
                .setDisposition(map(details.disposition(), uk.transferofcare.events.Disposition.class))
                .setReferralPathway(map(details.referralPathway(), uk.transferofcare.events.ReferralPathway.class))
                .setAssessmentMode(map(details.assessmentMode(), uk.transferofcare.events.AssessmentMode.class))
                .setDelayReason(map(details.delayReason(), uk.transferofcare.events.DelayReason.class))
                .setUndoneEventId(details.undoneEventId())
                .build();
    }

    /** The mode of the recorded assessment; UNKNOWN when its ASSESSMENT_STARTED named none; null without one. */
    private static uk.transferofcare.events.AssessmentMode assessmentMode(CaseFile file) {
        if (!file.timeline().has(TimePoint.ASSESSMENT_STARTED)) {
            return null;
        }
        return file.assessmentMode() == null
                ? uk.transferofcare.events.AssessmentMode.UNKNOWN
                : map(file.assessmentMode(), uk.transferofcare.events.AssessmentMode.class);
    }

    private static uk.transferofcare.events.CaseState state(CaseState state) {
        return map(state, uk.transferofcare.events.CaseState.class);
    }

    private static TimePoints points(CaseFile file) {
        Timeline timeline = file.timeline();
        return TimePoints.newBuilder()
                .setRemovedAt(timeline.removedAt())
                .setPreAlertedAt(timeline.preAlertedAt())
                .setEta(file.eta())
                .setArrivedAt(timeline.arrivedAt())
                .setAcknowledgedAt(timeline.acknowledgedAt())
                .setHandoverStartedAt(timeline.handoverStartedAt())
                .setHandedOverAt(timeline.handedOverAt())
                .setClearedAt(timeline.clearedAt())
                .setOutcomeAt(timeline.outcomeAt())
                .setAssessmentStartedAt(timeline.at(TimePoint.ASSESSMENT_STARTED))
                .build();
    }

    private static List<uk.transferofcare.events.PointRecord> pointRecords(Timeline timeline) {
        List<uk.transferofcare.events.PointRecord> records = new ArrayList<>();
        for (TimePoint point : TimePoint.values()) {
            PointRecord record = timeline.record(point);
            if (record != null) {
                records.add(uk.transferofcare.events.PointRecord.newBuilder()
                        .setPoint(map(point, uk.transferofcare.events.TimePoint.class))
                        .setAt(record.at())
                        .setEventId(record.eventId())
                        .setRecordedAt(record.recordedAt())
                        .setActor(actor(record.actor()))
                        .setImplied(record.implied())
                        .setLate(record.late())
                        .setCorrected(record.corrected())
                        .build());
            }
        }
        return records;
    }

    private static List<Escalation> escalations(List<EscalationMark> marks) {
        return marks.stream()
                .map(mark -> Escalation.newBuilder()
                        .setLevel(mark.level())
                        .setThresholdMinutes(mark.thresholdMinutes())
                        .setDueAt(mark.dueAt())
                        .setFiredAt(mark.firedAt())
                        .setNotified(mark.notified())
                        .build())
                .toList();
    }

    /** The running legal clock with its fired warnings; null when the basis has no clock or its start is unknown. */
    private static uk.transferofcare.events.LegalClock legalClock(
            LegalClock clock, List<LegalClockWarningMark> warnings) {
        if (clock == null || !clock.isRunning()) {
            return null;
        }
        return uk.transferofcare.events.LegalClock.newBuilder()
                .setBasis(map(clock.basis(), uk.transferofcare.events.LegalBasis.class))
                .setStartsAt(clock.startsAt())
                .setDeadline(clock.deadline())
                .setWarnings(warnings.stream()
                        .map(mark -> LegalClockWarning.newBuilder()
                                .setMinutesBefore(mark.minutesBefore())
                                .setDueAt(mark.dueAt())
                                .setFiredAt(mark.firedAt())
                                .setNotified(mark.notified())
                                .build())
                        .toList())
                .setExtendedAt(clock.extendedAt())
                .setExtendedBy(clock.extendedBy() == null ? null : actor(clock.extendedBy()))
                .setDeadlineBeforeExtension(clock.deadlineBeforeExtension())
                .build();
    }

    private static List<uk.transferofcare.events.DivisionTransfer> divisionTransfers(List<DivisionTransfer> transfers) {
        return transfers.stream()
                .map(transfer -> uk.transferofcare.events.DivisionTransfer.newBuilder()
                        .setEventId(transfer.eventId())
                        .setFromDivision(transfer.fromDivision())
                        .setToDivision(transfer.toDivision())
                        .setAt(transfer.at())
                        .setReason(transfer.reason())
                        .setActor(actor(transfer.actor()))
                        .setRecordedAt(transfer.recordedAt())
                        .build())
                .toList();
    }

    private static List<uk.transferofcare.events.FieldCorrection> fieldCorrections(List<FieldCorrection> corrections) {
        return corrections.stream()
                .map(correction -> uk.transferofcare.events.FieldCorrection.newBuilder()
                        .setEventId(correction.eventId())
                        .setField(map(correction.field(), uk.transferofcare.events.CorrectedField.class))
                        .setFrom(correction.from())
                        .setTo(correction.to())
                        .setReason(correction.reason())
                        .setActor(actor(correction.actor()))
                        .setRecordedAt(correction.recordedAt())
                        .build())
                .toList();
    }

    private static List<uk.transferofcare.events.RetainedPeriod> retained(List<RetainedPeriod> periods) {
        return periods.stream()
                .map(period -> uk.transferofcare.events.RetainedPeriod.newBuilder()
                        .setFrom(period.from())
                        .setTo(period.to())
                        .setOfficerCount(period.officerCount())
                        .setReason(period.reason())
                        .build())
                .toList();
    }

    private static List<uk.transferofcare.events.DispositionRecord> dispositions(List<DispositionRecord> records) {
        return records.stream()
                .map(record -> uk.transferofcare.events.DispositionRecord.newBuilder()
                        .setEventId(record.eventId())
                        .setSequence(record.sequence())
                        .setDisposition(map(record.disposition(), uk.transferofcare.events.Disposition.class))
                        .setOccurredAt(record.occurredAt())
                        .setActor(actor(record.actor()))
                        .setReason(record.reason())
                        .setRecordedAt(record.recordedAt())
                        .build())
                .toList();
    }

    private static List<uk.transferofcare.events.Correction> corrections(List<Correction> corrections) {
        return corrections.stream()
                .map(correction -> uk.transferofcare.events.Correction.newBuilder()
                        .setEventId(correction.eventId())
                        .setPoint(map(correction.point(), uk.transferofcare.events.TimePoint.class))
                        .setFrom(correction.from())
                        .setTo(correction.to())
                        .setReason(correction.reason())
                        .setActor(actor(correction.actor()))
                        .setRecordedAt(correction.recordedAt())
                        .setWithdrawn(correction.withdrawn())
                        .build())
                .toList();
    }

    /**
     * Maps an enum to the enum of the same symbol name on the other side; null stays null. The contract's {@code
     * UNKNOWN} (what this reader's schema makes of a symbol a newer writer added) has no counterpart: the record fails
     * and goes to the dead-letter topic, to be replayed once this service runs the newer contract.
     */
    static <E extends Enum<E>> E map(Enum<?> value, Class<E> type) {
        if (value == null) {
            return null;
        }
        if ("UNKNOWN".equals(value.name())) {
            throw new IllegalArgumentException("A " + value.getDeclaringClass().getSimpleName()
                    + " symbol this processor does not know (written with a newer contract); upgrade the processor"
                    + " and replay the dead-letter topic");
        }
        return Enum.valueOf(type, value.name());
    }
}
