package uk.transferofcare.processor.domain;

/** What the state machine did with one submission. */
public enum SubmissionStatus {
    APPLIED,
    REJECTED,
    DUPLICATE
}
