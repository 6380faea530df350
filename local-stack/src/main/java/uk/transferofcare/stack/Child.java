package uk.transferofcare.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One process of the stack as the launcher starts it, and starts it again after it died: the broker, the registry or
 * a service.
 *
 * @param name its name in the launcher's output, and of its log and pid files ({@code kafka}, {@code schema-registry},
 *     the module of a service)
 * @param command the command line
 * @param environment added to the launcher's environment
 * @param address where it serves, for the status lines
 * @param readiness how to tell it is ready
 * @param restartRefusal why it must not be started again, checked before each restart (empty: go ahead)
 */
record Child(
        String name,
        List<String> command,
        Map<String, String> environment,
        String address,
        Readiness readiness,
        Supplier<Optional<String>> restartRefusal) {

    Child {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Opens a probe for one wait (the broker's holds an admin client). */
    @FunctionalInterface
    interface Readiness {
        Probe open();
    }

    /** One readiness check per call; closed at the end of the wait. */
    @FunctionalInterface
    interface Probe extends AutoCloseable {
        boolean ready();

        @Override
        default void close() {}
    }
}
