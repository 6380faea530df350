package uk.transferofcare.api.handover;

import java.util.EnumSet;
import java.util.Set;

/** The fourteen event types users may submit, with which side of the handover records each. */
public enum SubmissionType {
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
    CORRECTED;

    /** Recorded by police (issue 4): ARRIVED, ABSCONDED and ENDED_WITHOUT_HANDOVER are on both sides. */
    public static final Set<SubmissionType> POLICE_SIDE = Set.copyOf(
            EnumSet.of(PRE_ALERTED, ARRIVED, CLEARED, CANCELLED, DIVERTED, ABSCONDED, ENDED_WITHOUT_HANDOVER));

    /** Recorded by the ED. */
    public static final Set<SubmissionType> ED_SIDE = Set.copyOf(EnumSet.of(
            ARRIVED,
            ACKNOWLEDGED,
            HANDOVER_STARTED,
            HANDED_OVER,
            OFFICER_RETAINED,
            OFFICER_RELEASED,
            ABSCONDED,
            ENDED_WITHOUT_HANDOVER));

    /** Only supervisors record these, within their organisation. */
    public static final Set<SubmissionType> SUPERVISOR_ONLY = Set.copyOf(EnumSet.of(CORRECTED, ENTERED_IN_ERROR));

    /** Terminal outcomes other than CLEARED; a case has at most one. */
    public static final Set<SubmissionType> OUTCOMES =
            Set.copyOf(EnumSet.of(CANCELLED, DIVERTED, ABSCONDED, ENDED_WITHOUT_HANDOVER));

    public boolean opensCase() {
        return this == PRE_ALERTED || this == ARRIVED;
    }

    /** The main-path time point this type records, or null. */
    public Point mainPathPoint() {
        return switch (this) {
            case PRE_ALERTED -> Point.PRE_ALERTED;
            case ARRIVED -> Point.ARRIVED;
            case ACKNOWLEDGED -> Point.ACKNOWLEDGED;
            case HANDOVER_STARTED -> Point.HANDOVER_STARTED;
            case HANDED_OVER -> Point.HANDED_OVER;
            case CLEARED -> Point.CLEARED;
            default -> null;
        };
    }
}
