package uk.transferofcare.vocabulary;

/**
 * Why the person is with the officers. S297: Scotland, place of safety (24 h from removal). S136: England and Wales
 * (24 h from arrival). VOLUNTARY: no detention, no legal clock. ARREST: in police custody. OTHER. Which basis has
 * which clock is the processor's configuration.
 */
public enum LegalBasis {
    S297,
    S136,
    VOLUNTARY,
    ARREST,
    OTHER
}
