package uk.transferofcare.processor.domain;

/**
 * A point on a case's clock. {@link #OUTCOME} is the time of a terminal outcome other than CLEARED
 * (cancelled, diverted, absconded, ended without handover).
 *
 * <p>Rule 3 (the order every timeline keeps) is {@link #mustNotBeAfter(TimePoint)}: {@code
 * removedAt ≤ every other point}, the main path {@code preAlertedAt ≤ arrivedAt ≤ acknowledgedAt ≤
 * handoverStartedAt ≤ handedOverAt ≤ clearedAt}, and {@code preAlertedAt, arrivedAt ≤ outcomeAt ≤
 * clearedAt}.
 */
public enum TimePoint {
    REMOVED,
    PRE_ALERTED,
    ARRIVED,
    ACKNOWLEDGED,
    HANDOVER_STARTED,
    HANDED_OVER,
    CLEARED,
    OUTCOME;

    /** True for PRE_ALERTED .. CLEARED. */
    public boolean isMainPath() {
        return this != REMOVED && this != OUTCOME;
    }

    /**
     * True when rule 3 requires {@code this ≤ later} whenever both are recorded. Not symmetric; false
     * for a point and itself and for unrelated pairs (e.g. ACKNOWLEDGED and OUTCOME).
     */
    public boolean mustNotBeAfter(TimePoint later) {
        if (this == later) {
            return false;
        }
        if (this == REMOVED) {
            return true;
        }
        if (later == REMOVED) {
            return false;
        }
        if (isMainPath() && later.isMainPath()) {
            return ordinal() < later.ordinal();
        }
        if (later == OUTCOME) {
            return this == PRE_ALERTED || this == ARRIVED;
        }
        // this == OUTCOME
        return later == CLEARED;
    }

    /** The main-path state reached when this point is recorded; only for main-path points. */
    CaseState mainPathState() {
        return CaseState.valueOf(name());
    }
}
