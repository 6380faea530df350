package uk.transferofcare.support.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts actuator on its own port: {@code management.server.port} = {@code server.port} + {@value #OFFSET}, unless it is
 * set explicitly ({@code MANAGEMENT_SERVER_PORT}). A fixed offset keeps every stack's ports predictable: the API on
 * 8080 has its management port on 18080, and {@code ./run --ports-offset N} moves both by N. A random server port
 * ({@code server.port=0}, the tests) gives a random management port.
 *
 * <p>The main port keeps only {@code /livez} and {@code /readyz} (status, no details); everything else of actuator is
 * on the management port, behind an ADMIN bearer token.
 */
public class ManagementPortEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** Management port = server port + this. */
    public static final int OFFSET = 10_000;

    static final String SOURCE = "platformManagementPort";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("management.server.port")) {
            return;
        }
        String configured = environment.getProperty("server.port", "8080").strip();
        int serverPort;
        try {
            serverPort = Integer.parseInt(configured);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "server.port (SERVER_PORT) must be a port number, was '" + configured + "'");
        }
        int managementPort = managementPort(serverPort);
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(SOURCE, Map.of("management.server.port", managementPort)));
    }

    /** The management port of a service on {@code serverPort}; 0 (random) stays 0. */
    public static int managementPort(int serverPort) {
        if (serverPort <= 0) {
            return serverPort;
        }
        int port = serverPort + OFFSET;
        if (port > 65_535) {
            throw new IllegalStateException("server.port (SERVER_PORT) = " + serverPort
                    + " leaves no room for the management port (server port + " + OFFSET
                    + "): use a server port up to " + (65_535 - OFFSET) + " or set MANAGEMENT_SERVER_PORT");
        }
        return port;
    }

    /** Before {@code LocalProfileGuard}, which keeps a management port of its own on loopback in local mode. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
