package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import uk.transferofcare.vocabulary.Role;

/**
 * Who recorded an event: a user id (a staff or shoulder number, never a name), a role and an
 * organisation: the police division code for officers and police supervisors, the ED site code for
 * ED staff and ED supervisors, {@code ADMIN} for administrators. For {@link Role#SYSTEM} the
 * organisation is the police division the processor acts for when known (linked cases), else {@link
 * #SYSTEM_ORG}.
 */
public record Actor(String userId, Role role, String org) {

    /** Organisation of the processor when it acts for no police division. */
    public static final String SYSTEM_ORG = "SYSTEM";

    /** The processor recording its own events (timers). */
    public static final Actor PROCESSOR = new Actor("handover-processor", Role.SYSTEM, SYSTEM_ORG);

    public Actor {
        requireNonNull(userId, "userId");
        requireNonNull(role, "role");
        requireNonNull(org, "org");
    }
}
