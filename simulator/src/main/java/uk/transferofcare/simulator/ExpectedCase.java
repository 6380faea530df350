package uk.transferofcare.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the platform must answer and end up recording for one case, given the submissions the simulator sends it in
 * order: the ground truth. Each submission is judged by the domain reference's rules and issue 9's contract, written
 * here independently of the platform's code:
 *
 * <ul>
 *   <li>who may send what: the role's event types (the API refuses others before anything is recorded), an officer
 *       only for a case of their division, ED staff only for their site, a supervisor for their site or division;
 *   <li>rule 8: a submission for a case that is not open and cannot open it is <b>held</b>; when a PRE_ALERTED or
 *       ARRIVED naming the site opens the case (from an officer, whose division the case takes; from ED staff naming
 *       the police division; or from the processor, for the case a diversion opens), the held ones are judged in the
 *       order they were received, then later submissions as usual;
 *   <li>a case's police division is set when it opens, never by whoever submits later;
 *   <li>a re-send of an eventId gets the first verdict again (HELD while held); another body under a used eventId
 *       is EVENT_ID_REUSED; an opening that was refused leaves nothing behind;
 *   <li>rule 1's same fact under another eventId is a DUPLICATE; rule 3's order; rule 5's first value wins; rule 6's
 *       implied acknowledgement; a void case takes nothing more; corrections keep the order; outcomes and retained
 *       periods; a diversion opens a linked case with the diverted case's attributes;
 *   <li>issue 13's relief and mistakes: a supervisor of the owning division (not of the site) transfers an open case
 *       to another division, which owns it from then on, or corrects the case's division, legal basis or site, also
 *       once it is closed; a removal time never recorded is recorded by its correction; ED staff or a supervisor
 *       extend an s136 clock once, while the case is open and the clock runs, which moves its deadline by 12 hours;
 *   <li>issue 14: a supervisor of the case's site or division closes an open case as not recorded
 *       (CLOSED_NOT_RECORDED, with a reason: outcome NOT_RECORDED), also after the handover; not once it was cleared or
 *       has another outcome; nothing on the main path and no other outcome follows it;
 *   <li>ED staff's undo (ACTION_UNDONE naming {@code undoneEventId}): only the user who recorded a standing,
 *       non-implied ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED of the case withdraws it, while
 *       the case is open, the point was not corrected by a supervisor and (but for ASSESSMENT_STARTED) no later point of
 *       the main path is recorded; the point leaves the timeline (with the acknowledgement a withdrawn HANDED_OVER
 *       implied) and the assessment's mode goes with it. The same withdrawal again under another eventId is the same
 *       fact; another user's is UNDO_NOT_OWN.
 * </ul>
 *
 * Not modelled: rule 2 (a time more than 2 minutes after receipt), which needs the platform's receipt time; the
 * simulator never sends a time ahead of its own clock. Likewise the undo's 5-minute window (UNDO_TOO_LATE) runs on the
 * platform's receipt times: the simulator sends every undo seconds after the point it names.
 */
final class ExpectedCase {

    enum Verdict {
        APPLIED,
        REJECTED,
        DUPLICATE,
        /** Not a verdict: the case is not open yet and the platform holds the submission (rule 8). */
        HELD
    }

    record Judgement(Verdict verdict, String rule) {
        static Judgement applied() {
            return new Judgement(Verdict.APPLIED, null);
        }

        static Judgement rejected(String rule) {
            return new Judgement(Verdict.REJECTED, rule);
        }

        static Judgement duplicate() {
            return new Judgement(Verdict.DUPLICATE, "R1_DUPLICATE");
        }

        static Judgement held() {
            return new Judgement(Verdict.HELD, null);
        }

        boolean isFinal() {
            return verdict != Verdict.HELD;
        }

        @Override
        public String toString() {
            return rule == null ? verdict.name() : verdict + " " + rule;
        }
    }

    /**
     * What the simulator expects for one submission: the answer to its first send (HELD, or its verdict), and its
     * verdict once the platform has judged it (a held submission's is known once an opening released it).
     */
    static final class Expectation {
        private final Judgement first;
        /** A re-send of an eventId that is still held: it follows the held submission. */
        private final Expectation sameAs;

        private Judgement verdict;
        private Expectation releasedBy;

        private Expectation(Judgement first, Expectation sameAs) {
            this.first = first;
            this.sameAs = sameAs;
            this.verdict = first.isFinal() ? first : null;
        }

        static Expectation of(Judgement verdict) {
            return new Expectation(verdict, null);
        }

        static Expectation held() {
            return new Expectation(Judgement.held(), null);
        }

        /** The answer to the first send. */
        Judgement first() {
            return first;
        }

        /** The final verdict; HELD when no submission of this run releases it. */
        Judgement verdict() {
            if (sameAs != null) {
                return sameAs.verdict();
            }
            return verdict != null ? verdict : Judgement.held();
        }

        /** The submission whose opening of the case released this held one; null when not held or never released. */
        Expectation releasedBy() {
            return sameAs != null ? sameAs.releasedBy() : releasedBy;
        }

        /**
         * The answer expected to a send of this submission now, given which submissions the platform has received (a
         * case's submissions are judged in the order received, so a re-send after the releasing one is answered with
         * the verdict).
         */
        Judgement now(Predicate<Expectation> received) {
            if (first.isFinal()) {
                return first;
            }
            Expectation release = releasedBy();
            return release != null && received.test(release) ? verdict() : Judgement.held();
        }

        private void release(Judgement judged, Expectation opening) {
            verdict = judged;
            releasedBy = opening;
        }

        @Override
        public String toString() {
            return first.isFinal() ? first.toString() : "HELD then " + verdict();
        }
    }

    /** Event types each role may send (issue 9's table; the API refuses any other before the case is looked at). */
    private static final Map<String, Set<String>> MAY_SEND = Map.of(
            User.OFFICER,
            Set.of(
                    "PRE_ALERTED",
                    "ARRIVED",
                    "CLEARED",
                    "CANCELLED",
                    "DIVERTED",
                    "ABSCONDED",
                    "ENDED_WITHOUT_HANDOVER",
                    "DISPOSITION_RECORDED",
                    "REFERRED_AT_SCENE",
                    "OFFICER_RETAINED",
                    "OFFICER_RELEASED",
                    "DELAY_REASON_RECORDED"),
            User.ED_STAFF,
            Set.of(
                    "ARRIVED",
                    "ACKNOWLEDGED",
                    "HANDOVER_STARTED",
                    "HANDED_OVER",
                    "OFFICER_RETAINED",
                    "OFFICER_RELEASED",
                    "ABSCONDED",
                    "ENDED_WITHOUT_HANDOVER",
                    "LEGAL_CLOCK_EXTENDED",
                    "DISPOSITION_RECORDED",
                    "ASSESSMENT_STARTED",
                    "DELAY_REASON_RECORDED",
                    "ACTION_UNDONE"),
            User.SUPERVISOR,
            Set.of(
                    "CORRECTED",
                    "ENTERED_IN_ERROR",
                    "DIVISION_TRANSFERRED",
                    "CLOSED_NOT_RECORDED",
                    "LEGAL_CLOCK_EXTENDED",
                    "DISPOSITION_RECORDED"),
            User.SYSTEM,
            Set.of("PRE_ALERTED"),
            User.ADMIN,
            Set.of());

    private record Received(Submission submission, Expectation expectation) {}

    /**
     * Issue 14: the outcome of a stale case a supervisor closed as not recorded (CLOSED_NOT_RECORDED): left out of
     * every time figure, counted as a data-quality gap.
     */
    static final String NOT_RECORDED = "NOT_RECORDED";

    /** The site of a case referred at scene without naming one (issue 13): never a site of the reference data. */
    static final String NO_SITE = "NONE";

    /** One applied disposition: when it happened, in which order it was applied, what it says. */
    private record DispositionRecord(Instant occurredAt, int applied, String disposition) {}

    private String caseId;
    private String siteCode;
    private String division;
    private Integer officerCount;
    private String legalBasis;
    private boolean opened;
    private boolean voided;
    private String outcome;
    private String linkedFrom;
    private String personKey;
    private ExpectedCase divertsTo;
    private final EnumMap<Point, Instant> points = new EnumMap<>(Point.class);
    private final List<Instant[]> retained = new ArrayList<>();
    private final List<DispositionRecord> dispositions = new ArrayList<>();
    private String referralPathway;
    /** Officer count changes (OFFICER_RETAINED / OFFICER_RELEASED naming the new total), in the order applied. */
    private final List<CountChange> countChanges = new ArrayList<>();
    /** The first time each delay reason was recorded. */
    private final Map<String, Instant> delayReasons = new LinkedHashMap<>();

    private String assessmentMode;

    /**
     * Who recorded each standing point ED staff may undo, under which eventId, and whether a supervisor corrected it
     * since (a corrected implied acknowledgement is the correction's, recorded by the supervisor).
     */
    private record Author(String eventId, String userId, boolean corrected) {}

    private final EnumMap<Point, Author> authors = new EnumMap<>(Point.class);

    /** Applied undos by the eventId they withdrew: who withdrew it. */
    private final Map<String, String> withdrawnBy = new HashMap<>();

    /** How many undos applied. */
    private int undos;

    private record CountChange(Instant at, int count, boolean released) {}

    /**
     * Issue 13's relief and mistakes: the case attributes a supervisor of the owning division corrects, each named by
     * the field of the CORRECTED that carries the new value.
     */
    static final List<String> CORRECTED_FIELDS =
            List.of("correctedDivision", "correctedLegalBasis", "correctedSiteCode");

    /** The s136 clock: 24 hours from arrival, extendable once by 12 hours (the Mental Health (Care and Treatment)
     * (Scotland) Act's default the platform configures). */
    static final Duration LEGAL_CLOCK = Duration.ofHours(24);

    static final Duration S136_EXTENSION = Duration.ofHours(12);

    /** One applied transfer or attribute correction: which field, to what. */
    private record Change(String field, Instant at, String to) {}

    /** Applied DIVISION_TRANSFERRED (field "policeDivision") and attribute corrections, in the order applied. */
    private final List<Change> changes = new ArrayList<>();

    /** The occurredAt of the applied LEGAL_CLOCK_EXTENDED, or null. */
    private Instant legalClockExtendedAt;

    /** Where the applied DIVERTED sent the person: a site correction may not name it. */
    private String destinationSiteCode;
    /** Every eventId the open case has judged, with what was sent under it. */
    private final Map<String, Received> judged = new HashMap<>();
    /** Held while the case is not open, in the order received. */
    private final LinkedHashMap<String, Received> held = new LinkedHashMap<>();

    private final List<String> scenario = new ArrayList<>();

    /**
     * @param caseId null for the case a diversion opens: the platform chooses its id ({@link #resolve})
     * @param siteCode where the case is meant to be (its opening names it)
     */
    ExpectedCase(String caseId, String siteCode) {
        this.caseId = caseId;
        this.siteCode = siteCode;
    }

    /** The case's id; null for a case a diversion opens until the platform's answer to the DIVERTED named it. */
    synchronized String caseId() {
        return caseId;
    }

    /**
     * The id the platform chose for the case a diversion opened (the DIVERTED's {@code linkedCaseId}); false when the
     * case already has another id.
     */
    synchronized boolean resolve(String id) {
        if (caseId != null) {
            return caseId.equals(id);
        }
        caseId = id;
        return true;
    }

    String siteCode() {
        return siteCode;
    }

    /** A label for what happened (e.g. "offline-officer", "corrected-arrival"), for the truth file. */
    void tag(String label) {
        if (!scenario.contains(label)) {
            scenario.add(label);
        }
    }

    List<String> scenario() {
        return List.copyOf(scenario);
    }

    /** The case this case's DIVERTED opens when it applies (at the DIVERTED's destination). */
    void divertsTo(ExpectedCase linked) {
        this.divertsTo = linked;
    }

    ExpectedCase linkedCase() {
        return divertsTo;
    }

    /** Judges the next submission the platform receives for this case and, when it applies, records its effect. */
    Expectation judge(Submission s) {
        if (!MAY_SEND.getOrDefault(s.user().role(), Set.of()).contains(s.type())) {
            return Expectation.of(Judgement.rejected("NOT_PERMITTED")); // the API's check: nothing is recorded
        }
        return opened ? judgeOpen(s) : judgeNotOpen(s);
    }

    private Expectation judgeNotOpen(Submission s) {
        Received before = held.get(s.eventId());
        if (before != null) {
            return sameBody(before.submission(), s)
                    ? new Expectation(Judgement.held(), before.expectation())
                    : Expectation.of(Judgement.rejected("EVENT_ID_REUSED"));
        }
        Judgement refused = firstOf(systemWithoutLink(s), details(s, null));
        if (refused != null) {
            return Expectation.of(refused); // judged without a case: nothing is remembered
        }
        String site = (String) s.details().get("siteCode");
        String openingDivision = divisionAtOpening(s);
        boolean referral = s.type().equals("REFERRED_AT_SCENE");
        boolean opens = (s.type().equals("PRE_ALERTED") || s.type().equals("ARRIVED") || referral)
                && (site != null || referral)
                && openingDivision != null;
        if (opens && site == null) {
            site = NO_SITE; // a referral at scene without an intended site opens the case at no site
        }
        if (!opens) {
            Expectation hold = Expectation.held();
            held.put(s.eventId(), new Received(s, hold));
            return hold;
        }
        refused = firstOf(authority(site, null, s), details(s, site));
        if (refused != null) {
            return Expectation.of(refused);
        }
        Judgement judgement = judgeRules(s);
        if (judgement.verdict() != Verdict.APPLIED) {
            return Expectation.of(judgement); // a refused opening leaves nothing behind: there is no case to hold it
        }
        opened = true;
        siteCode = site;
        division = openingDivision;
        Expectation opening = Expectation.of(judgement);
        judged.put(s.eventId(), new Received(s, opening));
        List<Received> released = List.copyOf(held.values());
        held.clear();
        for (Received r : released) {
            r.expectation().release(judgeOpen(r.submission()).verdict(), opening);
            judged.put(r.submission().eventId(), r);
        }
        return opening;
    }

    private Expectation judgeOpen(Submission s) {
        Received before = judged.get(s.eventId());
        if (before != null) {
            Judgement answer = sameBody(before.submission(), s)
                    ? before.expectation().verdict()
                    : Judgement.rejected("EVENT_ID_REUSED");
            // The API answers a re-send to the user who first sent the eventId (their own answer again) and to a caller
            // who may read the case as it stands now: after a transfer or a correction of the division or site, anyone
            // else gets the refusal of another organisation. (The API learns the first sender from its projection; a
            // re-send that overtakes it is refused like anyone else's, which the Runner accepts.)
            boolean firstSender =
                    s.user().userId().equals(before.submission().user().userId());
            return Expectation.of(firstSender || mayRead(s.user()) ? answer : notYourCase(s.user()));
        }
        Judgement judgement = voided
                ? Judgement.rejected("CASE_VOID")
                : firstOf(authority(siteCode, division, s), caseMismatch(s), details(s, siteCode));
        if (judgement == null) {
            judgement = judgeRules(s);
        }
        Expectation expectation = Expectation.of(judgement);
        judged.put(s.eventId(), new Received(s, expectation));
        return expectation;
    }

    /** Whether the user may read the case as it stands (the API's access rule for answers to re-sends). */
    synchronized boolean mayRead(User user) {
        return switch (user.role()) {
            case User.OFFICER -> user.org().equals(division);
            case User.ED_STAFF -> user.org().equals(siteCode);
            case User.SUPERVISOR -> user.org().equals(siteCode) || user.org().equals(division);
            default -> true;
        };
    }

    /** The API's answer to a re-send from an organisation that may not read the case (any more). */
    static Judgement notYourCase(User user) {
        return Judgement.rejected(user.role().equals(User.ED_STAFF) ? "WRONG_SITE" : "NOT_PERMITTED");
    }

    /** The fields a client chose: a re-send must repeat them exactly (the source, e.g. queued offline, may differ). */
    private static boolean sameBody(Submission a, Submission b) {
        return a.type().equals(b.type())
                && a.occurredAt().equals(b.occurredAt())
                && a.details().equals(b.details());
    }

    /** The division a case opened by this submission belongs to, or null when it cannot open one. */
    private static String divisionAtOpening(Submission s) {
        return switch (s.user().role()) {
            case User.OFFICER, User.SYSTEM -> s.user().org();
            case User.ED_STAFF -> (String) s.details().get("policeDivision");
            default -> null;
        };
    }

    private static Judgement systemWithoutLink(Submission s) {
        return s.user().role().equals(User.SYSTEM) && s.details().get("linkedCaseId") == null
                ? Judgement.rejected("NOT_PERMITTED")
                : null;
    }

    /** Whether this user's organisation may act on a case of this site and division (null: the case is opening). */
    private static Judgement authority(String site, String caseDivision, Submission s) {
        String org = s.user().org();
        return switch (s.user().role()) {
            case User.OFFICER ->
                caseDivision == null || caseDivision.equals(org) ? null : Judgement.rejected("NOT_PERMITTED");
            case User.ED_STAFF -> org.equals(site) ? null : Judgement.rejected("WRONG_SITE");
            case User.SUPERVISOR -> {
                // The division owns the detention record: only its supervisor transfers the case or corrects its
                // division, legal basis or site; a site's supervisor corrects times.
                if (divisionOnly(s)) {
                    yield org.equals(caseDivision) ? null : Judgement.rejected("NOT_PERMITTED");
                }
                yield org.equals(site) || org.equals(caseDivision) ? null : Judgement.rejected("NOT_PERMITTED");
            }
            default -> null;
        };
    }

    private static boolean divisionOnly(Submission s) {
        return s.type().equals("DIVISION_TRANSFERRED") || (s.type().equals("CORRECTED") && correctedField(s) != null);
    }

    /** The attribute a CORRECTED corrects (its field name), or null for a time point; the first when several. */
    private static String correctedField(Submission s) {
        return CORRECTED_FIELDS.stream()
                .filter(f -> s.details().get(f) != null)
                .findFirst()
                .orElse(null);
    }

    /** A submission naming another site or police division than the case's. */
    private Judgement caseMismatch(Submission s) {
        Object site = s.details().get("siteCode");
        boolean opening = s.type().equals("PRE_ALERTED")
                || s.type().equals("ARRIVED")
                || s.type().equals("REFERRED_AT_SCENE");
        if (opening && site != null && !site.equals(siteCode) && !NO_SITE.equals(siteCode)) {
            return Judgement.rejected("CASE_MISMATCH");
        }
        Object named = s.details().get("policeDivision");
        return named != null && !named.equals(division) && !s.type().equals("DIVISION_TRANSFERRED")
                ? Judgement.rejected("CASE_MISMATCH")
                : null;
    }

    /** Details that cannot be right whatever the case's state. */
    private static Judgement details(Submission s, String site) {
        if (s.details().get("policeDivision") != null
                && !(s.user().role().equals(User.ED_STAFF) && s.type().equals("ARRIVED"))
                && !s.type().equals("DIVISION_TRANSFERRED")) {
            return Judgement.rejected("INVALID_DETAIL");
        }
        if (!s.type().equals("CORRECTED") && correctedField(s) != null) {
            return Judgement.rejected("INVALID_DETAIL");
        }
        if (s.type().equals("DIVERTED") && Objects.equals(s.details().get("destinationSiteCode"), site)) {
            return Judgement.rejected("INVALID_DETAIL");
        }
        if ((s.type().equals("OFFICER_RETAINED")
                        || s.type().equals("ENTERED_IN_ERROR")
                        || s.type().equals("CLOSED_NOT_RECORDED"))
                && s.details().get("reason") == null) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        if (s.type().equals("DISPOSITION_RECORDED")
                && (s.details().get("disposition") == null
                        || (s.user().role().equals(User.SUPERVISOR)
                                && s.details().get("reason") == null))) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        if (s.type().equals("REFERRED_AT_SCENE") && s.details().get("referralPathway") == null) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        if (s.type().equals("DELAY_REASON_RECORDED") && s.details().get("delayReason") == null) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        if (s.type().equals("ACTION_UNDONE") && s.details().get("undoneEventId") == null) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        if (s.type().equals("CORRECTED")) {
            long targets = CORRECTED_FIELDS.stream()
                            .filter(f -> s.details().get(f) != null)
                            .count()
                    + (s.details().get("correctedPoint") != null ? 1 : 0);
            if (targets == 0) {
                return Judgement.rejected("MISSING_DETAIL");
            }
            if (targets > 1) {
                return Judgement.rejected("INVALID_DETAIL");
            }
            boolean point = s.details().get("correctedPoint") != null;
            boolean to = s.details().get("correctedTo") != null;
            if (point != to) {
                return Judgement.rejected(point ? "MISSING_DETAIL" : "INVALID_DETAIL");
            }
            if (s.details().get("reason") == null) {
                return Judgement.rejected("MISSING_DETAIL");
            }
        }
        if (s.type().equals("DIVISION_TRANSFERRED")
                && (s.details().get("policeDivision") == null || s.details().get("reason") == null)) {
            return Judgement.rejected("MISSING_DETAIL");
        }
        return null;
    }

    /** The rules of the submission's type against the case's timeline; records the effect when it applies. */
    private Judgement judgeRules(Submission s) {
        Point point = Point.of(s.type());
        if (point != null) {
            return judgePoint(s, point);
        }
        if (Point.isOutcome(s.type())) {
            return judgeOutcome(s);
        }
        return switch (s.type()) {
            case "OFFICER_RETAINED" -> judgeRetained(s);
            case "OFFICER_RELEASED" -> judgeReleased(s);
            case "DELAY_REASON_RECORDED" -> judgeDelay(s);
            case "CORRECTED" -> correctedField(s) != null ? judgeFieldCorrection(s) : judgeCorrection(s);
            case "DIVISION_TRANSFERRED" -> judgeTransfer(s);
            case "LEGAL_CLOCK_EXTENDED" -> judgeExtension(s);
            case "DISPOSITION_RECORDED" -> judgeDisposition(s);
            case "ACTION_UNDONE" -> judgeUndo(s);
            case "ENTERED_IN_ERROR" -> {
                voided = true;
                yield Judgement.applied();
            }
            default -> throw new IllegalArgumentException("the simulator does not send " + s.type());
        };
    }

    private Judgement judgePoint(Submission s, Point point) {
        Instant at = s.occurredAt();
        Instant recorded = points.get(point);
        if (at.equals(recorded)) {
            return Judgement.duplicate();
        }
        if (NOT_RECORDED.equals(outcome)) {
            return Judgement.rejected("INVALID_TRANSITION"); // issue 14: nothing on the main path follows the closure
        }
        if (endsBeforeArrival(outcome) && point.ordinal() > Point.PRE_ALERTED.ordinal()) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (point == Point.HANDED_OVER && outcome != null && !endsBeforeArrival(outcome)) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (recorded != null) {
            return Judgement.rejected("R5_ALREADY_RECORDED");
        }
        EnumMap<Point, Instant> next = new EnumMap<>(points);
        next.put(point, at);
        boolean opening = point == Point.PRE_ALERTED || point == Point.ARRIVED;
        Instant removedAt = s.instant("removedAt");
        boolean fillsRemoved = opening && removedAt != null && !points.containsKey(Point.REMOVED);
        if (fillsRemoved) {
            next.put(Point.REMOVED, removedAt);
            if (!inOrder(next, Point.REMOVED)) {
                return Judgement.rejected("R3_ORDER");
            }
        }
        if (!inOrder(next, point)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.CLEARED && !clearedAfterRetained(at)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.ARRIVED && !arrivalBeforeRecords(at)) {
            return Judgement.rejected("R3_ORDER");
        }
        points.clear();
        points.putAll(next);
        if (point == Point.CLEARED && s.details().get("disposition") != null) {
            dispositions.add(new DispositionRecord(
                    at, dispositions.size(), (String) s.details().get("disposition")));
        }
        if (opening && NO_SITE.equals(siteCode) && s.details().get("siteCode") != null) {
            siteCode = (String) s.details().get("siteCode"); // the pre-alert names the site a referral did not
        }
        if (point == Point.ASSESSMENT_STARTED) {
            assessmentMode = (String) s.details().get("assessmentMode");
        }
        if (UNDOABLE.contains(point)) {
            authors.put(point, new Author(s.eventId(), s.user().userId(), false));
        }
        if (opening) {
            if (officerCount == null) {
                officerCount = s.officerCount();
            }
            if (legalBasis == null) {
                legalBasis = (String) s.details().get("legalBasis");
            }
            if (linkedFrom == null) {
                linkedFrom = (String) s.details().get("linkedCaseId");
            }
            // Repeat attendance: the latest applied PRE_ALERTED or ARRIVED that carries a person key sets it.
            if (s.details().get("personKey") != null) {
                personKey = (String) s.details().get("personKey");
            }
        }
        return Judgement.applied();
    }

    private Judgement judgeOutcome(Submission s) {
        Instant at = s.occurredAt();
        String type = s.type();
        // The outcome an event type records: its own name, but CLOSED_NOT_RECORDED's is NOT_RECORDED (issue 14).
        String state = type.equals("CLOSED_NOT_RECORDED") ? NOT_RECORDED : type;
        if (state.equals(outcome) && at.equals(points.get(Point.OUTCOME))) {
            return Judgement.duplicate();
        }
        if (outcome != null && !outcome.equals(state)) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        boolean notRecorded = state.equals(NOT_RECORDED);
        if (notRecorded && points.containsKey(Point.CLEARED)) {
            return Judgement.rejected("INVALID_TRANSITION"); // it closes an open case: this one ended
        }
        if (endsBeforeArrival(type)) {
            for (Point p : List.of(
                    Point.ARRIVED, Point.ACKNOWLEDGED, Point.HANDOVER_STARTED, Point.HANDED_OVER, Point.CLEARED)) {
                if (points.containsKey(p)) {
                    return Judgement.rejected("INVALID_TRANSITION");
                }
            }
        } else if (!notRecorded && points.containsKey(Point.HANDED_OVER)) {
            return Judgement.rejected("INVALID_TRANSITION"); // a missing clearance may be closed as not recorded
        }
        if (points.containsKey(Point.OUTCOME)) {
            return Judgement.rejected("R5_ALREADY_RECORDED");
        }
        EnumMap<Point, Instant> next = new EnumMap<>(points);
        next.put(Point.OUTCOME, at);
        boolean referral = type.equals("REFERRED_AT_SCENE");
        Instant removedAt = s.instant("removedAt");
        if (referral && removedAt != null && !points.containsKey(Point.REMOVED)) {
            next.put(Point.REMOVED, removedAt);
            if (!inOrder(next, Point.REMOVED)) {
                return Judgement.rejected("R3_ORDER");
            }
        }
        if (!inOrder(next, Point.OUTCOME)) {
            return Judgement.rejected("R3_ORDER");
        }
        points.clear();
        points.putAll(next);
        outcome = state;
        if (referral) {
            referralPathway = (String) s.details().get("referralPathway");
            if (officerCount == null) {
                officerCount = s.officerCount();
            }
            if (legalBasis == null) {
                legalBasis = (String) s.details().get("legalBasis");
            }
        }
        if (type.equals("DIVERTED")) {
            destinationSiteCode = (String) s.details().get("destinationSiteCode");
        }
        if (type.equals("DIVERTED") && divertsTo != null) {
            divertsTo.openedByDiversion(this, at, (String) s.details().get("destinationSiteCode"));
        }
        return Judgement.applied();
    }

    /**
     * The processor pre-alerts the case a diversion opens, as the SYSTEM user of the diverted case's division, with
     * the diverted case's removal, officer count and legal basis.
     */
    private void openedByDiversion(ExpectedCase from, Instant divertedAt, String destination) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("siteCode", destination);
        putIfNotNull(details, "legalBasis", from.legalBasis);
        putIfNotNull(details, "removedAt", from.points.get(Point.REMOVED));
        putIfNotNull(details, "officerCount", from.officerCount);
        details.put("linkedCaseId", from.caseId());
        judge(new Submission(
                "linked-pre-alert-from-" + from.caseId(),
                "PRE_ALERTED",
                divertedAt,
                User.processor(from.division),
                details,
                false));
    }

    /**
     * Issue 13: a disposition after arrival (at or after it), also after the case closed; the same disposition at the
     * same instant under another eventId is the same fact.
     */
    private Judgement judgeDisposition(Submission s) {
        Instant at = s.occurredAt();
        String disposition = (String) s.details().get("disposition");
        for (DispositionRecord d : dispositions) {
            if (d.occurredAt().equals(at) && d.disposition().equals(disposition)) {
                return Judgement.duplicate();
            }
        }
        Instant arrived = points.get(Point.ARRIVED);
        if (arrived == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (at.isBefore(arrived)) {
            return Judgement.rejected("R3_ORDER");
        }
        dispositions.add(new DispositionRecord(at, dispositions.size(), disposition));
        return Judgement.applied();
    }

    /** CANCELLED and REFERRED_AT_SCENE end a case before any arrival. */
    private static boolean endsBeforeArrival(String outcome) {
        return "CANCELLED".equals(outcome) || "REFERRED_AT_SCENE".equals(outcome);
    }

    /** The person is known to have arrived: arrival or a point only an arrival allows is recorded. */
    private boolean hasArrived() {
        return points.containsKey(Point.ARRIVED)
                || points.containsKey(Point.ACKNOWLEDGED)
                || points.containsKey(Point.HANDOVER_STARTED)
                || points.containsKey(Point.HANDED_OVER)
                || points.containsKey(Point.CLEARED)
                || points.containsKey(Point.ASSESSMENT_STARTED);
    }

    /** Null when {@code at} lies within arrival (when recorded) and clearance (when recorded) of an arrived case. */
    private Judgement withinArrivalAndClearance(Instant at) {
        if (!hasArrived()) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        Instant arrived = points.get(Point.ARRIVED);
        Instant cleared = points.get(Point.CLEARED);
        if ((arrived != null && at.isBefore(arrived)) || (cleared != null && at.isAfter(cleared))) {
            return Judgement.rejected("R3_ORDER");
        }
        return null;
    }

    private Judgement judgeRetained(Submission s) {
        Instant at = s.occurredAt();
        if (!hasArrived()) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        Instant arrived = points.get(Point.ARRIVED);
        for (Instant[] period : retained) {
            if (period[0].equals(at) && (period[1] == null || period[1].isAfter(at))) {
                return Judgement.duplicate();
            }
        }
        if (!retained.isEmpty() && retained.get(retained.size() - 1)[1] == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (arrived != null && at.isBefore(arrived)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (!retained.isEmpty() && at.isBefore(retained.get(retained.size() - 1)[1])) {
            return Judgement.rejected("R3_ORDER");
        }
        Instant cleared = points.get(Point.CLEARED);
        if (cleared != null && at.isAfter(cleared)) {
            return Judgement.rejected("R3_ORDER");
        }
        retained.add(new Instant[] {at, null});
        changeCount(s, false);
        return Judgement.applied();
    }

    private void changeCount(Submission s, boolean released) {
        Integer count = s.officerCount();
        if (count != null) {
            countChanges.add(new CountChange(s.occurredAt(), count, released));
        }
    }

    private Judgement judgeDelay(Submission s) {
        Instant at = s.occurredAt();
        String reason = (String) s.details().get("delayReason");
        if (at.equals(delayReasons.get(reason))) {
            return Judgement.duplicate();
        }
        Judgement outside = withinArrivalAndClearance(at);
        if (outside != null) {
            return outside;
        }
        delayReasons.putIfAbsent(reason, at);
        return Judgement.applied();
    }

    private Judgement judgeReleased(Submission s) {
        Instant at = s.occurredAt();
        Instant[] open = retained.isEmpty() || retained.get(retained.size() - 1)[1] != null
                ? null
                : retained.get(retained.size() - 1);
        for (Instant[] period : retained) {
            if (at.equals(period[1]) && (open == null || at.isBefore(open[0]))) {
                return Judgement.duplicate();
            }
        }
        for (CountChange change : countChanges) {
            if (change.released() && change.at().equals(at) && Objects.equals(change.count(), s.officerCount())) {
                return Judgement.duplicate();
            }
        }
        if (open == null) {
            if (s.officerCount() == null) {
                return Judgement.rejected("INVALID_TRANSITION");
            }
            Judgement outside = withinArrivalAndClearance(at);
            if (outside != null) {
                return outside;
            }
            changeCount(s, true);
            return Judgement.applied();
        }
        if (at.isBefore(open[0])) {
            return Judgement.rejected("R3_ORDER");
        }
        Instant cleared = points.get(Point.CLEARED);
        if (cleared != null && at.isAfter(cleared)) {
            return Judgement.rejected("R3_ORDER");
        }
        open[1] = at;
        changeCount(s, true);
        return Judgement.applied();
    }

    private Judgement judgeCorrection(Submission s) {
        Point point = Point.valueOf((String) s.details().get("correctedPoint"));
        Instant to = s.instant("correctedTo");
        boolean implied = point == Point.ACKNOWLEDGED && !points.containsKey(point) && acknowledgedAt() != null;
        if (point == Point.REMOVED && !points.containsKey(point)) {
            // Issue 13: a removal never recorded (an s297 case opened without it) is recorded by its correction.
            EnumMap<Point, Instant> next = new EnumMap<>(points);
            next.put(point, to);
            if (!inOrder(next, point)) {
                return Judgement.rejected("R3_ORDER");
            }
            points.put(point, to);
            return Judgement.applied();
        }
        if (!points.containsKey(point) && !implied) {
            return Judgement.rejected("NOT_RECORDED");
        }
        if (!implied && points.get(point).equals(to)) {
            return Judgement.duplicate();
        }
        EnumMap<Point, Instant> next = new EnumMap<>(points);
        next.put(point, to);
        if (!inOrder(next, point)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.CLEARED && !clearedAfterRetained(to)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.ARRIVED && !arrivalBeforeRecords(to)) {
            return Judgement.rejected("R3_ORDER");
        }
        points.put(point, to);
        if (implied) {
            // The correction records the acknowledgement the handover implied: it is the supervisor's.
            authors.put(point, new Author(s.eventId(), s.user().userId(), true));
        } else if (authors.containsKey(point)) {
            Author author = authors.get(point);
            authors.put(point, new Author(author.eventId(), author.userId(), true));
        }
        return Judgement.applied();
    }

    /** The points ED staff may undo. */
    private static final Set<Point> UNDOABLE =
            Set.of(Point.ACKNOWLEDGED, Point.HANDOVER_STARTED, Point.HANDED_OVER, Point.ASSESSMENT_STARTED);

    /**
     * ACTION_UNDONE: ED staff withdraw a board action of their own seconds after it, while it is still the case's
     * latest step (an assessment's start need not be). The rules in the order the domain reference gives them.
     */
    private Judgement judgeUndo(Submission s) {
        String undone = (String) s.details().get("undoneEventId");
        String sender = s.user().userId();
        String withdrew = withdrawnBy.get(undone);
        if (withdrew != null) {
            return withdrew.equals(sender) ? Judgement.duplicate() : Judgement.rejected("UNDO_NOT_OWN");
        }
        Point point = null;
        for (Map.Entry<Point, Author> entry : authors.entrySet()) {
            if (entry.getValue().eventId().equals(undone) && points.containsKey(entry.getKey())) {
                point = entry.getKey();
                break;
            }
        }
        if (point == null) {
            return Judgement.rejected("UNDO_NOT_FOUND");
        }
        Author author = authors.get(point);
        if (!author.userId().equals(sender)) {
            return Judgement.rejected("UNDO_NOT_OWN");
        }
        // UNDO_TOO_LATE is not modelled (see above): the simulator sends undos seconds after the point.
        if (!open() || author.corrected()) {
            return Judgement.rejected("UNDO_NOT_LATEST");
        }
        if (point != Point.ASSESSMENT_STARTED) {
            for (Point later : List.of(Point.ACKNOWLEDGED, Point.HANDOVER_STARTED, Point.HANDED_OVER, Point.CLEARED)) {
                if (later.ordinal() > point.ordinal() && points.containsKey(later)) {
                    return Judgement.rejected("UNDO_NOT_LATEST");
                }
            }
        }
        Instant at = points.remove(point);
        if (!hasArrived() && (!retained.isEmpty() || !countChanges.isEmpty() || !delayReasons.isEmpty())) {
            points.put(point, at); // only this point shows the person arrived, and records since need it
            return Judgement.rejected("UNDO_NOT_LATEST");
        }
        authors.remove(point);
        if (point == Point.ASSESSMENT_STARTED) {
            assessmentMode = null;
        }
        withdrawnBy.put(undone, sender);
        undos++;
        return Judgement.applied();
    }

    /**
     * Issue 13: CORRECTED of the division, legal basis or site, the value wrong from the start. The value the attribute
     * already has is the same fact as the correction that set it, else an invalid detail; a site correction may not
     * name the site the case was diverted to.
     */
    private Judgement judgeFieldCorrection(Submission s) {
        String field = correctedField(s);
        String to = (String) s.details().get(field);
        String from = switch (field) {
            case "correctedDivision" -> division;
            case "correctedLegalBasis" -> legalBasis;
            default -> siteCode;
        };
        if (to.equals(from)) {
            for (int i = changes.size() - 1; i >= 0; i--) {
                if (changes.get(i).field().equals(field)) {
                    if (changes.get(i).to().equals(to)) {
                        return Judgement.duplicate();
                    }
                    break;
                }
            }
            return Judgement.rejected("INVALID_DETAIL");
        }
        if (field.equals("correctedSiteCode") && to.equals(destinationSiteCode)) {
            return Judgement.rejected("INVALID_DETAIL");
        }
        switch (field) {
            case "correctedDivision" -> division = to;
            case "correctedLegalBasis" -> legalBasis = to;
            default -> siteCode = to;
        }
        changes.add(new Change(field, s.occurredAt(), to));
        return Judgement.applied();
    }

    /**
     * Issue 13: DIVISION_TRANSFERRED hands an open case to another division from its time on, not before the case's
     * first point or an earlier transfer; the same receiving division at the same instant is the same fact.
     */
    private Judgement judgeTransfer(Submission s) {
        String to = (String) s.details().get("policeDivision");
        Instant at = s.occurredAt();
        Instant lastTransfer = null;
        for (Change change : changes) {
            if (change.field().equals("policeDivision")) {
                if (change.to().equals(to) && change.at().equals(at)) {
                    return Judgement.duplicate();
                }
                lastTransfer = change.at();
            }
        }
        if (!open()) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (to.equals(division)) {
            return Judgement.rejected("INVALID_DETAIL");
        }
        Instant first = firstEventAt();
        if ((first != null && at.isBefore(first)) || (lastTransfer != null && at.isBefore(lastTransfer))) {
            return Judgement.rejected("R3_ORDER");
        }
        division = to;
        changes.add(new Change("policeDivision", at, to));
        return Judgement.applied();
    }

    /**
     * Issue 13: LEGAL_CLOCK_EXTENDED, once, while the case is open and its s136 clock runs: at or after the arrival it
     * starts from and before the 24-hour deadline. Another basis's clock (or none) cannot be extended.
     */
    private Judgement judgeExtension(Submission s) {
        Instant at = s.occurredAt();
        if (legalClockExtendedAt != null) {
            return at.equals(legalClockExtendedAt) ? Judgement.duplicate() : Judgement.rejected("INVALID_TRANSITION");
        }
        if (!open() || !"S136".equals(legalBasis)) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        Instant start = points.get(Point.ARRIVED);
        if (start == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (at.isBefore(start) || !at.isBefore(start.plus(LEGAL_CLOCK))) {
            return Judgement.rejected("R3_ORDER");
        }
        legalClockExtendedAt = at;
        return Judgement.applied();
    }

    private static boolean inOrder(Map<Point, Instant> timeline, Point point) {
        Instant at = timeline.get(point);
        for (Map.Entry<Point, Instant> other : timeline.entrySet()) {
            if (point.notAfter(other.getKey()) && at.isAfter(other.getValue())) {
                return false;
            }
            if (other.getKey().notAfter(point) && at.isBefore(other.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** An arrival at {@code arrivedAt} is not after any retained period, count change or delay reason. */
    private boolean arrivalBeforeRecords(Instant arrivedAt) {
        return retained.stream().noneMatch(p -> arrivedAt.isAfter(p[0]))
                && countChanges.stream().noneMatch(c -> arrivedAt.isAfter(c.at()))
                && delayReasons.values().stream().noneMatch(arrivedAt::isAfter);
    }

    private boolean clearedAfterRetained(Instant clearedAt) {
        if (countChanges.stream().anyMatch(c -> clearedAt.isBefore(c.at()))
                || delayReasons.values().stream().anyMatch(clearedAt::isBefore)) {
            return false;
        }
        for (Instant[] period : retained) {
            Instant last = period[1] != null ? period[1] : period[0];
            if (clearedAt.isBefore(last)) {
                return false;
            }
        }
        return true;
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

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What the platform must show

    boolean opened() {
        return opened;
    }

    /** Submissions still held because nothing opened the case. */
    int heldSubmissions() {
        return held.size();
    }

    boolean voided() {
        return voided;
    }

    String outcome() {
        return outcome;
    }

    String division() {
        return division;
    }

    Integer officerCount() {
        return officerCount;
    }

    String legalBasis() {
        return legalBasis;
    }

    /** The person key the case carries (the latest applied PRE_ALERTED or ARRIVED with one), or null. */
    synchronized String personKey() {
        return personKey;
    }

    String linkedFrom() {
        return linkedFrom;
    }

    /** When the s136 extension was recorded, or null. */
    Instant legalClockExtendedAt() {
        return legalClockExtendedAt;
    }

    /** How many undos applied (each a withdrawn correction on the case). */
    int undos() {
        return undos;
    }

    /** How many DIVISION_TRANSFERRED applied. */
    int divisionTransfers() {
        return (int)
                changes.stream().filter(c -> c.field().equals("policeDivision")).count();
    }

    /** The attribute corrections applied, by field ("correctedDivision", ...), in the order applied. */
    List<String> fieldCorrections() {
        return changes.stream()
                .map(Change::field)
                .filter(f -> !f.equals("policeDivision"))
                .toList();
    }

    /** The standing disposition: the latest by occurredAt, then the last applied; null when none. */
    String disposition() {
        return dispositions.stream()
                .max(java.util.Comparator.comparing(DispositionRecord::occurredAt)
                        .thenComparingInt(DispositionRecord::applied))
                .map(DispositionRecord::disposition)
                .orElse(null);
    }

    /** The pathway of a case referred at scene, else null. */
    String referralPathway() {
        return referralPathway;
    }

    /** The id of the case this case's diversion opened (once the platform named it). */
    String divertedTo() {
        return "DIVERTED".equals(outcome) && divertsTo != null ? divertsTo.caseId() : null;
    }

    Instant point(Point point) {
        return points.get(point);
    }

    /** The recorded acknowledgement, or the implied one (rule 6: handoverStartedAt if recorded, else handedOverAt). */
    Instant acknowledgedAt() {
        Instant explicit = points.get(Point.ACKNOWLEDGED);
        if (explicit != null || !points.containsKey(Point.HANDED_OVER)) {
            return explicit;
        }
        return points.getOrDefault(Point.HANDOVER_STARTED, points.get(Point.HANDED_OVER));
    }

    boolean acknowledgedImplied() {
        return !points.containsKey(Point.ACKNOWLEDGED) && acknowledgedAt() != null;
    }

    /** Open until cleared, a terminal outcome or voided. */
    boolean open() {
        return opened && !voided && outcome == null && !points.containsKey(Point.CLEARED);
    }

    /** The state the case page shows. */
    String state() {
        if (voided) {
            return "ENTERED_IN_ERROR";
        }
        if (outcome != null) {
            return outcome;
        }
        for (Point p : List.of(
                Point.CLEARED,
                Point.HANDED_OVER,
                Point.HANDOVER_STARTED,
                Point.ACKNOWLEDGED,
                Point.ARRIVED,
                Point.PRE_ALERTED)) {
            if (points.containsKey(p) || (p == Point.ACKNOWLEDGED && acknowledgedAt() != null)) {
                return p.name();
            }
        }
        return null;
    }

    /** Arrival, an end of handover (handed over or a terminal outcome) and clearance all recorded. */
    boolean complete() {
        return points.containsKey(Point.ARRIVED)
                && (points.containsKey(Point.HANDED_OVER) || points.containsKey(Point.OUTCOME))
                && points.containsKey(Point.CLEARED);
    }

    /** The earliest recorded point: the report day of a case that never arrived. */
    Instant firstEventAt() {
        return points.values().stream().min(Instant::compareTo).orElse(null);
    }

    static Long seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).getSeconds();
    }

    List<Instant[]> retained() {
        return retained.stream().map(p -> p.clone()).toList();
    }

    /** The distinct delay reasons recorded, in code order (alphabetical, as the platform's CompletedCase is not). */
    List<String> delayReasons() {
        return delayReasons.keySet().stream().sorted().toList();
    }

    /** The mode of the recorded assessment, null when none was named or none is recorded. */
    String assessmentMode() {
        return points.containsKey(Point.ASSESSMENT_STARTED) ? assessmentMode : null;
    }

    Long arrivalToAssessmentSeconds() {
        return seconds(points.get(Point.ARRIVED), points.get(Point.ASSESSMENT_STARTED));
    }

    /** How many times the officer count changed (changes to the count already in force included). */
    int officerCountChanges() {
        return countChanges.size();
    }

    /**
     * Officer-seconds, computed here from the simulator's own record: the count at arrival until the first change,
     * each change's count from its time on until the next change or clearance; each stretch of one count counts its
     * whole seconds (a change to the count in force does not split a stretch). Null without arrival, clearance or the
     * count at arrival.
     */
    Long officerSeconds() {
        Instant arrived = points.get(Point.ARRIVED);
        Instant cleared = points.get(Point.CLEARED);
        if (arrived == null || cleared == null || officerCount == null) {
            return null;
        }
        List<CountChange> byTime = countChanges.stream()
                .sorted(java.util.Comparator.comparing(CountChange::at))
                .toList();
        long total = 0;
        Instant from = arrived;
        int count = officerCount;
        for (CountChange change : byTime) {
            if (change.count() != count) {
                total += count * seconds(from, change.at());
                from = change.at();
                count = change.count();
            }
        }
        return total + count * seconds(from, cleared);
    }
}
