package uk.transferofcare.processor.domain;

/**
 * A case's intervals in whole seconds (floor of the difference), null unless both ends are known.
 *
 * @param arrivalToAcknowledgedSeconds arrivedAt → acknowledgedAt (an implied acknowledgement counts,
 *     flagged in {@link DataQuality#acknowledgedImplied()})
 * @param handoverSeconds arrivedAt → handedOverAt: the handover time
 * @param handoverToClearSeconds handedOverAt → clearedAt
 * @param timeAtEdSeconds arrivedAt → clearedAt
 * @param officerSeconds officerCount × timeAtEdSeconds; null when the officer count is unknown
 * @param retainedSeconds sum of the whole seconds of every closed retained period; null when none
 *     is closed
 */
public record Intervals(
        Long arrivalToAcknowledgedSeconds,
        Long handoverSeconds,
        Long handoverToClearSeconds,
        Long timeAtEdSeconds,
        Long officerSeconds,
        Long retainedSeconds) {}
