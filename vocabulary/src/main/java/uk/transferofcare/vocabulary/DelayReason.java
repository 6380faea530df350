package uk.transferofcare.vocabulary;

/** Why a wait was long, recorded by DELAY_REASON_RECORDED; a case may hold several, each once. */
public enum DelayReason {
    AWAITING_MENTAL_HEALTH_ASSESSMENT,
    AWAITING_MEDICAL_ASSESSMENT,
    AWAITING_MENTAL_HEALTH_OFFICER,
    AWAITING_BED,
    INTOXICATION,
    STAFFING,
    OTHER
}
