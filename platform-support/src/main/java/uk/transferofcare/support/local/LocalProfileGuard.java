package uk.transferofcare.support.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The {@code local} profile is for one developer's machine: it mints its own tokens ({@code POST /dev/tokens}, any
 * role, ADMIN included) and talks to plain-text dev infrastructure. So, in {@code local}:
 *
 * <ul>
 *   <li>the HTTP server listens on loopback: {@code server.address} defaults to {@code 127.0.0.1}, and so does
 *       {@code management.server.address} when the management server has a port of its own (Spring Boot refuses a
 *       management address otherwise);
 *   <li>start-up stops if {@code server.address} is not a loopback address, unless {@code platform.local.lan=true}
 *       (set by {@code ./run --lan} only, for handover-api, with a warning); {@code management.server.address} must be
 *       loopback always;
 *   <li>start-up stops if an identity provider is configured ({@link #ISSUER_PROPERTIES}), or if {@code prod} is
 *       active too: tokens would be checked against one issuer while {@code /dev/tokens} mints others.
 * </ul>
 *
 * <p>Runs after the configuration files are read, so every source counts (environment variables, command line,
 * application.yml). docs/security.md, "Local mode and --lan".
 */
public class LocalProfileGuard implements EnvironmentPostProcessor, Ordered {

    static final String LOCAL = "local";
    static final String LAN = "platform.local.lan";
    static final String LOOPBACK = "127.0.0.1";

    /** Properties that name an identity provider, with the environment variables the services read them from. */
    static final Map<String, String> ISSUER_PROPERTIES = issuerProperties();

    private final Log log;

    public LocalProfileGuard(DeferredLogFactory logs) {
        this.log = logs.getLog(LocalProfileGuard.class);
    }

    /**
     * An issuer URI or a JWKS URI names an identity provider; a public key does not count: the services' tests run the
     * local profile with the test kit's key (its tokens' issuer and audience are still checked).
     */
    private static Map<String, String> issuerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("platform.security.jwt.issuer-uri", "JWT_ISSUER_URI");
        p.put("platform.security.jwt.jwk-set-uri", "JWT_JWK_SET_URI");
        p.put("handover.security.jwt.issuer-uri", "HANDOVER_SECURITY_JWT_ISSUER_URI");
        p.put("handover.security.jwt.public-key-location", "HANDOVER_SECURITY_JWT_PUBLIC_KEY_LOCATION");
        p.put(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI");
        p.put(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI");
        p.put(
                "spring.security.oauth2.resourceserver.jwt.public-key-location",
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION");
        return Map.copyOf(p);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of(LOCAL))) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (blank(environment.getProperty("server.address"))) {
            defaults.put("server.address", LOOPBACK);
        }
        if (blank(environment.getProperty("management.server.address")) && separateManagementPort(environment)) {
            defaults.put("management.server.address", LOOPBACK);
        }
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("localProfileLoopback", defaults));
        }
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The local profile refuses to start:\n  " + String.join("\n  ", problems));
        }
        String address = environment.getProperty("server.address");
        if (!loopback(address)) {
            log.warn("*** LAN MODE: the local profile listens on " + address + " (" + LAN + "=true). Anyone on this"
                    + " network can reach this service; /dev/tokens still serves loopback clients only. ***");
        }
    }

    /** What is wrong with this local environment, each problem naming its property; empty outside local. */
    static List<String> problems(ConfigurableEnvironment environment) {
        List<String> problems = new ArrayList<>();
        if (!environment.acceptsProfiles(Profiles.of(LOCAL))) {
            return problems;
        }
        if (environment.acceptsProfiles(Profiles.of("prod"))) {
            problems.add("spring.profiles.active: local and prod are both active; local mints its own tokens and"
                    + " talks to plain-text dev infrastructure, so it never runs with prod");
        }
        ISSUER_PROPERTIES.forEach((property, variable) -> {
            String value = environment.getProperty(property);
            if (!blank(value)) {
                problems.add(property + " (" + variable + "): an identity provider is configured ('" + value
                        + "'), but the local profile mints its own tokens; unset it or run without the local profile");
            }
        });
        boolean lan = Boolean.parseBoolean(environment.getProperty(LAN, "false").strip());
        String address = environment.getProperty("server.address");
        if (!loopback(address) && !(lan && resolvable(address))) {
            problems.add("server.address: the local profile listens on loopback only (127.0.0.1 or ::1), was '"
                    + address + "'; to let a phone on this network try the pages use ./run --lan");
        }
        String management = environment.getProperty("management.server.address");
        if (!blank(management) && !loopback(management)) {
            problems.add("management.server.address: the local profile listens on loopback only (127.0.0.1 or ::1),"
                    + " also with --lan; was '" + management + "'");
        }
        return problems;
    }

    /** Whether the management server listens on a port of its own (then it has an address of its own). */
    private static boolean separateManagementPort(ConfigurableEnvironment environment) {
        String port = environment.getProperty("management.server.port");
        if (blank(port) || port.strip().equals("-1")) {
            return false;
        }
        return !port.strip()
                .equals(environment.getProperty("server.port", "8080").strip());
    }

    private static boolean loopback(String address) {
        if (blank(address)) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean resolvable(String address) {
        if (blank(address)) {
            return false;
        }
        try {
            InetAddress.getByName(address.strip());
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public int getOrder() {
        // After the configuration files (ConfigDataEnvironmentPostProcessor) and the platform defaults.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
