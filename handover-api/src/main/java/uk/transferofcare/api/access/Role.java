package uk.transferofcare.api.access;

/** The roles a token's {@code role} claim may carry. */
public enum Role {
    OFFICER,
    ED_STAFF,
    SUPERVISOR,
    ANALYST,
    ADMIN
}
