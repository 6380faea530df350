package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Everything the processor knows about one case: its timeline, attributes, side events, fired
 * timers and the verdict of every eventId it has seen. Immutable; the state machine returns a new
 * one for every change. The Kafka layer stores it whole (it needs every component to decide the
 * next submission exactly as an uninterrupted run would).
 *
 * @param version sequence number of the latest applied event (0 never occurs: opening applies 1)
 * @param siteCode the ED site or place of safety (from the opening event); {@link
 *     uk.transferofcare.vocabulary.EventType#NO_SITE} for a case referred at scene without a named site, until a
 *     PRE_ALERTED naming one fills it
 * @param policeDivision the division the case belongs to: the opening officer's, the one ED staff
 *     named, or the org of the SYSTEM actor that opened a linked case, until a DIVISION_TRANSFERRED
 *     or a correction changes it; null while unknown
 * @param legalBasis first value given by a PRE_ALERTED or ARRIVED
 * @param officerCount first value given by a PRE_ALERTED or ARRIVED; null = unknown (no default:
 *     counted in {@link DataQuality#officerCountUnknown()})
 * @param linkedFromCaseId set on a case a diversion opened (the case it came from)
 * @param divertedToCaseId set on a DIVERTED case (the case opened at the destination)
 * @param eta first eta given by a PRE_ALERTED (not a time point: exempt from rules 2 and 3)
 * @param terminalOutcome CANCELLED, DIVERTED, ABSCONDED or ENDED_WITHOUT_HANDOVER once recorded
 *     (its time is {@link TimePoint#OUTCOME}); CLEARED is a main-path point, not an outcome
 * @param voiding set once ENTERED_IN_ERROR voided the case
 * @param legalClock the legal clock of the basis, null when the basis has none (or is unknown);
 *     its deadline is null while its start point is not recorded
 * @param lateEvents applied events with {@code late = true}
 * @param submissions the standing verdict of every eventId seen on this case, in arrival order
 * @param fingerprints the {@link Submission#fingerprint()} of every eventId in {@code submissions}
 *     (absent for eventIds stored before fingerprints were kept: a re-send of those counts as the
 *     same)
 * @param openedAt receivedAt of the event that opened the case
 * @param updatedAt recordedAt of the latest applied event
 * @param lastEventId eventId of the latest applied event
 * @param divisionTransfers DIVISION_TRANSFERRED events in order ({@code policeDivision} is the last receiving one)
 * @param fieldCorrections corrections of the division, legal basis or site in order (the attributes are the corrected
 *     values)
 * @param legalClockExtension the LEGAL_CLOCK_EXTENDED of the case, or null
 * @param dispositions every recorded disposition, in the order applied (see {@link #disposition()})
 * @param referralPathway the pathway of a REFERRED_AT_SCENE case, else null
 * @param assessmentMode the mode named by the ASSESSMENT_STARTED that recorded the point; null when
 *     it named none (or no assessment is recorded)
 * @param delayReasons each distinct delay reason, the first record of each, in the order recorded
 * @param officerChanges changes of the officer count (OFFICER_RETAINED / OFFICER_RELEASED naming an
 *     officerCount, which is the new total at the site), in the order applied; {@code officerCount}
 *     stays the count at arrival. A case stored before changes were kept has none, so its
 *     officerSeconds read as before
 */
public record CaseFile(
        String caseId,
        long version,
        String siteCode,
        String policeDivision,
        LegalBasis legalBasis,
        Integer officerCount,
        String localReference,
        String linkedFromCaseId,
        String divertedToCaseId,
        String destinationSiteCode,
        Instant eta,
        Timeline timeline,
        CaseState terminalOutcome,
        Voiding voiding,
        List<RetainedPeriod> retained,
        List<Correction> corrections,
        LegalClock legalClock,
        List<EscalationMark> escalations,
        List<LegalClockWarningMark> legalClockWarnings,
        int lateEvents,
        int rejectedSubmissions,
        int duplicateSubmissions,
        Map<String, Verdict> submissions,
        Map<String, String> fingerprints,
        Instant openedAt,
        Instant updatedAt,
        String lastEventId,
        List<DivisionTransfer> divisionTransfers,
        List<FieldCorrection> fieldCorrections,
        ClockExtension legalClockExtension,
        List<DispositionRecord> dispositions,
        ReferralPathway referralPathway,
        AssessmentMode assessmentMode,
        List<DelayReasonRecord> delayReasons,
        List<OfficerChange> officerChanges) {

    public CaseFile {
        requireNonNull(caseId, "caseId");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(timeline, "timeline");
        requireNonNull(openedAt, "openedAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(lastEventId, "lastEventId");
        if (terminalOutcome != null
                && (terminalOutcome.isMainPath() || terminalOutcome == CaseState.ENTERED_IN_ERROR)) {
            throw new IllegalArgumentException("not a terminal outcome: " + terminalOutcome);
        }
        if (!timeline.has(TimePoint.PRE_ALERTED)
                && !timeline.has(TimePoint.ARRIVED)
                && terminalOutcome != CaseState.REFERRED_AT_SCENE) {
            throw new IllegalArgumentException("a case is opened by PRE_ALERTED, ARRIVED or REFERRED_AT_SCENE");
        }
        retained = List.copyOf(retained);
        dispositions = dispositions == null ? List.of() : List.copyOf(dispositions);
        corrections = List.copyOf(corrections);
        escalations = List.copyOf(escalations);
        legalClockWarnings = List.copyOf(legalClockWarnings);
        divisionTransfers = divisionTransfers == null ? List.of() : List.copyOf(divisionTransfers);
        fieldCorrections = fieldCorrections == null ? List.of() : List.copyOf(fieldCorrections);
        submissions = Collections.unmodifiableMap(new LinkedHashMap<>(submissions));
        fingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
        delayReasons = delayReasons == null ? List.of() : List.copyOf(delayReasons);
        officerChanges = officerChanges == null ? List.of() : List.copyOf(officerChanges);
    }

    /**
     * The case's state: ENTERED_IN_ERROR once void, else the terminal outcome once recorded, else
     * the furthest main-path point recorded (rule 4).
     */
    public CaseState state() {
        return stateOf(voiding != null, terminalOutcome, timeline);
    }

    static CaseState stateOf(boolean voided, CaseState terminalOutcome, Timeline timeline) {
        if (voided) {
            return CaseState.ENTERED_IN_ERROR;
        }
        if (terminalOutcome != null) {
            return terminalOutcome;
        }
        for (int i = TimePoint.CLEARED.ordinal(); i >= TimePoint.PRE_ALERTED.ordinal(); i--) {
            TimePoint point = TimePoint.values()[i];
            if (timeline.has(point)) {
                return point.mainPathState();
            }
        }
        throw new IllegalStateException("a case has at least one main-path point");
    }

    /** The standing disposition: of the recorded ones, the latest by occurredAt, then by sequence; null when none. */
    public Disposition disposition() {
        return DispositionRecord.standing(dispositions);
    }

    /** True once voided by ENTERED_IN_ERROR. */
    public boolean isVoid() {
        return voiding != null;
    }

    /**
     * The user who sent {@code eventId}, when the case keeps an applied fact of it with its actor: a time point, a
     * correction of a point or a field, an undo and the point it withdrew (both sent by the point's author), a division transfer, the voiding, the legal-clock extension, a disposition or
     * a delay reason. Empty for an eventId the case holds no such fact of (a rejection, a duplicate, a held or unknown
     * eventId, an officer-count change). Scans the case's facts: meant for re-sends only.
     */
    public Optional<String> submitterOf(String eventId) {
        Stream<Map.Entry<String, Actor>> facts = Stream.of(
                        timeline.records().values().stream().map(r -> Map.entry(r.eventId(), r.actor())),
                        corrections.stream().map(c -> Map.entry(c.eventId(), c.actor())),
                        // A withdrawn point's event is no longer in the timeline; its author sent the undo too.
                        corrections.stream()
                                .filter(Correction::withdrawn)
                                .map(c -> Map.entry(c.withdrawnEventId(), c.actor())),
                        fieldCorrections.stream().map(c -> Map.entry(c.eventId(), c.actor())),
                        divisionTransfers.stream().map(t -> Map.entry(t.eventId(), t.actor())),
                        dispositions.stream().map(d -> Map.entry(d.eventId(), d.actor())),
                        delayReasons.stream().map(d -> Map.entry(d.eventId(), d.actor())),
                        Stream.ofNullable(voiding).map(v -> Map.entry(v.eventId(), v.actor())),
                        Stream.ofNullable(legalClockExtension).map(e -> Map.entry(e.eventId(), e.actor())))
                .flatMap(s -> s);
        return facts.filter(f -> f.getKey().equals(eventId))
                .map(f -> f.getValue().userId())
                .findFirst();
    }

    /** Open until a terminal outcome: CLEARED, CANCELLED, DIVERTED, ABSCONDED, ENDED_WITHOUT_HANDOVER, ENTERED_IN_ERROR. */
    public boolean isOpen() {
        return voiding == null && terminalOutcome == null && !timeline.has(TimePoint.CLEARED);
    }

    public boolean isClosed() {
        return !isOpen();
    }

    /** When police involvement ended: the earlier of clearedAt and outcomeAt, or null. */
    public Instant endedAt() {
        return earliest(timeline.clearedAt(), timeline.outcomeAt());
    }

    /** Highest escalation level fired so far (0 when none). */
    public int escalationLevel() {
        return escalations.stream().mapToInt(EscalationMark::level).max().orElse(0);
    }

    /** The open retained period, or null. */
    public RetainedPeriod openRetainedPeriod() {
        return retained.isEmpty() || !retained.get(retained.size() - 1).isOpen()
                ? null
                : retained.get(retained.size() - 1);
    }

    /**
     * True when the legal clock ran out before police involvement ended (clearance or outcome). Never for a case closed
     * as NOT_RECORDED: its outcome time is when a supervisor closed it, not when police involvement ended.
     */
    public boolean legalClockBreached() {
        if (terminalOutcome == CaseState.NOT_RECORDED) {
            return false;
        }
        Instant ended = endedAt();
        return legalClock != null && legalClock.isRunning() && ended != null && ended.isAfter(legalClock.deadline());
    }

    /**
     * Intervals in whole seconds (floor), null unless both ends are known. A case closed as NOT_RECORDED has none: a
     * supervisor closed it because its record is incomplete, so it is left out of every time figure.
     */
    public Intervals intervals() {
        if (terminalOutcome == CaseState.NOT_RECORDED) {
            return new Intervals(null, null, null, null, null, null, null);
        }
        Instant arrived = timeline.arrivedAt();
        Instant handedOver = timeline.handedOverAt();
        Instant cleared = timeline.clearedAt();
        Long timeAtEd = seconds(arrived, cleared);
        Long retainedSeconds = null;
        for (RetainedPeriod period : retained) {
            if (period.seconds() != null) {
                retainedSeconds = (retainedSeconds == null ? 0 : retainedSeconds) + period.seconds();
            }
        }
        return new Intervals(
                seconds(arrived, timeline.acknowledgedAt()),
                seconds(arrived, handedOver),
                seconds(handedOver, cleared),
                timeAtEd,
                officerSeconds(arrived, cleared),
                retainedSeconds,
                seconds(arrived, timeline.at(TimePoint.ASSESSMENT_STARTED)));
    }

    /**
     * The officer count integrated from arrival to clearance: the count at arrival until the first
     * change, then each change's count from its time on (changes at the same instant apply in the
     * order they were applied, the last one counts); each stretch of one count (from a change that
     * changed it to the next that changes it, or clearance) adds count × its whole seconds (floor).
     * Null when arrival, clearance or the count at arrival is unknown.
     */
    private Long officerSeconds(Instant arrived, Instant cleared) {
        if (arrived == null || cleared == null || officerCount == null) {
            return null;
        }
        List<OfficerChange> byTime = officerChanges.stream()
                .sorted(Comparator.comparing(OfficerChange::at))
                .toList();
        long total = 0;
        Instant from = arrived;
        int count = officerCount;
        for (OfficerChange change : byTime) {
            if (change.officerCount() == count) {
                continue; // the same count goes on: one stretch, floored once
            }
            total += count * Duration.between(from, change.at()).getSeconds();
            from = change.at();
            count = change.officerCount();
        }
        return total + count * Duration.between(from, cleared).getSeconds();
    }

    /** The officer count at the end of the record: the last change's count, else the count at arrival. */
    public Integer currentOfficerCount() {
        return officerChanges.stream()
                .sorted(Comparator.comparing(OfficerChange::at))
                .reduce((earlier, later) -> later)
                .map(OfficerChange::officerCount)
                .orElse(officerCount);
    }

    public DataQuality dataQuality() {
        boolean arrived = timeline.has(TimePoint.ARRIVED);
        boolean endOfHandover = timeline.has(TimePoint.HANDED_OVER) || timeline.has(TimePoint.OUTCOME);
        return new DataQuality(
                !arrived,
                timeline.acknowledgedImplied(),
                lateEvents,
                corrections.size() + fieldCorrections.size(),
                rejectedSubmissions,
                duplicateSubmissions,
                officerCount == null,
                legalBasis == null,
                legalClock != null && !legalClock.isRunning(),
                arrived && !timeline.has(TimePoint.CLEARED),
                arrived && endOfHandover && timeline.has(TimePoint.CLEARED));
    }

    private static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).getSeconds();
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
