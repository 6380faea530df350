package uk.transferofcare.api.handover;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import uk.transferofcare.api.problem.FieldError;

/**
 * Fast feedback (409) when the case as last seen already shows a submission cannot be applied. The processor stays
 * the authority: this check only refuses what the domain rules make impossible whatever happens in between (state
 * only moves forward), and lets everything else through. Rule codes are the processor's.
 *
 * <ul>
 *   <li>CASE_VOID: anything on an ENTERED_IN_ERROR case.
 *   <li>INVALID_TRANSITION: CANCELLED after arrival; a second terminal outcome.
 *   <li>R5_ALREADY_RECORDED: a main-path point already recorded at another instant (the same instant is left to
 *       the processor, which reports it as a duplicate).
 *   <li>R3_ORDER: a main-path time (or a correction) that would break preAlertedAt &le; arrivedAt &le;
 *       acknowledgedAt &le; handoverStartedAt &le; handedOverAt &le; clearedAt.
 *   <li>NOT_RECORDED: a correction of a point that was never recorded.
 * </ul>
 */
public final class TransitionCheck {

    private TransitionCheck() {}

    public static Optional<FieldError> check(ValidatedSubmission s, CaseTimeline c) {
        SubmissionType type = s.type();
        Map<Point, Instant> points = c.points();
        if ("ENTERED_IN_ERROR".equals(c.state())) {
            return conflict("type", "CASE_VOID", "the case was entered in error: it is void and takes no more events");
        }
        if (type == SubmissionType.CANCELLED && points.containsKey(Point.ARRIVED)) {
            return conflict(
                    "type",
                    "INVALID_TRANSITION",
                    "a case cannot be cancelled after arrival (arrived at " + points.get(Point.ARRIVED) + ")");
        }
        if (SubmissionType.OUTCOMES.contains(type) && points.containsKey(Point.OUTCOME)) {
            return conflict(
                    "type",
                    "INVALID_TRANSITION",
                    "the case already has the outcome " + c.state() + "; a case has one outcome");
        }
        Point point = type.mainPathPoint();
        if (point != null) {
            Instant recorded = points.get(point);
            if (recorded != null && !c.implied().contains(point) && !recorded.equals(s.occurredAt())) {
                return conflict(
                        "occurredAt",
                        "R5_ALREADY_RECORDED",
                        point + " is already recorded at " + recorded + "; a supervisor can correct it with CORRECTED");
            }
            return order(point, s.occurredAt(), points, "occurredAt");
        }
        if (type == SubmissionType.CORRECTED) {
            Point corrected = s.details().correctedPoint();
            if (!points.containsKey(corrected)) {
                return conflict(
                        "correctedPoint", "NOT_RECORDED", corrected + " was never recorded, so it cannot be corrected");
            }
            if (corrected.isMainPath()) {
                return order(corrected, s.details().correctedTo(), points, "correctedTo");
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> order(Point point, Instant at, Map<Point, Instant> points, String field) {
        for (Map.Entry<Point, Instant> e : points.entrySet()) {
            Point other = e.getKey();
            if (!other.isMainPath() || other == point) {
                continue;
            }
            if (other.ordinal() < point.ordinal() && e.getValue().isAfter(at)) {
                return conflict(
                        field,
                        "R3_ORDER",
                        point + " at " + at + " would be before " + other + " (" + e.getValue() + ")");
            }
            if (other.ordinal() > point.ordinal() && e.getValue().isBefore(at)) {
                return conflict(
                        field,
                        "R3_ORDER",
                        point + " at " + at + " would be after " + other + " (" + e.getValue() + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> conflict(String field, String rule, String message) {
        return Optional.of(new FieldError(field, rule, message));
    }
}
