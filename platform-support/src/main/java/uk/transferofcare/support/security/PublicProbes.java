package uk.transferofcare.support.security;

import java.util.List;

/**
 * The only actuator paths anyone may call without a token: liveness and readiness on the main port, status only
 * ({@code management.endpoint.health.probes.add-additional-paths}). Every other actuator endpoint is on the management
 * port and needs an ADMIN token.
 */
public final class PublicProbes {

    public static final String LIVENESS = "/livez";
    public static final String READINESS = "/readyz";

    public static final List<String> PATHS = List.of(LIVENESS, READINESS);

    private PublicProbes() {}

    public static String[] paths() {
        return PATHS.toArray(String[]::new);
    }
}
