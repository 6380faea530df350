package uk.transferofcare.api.handover;

/**
 * A point on a case's clock. The main-path points are in their required order (rule 3); REMOVED and OUTCOME are not
 * on the main path.
 */
public enum Point {
    REMOVED(false),
    PRE_ALERTED(true),
    ARRIVED(true),
    ACKNOWLEDGED(true),
    HANDOVER_STARTED(true),
    HANDED_OVER(true),
    CLEARED(true),
    OUTCOME(false);

    private final boolean mainPath;

    Point(boolean mainPath) {
        this.mainPath = mainPath;
    }

    public boolean isMainPath() {
        return mainPath;
    }
}
