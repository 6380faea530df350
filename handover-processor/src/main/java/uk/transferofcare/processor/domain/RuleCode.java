package uk.transferofcare.processor.domain;

/**
 * The rule a rejection or a duplicate names. Every {@link Verdict.Rejected} and {@link
 * Verdict.Duplicate} carries one, and its message starts with the code.
 */
public enum RuleCode {
    /** Rule 1: the same eventId again, or the same fact (type and instant) under another eventId. */
    R1_DUPLICATE,
    /** Rule 2: occurredAt, removedAt or correctedTo more than the skew tolerance after receivedAt. */
    R2_FUTURE,
    /** Rule 3: the time would break the order of the timeline. */
    R3_ORDER,
    /** Rule 5: the time point is already recorded with another instant; change it with CORRECTED. */
    R5_ALREADY_RECORDED,
    /** CORRECTED names a time point that was never recorded. */
    NOT_RECORDED,
    /** A detail this type needs is absent (the message names the field). */
    MISSING_DETAIL,
    /** A detail has a value that cannot be right (officerCount below 1, diversion to the same site). */
    INVALID_DETAIL,
    /** Anything but PRE_ALERTED or ARRIVED for a case the processor does not know. */
    UNKNOWN_CASE,
    /** The case's state does not allow this event (e.g. CANCELLED after arrival, a second outcome). */
    INVALID_TRANSITION,
    /** The case was ENTERED_IN_ERROR: it is void and final. */
    CASE_VOID,
    /** An ED-side event, or an opening event, for a site other than the case's. */
    WRONG_SITE,
    /** The actor's role or organisation may not submit this type for this case. */
    NOT_PERMITTED
}
