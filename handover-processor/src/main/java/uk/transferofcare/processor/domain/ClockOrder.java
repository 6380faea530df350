package uk.transferofcare.processor.domain;

import uk.transferofcare.vocabulary.TimePoint;

/**
 * Rule 3, the order every timeline keeps: {@code removedAt ≤ every other point}, the main path {@code preAlertedAt ≤
 * arrivedAt ≤ acknowledgedAt ≤ handoverStartedAt ≤ handedOverAt ≤ clearedAt}, and {@code preAlertedAt, arrivedAt ≤
 * outcomeAt ≤ clearedAt}, and {@code preAlertedAt, arrivedAt ≤ assessmentStartedAt ≤ outcomeAt, clearedAt}
 * (the assessment is unrelated to acknowledgement and handover).
 */
final class ClockOrder {

    private ClockOrder() {}

    /**
     * True when rule 3 requires {@code earlier ≤ later} whenever both are recorded. Not symmetric; false for a point
     * and itself and for unrelated pairs (e.g. ACKNOWLEDGED and OUTCOME).
     */
    static boolean mustNotBeAfter(TimePoint earlier, TimePoint later) {
        if (earlier == later) {
            return false;
        }
        if (earlier == TimePoint.REMOVED) {
            return true;
        }
        if (later == TimePoint.REMOVED) {
            return false;
        }
        if (earlier.isMainPath() && later.isMainPath()) {
            return earlier.ordinal() < later.ordinal();
        }
        if (later == TimePoint.ASSESSMENT_STARTED) {
            return earlier == TimePoint.PRE_ALERTED || earlier == TimePoint.ARRIVED;
        }
        if (earlier == TimePoint.ASSESSMENT_STARTED) {
            return later == TimePoint.CLEARED || later == TimePoint.OUTCOME;
        }
        if (later == TimePoint.OUTCOME) {
            return earlier == TimePoint.PRE_ALERTED || earlier == TimePoint.ARRIVED;
        }
        // earlier == OUTCOME
        return later == TimePoint.CLEARED;
    }
}
