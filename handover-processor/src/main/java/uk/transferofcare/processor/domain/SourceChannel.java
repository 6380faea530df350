package uk.transferofcare.processor.domain;

/** Where a submission came from. */
public enum SourceChannel {
    OFFICER_APP,
    ED_BOARD,
    API,
    SIMULATOR,
    PROCESSOR
}
