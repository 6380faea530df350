package uk.transferofcare.vocabulary;

/** Where the officer referred the person at the point of contact instead of conveying them (REFERRED_AT_SCENE). */
public enum ReferralPathway {
    NHS24_MENTAL_HEALTH_HUB,
    DBI,
    OTHER
}
