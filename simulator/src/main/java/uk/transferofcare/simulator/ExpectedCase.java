package uk.transferofcare.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform must end up recording for one case, given the submissions the simulator sends it in order: the
 * ground truth. Each submission is judged by the domain reference's rules, written here independently of the
 * platform's code (rule 1: an eventId seen before, or the same fact again, is a duplicate; rule 3: the order of time
 * points; rule 5: the first value of a point wins; rule 6: a handover without acknowledgement implies one; a void case
 * takes nothing more; corrections keep the order). The simulator only sends what each user may send, so the
 * authority rules never decide anything here.
 */
final class ExpectedCase {

    enum Verdict {
        APPLIED,
        REJECTED,
        DUPLICATE
    }

    record Judgement(Verdict verdict, String rule) {
        static Judgement applied() {
            return new Judgement(Verdict.APPLIED, null);
        }

        static Judgement rejected(String rule) {
            return new Judgement(Verdict.REJECTED, rule);
        }

        static Judgement duplicate(String rule) {
            return new Judgement(Verdict.DUPLICATE, rule);
        }
    }

    private final String caseId;
    private final String siteCode;
    private String division;
    private Integer officerCount;
    private String legalBasis;
    private boolean opened;
    private boolean voided;
    private String outcome;
    private String linkedFrom;
    private String divertedTo;
    private final EnumMap<Point, Instant> points = new EnumMap<>(Point.class);
    private final List<Instant[]> retained = new ArrayList<>();
    private final Set<String> eventIds = new HashSet<>();
    private final List<String> scenario = new ArrayList<>();

    ExpectedCase(String caseId, String siteCode) {
        this.caseId = caseId;
        this.siteCode = siteCode;
    }

    String caseId() {
        return caseId;
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

    /** The case a diversion opened: the processor pre-alerts it itself, with the diverted case's attributes. */
    void openLinked(
            Instant preAlertedAt,
            Instant removedAt,
            Integer count,
            String basis,
            String fromDivision,
            String fromCaseId) {
        opened = true;
        points.put(Point.PRE_ALERTED, preAlertedAt);
        if (removedAt != null) {
            points.put(Point.REMOVED, removedAt);
        }
        officerCount = count;
        legalBasis = basis;
        division = fromDivision;
        linkedFrom = fromCaseId;
    }

    /** Judges the next submission for this case and, when it applies, records its effect. */
    Judgement judge(Submission s) {
        if (!opened) {
            boolean opening = (s.type().equals("PRE_ALERTED") || s.type().equals("ARRIVED"))
                    && s.details().get("siteCode") != null;
            if (!opening) {
                return Judgement.rejected("UNKNOWN_CASE");
            }
        }
        if (!eventIds.add(s.eventId())) {
            return Judgement.duplicate("R1_DUPLICATE");
        }
        if (voided) {
            return Judgement.rejected("CASE_VOID");
        }
        Point point = Point.of(s.type());
        Judgement judgement;
        if (point != null) {
            judgement = judgePoint(s, point);
        } else if (Point.isOutcome(s.type())) {
            judgement = judgeOutcome(s);
        } else {
            judgement = switch (s.type()) {
                case "OFFICER_RETAINED" -> judgeRetained(s.occurredAt());
                case "OFFICER_RELEASED" -> judgeReleased(s.occurredAt());
                case "CORRECTED" -> judgeCorrection(s);
                case "ENTERED_IN_ERROR" -> {
                    voided = true;
                    yield Judgement.applied();
                }
                default -> throw new IllegalArgumentException("the simulator does not send " + s.type());
            };
        }
        if (!opened && judgement.verdict() != Verdict.APPLIED) {
            eventIds.remove(s.eventId()); // a refused opening leaves nothing behind: there is no case to hold it
        }
        if (judgement.verdict() == Verdict.APPLIED) {
            opened = true;
            if (division == null && isPolice(s.user())) {
                division = s.user().org();
            }
        }
        return judgement;
    }

    private boolean isPolice(User user) {
        return switch (user.role()) {
            case User.OFFICER, User.SYSTEM -> true;
            case User.SUPERVISOR -> !user.org().equals(siteCode);
            default -> false;
        };
    }

    private Judgement judgePoint(Submission s, Point point) {
        Instant at = s.occurredAt();
        Instant recorded = points.get(point);
        if (at.equals(recorded)) {
            return Judgement.duplicate("R1_DUPLICATE");
        }
        if ("CANCELLED".equals(outcome) && point.ordinal() > Point.PRE_ALERTED.ordinal()) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (point == Point.HANDED_OVER && outcome != null && !"CANCELLED".equals(outcome)) {
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
        points.clear();
        points.putAll(next);
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
        }
        return Judgement.applied();
    }

    private Judgement judgeOutcome(Submission s) {
        Instant at = s.occurredAt();
        String type = s.type();
        if (type.equals(outcome) && at.equals(points.get(Point.OUTCOME))) {
            return Judgement.duplicate("R1_DUPLICATE");
        }
        if (outcome != null && !outcome.equals(type)) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (type.equals("CANCELLED")) {
            for (Point p : List.of(
                    Point.ARRIVED, Point.ACKNOWLEDGED, Point.HANDOVER_STARTED, Point.HANDED_OVER, Point.CLEARED)) {
                if (points.containsKey(p)) {
                    return Judgement.rejected("INVALID_TRANSITION");
                }
            }
        } else if (points.containsKey(Point.HANDED_OVER)) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (points.containsKey(Point.OUTCOME)) {
            return Judgement.rejected("R5_ALREADY_RECORDED");
        }
        EnumMap<Point, Instant> next = new EnumMap<>(points);
        next.put(Point.OUTCOME, at);
        if (!inOrder(next, Point.OUTCOME)) {
            return Judgement.rejected("R3_ORDER");
        }
        points.put(Point.OUTCOME, at);
        outcome = type;
        if (type.equals("DIVERTED")) {
            divertedTo = (String) s.details().get("linkedCaseId");
        }
        return Judgement.applied();
    }

    private Judgement judgeRetained(Instant at) {
        Instant handedOver = points.get(Point.HANDED_OVER);
        if (handedOver == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        for (Instant[] period : retained) {
            if (period[0].equals(at) && (period[1] == null || period[1].isAfter(at))) {
                return Judgement.duplicate("R1_DUPLICATE");
            }
        }
        if (!retained.isEmpty() && retained.get(retained.size() - 1)[1] == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (at.isBefore(handedOver)) {
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
        return Judgement.applied();
    }

    private Judgement judgeReleased(Instant at) {
        Instant[] open = retained.isEmpty() || retained.get(retained.size() - 1)[1] != null
                ? null
                : retained.get(retained.size() - 1);
        for (Instant[] period : retained) {
            if (at.equals(period[1]) && (open == null || at.isBefore(open[0]))) {
                return Judgement.duplicate("R1_DUPLICATE");
            }
        }
        if (open == null) {
            return Judgement.rejected("INVALID_TRANSITION");
        }
        if (at.isBefore(open[0])) {
            return Judgement.rejected("R3_ORDER");
        }
        Instant cleared = points.get(Point.CLEARED);
        if (cleared != null && at.isAfter(cleared)) {
            return Judgement.rejected("R3_ORDER");
        }
        open[1] = at;
        return Judgement.applied();
    }

    private Judgement judgeCorrection(Submission s) {
        Point point = Point.valueOf((String) s.details().get("correctedPoint"));
        Instant to = s.instant("correctedTo");
        boolean implied = point == Point.ACKNOWLEDGED && !points.containsKey(point) && acknowledgedAt() != null;
        if (!points.containsKey(point) && !implied) {
            return Judgement.rejected("NOT_RECORDED");
        }
        if (!implied && points.get(point).equals(to)) {
            return Judgement.duplicate("R1_DUPLICATE");
        }
        EnumMap<Point, Instant> next = new EnumMap<>(points);
        next.put(point, to);
        if (!inOrder(next, point)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.CLEARED && !clearedAfterRetained(to)) {
            return Judgement.rejected("R3_ORDER");
        }
        if (point == Point.HANDED_OVER && !retained.isEmpty() && to.isAfter(retained.get(0)[0])) {
            return Judgement.rejected("R3_ORDER");
        }
        points.put(point, to);
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

    private boolean clearedAfterRetained(Instant clearedAt) {
        for (Instant[] period : retained) {
            Instant last = period[1] != null ? period[1] : period[0];
            if (clearedAt.isBefore(last)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // What the platform must show

    boolean opened() {
        return opened;
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

    String linkedFrom() {
        return linkedFrom;
    }

    String divertedTo() {
        return divertedTo;
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
}
