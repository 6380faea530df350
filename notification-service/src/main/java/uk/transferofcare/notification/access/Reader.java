package uk.transferofcare.notification.access;

import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import uk.transferofcare.events.NotificationOutcome;

/**
 * Who reads the audit trail, from the validated bearer token: {@code sub}, {@code role}, {@code org}. The read rule:
 * ADMIN sees every outcome; a SUPERVISOR those of cases at their site or of their police division (the org of a
 * SUPERVISOR is a site code or a division code, as in handover-api's access policy); nobody else reaches the read
 * (the security configuration stops them with 403).
 */
public record Reader(String userId, String role, String org) {

    public Reader {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(org, "org");
    }

    public static Reader of(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            throw new IllegalStateException("the security configuration lets only bearer tokens reach here");
        }
        return new Reader(jwt.getSubject(), jwt.getClaimAsString("role"), jwt.getClaimAsString("org"));
    }

    /** True when this reader may see the outcome. */
    public boolean canSee(NotificationOutcome outcome) {
        return switch (role) {
            case "ADMIN" -> true;
            case "SUPERVISOR" -> org.equals(outcome.getSiteCode()) || org.equals(outcome.getPoliceDivision());
            default -> false;
        };
    }
}
