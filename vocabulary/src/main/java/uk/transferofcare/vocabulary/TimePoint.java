package uk.transferofcare.vocabulary;

/**
 * A point on a case's clock. {@link #OUTCOME} is the time of a terminal outcome other than CLEARED (cancelled,
 * diverted, absconded, ended without handover). The order a timeline must keep (rule 3) is the processor's rule, not
 * part of the vocabulary.
 */
public enum TimePoint {
    REMOVED,
    PRE_ALERTED,
    ARRIVED,
    ACKNOWLEDGED,
    HANDOVER_STARTED,
    HANDED_OVER,
    CLEARED,
    OUTCOME,
    /** The ED began the assessment: after arrival, not after clearance or the outcome; it changes no state. */
    ASSESSMENT_STARTED;

    /** True for PRE_ALERTED .. CLEARED. */
    public boolean isMainPath() {
        return this != REMOVED && this != OUTCOME && this != ASSESSMENT_STARTED;
    }

    /** The main-path state reached when this point is recorded; only for main-path points. */
    public CaseState mainPathState() {
        if (!isMainPath()) {
            throw new IllegalStateException(this + " is not on the main path");
        }
        return CaseState.valueOf(name());
    }
}
