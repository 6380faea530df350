package uk.transferofcare.vocabulary;

/**
 * What happened to the person after the ED or place of safety saw them (DISPOSITION_RECORDED, or CLEARED's details).
 * The latest recorded one stands.
 */
public enum Disposition {
    ADMITTED_INFORMAL,
    ADMITTED_DETAINED,
    DISCHARGED,
    REFERRED_COMMUNITY_MENTAL_HEALTH,
    REFERRED_DBI,
    OTHER
}
