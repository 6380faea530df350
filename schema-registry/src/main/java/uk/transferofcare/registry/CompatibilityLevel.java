package uk.transferofcare.registry;

import java.util.Locale;
import java.util.Optional;

/** Confluent's compatibility levels. The registry's default is {@link #BACKWARD}, as Confluent's. */
enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    static final CompatibilityLevel DEFAULT = BACKWARD;

    /** The level with this name, case-insensitive. */
    static Optional<CompatibilityLevel> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean transitive() {
        return this == BACKWARD_TRANSITIVE || this == FORWARD_TRANSITIVE || this == FULL_TRANSITIVE;
    }
}
