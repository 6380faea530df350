package uk.transferofcare.processor.domain;

/**
 * A case's intervals in whole seconds (floor of the difference), null unless both ends are known.
 *
 * @param arrivalToAcknowledgedSeconds arrivedAt → acknowledgedAt (an implied acknowledgement counts,
 *     flagged in {@link DataQuality#acknowledgedImplied()})
 * @param handoverSeconds arrivedAt → handedOverAt: the handover time
 * @param handoverToClearSeconds handedOverAt → clearedAt
 * @param timeAtEdSeconds arrivedAt → clearedAt
 * @param officerSeconds the officer count integrated from arrivedAt to clearedAt: the count at
 *     arrival until the first {@link OfficerChange}, each change's count from its time on; each
 *     stretch of one count contributes count × its whole seconds (floor; a change to the same count
 *     does not split a stretch). Without changes officerCount ×
 *     timeAtEdSeconds. Null when the count at arrival is unknown
 * @param retainedSeconds sum of the whole seconds of every closed retained period; null when none
 *     is closed
 * @param arrivalToAssessmentSeconds arrivedAt → assessmentStartedAt (ASSESSMENT_STARTED)
 */
public record Intervals(
        Long arrivalToAcknowledgedSeconds,
        Long handoverSeconds,
        Long handoverToClearSeconds,
        Long timeAtEdSeconds,
        Long officerSeconds,
        Long retainedSeconds,
        Long arrivalToAssessmentSeconds) {}
