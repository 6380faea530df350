package uk.transferofcare.processor.domain;

/** A case attribute a CORRECTED may change instead of a time point (the wire enum CorrectedField). */
public enum CorrectedField {
    /** {@code details.correctedDivision}. */
    POLICE_DIVISION,
    /** {@code details.correctedLegalBasis}. */
    LEGAL_BASIS,
    /** {@code details.correctedSiteCode}. */
    SITE_CODE
}
