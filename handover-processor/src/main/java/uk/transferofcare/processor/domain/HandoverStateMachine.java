package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The transfer-of-care state machine: a pure function from (case, submission) to a {@link
 * Decision}, and from (case, now) to the timer events that are due ({@link #tick}). No I/O, no wall
 * clock: every instant it uses is in its arguments, so a replay decides identically.
 *
 * <h2>Order of the checks for one submission</h2>
 *
 * <ol>
 *   <li>Unknown case: only PRE_ALERTED or ARRIVED with {@code details.siteCode} opens one ({@code
 *       UNKNOWN_CASE}, {@code MISSING_DETAIL}).
 *   <li>Rule 1: an eventId already seen on the case is a DUPLICATE (whatever its first verdict).
 *   <li>A void case rejects everything else ({@code CASE_VOID}).
 *   <li>Authority ({@code NOT_PERMITTED}, {@code WRONG_SITE}, see {@link Authority}); an opening
 *       type naming another site ({@code WRONG_SITE}).
 *   <li>Details the type needs ({@code MISSING_DETAIL}, {@code INVALID_DETAIL}).
 *   <li>Rule 2 on occurredAt, removedAt and correctedTo against receivedAt ({@code R2_FUTURE}).
 *   <li>The type's own rules: the same fact under another eventId is a DUPLICATE; then {@code
 *       INVALID_TRANSITION}, {@code R5_ALREADY_RECORDED} / {@code NOT_RECORDED}, {@code R3_ORDER}.
 * </ol>
 *
 * <h2>Decisions where the domain reference is silent</h2>
 *
 * <ul>
 *   <li>Rule 6: an implied acknowledgedAt is derived, not recorded: it is handoverStartedAt when
 *       that is recorded (so the timeline stays ordered when the handover started before it ended),
 *       else handedOverAt, and it follows those points if they are filled or corrected later. A real
 *       ACKNOWLEDGED arriving later replaces it when it fits (occurredAt ≤ handoverStartedAt /
 *       handedOverAt): the implied value was never a first event, so rule 5 does not protect it.
 *   <li>An outcome time must also be ≥ preAlertedAt and ≥ removedAt; DIVERTED, like ABSCONDED and
 *       ENDED_WITHOUT_HANDOVER, is not possible after HANDED_OVER, and HANDED_OVER is not possible
 *       after any of the three; nothing beyond PRE_ALERTED is possible on a CANCELLED case. These
 *       are symmetric, so the verdict on a valid history does not depend on arrival order.
 *   <li>Retained periods: OFFICER_RETAINED (officers or ED staff) needs arrivedAt and no open
 *       period; periods do not overlap and lie within [arrivedAt, clearedAt]; OFFICER_RETAINED needs
 *       a reason. retainedSeconds is the time inside closed periods.
 *   <li>Officer count: {@code details.officerCount} on OFFICER_RETAINED and OFFICER_RELEASED is the
 *       new total of officers at the site from the event's occurredAt on (never the number
 *       retained or released); at least 1 (INVALID_DETAIL below), so no change leaves the site
 *       without officers before clearance: the last officers leave with CLEARED. Absent, the count
 *       does not change. An OFFICER_RELEASED with no open period is a count change only and must
 *       name a count; every change lies within [arrivedAt, clearedAt] (R3_ORDER; INVALID_TRANSITION
 *       before ARRIVED is recorded). officerSeconds integrates the count over arrival → clearance
 *       ({@link CaseFile#intervals()}). Changes recorded before this rule existed (the count on an
 *       OFFICER_RETAINED stored before) are not in {@link CaseFile#officerChanges()}, so old cases
 *       read as they did.
 *   <li>ASSESSMENT_STARTED records a point: after preAlertedAt and arrivedAt, not after clearedAt
 *       or outcomeAt (rule 3); late when either is recorded (rule 4); rule 5 and CORRECTED as for
 *       any point; it changes no state. Its {@code assessmentMode} is kept with it.
 *   <li>DELAY_REASON_RECORDED (officers or ED staff) needs {@code delayReason} and arrivedAt; its
 *       time lies within [arrivedAt, clearedAt]. A case holds each reason once (the first record).
 *   <li>Case attributes (legal basis, officer count, local reference, eta, linked-from case, and
 *       removedAt) come from PRE_ALERTED/ARRIVED: the first value wins, a later one only fills a
 *       missing value, a conflicting later value is ignored (the event is still judged on its own
 *       time point). A removedAt that would fill the point must keep rule 3.
 *   <li>The same fact under another eventId (same type and same instant; for CORRECTED the point
 *       already at that value; for retained periods the same start or end) is a DUPLICATE naming
 *       the original eventId.
 *   <li>A submission rejected for an unknown case leaves nothing behind (there is no case to hold
 *       it): if the same eventId is re-sent after the case opened, it is judged afresh.
 *   <li>The officer count has no default: unknown stays null, officerSeconds is then null and
 *       {@link DataQuality#officerCountUnknown()} is set. retainedSeconds is the sum of the whole
 *       seconds of each closed retained period.
 *   <li>DISPOSITION_RECORDED (OFFICER, ED_STAFF, or a SUPERVISOR with a reason, as a correction) is valid once
 *       ARRIVED is recorded, at or after arrivedAt, also after the case closed; CLEARED may carry one too. All are
 *       kept; the latest by occurredAt, then sequence, stands ({@link CaseFile#disposition()}). A supervisor's
 *       correction is a new DISPOSITION_RECORDED with a reason, not a CORRECTED (CORRECTED changes time points).
 *   <li>CLOSED_NOT_RECORDED (a SUPERVISOR of the case's site or police division, with a reason) closes a stale case
 *       whose end was never recorded: the terminal outcome NOT_RECORDED at occurredAt, from any open state (also
 *       after HANDED_OVER, when the clearance is missing). Not on a closed case ({@code INVALID_TRANSITION}: CLEARED
 *       or another outcome recorded; a void case is {@code CASE_VOID}). Rule 3 as for any outcome (not before
 *       preAlertedAt or arrivedAt). Nothing on the main path may follow it ({@code INVALID_TRANSITION}): the
 *       supervisor decided the record is incomplete; reports leave the case out of every time figure.
 *   <li>REFERRED_AT_SCENE (OFFICER) is a terminal outcome before arrival, like CANCELLED: it ends a pre-alerted
 *       case, or opens and ends one (the officer never pre-alerted). Without a named site the case's site is
 *       {@link EventType#NO_SITE}, which a later-processed PRE_ALERTED naming a site fills.
 *   <li>HANDOVER_STARTED is ED-side only (as the lead decided), although the domain reference says
 *       "ED or officer".
 *   <li>The police division of a case opened by a linked-case pre-alert is the org of its SYSTEM
 *       actor: the wire submission has no division field, so the processor carries it there.
 *   <li>Escalation marks and legal-clock warnings are facts of the timeline (see {@link #tick});
 *       legal-clock warnings stop once the case is closed (officers cleared or a terminal outcome),
 *       not at handover, since the detention clock still runs while the ED has the person.
 *   <li>Timers are not fired by {@link #decide}: the caller calls {@link #tick} with the new case
 *       right after every decision (and whenever {@link #nextDueAt} passes). This keeps {@code
 *       decide} a function of the submission alone (receivedAt, not processing time).
 * </ul>
 *
 * <h2>Relief and mistakes</h2>
 *
 * <ul>
 *   <li>DIVISION_TRANSFERRED (relief at shift change): only a supervisor of the case's current
 *       police division ({@link Authority}); {@code details.policeDivision} names the receiving
 *       division ({@code MISSING_DETAIL}; the same division is {@code INVALID_DETAIL}) and {@code
 *       details.reason} is required. Only while the case is open ({@code INVALID_TRANSITION}: a
 *       closed case's division is corrected instead), not before the case's first point or an
 *       earlier transfer ({@code R3_ORDER}). From then on the case belongs to the receiving
 *       division: its officers and supervisors act on it and read it, the old division's do not.
 *       Each transfer is kept ({@link CaseFile#divisionTransfers()}).
 *   <li>CORRECTED changes one thing: a time point ({@code correctedPoint} with {@code
 *       correctedTo}), or the case's division ({@code correctedDivision}), legal basis ({@code
 *       correctedLegalBasis}) or site ({@code correctedSiteCode}); two at once, or none, is {@code
 *       INVALID_DETAIL} / {@code MISSING_DETAIL}. The three attributes are the police's detention
 *       record, so only a supervisor of the owning division corrects them (a site's supervisor
 *       corrects times, as before). A correction to the value the attribute has is the same fact
 *       as the correction that set it ({@code R1_DUPLICATE}), else {@code INVALID_DETAIL}. Allowed
 *       on closed cases: the completed case is emitted again and reports group by the corrected
 *       value. A corrected legal basis recomputes the legal clock (fired warnings stay fired).
 *       Each is kept ({@link CaseFile#fieldCorrections()}).
 *   <li>CORRECTED of REMOVED when no removal time was recorded (an s297 case opened from the phone
 *       without it) records it (with rule 3 against the other points): the legal clock starts then.
 *       Every other point must be recorded before it can be corrected ({@code NOT_RECORDED}).
 *   <li>LEGAL_CLOCK_EXTENDED (ED staff, since the registered medical practitioner authorises it,
 *       or a supervisor): only when the basis's clock is extendable (by default S136, 12 hours)
 *       and running, while the case is open ({@code INVALID_TRANSITION}), at or after the clock's
 *       start and before its deadline ({@code R3_ORDER}), at most once ({@code
 *       INVALID_TRANSITION}; the same occurredAt again is a duplicate). The deadline moves by the
 *       extension; warnings re-arm against the new deadline with their own eventIds, and {@link
 *       CaseFile#legalClockBreached()} judges the extended deadline. The extension stays recorded
 *       if the basis is later corrected, but moves only an extendable basis's clock.
 *   <li>ACTION_UNDONE (ED staff of the case's site) withdraws the sender's own point: {@code details.undoneEventId}
 *       names the event that recorded a standing ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED
 *       of this case (else {@code UNDO_NOT_FOUND}: never seen, rejected, another kind of event, or an implied
 *       acknowledgement); the sender's user must be the one who recorded it ({@code UNDO_NOT_OWN}, also for a point
 *       its author already withdrew); the undo's receivedAt at most {@link HandoverPolicy#undoWindow()} after the
 *       point's recordedAt ({@code UNDO_TOO_LATE}); the case still open, no later main-path point recorded (for
 *       ASSESSMENT_STARTED: none but closure), the point not corrected by a supervisor since, and nothing recorded
 *       since that needs the arrival only this point shows ({@code UNDO_NOT_LATEST}). The point leaves the timeline
 *       (an acknowledgement HANDED_OVER implied goes with it), so the state, intervals and timers are as if it had
 *       never been recorded (escalation marks re-arm once the case is no longer handed over); a {@link Correction}
 *       with {@code withdrawnEventId} set, from = to = the point's instant, the sender as actor and the fixed reason
 *       {@value Correction#WITHDRAWN_REASON} is appended. The same undo under another eventId is a DUPLICATE naming
 *       the first undo. The point may then be recorded again (with a new eventId).
 * </ul>
 */
public final class HandoverStateMachine {

    private static final String ID_NAMESPACE = "uk.transferofcare:";

    private final HandoverPolicy policy;

    public HandoverStateMachine(HandoverPolicy policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    /** A state machine with {@link HandoverPolicy#DEFAULT}. */
    public HandoverStateMachine() {
        this(HandoverPolicy.DEFAULT);
    }

    public HandoverPolicy policy() {
        return policy;
    }

    /**
     * Judges one submission.
     *
     * @param current the case, or null when the processor does not know it
     * @param submission what a user (or the processor, for a linked case) sent
     * @param processedAt when the processor decides: recorded in the decision for the outcome
     *     record, and the start of a held submission's horizon; never used to judge
     * @throws IllegalArgumentException when the submission belongs to another case
     */
    public Decision decide(CaseFile current, Submission submission, Instant processedAt) {
        requireNonNull(submission, "submission");
        requireNonNull(processedAt, "processedAt");
        if (current == null) {
            return openOrHold(submission, processedAt);
        }
        if (!current.caseId().equals(submission.caseId())) {
            throw new IllegalArgumentException(
                    "submission for case " + submission.caseId() + " given case " + current.caseId());
        }
        Verdict standing = current.submissions().get(submission.eventId());
        if (standing != null) {
            return resend(current, submission, standing, processedAt);
        }
        if (current.isVoid()) {
            Voiding voiding = current.voiding();
            return reject(
                    current,
                    submission,
                    processedAt,
                    new Verdict.Rejected(
                            RuleCode.CASE_VOID,
                            "CASE_VOID: case " + current.caseId() + " was entered in error by event "
                                    + voiding.eventId() + " at " + voiding.occurredAt()
                                    + " and accepts no further events",
                            null));
        }
        Verdict.Rejected refused = firstOf(
                Authority.check(current.siteCode(), current.policeDivision(), submission),
                caseMismatch(current, submission),
                missingOrInvalidDetails(submission, current.siteCode()),
                future(submission));
        if (refused != null) {
            return reject(current, submission, processedAt, refused);
        }
        CaseDraft draft = CaseDraft.of(current);
        Judgement judgement = judge(draft, submission);
        return conclude(current, draft, submission, processedAt, judgement);
    }

    /**
     * True when the submission opens a case the processor does not know: PRE_ALERTED or ARRIVED
     * naming the site, from police (the case's division is theirs), from ED staff naming the police
     * division, or from the processor for the case a diversion opens. Anything else for an unknown
     * case is held (rule 8).
     */
    public boolean opensCase(Submission submission) {
        return submission.type().opensCase()
                && (!isBlank(submission.details().siteCode()) || submission.type() == EventType.REFERRED_AT_SCENE)
                && !isBlank(divisionAtOpening(submission));
    }

    /**
     * Rule 8: the rejection of a submission held for a case that did not open within the holding
     * horizon.
     */
    public Verdict.Rejected unknownCase(Submission held) {
        return new Verdict.Rejected(
                RuleCode.UNKNOWN_CASE,
                "UNKNOWN_CASE: no case " + held.caseId() + " was opened (by PRE_ALERTED or ARRIVED naming its site)"
                        + " within " + human(policy.holdingHorizon()) + " of receiving this " + held.type(),
                null,
                "caseId");
    }

    /** A re-send of an eventId the case has seen: its standing verdict again, or EVENT_ID_REUSED. */
    private Decision resend(CaseFile current, Submission submission, Verdict standing, Instant processedAt) {
        CaseDraft draft = CaseDraft.of(current);
        String fingerprint = current.fingerprints().get(submission.eventId());
        if (fingerprint != null && !fingerprint.equals(submission.fingerprint())) {
            draft.rejectedSubmissions++;
            Verdict.Rejected reused = new Verdict.Rejected(
                    RuleCode.EVENT_ID_REUSED,
                    "EVENT_ID_REUSED: event " + submission.eventId() + " was already received on case "
                            + current.caseId() + " with another type, time or details (" + describe(standing)
                            + "); every new event needs a new eventId",
                    null,
                    "eventId");
            return new Decision(submission, reused, draft.build(), List.of(), false, List.of(), processedAt, true);
        }
        draft.duplicateSubmissions++;
        return new Decision(submission, standing, draft.build(), List.of(), false, List.of(), processedAt, true);
    }

    /**
     * Records every timer mark that is due at {@code now} and has not fired: one ESCALATED or
     * LEGAL_CLOCK_WARNING event each, with a deterministic eventId ({@link #timerEventId}),
     * occurredAt = the mark's due time, recordedAt = now. Each mark is kept in the case as fired, so
     * it never fires again (with the case stored exactly once, that is exactly once).
     *
     * <p>Which marks exist is a fact of the timeline, not of processing order: an escalation mark
     * (arrivedAt + threshold) exists unless the case was handed over, cleared or ended at or before
     * it; a legal-clock warning (deadline − minutes) exists unless the case was cleared or ended at
     * or before it. A mark that existed but is recorded only after the case moved past it (the
     * handover was processed before the tick), or whose due time is further in the past than the
     * horizon, is recorded with notifyRecipients = false. A void case has no marks. Fired marks stay
     * as they fired; marks not yet fired move with arrivedAt, removedAt and the legal basis.
     */
    public TickResult tick(CaseFile current, Instant now) {
        requireNonNull(current, "current");
        requireNonNull(now, "now");
        List<PendingMark> due = pendingMarks(current).stream()
                .filter(mark -> !mark.dueAt().isAfter(now))
                .toList();
        if (due.isEmpty()) {
            return new TickResult(current, List.of(), false, now);
        }
        CaseDraft draft = CaseDraft.of(current);
        List<AppliedEvent> events = new ArrayList<>();
        Instant horizonStart = now.minus(policy.timers().notifyHorizon());
        for (PendingMark mark : due) {
            long sequence = ++draft.version;
            boolean notify = mark.active() && !mark.dueAt().isBefore(horizonStart);
            String eventId = mark.eventId();
            if (mark.type() == EventType.ESCALATED) {
                draft.escalations.add(
                        new EscalationMark(mark.key(), mark.threshold(), mark.dueAt(), now, notify, eventId));
            } else {
                draft.legalClockWarnings.add(
                        new LegalClockWarningMark(mark.key(), mark.deadline(), mark.dueAt(), now, notify, eventId));
            }
            draft.updatedAt = now;
            draft.lastEventId = eventId;
            events.add(new AppliedEvent(
                    eventId,
                    current.caseId(),
                    sequence,
                    mark.type(),
                    mark.dueAt(),
                    now,
                    Actor.PROCESSOR,
                    Source.PROCESSOR,
                    Details.EMPTY,
                    draft.state(),
                    draft.siteCode,
                    draft.policeDivision,
                    draft.legalBasis,
                    false,
                    null,
                    mark.type() == EventType.ESCALATED ? mark.key() : null,
                    mark.threshold(),
                    mark.deadline(),
                    notify,
                    null));
        }
        CaseFile after = draft.build();
        return new TickResult(after, events, after.isClosed(), now);
    }

    /**
     * When the next timer mark of the case is due (possibly in the past: then {@link #tick} fires it
     * at once), or empty when no mark is pending, so the Kafka layer can index cases by it.
     */
    public Optional<Instant> nextDueAt(CaseFile current) {
        requireNonNull(current, "current");
        return pendingMarks(current).stream().map(PendingMark::dueAt).min(Comparator.naturalOrder());
    }

    /**
     * The id of the case a diversion opens: a name-based UUID of the diverted case's id and the
     * DIVERTED's eventId. Deterministic, so a replay opens the same case; not guessable from the case
     * id alone, so nobody can open that case before the diversion does. The outcome of the DIVERTED
     * carries it.
     */
    public static String linkedCaseIdFor(String divertedCaseId, String divertedEventId) {
        return nameUuid("linked-case:" + divertedCaseId + ":" + divertedEventId);
    }

    /**
     * The deterministic eventId of a timer event: a name-based UUID of the case id and the mark
     * (escalation level, or minutes before the legal deadline).
     */
    public static String timerEventId(String caseId, EventType type, int mark) {
        if (!type.isProcessorOnly()) {
            throw new IllegalArgumentException("not a timer event type: " + type);
        }
        return nameUuid(caseId + ":" + type + ":" + mark);
    }

    /**
     * The deterministic eventId of a legal-clock warning: {@link #timerEventId} for the clock as it
     * was set, another name-based UUID for the same warning against an extended deadline.
     */
    public static String legalClockWarningEventId(String caseId, int minutesBefore, boolean extended) {
        return extended
                ? nameUuid(caseId + ":" + EventType.LEGAL_CLOCK_WARNING + ":" + minutesBefore + ":extended")
                : timerEventId(caseId, EventType.LEGAL_CLOCK_WARNING, minutesBefore);
    }

    // ---------------------------------------------------------------------------------------------
    // Opening

    /**
     * A submission for a case the processor does not know: what needs no case is judged at once
     * (who may send this type, its details, rule 2); then it opens the case, or it is held until a
     * case opens (rule 8).
     */
    private Decision openOrHold(Submission submission, Instant processedAt) {
        Verdict.Rejected refused =
                firstOf(Authority.permitted(submission), missingOrInvalidDetails(submission, null), future(submission));
        if (refused != null) {
            return rejectUnknown(submission, processedAt, refused);
        }
        if (!opensCase(submission)) {
            // The horizon runs from when the processor first held it (not from receipt, which may be long past
            // after an outage or for backfilled history): the only place processing time enters a verdict, and it
            // decides when a held submission expires, never how it is judged.
            Instant heldSince = submission.receivedAt().isAfter(processedAt) ? submission.receivedAt() : processedAt;
            Instant until = heldSince.plus(policy.holdingHorizon());
            Verdict.Held held = new Verdict.Held(
                    "HELD: case " + submission.caseId() + " is not open yet; this " + submission.type()
                            + " is judged when PRE_ALERTED or ARRIVED opens it, or rejected UNKNOWN_CASE if none"
                            + " has by " + until,
                    until);
            return new Decision(submission, held, null, List.of(), false, List.of(), processedAt);
        }
        String site = isBlank(submission.details().siteCode())
                ? EventType.NO_SITE
                : submission.details().siteCode();
        refused = firstOf(Authority.check(site, null, submission), missingOrInvalidDetails(submission, site));
        if (refused != null) {
            return rejectUnknown(submission, processedAt, refused);
        }
        CaseDraft draft = CaseDraft.opening(submission.caseId(), site, submission.receivedAt());
        draft.policeDivision = divisionAtOpening(submission);
        Judgement judgement = judge(draft, submission);
        return conclude(null, draft, submission, processedAt, judgement);
    }

    /**
     * The police division a case opened by this submission belongs to: the officer's own, the one
     * ED staff name, or the one the processor carries for the case a diversion opens. Never taken
     * from whoever submits first afterwards.
     */
    private static String divisionAtOpening(Submission submission) {
        Actor actor = submission.actor();
        return switch (actor.role()) {
            case OFFICER -> actor.org();
            case ED_STAFF -> submission.details().policeDivision();
            case SYSTEM -> Actor.SYSTEM_ORG.equals(actor.org()) ? null : actor.org();
            default -> null;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Judging one submission on a draft: returns what to do; changes the draft only when applied

    private sealed interface Judgement {}

    private record Reject(Verdict.Rejected verdict) implements Judgement {}

    private record SameFact(String message, String originalEventId) implements Judgement {}

    /** Apply it: {@code withdrawn} is the time point an ACTION_UNDONE withdrew (null for every other type). */
    private record Apply(boolean late, Instant correctedFrom, List<Submission> linked, TimePoint withdrawn)
            implements Judgement {
        static final Apply PLAIN = new Apply(false, null, List.of());

        Apply(boolean late, Instant correctedFrom, List<Submission> linked) {
            this(late, correctedFrom, linked, null);
        }
    }

    private Judgement judge(CaseDraft draft, Submission submission) {
        EventType type = submission.type();
        if (type.mainPathPoint() != null) {
            return judgePoint(draft, submission, type.mainPathPoint());
        }
        if (type.terminalOutcome() != null) {
            return judgeOutcome(draft, submission, type.terminalOutcome());
        }
        return switch (type) {
            case ASSESSMENT_STARTED -> judgeAssessment(draft, submission);
            case DELAY_REASON_RECORDED -> judgeDelayReason(draft, submission);
            case OFFICER_RETAINED -> judgeRetained(draft, submission);
            case OFFICER_RELEASED -> judgeReleased(draft, submission);
            case CORRECTED ->
                submission.details().correctedField() != null
                        ? judgeFieldCorrection(draft, submission)
                        : judgeCorrection(draft, submission);
            case DIVISION_TRANSFERRED -> judgeTransfer(draft, submission);
            case LEGAL_CLOCK_EXTENDED -> judgeExtension(draft, submission);
            case DISPOSITION_RECORDED -> judgeDisposition(draft, submission);
            case ACTION_UNDONE -> judgeUndo(draft, submission);
            case ENTERED_IN_ERROR -> {
                draft.voiding = new Voiding(
                        submission.eventId(),
                        submission.occurredAt(),
                        submission.details().reason(),
                        submission.actor(),
                        submission.receivedAt());
                yield Apply.PLAIN;
            }
            default -> throw new IllegalStateException("no rule for " + type);
        };
    }

    private Judgement judgePoint(CaseDraft draft, Submission submission, TimePoint point) {
        Timeline timeline = draft.timeline;
        Instant at = submission.occurredAt();
        PointRecord recorded = timeline.record(point);
        if (recorded != null && !recorded.implied() && recorded.at().equals(at)) {
            return sameFact(point, recorded);
        }
        if (draft.terminalOutcome == CaseState.NOT_RECORDED) {
            return invalidTransition(
                    submission.type() + " cannot follow NOT_RECORDED: a supervisor closed the case as not recorded "
                            + outcomeReference(timeline),
                    TimePoint.OUTCOME);
        }
        if (draft.terminalOutcome != null
                && draft.terminalOutcome.endsBeforeArrival()
                && point.ordinal() > TimePoint.PRE_ALERTED.ordinal()) {
            return invalidTransition(
                    submission.type() + " cannot follow " + draft.terminalOutcome + ": the case was "
                            + (draft.terminalOutcome == CaseState.CANCELLED ? "cancelled" : "referred at scene")
                            + " before arrival "
                            + outcomeReference(timeline),
                    TimePoint.OUTCOME);
        }
        if (point == TimePoint.HANDED_OVER
                && draft.terminalOutcome != null
                && !draft.terminalOutcome.endsBeforeArrival()) {
            return invalidTransition(
                    "HANDED_OVER cannot follow " + draft.terminalOutcome + " " + outcomeReference(timeline),
                    TimePoint.OUTCOME);
        }
        if (recorded != null && !recorded.implied()) {
            return alreadyRecorded(point, at, recorded);
        }
        boolean late = hasLaterPoint(timeline, point);
        Timeline next = timeline.with(new PointRecord(
                point, at, submission.eventId(), submission.receivedAt(), submission.actor(), false, late, false));
        Instant removedAt = submission.details().removedAt();
        boolean fillsRemoved = submission.type().opensCase() && removedAt != null && !timeline.has(TimePoint.REMOVED);
        if (fillsRemoved) {
            next = next.with(new PointRecord(
                    TimePoint.REMOVED,
                    removedAt,
                    submission.eventId(),
                    submission.receivedAt(),
                    submission.actor(),
                    false,
                    false,
                    false));
        }
        if (point == TimePoint.HANDED_OVER && !next.has(TimePoint.ACKNOWLEDGED)) {
            next = next.with(new PointRecord(
                    TimePoint.ACKNOWLEDGED,
                    at,
                    submission.eventId(),
                    submission.receivedAt(),
                    submission.actor(),
                    true,
                    false,
                    false));
        }
        next = rederiveImpliedAcknowledgement(next);
        Verdict.Rejected disorder = firstOf(
                fillsRemoved ? withField(checkOrder(next, TimePoint.REMOVED), "removedAt") : null,
                checkOrder(next, point),
                point == TimePoint.CLEARED ? checkClearedAfterRetained(draft, at) : null,
                point == TimePoint.ARRIVED ? checkArrivedBeforeRecords(draft, at) : null);
        if (disorder != null) {
            return new Reject(disorder);
        }
        draft.timeline = next;
        if (submission.type().opensCase()) {
            fillAttributes(draft, submission);
        }
        if (point == TimePoint.CLEARED && submission.details().disposition() != null) {
            draft.dispositions.add(dispositionOf(draft, submission));
        }
        return new Apply(late, null, List.of());
    }

    private Judgement judgeOutcome(CaseDraft draft, Submission submission, CaseState outcome) {
        Timeline timeline = draft.timeline;
        Instant at = submission.occurredAt();
        PointRecord recorded = timeline.record(TimePoint.OUTCOME);
        if (draft.terminalOutcome == outcome && recorded.at().equals(at)) {
            return sameFact(TimePoint.OUTCOME, recorded);
        }
        if (draft.terminalOutcome != null && draft.terminalOutcome != outcome) {
            return invalidTransition(
                    outcome + " cannot follow " + draft.terminalOutcome + " " + outcomeReference(timeline),
                    TimePoint.OUTCOME);
        }
        if (outcome == CaseState.NOT_RECORDED && timeline.has(TimePoint.CLEARED)) {
            PointRecord cleared = timeline.record(TimePoint.CLEARED);
            return invalidTransition(
                    "CLOSED_NOT_RECORDED closes an open case, but the case ended: CLEARED is recorded at "
                            + cleared.at() + " by event " + cleared.eventId(),
                    TimePoint.CLEARED);
        }
        if (outcome.endsBeforeArrival()) {
            for (TimePoint point : List.of(
                    TimePoint.ARRIVED,
                    TimePoint.ACKNOWLEDGED,
                    TimePoint.HANDOVER_STARTED,
                    TimePoint.HANDED_OVER,
                    TimePoint.CLEARED)) {
                PointRecord blocking = timeline.record(point);
                if (blocking != null) {
                    return invalidTransition(
                            outcome + " is only possible before arrival, but " + point + " is recorded at "
                                    + blocking.at() + " by event " + blocking.eventId(),
                            point);
                }
            }
        } else if (outcome != CaseState.NOT_RECORDED && timeline.has(TimePoint.HANDED_OVER)) {
            PointRecord handedOver = timeline.record(TimePoint.HANDED_OVER);
            return invalidTransition(
                    outcome + " is not possible after HANDED_OVER, recorded at " + handedOver.at() + " by event "
                            + handedOver.eventId(),
                    TimePoint.HANDED_OVER);
        }
        if (recorded != null) {
            return alreadyRecorded(TimePoint.OUTCOME, at, recorded);
        }
        boolean late = hasLaterPoint(timeline, TimePoint.OUTCOME);
        Timeline next = timeline.with(new PointRecord(
                TimePoint.OUTCOME,
                at,
                submission.eventId(),
                submission.receivedAt(),
                submission.actor(),
                false,
                late,
                false));
        Instant removedAt = submission.details().removedAt();
        boolean fillsRemoved =
                outcome == CaseState.REFERRED_AT_SCENE && removedAt != null && !timeline.has(TimePoint.REMOVED);
        if (fillsRemoved) {
            next = next.with(new PointRecord(
                    TimePoint.REMOVED,
                    removedAt,
                    submission.eventId(),
                    submission.receivedAt(),
                    submission.actor(),
                    false,
                    false,
                    false));
        }
        Verdict.Rejected disorder = firstOf(
                fillsRemoved ? withField(checkOrder(next, TimePoint.REMOVED), "removedAt") : null,
                checkOrder(next, TimePoint.OUTCOME));
        if (disorder != null) {
            return new Reject(disorder);
        }
        draft.timeline = next;
        draft.terminalOutcome = outcome;
        if (outcome == CaseState.REFERRED_AT_SCENE) {
            draft.referralPathway = submission.details().referralPathway();
            fillAttributes(draft, submission);
            return new Apply(late, null, List.of());
        }
        if (outcome != CaseState.DIVERTED) {
            return new Apply(late, null, List.of());
        }
        Details details = submission.details();
        draft.destinationSiteCode = details.destinationSiteCode();
        draft.divertedToCaseId = linkedCaseIdFor(draft.caseId, submission.eventId());
        return new Apply(late, null, List.of(linkedPreAlert(draft, submission)));
    }

    private Judgement judgeRetained(CaseDraft draft, Submission submission) {
        Timeline timeline = draft.timeline;
        Instant at = submission.occurredAt();
        if (!hasArrived(timeline)) {
            return invalidTransition(
                    "OFFICER_RETAINED is only possible after ARRIVED, which is not recorded", TimePoint.ARRIVED);
        }
        PointRecord arrived = timeline.record(TimePoint.ARRIVED);
        // The same start again (a retry under a new id) unless that period was a zero-length one
        // already closed: a new period may start where such a period ended.
        for (RetainedPeriod period : draft.retained) {
            if (period.from().equals(at) && (period.isOpen() || period.to().isAfter(at))) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: officers retained from " + at + " are already recorded by event "
                                + period.retainedEventId(),
                        period.retainedEventId());
            }
        }
        RetainedPeriod open = openPeriod(draft.retained);
        if (open != null) {
            return invalidTransition(
                    "officers are already retained since " + open.from() + " (event " + open.retainedEventId()
                            + "); OFFICER_RELEASED must close that period first",
                    null);
        }
        if (arrived != null && at.isBefore(arrived.at())) {
            return disorder(
                    "OFFICER_RETAINED at " + at + " is before ARRIVED recorded at " + arrived.at() + " by event "
                            + arrived.eventId(),
                    TimePoint.ARRIVED);
        }
        if (!draft.retained.isEmpty()) {
            RetainedPeriod last = draft.retained.get(draft.retained.size() - 1);
            if (at.isBefore(last.to())) {
                return disorder(
                        "OFFICER_RETAINED at " + at + " is before the previous retained period ended at " + last.to()
                                + " (event " + last.releasedEventId() + ")",
                        null);
            }
        }
        Verdict.Rejected afterCleared = checkNotAfterCleared(timeline, "OFFICER_RETAINED", at);
        if (afterCleared != null) {
            return new Reject(afterCleared);
        }
        draft.retained.add(new RetainedPeriod(
                at,
                null,
                submission.details().officerCount(),
                submission.details().reason(),
                submission.eventId(),
                null));
        addOfficerChange(draft, submission);
        return Apply.PLAIN;
    }

    private Judgement judgeReleased(CaseDraft draft, Submission submission) {
        Instant at = submission.occurredAt();
        RetainedPeriod open = openPeriod(draft.retained);
        // The same end again (a retry under a new id), unless it can close the open period.
        for (RetainedPeriod period : draft.retained) {
            if (at.equals(period.to()) && (open == null || at.isBefore(open.from()))) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: officers released at " + at + " are already recorded by event "
                                + period.releasedEventId(),
                        period.releasedEventId());
            }
        }
        for (OfficerChange change : draft.officerChanges) {
            if (change.type() == EventType.OFFICER_RELEASED
                    && change.at().equals(at)
                    && Integer.valueOf(change.officerCount())
                            .equals(submission.details().officerCount())) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: " + change.officerCount() + " officers from " + at
                                + " are already recorded by event " + change.eventId(),
                        change.eventId());
            }
        }
        if (open == null) {
            return releasedWithoutPeriod(draft, submission);
        }
        if (at.isBefore(open.from())) {
            return disorder(
                    "OFFICER_RELEASED at " + at + " is before OFFICER_RETAINED at " + open.from() + " (event "
                            + open.retainedEventId() + ")",
                    null);
        }
        Verdict.Rejected afterCleared = checkNotAfterCleared(draft.timeline, "OFFICER_RELEASED", at);
        if (afterCleared != null) {
            return new Reject(afterCleared);
        }
        draft.retained.set(draft.retained.size() - 1, open.closedAt(at, submission.eventId()));
        addOfficerChange(draft, submission);
        return Apply.PLAIN;
    }

    /**
     * DISPOSITION_RECORDED: after arrival (at or after arrivedAt), also once the case is closed (the disposition is
     * often known only later). Every applied one is kept; the latest by occurredAt, then sequence, stands, so a
     * supervisor corrects the disposition by recording another one (with a reason).
     */
    private Judgement judgeDisposition(CaseDraft draft, Submission submission) {
        Instant at = submission.occurredAt();
        for (DispositionRecord record : draft.dispositions) {
            if (record.occurredAt().equals(at)
                    && record.disposition() == submission.details().disposition()) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: disposition " + record.disposition() + " at " + at
                                + " is already recorded by event " + record.eventId(),
                        record.eventId());
            }
        }
        PointRecord arrived = draft.timeline.record(TimePoint.ARRIVED);
        if (arrived == null) {
            return invalidTransition(
                    "DISPOSITION_RECORDED is only possible after arrival, and ARRIVED is not recorded"
                            + (draft.terminalOutcome != null
                                    ? " (the case ended " + draft.terminalOutcome + " "
                                            + outcomeReference(draft.timeline) + ")"
                                    : ""),
                    TimePoint.ARRIVED);
        }
        if (at.isBefore(arrived.at())) {
            return disorder(
                    "DISPOSITION_RECORDED at " + at + " is before ARRIVED recorded at " + arrived.at() + " by event "
                            + arrived.eventId(),
                    TimePoint.ARRIVED);
        }
        draft.dispositions.add(dispositionOf(draft, submission));
        return Apply.PLAIN;
    }

    /** The record of the disposition a submission gives; its sequence is the one {@link #conclude} assigns next. */
    private static DispositionRecord dispositionOf(CaseDraft draft, Submission submission) {
        return new DispositionRecord(
                submission.eventId(),
                draft.version + 1,
                submission.details().disposition(),
                submission.occurredAt(),
                submission.actor(),
                submission.details().reason(),
                submission.receivedAt());
    }

    /**
     * OFFICER_RELEASED with no open retained period: a change of the officer count only (some
     * officers left), so it must name the new total, at a time between arrival and clearance.
     */
    private Judgement releasedWithoutPeriod(CaseDraft draft, Submission submission) {
        Instant at = submission.occurredAt();
        if (submission.details().officerCount() == null) {
            return invalidTransition(
                    "OFFICER_RELEASED without an open retained period must name details.officerCount, the officers"
                            + " still at the site from then on",
                    null);
        }
        Judgement outside = checkWithinArrivalAndClearance(draft.timeline, "OFFICER_RELEASED", at);
        if (outside != null) {
            return outside;
        }
        addOfficerChange(draft, submission);
        return Apply.PLAIN;
    }

    private static void addOfficerChange(CaseDraft draft, Submission submission) {
        Integer count = submission.details().officerCount();
        if (count != null) {
            draft.officerChanges.add(
                    new OfficerChange(submission.occurredAt(), count, submission.type(), submission.eventId()));
        }
    }

    /** ASSESSMENT_STARTED is a time point like the others (rules 3 to 5); its mode comes with it. */
    private Judgement judgeAssessment(CaseDraft draft, Submission submission) {
        Judgement judgement = judgePoint(draft, submission, TimePoint.ASSESSMENT_STARTED);
        if (judgement instanceof Apply) {
            draft.assessmentMode = submission.details().assessmentMode();
        }
        return judgement;
    }

    /**
     * DELAY_REASON_RECORDED: between arrival and clearance (a late one, sent after clearance with an
     * earlier time, is accepted). The same reason at the same instant is a DUPLICATE; the same
     * reason at another instant is applied as an event but the case keeps the reason once (its
     * first record).
     */
    private Judgement judgeDelayReason(CaseDraft draft, Submission submission) {
        Instant at = submission.occurredAt();
        Details details = submission.details();
        for (DelayReasonRecord recorded : draft.delayReasons) {
            if (recorded.reason() == details.delayReason() && recorded.at().equals(at)) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: delay reason " + recorded.reason() + " at " + at
                                + " is already recorded by event " + recorded.eventId(),
                        recorded.eventId());
            }
        }
        Judgement outside = checkWithinArrivalAndClearance(draft.timeline, "DELAY_REASON_RECORDED", at);
        if (outside != null) {
            return outside;
        }
        if (draft.delayReasons.stream().noneMatch(recorded -> recorded.reason() == details.delayReason())) {
            draft.delayReasons.add(new DelayReasonRecord(
                    details.delayReason(),
                    at,
                    details.note(),
                    submission.eventId(),
                    submission.actor(),
                    submission.receivedAt()));
        }
        return Apply.PLAIN;
    }

    /**
     * True once the person is known to have arrived: ARRIVED or a point only an arrival allows is
     * recorded (the ED's ACKNOWLEDGED or HANDED_OVER may be processed before the officer's ARRIVED;
     * the ARRIVED that comes later must then not be after what was recorded since).
     */
    private static boolean hasArrived(Timeline timeline) {
        return Stream.of(
                                TimePoint.ARRIVED,
                                TimePoint.HANDOVER_STARTED,
                                TimePoint.HANDED_OVER,
                                TimePoint.CLEARED,
                                TimePoint.ASSESSMENT_STARTED)
                        .anyMatch(timeline::has)
                || (timeline.has(TimePoint.ACKNOWLEDGED) && !timeline.acknowledgedImplied());
    }

    /**
     * Null when the person has arrived ({@link #hasArrived}), {@code at} is not before arrivedAt (when
     * recorded) and not after clearedAt (when recorded).
     */
    private static Judgement checkWithinArrivalAndClearance(Timeline timeline, String what, Instant at) {
        if (!hasArrived(timeline)) {
            return invalidTransition(
                    what + " is only possible after ARRIVED, which is not recorded", TimePoint.ARRIVED);
        }
        PointRecord arrived = timeline.record(TimePoint.ARRIVED);
        if (arrived != null && at.isBefore(arrived.at())) {
            return disorder(
                    what + " at " + at + " is before ARRIVED recorded at " + arrived.at() + " by event "
                            + arrived.eventId(),
                    TimePoint.ARRIVED);
        }
        Verdict.Rejected afterCleared = checkNotAfterCleared(timeline, what, at);
        return afterCleared == null ? null : new Reject(afterCleared);
    }

    private Judgement judgeCorrection(CaseDraft draft, Submission submission) {
        Details details = submission.details();
        TimePoint point = details.correctedPoint();
        Instant to = details.correctedTo();
        Timeline timeline = draft.timeline;
        PointRecord recorded = timeline.record(point);
        if (recorded == null && point == TimePoint.REMOVED) {
            return recordRemoval(draft, submission);
        }
        if (recorded == null) {
            return new Reject(new Verdict.Rejected(
                    RuleCode.NOT_RECORDED,
                    "NOT_RECORDED: " + point + " was never recorded on case " + draft.caseId
                            + "; CORRECTED changes recorded points only",
                    point));
        }
        if (!recorded.implied() && recorded.at().equals(to)) {
            String original = draft.corrections.stream()
                    .filter(correction -> correction.point() == point)
                    .reduce((first, second) -> second)
                    .map(Correction::eventId)
                    .orElse(recorded.eventId());
            return new SameFact(
                    "R1_DUPLICATE: same fact: " + point + " is already at " + to + " (event " + original
                            + "); nothing to correct",
                    original);
        }
        // A corrected implied acknowledgement becomes a real point: the correction recorded it.
        PointRecord corrected = recorded.implied()
                ? new PointRecord(
                        point,
                        to,
                        submission.eventId(),
                        submission.receivedAt(),
                        submission.actor(),
                        false,
                        recorded.late(),
                        true)
                : new PointRecord(
                        point,
                        to,
                        recorded.eventId(),
                        recorded.recordedAt(),
                        recorded.actor(),
                        false,
                        recorded.late(),
                        true);
        Timeline next = rederiveImpliedAcknowledgement(timeline.with(corrected));
        Verdict.Rejected disorder = firstOf(
                checkOrder(next, point),
                point == TimePoint.CLEARED ? checkClearedAfterRetained(draft, to) : null,
                point == TimePoint.ARRIVED ? checkArrivedBeforeRecords(draft, to) : null);
        if (disorder != null) {
            return new Reject(disorder);
        }
        draft.timeline = next;
        draft.corrections.add(new Correction(
                submission.eventId(),
                point,
                recorded.at(),
                to,
                details.reason(),
                submission.actor(),
                submission.receivedAt()));
        return new Apply(false, recorded.at(), List.of());
    }

    /** ACTION_UNDONE: the sender withdraws their own recent point (see the class comment for the rules). */
    private Judgement judgeUndo(CaseDraft draft, Submission submission) {
        String undone = submission.details().undoneEventId();
        String sender = submission.actor().userId();
        String what = "ACTION_UNDONE of event " + undone + " on case " + draft.caseId;
        for (Correction earlier : draft.corrections) {
            if (undone.equals(earlier.withdrawnEventId())) {
                if (!earlier.actor().userId().equals(sender)) {
                    return undoRefused(
                            RuleCode.UNDO_NOT_OWN,
                            what + ": another user recorded that " + earlier.point()
                                    + " and withdrew it already (event " + earlier.eventId() + ")",
                            earlier.point());
                }
                return new SameFact(
                        "R1_DUPLICATE: same fact: " + earlier.point() + " at " + earlier.from() + " (event " + undone
                                + ") was already withdrawn by event " + earlier.eventId(),
                        earlier.eventId());
            }
        }
        Timeline timeline = draft.timeline;
        PointRecord record = timeline.records().values().stream()
                .filter(r -> r.eventId().equals(undone) && !r.implied())
                .findFirst()
                .orElse(null);
        if (record == null || !isUndoable(record.point())) {
            Verdict seen = draft.submissions.get(undone);
            return undoRefused(
                    RuleCode.UNDO_NOT_FOUND,
                    what + ": "
                            + (seen == null
                                    ? "no such event was received on this case"
                                    : "that event recorded no ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or"
                                            + " ASSESSMENT_STARTED that still stands (" + describe(seen) + ")")
                            + "; only those board actions can be undone",
                    null);
        }
        TimePoint point = record.point();
        if (!record.actor().userId().equals(sender)) {
            return undoRefused(
                    RuleCode.UNDO_NOT_OWN,
                    what + ": another user recorded that " + point + "; only its author may undo it (a supervisor"
                            + " corrects it with CORRECTED)",
                    point);
        }
        Instant until = record.recordedAt().plus(policy.undoWindow());
        if (submission.receivedAt().isAfter(until)) {
            return undoRefused(
                    RuleCode.UNDO_TOO_LATE,
                    what + ": " + point + " was recorded at " + record.recordedAt() + " and could be undone until "
                            + until + " (" + human(policy.undoWindow()) + "); the undo was received at "
                            + submission.receivedAt() + ". A supervisor corrects it now",
                    point);
        }
        if (!draft.isOpen()) {
            return undoRefused(
                    RuleCode.UNDO_NOT_LATEST,
                    what + ": the case ended (" + draft.state() + "), so its " + point + " can no longer be undone",
                    timeline.has(TimePoint.CLEARED) ? TimePoint.CLEARED : TimePoint.OUTCOME);
        }
        if (record.corrected()) {
            return undoRefused(
                    RuleCode.UNDO_NOT_LATEST,
                    what + ": a supervisor corrected that " + point + " since; ask a supervisor to change it",
                    point);
        }
        if (point != TimePoint.ASSESSMENT_STARTED) {
            for (int i = point.ordinal() + 1; i <= TimePoint.CLEARED.ordinal(); i++) {
                PointRecord later = timeline.record(TimePoint.values()[i]);
                if (later != null && !later.implied()) {
                    return undoRefused(
                            RuleCode.UNDO_NOT_LATEST,
                            what + ": " + later.point() + " is recorded since (at " + later.at() + " by event "
                                    + later.eventId() + "), so " + point + " is no longer the case's latest step",
                            later.point());
                }
            }
        }
        Timeline next = timeline.without(point);
        if (point == TimePoint.HANDED_OVER && next.acknowledgedImplied()) {
            next = next.without(TimePoint.ACKNOWLEDGED); // rule 6: it was implied by this HANDED_OVER only
        }
        next = rederiveImpliedAcknowledgement(next);
        if (!hasArrived(next)
                && (!draft.retained.isEmpty() || !draft.officerChanges.isEmpty() || !draft.delayReasons.isEmpty())) {
            return undoRefused(
                    RuleCode.UNDO_NOT_LATEST,
                    what + ": officers retained or released, or a delay reason, are recorded since, and only this "
                            + point + " shows the person arrived (ARRIVED is not recorded)",
                    TimePoint.ARRIVED);
        }
        draft.timeline = next;
        if (point == TimePoint.ASSESSMENT_STARTED) {
            draft.assessmentMode = null;
        }
        draft.corrections.add(new Correction(
                submission.eventId(),
                point,
                record.at(),
                record.at(),
                Correction.WITHDRAWN_REASON,
                submission.actor(),
                submission.receivedAt(),
                undone));
        return new Apply(false, record.at(), List.of(), point);
    }

    private static boolean isUndoable(TimePoint point) {
        return point == TimePoint.ACKNOWLEDGED
                || point == TimePoint.HANDOVER_STARTED
                || point == TimePoint.HANDED_OVER
                || point == TimePoint.ASSESSMENT_STARTED;
    }

    private static Reject undoRefused(RuleCode rule, String why, TimePoint point) {
        return new Reject(new Verdict.Rejected(rule, rule.name() + ": " + why, point, "undoneEventId"));
    }

    /**
     * CORRECTED of REMOVED on a case that never recorded it (an s297 case opened without removedAt):
     * the correction records the point, and the legal clock starts from it.
     */
    private Judgement recordRemoval(CaseDraft draft, Submission submission) {
        Details details = submission.details();
        Instant to = details.correctedTo();
        Timeline next = draft.timeline.with(new PointRecord(
                TimePoint.REMOVED,
                to,
                submission.eventId(),
                submission.receivedAt(),
                submission.actor(),
                false,
                false,
                true));
        Verdict.Rejected disorder = checkOrder(next, TimePoint.REMOVED);
        if (disorder != null) {
            return new Reject(disorder);
        }
        draft.timeline = next;
        draft.corrections.add(new Correction(
                submission.eventId(),
                TimePoint.REMOVED,
                null,
                to,
                details.reason(),
                submission.actor(),
                submission.receivedAt()));
        return Apply.PLAIN;
    }

    /** CORRECTED of the division, legal basis or site: the value was wrong from the start. */
    private Judgement judgeFieldCorrection(CaseDraft draft, Submission submission) {
        Details details = submission.details();
        CorrectedField field = details.correctedField();
        String from = switch (field) {
            case POLICE_DIVISION -> draft.policeDivision;
            case LEGAL_BASIS -> draft.legalBasis == null ? null : draft.legalBasis.name();
            case SITE_CODE -> draft.siteCode;
        };
        String to = switch (field) {
            case POLICE_DIVISION -> details.correctedDivision();
            case LEGAL_BASIS -> details.correctedLegalBasis().name();
            case SITE_CODE -> details.correctedSiteCode();
        };
        if (to.equals(from)) {
            for (int i = draft.fieldCorrections.size() - 1; i >= 0; i--) {
                FieldCorrection earlier = draft.fieldCorrections.get(i);
                if (earlier.field() == field) {
                    if (earlier.to().equals(to)) {
                        return new SameFact(
                                "R1_DUPLICATE: same fact: " + field + " is already " + to + " (event "
                                        + earlier.eventId() + "); nothing to correct",
                                earlier.eventId());
                    }
                    break;
                }
            }
            return new Reject(invalid(
                    fieldName(field),
                    "CORRECTED on case " + draft.caseId + ": the case's " + field + " is already " + to
                            + "; nothing to correct"));
        }
        if (field == CorrectedField.SITE_CODE && to.equals(draft.destinationSiteCode)) {
            return new Reject(invalid(
                    fieldName(field),
                    "CORRECTED on case " + draft.caseId + ": the case was diverted to site " + to
                            + ", which cannot be its own site too"));
        }
        switch (field) {
            case POLICE_DIVISION -> draft.policeDivision = to;
            case LEGAL_BASIS -> draft.legalBasis = details.correctedLegalBasis();
            case SITE_CODE -> draft.siteCode = to;
        }
        draft.fieldCorrections.add(new FieldCorrection(
                submission.eventId(), field, from, to, details.reason(), submission.actor(), submission.receivedAt()));
        return Apply.PLAIN;
    }

    /** DIVISION_TRANSFERRED: an open case handed to another police division from its occurredAt on. */
    private Judgement judgeTransfer(CaseDraft draft, Submission submission) {
        Details details = submission.details();
        String to = details.policeDivision();
        Instant at = submission.occurredAt();
        DivisionTransfer last = draft.divisionTransfers.isEmpty()
                ? null
                : draft.divisionTransfers.get(draft.divisionTransfers.size() - 1);
        for (DivisionTransfer transfer : draft.divisionTransfers) {
            if (transfer.toDivision().equals(to) && transfer.at().equals(at)) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: the transfer to division " + to + " at " + at
                                + " is already recorded by event " + transfer.eventId(),
                        transfer.eventId());
            }
        }
        if (!draft.isOpen()) {
            return invalidTransition(
                    "DIVISION_TRANSFERRED is only possible while the case is open; it is " + draft.state()
                            + " (a closed case's division is changed with CORRECTED correctedDivision)",
                    draft.timeline.has(TimePoint.CLEARED) ? TimePoint.CLEARED : TimePoint.OUTCOME);
        }
        if (to.equals(draft.policeDivision)) {
            return new Reject(invalid(
                    "policeDivision",
                    "DIVISION_TRANSFERRED on case " + draft.caseId + " names the division the case already belongs"
                            + " to"));
        }
        Instant first = draft.timeline.earliest();
        if (first != null && at.isBefore(first)) {
            return disorder(
                    "DIVISION_TRANSFERRED at " + at + " is before the case's first recorded point at " + first, null);
        }
        if (last != null && at.isBefore(last.at())) {
            return disorder(
                    "DIVISION_TRANSFERRED at " + at + " is before the previous transfer at " + last.at() + " (event "
                            + last.eventId() + ")",
                    null);
        }
        draft.divisionTransfers.add(new DivisionTransfer(
                submission.eventId(),
                draft.policeDivision,
                to,
                at,
                details.reason(),
                submission.actor(),
                submission.receivedAt()));
        draft.policeDivision = to;
        return Apply.PLAIN;
    }

    /** LEGAL_CLOCK_EXTENDED: the s136 extension, once, while the clock runs. */
    private Judgement judgeExtension(CaseDraft draft, Submission submission) {
        Instant at = submission.occurredAt();
        ClockExtension recorded = draft.legalClockExtension;
        if (recorded != null) {
            if (recorded.occurredAt().equals(at)) {
                return new SameFact(
                        "R1_DUPLICATE: same fact: the legal clock extension at " + at + " is already recorded by event "
                                + recorded.eventId(),
                        recorded.eventId());
            }
            return invalidTransition(
                    "the legal clock was already extended at " + recorded.occurredAt() + " by event "
                            + recorded.eventId() + "; it may be extended once",
                    null);
        }
        if (!draft.isOpen()) {
            return invalidTransition(
                    "LEGAL_CLOCK_EXTENDED is only possible while the case is open; it is " + draft.state(),
                    draft.timeline.has(TimePoint.CLEARED) ? TimePoint.CLEARED : TimePoint.OUTCOME);
        }
        ClockRule rule = policy.timers().clockFor(draft.legalBasis);
        if (rule == null || !rule.isExtendable()) {
            return invalidTransition(
                    "the legal clock of case " + draft.caseId + " cannot be extended: its legal basis is "
                            + (draft.legalBasis == null ? "unknown" : draft.legalBasis)
                            + (rule == null ? ", which has no legal clock" : ", whose clock has no extension")
                            + " (correct the basis first if it is wrong)",
                    null);
        }
        LegalClock clock = draft.legalClock;
        if (clock == null || !clock.isRunning()) {
            return invalidTransition(
                    "the legal clock of case " + draft.caseId + " is not running: " + rule.startsFrom()
                            + " is not recorded",
                    rule.startsFrom());
        }
        if (at.isBefore(clock.startsAt())) {
            return disorder(
                    "LEGAL_CLOCK_EXTENDED at " + at + " is before the legal clock started at " + clock.startsAt(),
                    rule.startsFrom());
        }
        if (!at.isBefore(clock.deadline())) {
            return disorder(
                    "LEGAL_CLOCK_EXTENDED at " + at + " is not before the legal deadline " + clock.deadline()
                            + "; an extension must be authorised while the clock runs",
                    null);
        }
        draft.legalClockExtension =
                new ClockExtension(submission.eventId(), at, submission.actor(), submission.receivedAt());
        return Apply.PLAIN;
    }

    private static String fieldName(CorrectedField field) {
        if (field == null) {
            return "correctedPoint";
        }
        return switch (field) {
            case POLICE_DIVISION -> "correctedDivision";
            case LEGAL_BASIS -> "correctedLegalBasis";
            case SITE_CODE -> "correctedSiteCode";
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Turning a judgement into a decision

    private Decision conclude(
            CaseFile current, CaseDraft draft, Submission submission, Instant processedAt, Judgement judgement) {
        if (judgement instanceof Reject reject) {
            return current == null
                    ? rejectUnknown(submission, processedAt, reject.verdict())
                    : reject(current, submission, processedAt, reject.verdict());
        }
        if (judgement instanceof SameFact same) {
            // Only reachable for a known case: an opening draft has nothing to be the same as.
            CaseDraft counted = CaseDraft.of(current);
            Verdict.Duplicate verdict =
                    new Verdict.Duplicate(RuleCode.R1_DUPLICATE, same.message(), same.originalEventId());
            counted.duplicateSubmissions++;
            counted.submissions.put(submission.eventId(), verdict);
            counted.fingerprints.put(submission.eventId(), submission.fingerprint());
            return new Decision(submission, verdict, counted.build(), List.of(), false, List.of(), processedAt);
        }
        Apply apply = (Apply) judgement;
        long sequence = ++draft.version;
        Verdict.Applied verdict = new Verdict.Applied(sequence);
        draft.submissions.put(submission.eventId(), verdict);
        draft.fingerprints.put(submission.eventId(), submission.fingerprint());
        draft.updatedAt = submission.receivedAt();
        draft.lastEventId = submission.eventId();
        if (apply.late()) {
            draft.lateEvents++;
        }
        draft.legalClock = legalClockOf(draft);
        CaseFile after = draft.build();
        AppliedEvent event = new AppliedEvent(
                submission.eventId(),
                after.caseId(),
                sequence,
                submission.type(),
                submission.occurredAt(),
                submission.receivedAt(),
                submission.actor(),
                submission.source(),
                submission.details(),
                after.state(),
                after.siteCode(),
                after.policeDivision(),
                after.legalBasis(),
                apply.late(),
                apply.correctedFrom(),
                null,
                null,
                submission.type() == EventType.LEGAL_CLOCK_EXTENDED
                        ? after.legalClock().deadline()
                        : null,
                true,
                apply.withdrawn());
        return new Decision(submission, verdict, after, List.of(event), after.isClosed(), apply.linked(), processedAt);
    }

    private static Decision reject(
            CaseFile current, Submission submission, Instant processedAt, Verdict.Rejected rejected) {
        Verdict.Rejected verdict = rejected.withDefaultField(defaultField(rejected.rule(), submission));
        CaseDraft draft = CaseDraft.of(current);
        draft.rejectedSubmissions++;
        draft.submissions.put(submission.eventId(), verdict);
        draft.fingerprints.put(submission.eventId(), submission.fingerprint());
        return new Decision(submission, verdict, draft.build(), List.of(), false, List.of(), processedAt);
    }

    private static Decision rejectUnknown(Submission submission, Instant processedAt, Verdict.Rejected rejected) {
        Verdict.Rejected verdict = rejected.withDefaultField(defaultField(rejected.rule(), submission));
        return new Decision(submission, verdict, null, List.of(), false, List.of(), processedAt);
    }

    /** The body field a rule is about when the check that found it named none. */
    private static String defaultField(RuleCode rule, Submission submission) {
        return switch (rule) {
            case R2_FUTURE, R3_ORDER, R5_ALREADY_RECORDED ->
                submission.type() == EventType.CORRECTED ? "correctedTo" : "occurredAt";
            case NOT_RECORDED -> "correctedPoint";
            case UNKNOWN_CASE, CASE_VOID, WRONG_SITE, CASE_MISMATCH -> "caseId";
            case NOT_PERMITTED, INVALID_TRANSITION -> "type";
            case EVENT_ID_REUSED -> "eventId";
            default -> null;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Checks shared by every type

    /**
     * A submission naming a site or police division other than the case's (the submitter may act on
     * the case: this runs after {@link Authority#check}), or the processor's pre-alert of a diversion
     * meeting a case it did not open.
     */
    private static Verdict.Rejected caseMismatch(CaseFile current, Submission submission) {
        Details details = submission.details();
        String named = details.siteCode();
        if (submission.type().opensCase()
                && named != null
                && !named.equals(current.siteCode())
                && !EventType.NO_SITE.equals(current.siteCode())) {
            return new Verdict.Rejected(
                    RuleCode.CASE_MISMATCH,
                    "CASE_MISMATCH: " + submission.type() + " names site " + named + " but case " + current.caseId()
                            + " is at site " + current.siteCode(),
                    null,
                    "siteCode");
        }
        String division = details.policeDivision();
        if (division != null
                && submission.type() != EventType.DIVISION_TRANSFERRED
                && !division.equals(current.policeDivision())) {
            return new Verdict.Rejected(
                    RuleCode.CASE_MISMATCH,
                    "CASE_MISMATCH: " + submission.type() + " names police division " + division + " but case "
                            + current.caseId() + " belongs to division " + current.policeDivision(),
                    null,
                    "policeDivision");
        }
        String linkedFrom = details.linkedCaseId();
        if (submission.actor().role() == Role.SYSTEM
                && linkedFrom != null
                && !linkedFrom.equals(current.linkedFromCaseId())) {
            return new Verdict.Rejected(
                    RuleCode.CASE_MISMATCH,
                    "CASE_MISMATCH: case " + current.caseId() + " exists and was not opened by the diversion of case "
                            + linkedFrom,
                    null,
                    "caseId");
        }
        return null;
    }

    private static Verdict.Rejected missingOrInvalidDetails(Submission submission, String site) {
        Details details = submission.details();
        EventType type = submission.type();
        String what = type + " on case " + submission.caseId();
        if (details.officerCount() != null && details.officerCount() < 1) {
            return invalid(
                    "officerCount", what + " gives officerCount " + details.officerCount() + "; it must be at least 1");
        }
        Role role = submission.actor().role();
        if (details.linkedCaseId() != null && role != Role.SYSTEM) {
            return invalid(
                    "linkedCaseId",
                    what + " names a linked case; the processor chooses the id of the case a diversion opens and"
                            + " returns it in the DIVERTED's outcome");
        }
        if (details.policeDivision() != null
                && (role != Role.ED_STAFF || type != EventType.ARRIVED)
                && type != EventType.DIVISION_TRANSFERRED) {
            return invalid(
                    "policeDivision",
                    what + " names a police division; only ED staff name one, on ARRIVED (police act for their own)");
        }
        if (EventType.NO_SITE.equals(details.siteCode())) {
            return invalid("siteCode", what + " names site " + EventType.NO_SITE + ", which is no site");
        }
        if (details.disposition() != null && type != EventType.DISPOSITION_RECORDED && type != EventType.CLEARED) {
            return invalid("disposition", what + " gives a disposition; only DISPOSITION_RECORDED and CLEARED do");
        }
        if (details.referralPathway() != null && type != EventType.REFERRED_AT_SCENE) {
            return invalid("referralPathway", what + " gives a referral pathway; only REFERRED_AT_SCENE does");
        }
        if (type != EventType.ACTION_UNDONE && details.undoneEventId() != null) {
            return invalid("undoneEventId", what + " names an event to undo; only ACTION_UNDONE does");
        }
        if (type != EventType.CORRECTED && details.correctedField() != null) {
            return invalid(
                    fieldName(details.correctedField()), what + " corrects a case attribute; only CORRECTED does");
        }
        switch (type) {
            case PRE_ALERTED -> {
                if (isBlank(details.siteCode())) {
                    return missing(what, "siteCode");
                }
            }
            case DISPOSITION_RECORDED -> {
                if (details.disposition() == null) {
                    return missing(what, "disposition");
                }
                if (role == Role.SUPERVISOR && isBlank(details.reason())) {
                    return missing(what + " by a SUPERVISOR (a correction)", "reason");
                }
            }
            case REFERRED_AT_SCENE -> {
                if (details.referralPathway() == null) {
                    return missing(what, "referralPathway");
                }
            }
            case DIVERTED -> {
                if (isBlank(details.destinationSiteCode())) {
                    return missing(what, "destinationSiteCode");
                }
                if (details.destinationSiteCode().equals(site)) {
                    return invalid("destinationSiteCode", what + " diverts to its own site " + site);
                }
            }
            case CORRECTED -> {
                if (details.correctionTargets() == 0) {
                    return missing(what, "correctedPoint");
                }
                if (details.correctionTargets() > 1) {
                    return invalid(
                            fieldName(details.correctedField()),
                            what + " corrects more than one of correctedPoint, correctedDivision,"
                                    + " correctedLegalBasis and correctedSiteCode; send one CORRECTED for each");
                }
                if (details.correctedPoint() != null && details.correctedTo() == null) {
                    return missing(what, "correctedTo");
                }
                if (details.correctedPoint() == null && details.correctedTo() != null) {
                    return invalid(
                            "correctedTo",
                            what + " gives correctedTo without correctedPoint; it corrects "
                                    + details.correctedField());
                }
                if (isBlank(details.reason())) {
                    return missing(what, "reason");
                }
                CorrectedField field = details.correctedField();
                if ((field == CorrectedField.POLICE_DIVISION
                                && details.correctedDivision().isBlank())
                        || (field == CorrectedField.SITE_CODE
                                && details.correctedSiteCode().isBlank())) {
                    return invalid(fieldName(field), what + " corrects " + field + " to a blank value");
                }
            }
            case DIVISION_TRANSFERRED -> {
                if (isBlank(details.policeDivision())) {
                    return missing(what, "policeDivision");
                }
                if (isBlank(details.reason())) {
                    return missing(what, "reason");
                }
            }
            case DELAY_REASON_RECORDED -> {
                if (details.delayReason() == null) {
                    return missing(what, "delayReason");
                }
            }
            case ACTION_UNDONE -> {
                if (isBlank(details.undoneEventId())) {
                    return missing(what, "undoneEventId");
                }
            }
            case ENTERED_IN_ERROR, CLOSED_NOT_RECORDED, OFFICER_RETAINED -> {
                if (isBlank(details.reason())) {
                    return missing(what, "reason");
                }
            }
            default -> {}
        }
        return null;
    }

    private Verdict.Rejected future(Submission submission) {
        Duration skew = policy.clockSkewTolerance();
        Instant limit = submission.receivedAt().plus(skew);
        EventType type = submission.type();
        TimePoint own = type.point();
        if (submission.occurredAt().isAfter(limit)) {
            return tooLate(
                    "occurredAt " + submission.occurredAt() + " of " + type, submission, skew, own, "occurredAt");
        }
        Instant removedAt = submission.details().removedAt();
        if (removedAt != null && removedAt.isAfter(limit)) {
            return tooLate("removedAt " + removedAt + " of " + type, submission, skew, TimePoint.REMOVED, "removedAt");
        }
        Instant correctedTo = submission.details().correctedTo();
        if (type == EventType.CORRECTED && correctedTo != null && correctedTo.isAfter(limit)) {
            return tooLate(
                    "correctedTo " + correctedTo + " of CORRECTED",
                    submission,
                    skew,
                    submission.details().correctedPoint(),
                    "correctedTo");
        }
        return null;
    }

    private static Verdict.Rejected tooLate(
            String what, Submission submission, Duration skew, TimePoint point, String field) {
        return new Verdict.Rejected(
                RuleCode.R2_FUTURE,
                "R2_FUTURE: " + what + " is more than " + human(skew) + " after it was received at "
                        + submission.receivedAt(),
                point,
                field);
    }

    /**
     * Rule 3 for one point of a tentative timeline: the point against every other recorded point
     * (implied points are derived from recorded ones and cannot add a conflict of their own).
     */
    private static Verdict.Rejected checkOrder(Timeline timeline, TimePoint point) {
        PointRecord candidate = timeline.record(point);
        for (PointRecord other : timeline.records().values()) {
            if (other.point() == point || other.implied()) {
                continue;
            }
            if (ClockOrder.mustNotBeAfter(point, other.point())
                    && candidate.at().isAfter(other.at())) {
                return orderViolation(candidate, "after", other);
            }
            if (ClockOrder.mustNotBeAfter(other.point(), point)
                    && candidate.at().isBefore(other.at())) {
                return orderViolation(candidate, "before", other);
            }
        }
        return null;
    }

    private static Verdict.Rejected orderViolation(PointRecord candidate, String relation, PointRecord other) {
        return new Verdict.Rejected(
                RuleCode.R3_ORDER,
                "R3_ORDER: " + candidate.point() + " at " + candidate.at() + " is " + relation + " " + other.point()
                        + " recorded at " + other.at() + " by event " + other.eventId(),
                other.point());
    }

    private static Verdict.Rejected checkClearedAfterRetained(CaseDraft draft, Instant clearedAt) {
        for (OfficerChange change : draft.officerChanges) {
            if (clearedAt.isBefore(change.at())) {
                return new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: CLEARED at " + clearedAt + " is before " + change.type() + " at " + change.at()
                                + " (event " + change.eventId() + ")",
                        null);
            }
        }
        for (DelayReasonRecord reason : draft.delayReasons) {
            if (clearedAt.isBefore(reason.at())) {
                return new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: CLEARED at " + clearedAt + " is before DELAY_REASON_RECORDED at " + reason.at()
                                + " (event " + reason.eventId() + ")",
                        null);
            }
        }
        for (RetainedPeriod period : draft.retained) {
            Instant last = period.to() != null ? period.to() : period.from();
            if (clearedAt.isBefore(last)) {
                String what = period.to() != null
                        ? "OFFICER_RELEASED at " + period.to() + " (event " + period.releasedEventId() + ")"
                        : "OFFICER_RETAINED at " + period.from() + " (event " + period.retainedEventId() + ")";
                return new Verdict.Rejected(
                        RuleCode.R3_ORDER, "R3_ORDER: CLEARED at " + clearedAt + " is before " + what, null);
            }
        }
        return null;
    }

    /**
     * A correction of arrivedAt must stay at or before every retained period, officer count change
     * and delay reason (they are possible only after arrival).
     */
    private static Verdict.Rejected checkArrivedBeforeRecords(CaseDraft draft, Instant arrivedAt) {
        List<String> after = new ArrayList<>();
        for (RetainedPeriod period : draft.retained) {
            if (arrivedAt.isAfter(period.from())) {
                after.add("OFFICER_RETAINED at " + period.from() + " (event " + period.retainedEventId() + ")");
            }
        }
        for (OfficerChange change : draft.officerChanges) {
            if (arrivedAt.isAfter(change.at())) {
                after.add(change.type() + " at " + change.at() + " (event " + change.eventId() + ")");
            }
        }
        for (DelayReasonRecord reason : draft.delayReasons) {
            if (arrivedAt.isAfter(reason.at())) {
                after.add("DELAY_REASON_RECORDED at " + reason.at() + " (event " + reason.eventId() + ")");
            }
        }
        return after.isEmpty()
                ? null
                : new Verdict.Rejected(
                        RuleCode.R3_ORDER, "R3_ORDER: ARRIVED at " + arrivedAt + " is after " + after.get(0), null);
    }

    private static Verdict.Rejected checkNotAfterCleared(Timeline timeline, String what, Instant at) {
        PointRecord cleared = timeline.record(TimePoint.CLEARED);
        if (cleared != null && at.isAfter(cleared.at())) {
            return new Verdict.Rejected(
                    RuleCode.R3_ORDER,
                    "R3_ORDER: " + what + " at " + at + " is after CLEARED recorded at " + cleared.at() + " by event "
                            + cleared.eventId(),
                    TimePoint.CLEARED);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Rule 6 as decided: an implied acknowledgedAt is handoverStartedAt when that is recorded (the ED
     * was aware by the time the handover started), else handedOverAt.
     */
    private static Timeline rederiveImpliedAcknowledgement(Timeline timeline) {
        PointRecord ack = timeline.record(TimePoint.ACKNOWLEDGED);
        if (ack == null || !ack.implied()) {
            return timeline;
        }
        Instant derived =
                timeline.has(TimePoint.HANDOVER_STARTED) ? timeline.handoverStartedAt() : timeline.handedOverAt();
        return derived.equals(ack.at()) ? timeline : timeline.with(ack.withAt(derived));
    }

    /** Rule 4: an event is late when a point that must not be before it is already recorded. */
    private static boolean hasLaterPoint(Timeline timeline, TimePoint point) {
        return timeline.records().keySet().stream().anyMatch(other -> ClockOrder.mustNotBeAfter(point, other));
    }

    private static void fillAttributes(CaseDraft draft, Submission submission) {
        Details details = submission.details();
        if (EventType.NO_SITE.equals(draft.siteCode) && !isBlank(details.siteCode())) {
            // A case referred at scene without a site takes the site a later-processed PRE_ALERTED names.
            draft.siteCode = details.siteCode();
        }
        if (draft.legalBasis == null) {
            draft.legalBasis = details.legalBasis();
        }
        if (draft.officerCount == null) {
            draft.officerCount = details.officerCount();
        }
        if (draft.localReference == null) {
            draft.localReference = details.localReference();
        }
        if (draft.linkedFromCaseId == null) {
            draft.linkedFromCaseId = details.linkedCaseId();
        }
        if (draft.eta == null && submission.type() == EventType.PRE_ALERTED) {
            draft.eta = details.eta();
        }
    }

    private LegalClock legalClockOf(CaseDraft draft) {
        ClockRule rule = policy.timers().clockFor(draft.legalBasis);
        if (rule == null) {
            return null;
        }
        Instant startsAt = draft.timeline.at(rule.startsFrom());
        if (startsAt == null) {
            return new LegalClock(draft.legalBasis, rule.startsFrom(), null, null);
        }
        Instant deadline = startsAt.plus(rule.length());
        ClockExtension extension = draft.legalClockExtension;
        if (extension == null || !rule.isExtendable()) {
            return new LegalClock(draft.legalBasis, rule.startsFrom(), startsAt, deadline);
        }
        return new LegalClock(
                draft.legalBasis,
                rule.startsFrom(),
                startsAt,
                deadline.plus(rule.extension()),
                extension.occurredAt(),
                extension.actor(),
                deadline);
    }

    private static Submission linkedPreAlert(CaseDraft draft, Submission diverted) {
        // Every case opened since divisions became explicit has one; an older case without one
        // opens its linked case without one too (only a supervisor of its site can act on it then).
        String division = draft.policeDivision != null ? draft.policeDivision : Actor.SYSTEM_ORG;
        Details details = Details.EMPTY
                .withSiteCode(draft.destinationSiteCode)
                .withLegalBasis(draft.legalBasis)
                .withRemovedAt(draft.timeline.removedAt())
                .withEta(diverted.details().eta())
                .withOfficerCount(draft.officerCount)
                .withLocalReference(draft.localReference)
                .withLinkedCaseId(draft.caseId);
        return new Submission(
                nameUuid("linked-pre-alert:" + draft.caseId + ":" + draft.divertedToCaseId),
                draft.divertedToCaseId,
                EventType.PRE_ALERTED,
                diverted.occurredAt(),
                diverted.receivedAt(),
                new Actor(Actor.PROCESSOR.userId(), Role.SYSTEM, division),
                Source.PROCESSOR,
                details);
    }

    private record PendingMark(
            EventType type, int key, int threshold, Instant dueAt, Instant deadline, boolean active, String eventId) {}

    private List<PendingMark> pendingMarks(CaseFile current) {
        List<PendingMark> marks = new ArrayList<>();
        if (current.isVoid()) {
            return marks;
        }
        TimerPolicy timers = policy.timers();
        Timeline timeline = current.timeline();
        Instant arrived = timeline.arrivedAt();
        if (arrived != null) {
            Instant stop = earliest(timeline.handedOverAt(), current.endedAt());
            List<Integer> thresholds = timers.escalationMinutes();
            for (int i = 0; i < thresholds.size(); i++) {
                int level = i + 1;
                if (current.escalations().stream().anyMatch(mark -> mark.level() == level)) {
                    continue;
                }
                Instant due = arrived.plus(Duration.ofMinutes(thresholds.get(i)));
                if (stop == null || stop.isAfter(due)) {
                    marks.add(new PendingMark(
                            EventType.ESCALATED,
                            level,
                            thresholds.get(i),
                            due,
                            null,
                            stop == null,
                            timerEventId(current.caseId(), EventType.ESCALATED, level)));
                }
            }
        }
        LegalClock clock = current.legalClock();
        if (clock != null && clock.isRunning()) {
            Instant ended = current.endedAt();
            for (int minutes : timers.warningMinutesBefore()) {
                // An extension re-arms every warning against the new deadline: those are other marks (other ids).
                String eventId = legalClockWarningEventId(current.caseId(), minutes, clock.isExtended());
                if (current.legalClockWarnings().stream()
                        .anyMatch(mark -> mark.eventId().equals(eventId))) {
                    continue;
                }
                Instant due = clock.deadline().minus(Duration.ofMinutes(minutes));
                if (ended == null || ended.isAfter(due)) {
                    marks.add(new PendingMark(
                            EventType.LEGAL_CLOCK_WARNING,
                            minutes,
                            minutes,
                            due,
                            clock.deadline(),
                            ended == null,
                            eventId));
                }
            }
        }
        marks.sort(Comparator.comparing(PendingMark::dueAt)
                .thenComparing(PendingMark::type)
                .thenComparing(mark -> mark.type() == EventType.ESCALATED ? mark.key() : -mark.key()));
        return marks;
    }

    private static RetainedPeriod openPeriod(List<RetainedPeriod> retained) {
        return retained.isEmpty() || !retained.get(retained.size() - 1).isOpen()
                ? null
                : retained.get(retained.size() - 1);
    }

    private static SameFact sameFact(TimePoint point, PointRecord recorded) {
        return new SameFact(
                "R1_DUPLICATE: same fact: " + point + " at " + recorded.at() + " is already recorded by event "
                        + recorded.eventId(),
                recorded.eventId());
    }

    private static Reject alreadyRecorded(TimePoint point, Instant at, PointRecord recorded) {
        return new Reject(new Verdict.Rejected(
                RuleCode.R5_ALREADY_RECORDED,
                "R5_ALREADY_RECORDED: " + point + " is already recorded at " + recorded.at() + " by event "
                        + recorded.eventId() + "; " + at + " would change it, which takes a CORRECTED event",
                point));
    }

    private static Reject invalidTransition(String why, TimePoint point) {
        return new Reject(new Verdict.Rejected(RuleCode.INVALID_TRANSITION, "INVALID_TRANSITION: " + why, point));
    }

    private static Reject disorder(String why, TimePoint point) {
        return new Reject(new Verdict.Rejected(RuleCode.R3_ORDER, "R3_ORDER: " + why, point));
    }

    private static String outcomeReference(Timeline timeline) {
        PointRecord outcome = timeline.record(TimePoint.OUTCOME);
        return "(recorded at " + outcome.at() + " by event " + outcome.eventId() + ")";
    }

    private static Verdict.Rejected missing(String what, String field) {
        return new Verdict.Rejected(
                RuleCode.MISSING_DETAIL, "MISSING_DETAIL: " + what + " needs details." + field, null, field);
    }

    private static Verdict.Rejected invalid(String field, String why) {
        return new Verdict.Rejected(RuleCode.INVALID_DETAIL, "INVALID_DETAIL: " + why, null, field);
    }

    private static String describe(Verdict verdict) {
        if (verdict instanceof Verdict.Applied applied) {
            return "first verdict APPLIED as event #" + applied.sequence();
        }
        if (verdict instanceof Verdict.Duplicate duplicate) {
            return "first verdict DUPLICATE of event " + duplicate.originalEventId();
        }
        return "first verdict REJECTED by " + verdict.rule();
    }

    private static String human(Duration duration) {
        long seconds = duration.getSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    private static Verdict.Rejected withField(Verdict.Rejected rejected, String field) {
        return rejected == null ? null : rejected.withDefaultField(field);
    }

    @SafeVarargs
    private static <T> T firstOf(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
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

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes((ID_NAMESPACE + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
