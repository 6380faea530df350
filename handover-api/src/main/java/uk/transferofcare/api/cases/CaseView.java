package uk.transferofcare.api.cases;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.TimePoints;

/**
 * A case as the REST API shows it: instants in ISO-8601 UTC (pages present them in Europe/London), intervals in
 * whole seconds, as the processor's latest snapshot has them.
 */
public record CaseView(
        String caseId,
        long version,
        String state,
        boolean open,
        String siteCode,
        String policeDivision,
        String legalBasis,
        Integer officerCount,
        String localReference,
        String linkedFromCaseId,
        String divertedToCaseId,
        String destinationSiteCode,
        Points points,
        List<PointEntry> timeline,
        Intervals intervals,
        int escalationLevel,
        List<EscalationEntry> escalations,
        LegalClockView legalClock,
        List<RetainedEntry> retained,
        List<CorrectionEntry> corrections,
        DataQualityView dataQuality,
        List<RejectionEntry> rejections,
        Instant openedAt,
        Instant updatedAt,
        String lastEventId,
        boolean repeatWithin30d,
        boolean repeatWithin90d,
        List<TransferEntry> divisionTransfers,
        List<FieldCorrectionEntry> fieldCorrections,
        String disposition,
        List<DispositionEntry> dispositions,
        String referralPathway,
        String assessmentMode,
        List<DelayReasonEntry> delayReasons,
        List<OfficerChangeEntry> officerChanges,
        Integer currentOfficerCount) {

    public CaseView {
        // Views stored before transfers, field corrections, dispositions and the time facts existed have none of them.
        divisionTransfers = divisionTransfers == null ? List.of() : divisionTransfers;
        fieldCorrections = fieldCorrections == null ? List.of() : fieldCorrections;
        dispositions = dispositions == null ? List.of() : dispositions;
        delayReasons = delayReasons == null ? List.of() : delayReasons;
        officerChanges = officerChanges == null ? List.of() : officerChanges;
    }

    /**
     * One recorded disposition; {@code disposition} of the case is the standing one (the latest by occurredAt, then
     * sequence). A SUPERVISOR's entry is a correction and carries its reason.
     */
    public record DispositionEntry(
            String eventId,
            long sequence,
            String disposition,
            Instant occurredAt,
            RecordedBy recordedBy,
            String reason,
            Instant recordedAt) {}

    public record Points(
            Instant removedAt,
            Instant preAlertedAt,
            Instant eta,
            Instant arrivedAt,
            Instant acknowledgedAt,
            Instant handoverStartedAt,
            Instant handedOverAt,
            Instant clearedAt,
            Instant outcomeAt,
            Instant assessmentStartedAt) {}

    /** Who recorded a point: user id, role and organisation (never a name). */
    public record RecordedBy(String userId, String role, String org) {
        static RecordedBy of(Actor actor) {
            return new RecordedBy(actor.getUserId(), actor.getRole().name(), actor.getOrg());
        }
    }

    public record PointEntry(
            String point,
            Instant at,
            String eventId,
            Instant recordedAt,
            RecordedBy recordedBy,
            boolean implied,
            boolean late,
            boolean corrected) {}

    public record Intervals(
            Long arrivalToAcknowledgedSeconds,
            Long handoverSeconds,
            Long handoverToClearSeconds,
            Long timeAtEdSeconds,
            Long officerSeconds,
            Long arrivalToAssessmentSeconds) {}

    public record EscalationEntry(int level, int thresholdMinutes, Instant dueAt, Instant firedAt) {}

    /**
     * The legal clock; {@code deadline} includes the s136 extension when one was recorded ({@code extendedAt}, {@code
     * extendedBy}, and the deadline it moved in {@code deadlineBeforeExtension}).
     */
    public record LegalClockView(
            String basis,
            Instant startsAt,
            Instant deadline,
            List<WarningEntry> warnings,
            Instant extendedAt,
            RecordedBy extendedBy,
            Instant deadlineBeforeExtension) {}

    /** A DIVISION_TRANSFERRED: the case belongs to {@code toDivision} from {@code at} on. */
    public record TransferEntry(
            String eventId,
            String fromDivision,
            String toDivision,
            Instant at,
            String reason,
            RecordedBy recordedBy,
            Instant recordedAt) {}

    /** A CORRECTED of the case's division, legal basis or site: {@code field} is POLICE_DIVISION, LEGAL_BASIS or SITE_CODE. */
    public record FieldCorrectionEntry(
            String eventId,
            String field,
            String from,
            String to,
            String reason,
            RecordedBy recordedBy,
            Instant recordedAt) {}

    public record WarningEntry(int minutesBefore, Instant dueAt, Instant firedAt) {}

    public record RetainedEntry(Instant from, Instant to, Integer officerCount, String reason) {}

    /** A delay reason the case holds (its first record), with its optional note. */
    public record DelayReasonEntry(String reason, Instant at, String note, String eventId, RecordedBy recordedBy) {}

    /** From {@code at} on, {@code officerCount} officers are at the site (OFFICER_RETAINED / OFFICER_RELEASED). */
    public record OfficerChangeEntry(Instant at, int officerCount, String type, String eventId) {}

    /**
     * A correction of a time point: a supervisor's CORRECTED moved it from {@code from} to {@code to}; or, when {@code
     * withdrawn}, its own author undid it (ACTION_UNDONE, {@code eventId} the undo's): the point is no longer
     * recorded, {@code from} is the instant it had ({@code to} the same) and {@code recordedBy} is who undid it.
     */
    public record CorrectionEntry(
            String eventId,
            String point,
            Instant from,
            Instant to,
            String reason,
            RecordedBy recordedBy,
            Instant recordedAt,
            Boolean withdrawn) {

        public CorrectionEntry {
            // Views stored before undo existed have no flag: every correction then moved its point.
            withdrawn = Boolean.TRUE.equals(withdrawn);
        }

        /** A supervisor's correction (not a withdrawal). */
        public CorrectionEntry(
                String eventId,
                String point,
                Instant from,
                Instant to,
                String reason,
                RecordedBy recordedBy,
                Instant recordedAt) {
            this(eventId, point, from, to, reason, recordedBy, recordedAt, false);
        }
    }

    public record DataQualityView(
            boolean incomplete,
            boolean acknowledgedImplied,
            int lateEvents,
            int corrections,
            int rejectedSubmissions,
            int duplicateSubmissions) {}

    public record RejectionEntry(
            String eventId,
            String type,
            String rule,
            String field,
            String message,
            String conflictingPoint,
            Instant occurredAt,
            Instant rejectedAt,
            RecordedBy submittedBy) {}

    /** The same case with these rejections of its submissions (the case page). */
    public CaseView withRejections(List<RejectionEntry> entries) {
        return new CaseView(
                caseId,
                version,
                state,
                open,
                siteCode,
                policeDivision,
                legalBasis,
                officerCount,
                localReference,
                linkedFromCaseId,
                divertedToCaseId,
                destinationSiteCode,
                points,
                timeline,
                intervals,
                escalationLevel,
                escalations,
                legalClock,
                retained,
                corrections,
                dataQuality,
                List.copyOf(entries),
                openedAt,
                updatedAt,
                lastEventId,
                repeatWithin30d,
                repeatWithin90d,
                divisionTransfers,
                fieldCorrections,
                disposition,
                dispositions,
                referralPathway,
                assessmentMode,
                delayReasons,
                officerChanges,
                currentOfficerCount);
    }

    /** The officer count now: the last change's (changes come ordered by time), else the count at arrival. */
    private static Integer currentOfficerCount(CaseSnapshot s) {
        // Boxed on both sides: an unknown count at arrival stays null.
        Integer atArrival = s.getOfficerCount();
        return s.getOfficerChanges().isEmpty()
                ? atArrival
                : Integer.valueOf(s.getOfficerChanges()
                        .get(s.getOfficerChanges().size() - 1)
                        .getOfficerCount());
    }

    /** The case with the rejections of its submissions (the case page). */
    static CaseView of(CaseSnapshot snapshot, Collection<SubmissionRejected> rejections) {
        List<RejectionEntry> rejected = rejections.stream()
                .map(r -> new RejectionEntry(
                        r.getSubmission().getEventId(),
                        r.getSubmission().getType().name(),
                        r.getRule(),
                        r.getField(),
                        r.getMessage(),
                        r.getConflictingPoint() == null
                                ? null
                                : r.getConflictingPoint().name(),
                        r.getSubmission().getOccurredAt(),
                        r.getRejectedAt(),
                        RecordedBy.of(r.getSubmission().getActor())))
                .toList();
        return of(snapshot, rejected);
    }

    public static CaseView of(CaseSnapshot s, List<RejectionEntry> rejections) {
        TimePoints p = s.getPoints();
        var i = s.getIntervals();
        var q = s.getDataQuality();
        var clock = s.getLegalClock();
        return new CaseView(
                s.getCaseId(),
                s.getVersion(),
                s.getState().name(),
                s.getOpen(),
                s.getSiteCode(),
                s.getPoliceDivision(),
                s.getLegalBasis() == null ? null : s.getLegalBasis().name(),
                s.getOfficerCount(),
                s.getLocalReference(),
                s.getLinkedFromCaseId(),
                s.getDivertedToCaseId(),
                s.getDestinationSiteCode(),
                new Points(
                        p.getRemovedAt(),
                        p.getPreAlertedAt(),
                        p.getEta(),
                        p.getArrivedAt(),
                        p.getAcknowledgedAt(),
                        p.getHandoverStartedAt(),
                        p.getHandedOverAt(),
                        p.getClearedAt(),
                        p.getOutcomeAt(),
                        p.getAssessmentStartedAt()),
                s.getPointRecords().stream()
                        .map(r -> new PointEntry(
                                r.getPoint().name(),
                                r.getAt(),
                                r.getEventId(),
                                r.getRecordedAt(),
                                RecordedBy.of(r.getActor()),
                                r.getImplied(),
                                r.getLate(),
                                r.getCorrected()))
                        .toList(),
                new Intervals(
                        i.getArrivalToAcknowledgedSeconds(),
                        i.getHandoverSeconds(),
                        i.getHandoverToClearSeconds(),
                        i.getTimeAtEdSeconds(),
                        i.getOfficerSeconds(),
                        i.getArrivalToAssessmentSeconds()),
                s.getEscalationLevel(),
                s.getEscalations().stream()
                        .map(e -> new EscalationEntry(
                                e.getLevel(), e.getThresholdMinutes(), e.getDueAt(), e.getFiredAt()))
                        .toList(),
                clock == null
                        ? null
                        : new LegalClockView(
                                clock.getBasis().name(),
                                clock.getStartsAt(),
                                clock.getDeadline(),
                                clock.getWarnings().stream()
                                        .map(w -> new WarningEntry(w.getMinutesBefore(), w.getDueAt(), w.getFiredAt()))
                                        .toList(),
                                clock.getExtendedAt(),
                                clock.getExtendedBy() == null ? null : RecordedBy.of(clock.getExtendedBy()),
                                clock.getDeadlineBeforeExtension()),
                s.getRetained().stream()
                        .map(r -> new RetainedEntry(r.getFrom(), r.getTo(), r.getOfficerCount(), r.getReason()))
                        .toList(),
                s.getCorrections().stream()
                        .map(c -> new CorrectionEntry(
                                c.getEventId(),
                                c.getPoint().name(),
                                c.getFrom(),
                                c.getTo(),
                                c.getReason(),
                                RecordedBy.of(c.getActor()),
                                c.getRecordedAt(),
                                c.getWithdrawn()))
                        .toList(),
                new DataQualityView(
                        q.getIncomplete(),
                        q.getAcknowledgedImplied(),
                        q.getLateEvents(),
                        q.getCorrections(),
                        q.getRejectedSubmissions(),
                        q.getDuplicateSubmissions()),
                rejections,
                s.getOpenedAt(),
                s.getUpdatedAt(),
                s.getLastEventId(),
                s.getRepeatWithin30d(),
                s.getRepeatWithin90d(),
                s.getDivisionTransfers().stream()
                        .map(t -> new TransferEntry(
                                t.getEventId(),
                                t.getFromDivision(),
                                t.getToDivision(),
                                t.getAt(),
                                t.getReason(),
                                RecordedBy.of(t.getActor()),
                                t.getRecordedAt()))
                        .toList(),
                s.getFieldCorrections().stream()
                        .map(c -> new FieldCorrectionEntry(
                                c.getEventId(),
                                c.getField().name(),
                                c.getFrom(),
                                c.getTo(),
                                c.getReason(),
                                RecordedBy.of(c.getActor()),
                                c.getRecordedAt()))
                        .toList(),
                s.getDisposition() == null ? null : s.getDisposition().name(),
                s.getDispositions().stream()
                        .map(d -> new DispositionEntry(
                                d.getEventId(),
                                d.getSequence(),
                                d.getDisposition().name(),
                                d.getOccurredAt(),
                                RecordedBy.of(d.getActor()),
                                d.getReason(),
                                d.getRecordedAt()))
                        .toList(),
                s.getReferralPathway() == null ? null : s.getReferralPathway().name(),
                s.getAssessmentMode() == null ? null : s.getAssessmentMode().name(),
                s.getDelayReasons().stream()
                        .map(d -> new DelayReasonEntry(
                                d.getReason().name(),
                                d.getAt(),
                                d.getNote(),
                                d.getEventId(),
                                RecordedBy.of(d.getActor())))
                        .toList(),
                s.getOfficerChanges().stream()
                        .map(c -> new OfficerChangeEntry(
                                c.getAt(), c.getOfficerCount(), c.getType().name(), c.getEventId()))
                        .toList(),
                currentOfficerCount(s));
    }
}
