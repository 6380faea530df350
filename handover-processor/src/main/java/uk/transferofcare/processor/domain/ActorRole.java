package uk.transferofcare.processor.domain;

/** Role of whoever recorded an event. SYSTEM is the processor itself (timers, linked cases). */
public enum ActorRole {
    OFFICER,
    ED_STAFF,
    SUPERVISOR,
    ANALYST,
    ADMIN,
    SYSTEM
}
