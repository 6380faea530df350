package uk.transferofcare.processor.domain;

/**
 * How trustworthy a case's numbers are.
 *
 * @param incomplete no arrivedAt: left out of T0-based metrics (rule 6)
 * @param acknowledgedImplied acknowledgedAt was set by HANDED_OVER (rule 6)
 * @param lateEvents applied events that filled a point behind the case's state (rule 4)
 * @param corrections CORRECTED events applied
 * @param rejectedSubmissions submissions rejected on this case
 * @param duplicateSubmissions submissions found to be duplicates on this case
 * @param officerCountUnknown no submission gave the officer count, so officerSeconds is unknown
 * @param legalBasisUnknown no submission gave the legal basis
 * @param legalClockUnknown the basis has a legal clock but its start is not recorded (e.g. S297
 *     without removedAt): no clock runs and no warning fires
 * @param missingClearance arrived but no clearedAt: time at ED unknown
 * @param complete arrival, an end of handover (handedOverAt or a terminal outcome time) and
 *     clearance all recorded
 */
public record DataQuality(
        boolean incomplete,
        boolean acknowledgedImplied,
        int lateEvents,
        int corrections,
        int rejectedSubmissions,
        int duplicateSubmissions,
        boolean officerCountUnknown,
        boolean legalBasisUnknown,
        boolean legalClockUnknown,
        boolean missingClearance,
        boolean complete) {}
