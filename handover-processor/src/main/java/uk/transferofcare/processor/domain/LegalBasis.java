package uk.transferofcare.processor.domain;

/**
 * Why the person is with the officers. The legal clock of each basis is configured in {@link
 * TimerPolicy#legalClocks()}: by default S297 runs 24 h from removal, S136 24 h from arrival, the
 * others have no clock.
 */
public enum LegalBasis {
    S297,
    S136,
    VOLUNTARY,
    ARREST,
    OTHER
}
