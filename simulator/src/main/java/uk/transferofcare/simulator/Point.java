package uk.transferofcare.simulator;

/**
 * The time points of a case as the domain reference defines them, with rule 3 (the order every timeline keeps):
 * removedAt ≤ every other point; preAlertedAt ≤ arrivedAt ≤ acknowledgedAt ≤ handoverStartedAt ≤ handedOverAt ≤
 * clearedAt; and preAlertedAt, arrivedAt ≤ outcomeAt ≤ clearedAt. The simulator's own copy, written from the domain
 * reference: it must not share code with the platform it checks.
 */
enum Point {
    REMOVED,
    PRE_ALERTED,
    ARRIVED,
    ACKNOWLEDGED,
    HANDOVER_STARTED,
    HANDED_OVER,
    CLEARED,
    OUTCOME,
    /** ASSESSMENT_STARTED: after pre-alert and arrival, not after clearance or the outcome; no state of its own. */
    ASSESSMENT_STARTED;

    boolean mainPath() {
        return this != REMOVED && this != OUTCOME && this != ASSESSMENT_STARTED;
    }

    /** True when rule 3 says this point may not be later than {@code other} when both are recorded. */
    boolean notAfter(Point other) {
        if (this == other) {
            return false;
        }
        if (this == REMOVED) {
            return true;
        }
        if (other == REMOVED) {
            return false;
        }
        if (mainPath() && other.mainPath()) {
            return ordinal() < other.ordinal();
        }
        if (other == ASSESSMENT_STARTED) {
            return this == PRE_ALERTED || this == ARRIVED;
        }
        if (this == ASSESSMENT_STARTED) {
            return other == CLEARED || other == OUTCOME;
        }
        if (other == OUTCOME) {
            return this == PRE_ALERTED || this == ARRIVED;
        }
        return this == OUTCOME && other == CLEARED;
    }

    /** The time point an event type records (main path or ASSESSMENT_STARTED), or null. */
    static Point of(String type) {
        return switch (type) {
            case "PRE_ALERTED" -> PRE_ALERTED;
            case "ARRIVED" -> ARRIVED;
            case "ACKNOWLEDGED" -> ACKNOWLEDGED;
            case "HANDOVER_STARTED" -> HANDOVER_STARTED;
            case "HANDED_OVER" -> HANDED_OVER;
            case "CLEARED" -> CLEARED;
            case "ASSESSMENT_STARTED" -> ASSESSMENT_STARTED;
            default -> null;
        };
    }

    static boolean isOutcome(String type) {
        return switch (type) {
            case "CANCELLED",
                    "DIVERTED",
                    "ABSCONDED",
                    "ENDED_WITHOUT_HANDOVER",
                    "REFERRED_AT_SCENE",
                    "CLOSED_NOT_RECORDED" -> true;
            default -> false;
        };
    }
}
