package uk.transferofcare.vocabulary;

/**
 * The furthest state a case has reached. Main path PRE_ALERTED → ARRIVED → ACKNOWLEDGED → HANDOVER_STARTED →
 * HANDED_OVER → CLEARED; the others are terminal outcomes that, once recorded, are the case's state whatever
 * main-path points are filled later.
 */
public enum CaseState {
    PRE_ALERTED,
    ARRIVED,
    ACKNOWLEDGED,
    HANDOVER_STARTED,
    HANDED_OVER,
    CLEARED,
    CANCELLED,
    DIVERTED,
    ABSCONDED,
    ENDED_WITHOUT_HANDOVER,
    ENTERED_IN_ERROR,
    /** The officer referred the person at the point of contact (NHS 24 hub, DBI...): an ED visit avoided. */
    REFERRED_AT_SCENE,
    /**
     * A supervisor closed a stale case whose end was never recorded (CLOSED_NOT_RECORDED, with a reason): left out of
     * every time figure and counted as a data-quality gap ("closed as not recorded").
     */
    NOT_RECORDED;

    /** True for the outcomes that end a case before any arrival: CANCELLED and REFERRED_AT_SCENE. */
    public boolean endsBeforeArrival() {
        return this == CANCELLED || this == REFERRED_AT_SCENE;
    }

    /** True for the main-path states PRE_ALERTED .. CLEARED. */
    public boolean isMainPath() {
        return ordinal() <= CLEARED.ordinal();
    }

    /** True for the states that close a case: CLEARED and every terminal outcome. */
    public boolean isTerminal() {
        return ordinal() >= CLEARED.ordinal();
    }
}
