package uk.transferofcare.api.access;

import java.util.Objects;
import uk.transferofcare.vocabulary.Role;

/**
 * Who is calling, from the bearer token: {@code sub} is the user id (a staff or shoulder number, never a name),
 * {@code role} and {@code org} (police division code, ED site code, or ADMIN).
 */
public record Caller(String userId, Role role, String org) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(org, "org");
        if (!role.isUser()) {
            throw new IllegalArgumentException("a caller is a person, never " + role);
        }
    }
}
