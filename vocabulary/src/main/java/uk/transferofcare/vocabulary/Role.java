package uk.transferofcare.vocabulary;

/**
 * The role of whoever submits or reads. A token's {@code role} claim carries one of the first five; {@link #SYSTEM}
 * is the processor itself (timers, the case a diversion opens) and never a user.
 */
public enum Role {
    OFFICER,
    ED_STAFF,
    SUPERVISOR,
    ANALYST,
    ADMIN,
    SYSTEM;

    /** True for the roles a person can hold (every role but SYSTEM). */
    public boolean isUser() {
        return this != SYSTEM;
    }
}
