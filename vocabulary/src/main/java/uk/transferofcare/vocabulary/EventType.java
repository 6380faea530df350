package uk.transferofcare.vocabulary;

/**
 * What happened to a case. Users submit every type but {@link #ESCALATED} and {@link #LEGAL_CLOCK_WARNING}, which are
 * recorded only by the processor's timers. {@link #DIVISION_TRANSFERRED} hands an open case to another police division
 * (relief at shift change); {@link #LEGAL_CLOCK_EXTENDED} records the s136 extension of the legal clock;
 * {@link #CLOSED_NOT_RECORDED} closes a stale case whose end was never recorded; {@link #ACTION_UNDONE} withdraws the
 * sender's own last board action.
 */
public enum EventType {
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
    OFFICER_RETAINED,
    OFFICER_RELEASED,
    CORRECTED,
    ESCALATED,
    LEGAL_CLOCK_WARNING,
    DIVISION_TRANSFERRED,
    LEGAL_CLOCK_EXTENDED,
    /** What happened to the person ({@code details.disposition}): after arrival, also after closure. */
    DISPOSITION_RECORDED,
    /** The officer referred the person at the point of contact; ends a case before arrival, or opens and ends one. */
    REFERRED_AT_SCENE,
    /** The ED began the assessment ({@link TimePoint#ASSESSMENT_STARTED}); {@code details.assessmentMode}. */
    ASSESSMENT_STARTED,
    /** Why the wait is long: {@code details.delayReason} (a {@link DelayReason}) and an optional note. */
    DELAY_REASON_RECORDED,
    /**
     * A supervisor closes a stale case whose end was never recorded ({@code details.reason} required): the terminal
     * outcome {@link CaseState#NOT_RECORDED}, left out of every time figure and counted as a data-quality gap.
     */
    CLOSED_NOT_RECORDED,
    /**
     * ED staff undo their own last board action ({@code details.undoneEventId}: an ACKNOWLEDGED, HANDOVER_STARTED,
     * HANDED_OVER or ASSESSMENT_STARTED they recorded a few minutes ago, with nothing on the main path after it): the
     * point leaves the timeline and a correction marked withdrawn records the undo. It records no time point itself.
     */
    ACTION_UNDONE;

    /** The types whose point ED staff may withdraw with {@link #ACTION_UNDONE}: the board's time-point actions. */
    public boolean isUndoable() {
        return this == ACKNOWLEDGED || this == HANDOVER_STARTED || this == HANDED_OVER || this == ASSESSMENT_STARTED;
    }

    /**
     * The site code a case holds when it was referred at scene without naming a site: never a code of the reference
     * data, so no ED sees the case as its own and reports show it apart.
     */
    public static final String NO_SITE = "NONE";

    /** True for the two types only the processor records; nobody may submit them. */
    public boolean isProcessorOnly() {
        return this == ESCALATED || this == LEGAL_CLOCK_WARNING;
    }

    /**
     * True for the types that may open a case: PRE_ALERTED and ARRIVED (naming the site), and REFERRED_AT_SCENE (site
     * optional: the officer never pre-alerted, so the submission opens and ends the case at once).
     */
    public boolean opensCase() {
        return this == PRE_ALERTED || this == ARRIVED || this == REFERRED_AT_SCENE;
    }

    /** The main-path time point this type records, or null. */
    public TimePoint mainPathPoint() {
        return switch (this) {
            case PRE_ALERTED -> TimePoint.PRE_ALERTED;
            case ARRIVED -> TimePoint.ARRIVED;
            case ACKNOWLEDGED -> TimePoint.ACKNOWLEDGED;
            case HANDOVER_STARTED -> TimePoint.HANDOVER_STARTED;
            case HANDED_OVER -> TimePoint.HANDED_OVER;
            case CLEARED -> TimePoint.CLEARED;
            default -> null;
        };
    }

    /** The terminal outcome (other than CLEARED) this type records, or null; its time is {@link TimePoint#OUTCOME}. */
    public CaseState terminalOutcome() {
        return switch (this) {
            case CANCELLED -> CaseState.CANCELLED;
            case DIVERTED -> CaseState.DIVERTED;
            case ABSCONDED -> CaseState.ABSCONDED;
            case ENDED_WITHOUT_HANDOVER -> CaseState.ENDED_WITHOUT_HANDOVER;
            case REFERRED_AT_SCENE -> CaseState.REFERRED_AT_SCENE;
            case CLOSED_NOT_RECORDED -> CaseState.NOT_RECORDED;
            default -> null;
        };
    }

    /**
     * The time point this type's {@code occurredAt} records: its main-path point, OUTCOME for outcomes,
     * ASSESSMENT_STARTED for itself, else null.
     */
    public TimePoint point() {
        if (this == ASSESSMENT_STARTED) {
            return TimePoint.ASSESSMENT_STARTED;
        }
        TimePoint point = mainPathPoint();
        return point != null ? point : terminalOutcome() != null ? TimePoint.OUTCOME : null;
    }
}
