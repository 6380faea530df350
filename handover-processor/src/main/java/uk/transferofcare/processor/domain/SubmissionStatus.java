package uk.transferofcare.processor.domain;

/**
 * What the state machine did with a submission. HELD is not a judgement: the case is not open yet, and the
 * submission is judged when it opens (or rejected as an unknown case after the holding horizon).
 */
public enum SubmissionStatus {
    APPLIED,
    REJECTED,
    DUPLICATE,
    HELD
}
