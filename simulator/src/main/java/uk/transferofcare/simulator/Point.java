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
    OUTCOME;

    boolean mainPath() {
        return this != REMOVED && this != OUTCOME;
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
        if (other == OUTCOME) {
            return this == PRE_ALERTED || this == ARRIVED;
        }
        return this == OUTCOME && other == CLEARED;
    }

    /** The main-path point an event type records, or null. */
    static Point of(String type) {
        return switch (type) {
            case "PRE_ALERTED" -> PRE_ALERTED;
            case "ARRIVED" -> ARRIVED;
            case "ACKNOWLEDGED" -> ACKNOWLEDGED;
            case "HANDOVER_STARTED" -> HANDOVER_STARTED;
            case "HANDED_OVER" -> HANDED_OVER;
            case "CLEARED" -> CLEARED;
            default -> null;
        };
    }

    static boolean isOutcome(String type) {
        return switch (type) {
            case "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER", "REFERRED_AT_SCENE" -> true;
            default -> false;
        };
    }
}
