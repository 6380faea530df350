package uk.transferofcare.support.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The local profile listens on loopback and never runs with an identity provider or beside prod. */
class LocalProfileGuardTest {

    private final LocalProfileGuard guard = new LocalProfileGuard(new DeferredLogs());

    private static StandardEnvironment environment(String profiles, String... properties) {
        StandardEnvironment environment = new StandardEnvironment();
        if (!profiles.isEmpty()) {
            environment.setActiveProfiles(profiles.split(","));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            map.put(p.substring(0, eq), p.substring(eq + 1));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("test", map));
        return environment;
    }

    private String refusal(String profiles, String... properties) {
        StandardEnvironment environment = environment(profiles, properties);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> guard.postProcessEnvironment(environment, new SpringApplication()));
        assertThat(thrown).as("start-up refused").isInstanceOf(IllegalStateException.class);
        return thrown.getMessage();
    }

    @Test
    void givenTheLocalProfileWithoutAnAddress_whenStarting_thenTheServerListensOnLoopback() {
        StandardEnvironment environment = environment("local");

        guard.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        // Without a port of its own the management server is the HTTP server (Boot refuses an address then).
        assertThat(environment.getProperty("management.server.address")).isNull();
    }

    @Test
    void givenAManagementPortOfItsOwnInLocal_whenStarting_thenManagementListensOnLoopbackToo() {
        StandardEnvironment environment = environment("local", "server.port=8080", "management.server.port=9080");

        guard.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment("local", "server.port=8080", "management.server.port=8080")
                        .getProperty("management.server.address"))
                .isNull();
    }

    @Test
    void givenTheLocalProfileOnLoopbackAddresses_whenStarting_thenItStarts() {
        for (String address : new String[] {"127.0.0.1", "::1", "localhost", "127.0.0.2"}) {
            StandardEnvironment environment = environment("local", "server.address=" + address);

            guard.postProcessEnvironment(environment, new SpringApplication());

            assertThat(environment.getProperty("server.address")).isEqualTo(address);
        }
    }

    @Test
    void givenANonLoopbackServerAddressInLocal_whenStarting_thenTheRefusalNamesTheProperty() {
        for (String address : new String[] {"0.0.0.0", "::", "192.168.1.20", "10.0.0.5"}) {
            assertThat(refusal("local", "server.address=" + address))
                    .contains("server.address: the local profile listens on loopback only (127.0.0.1 or ::1), was '"
                            + address + "'")
                    .contains("./run --lan");
        }
    }

    @Test
    void givenLanModeWithTheWildcardAddress_whenStarting_thenItStarts() {
        StandardEnvironment environment = environment(
                "local", "server.address=0.0.0.0", "platform.local.lan=true", "management.server.port=9080");

        guard.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void givenLanModeWithAManagementAddressOnTheNetwork_whenStarting_thenTheRefusalNamesIt() {
        assertThat(refusal(
                        "local",
                        "server.address=0.0.0.0",
                        "platform.local.lan=true",
                        "management.server.address=0.0.0.0"))
                .contains("management.server.address: the local profile listens on loopback only")
                .doesNotContain("\n  server.address");
    }

    @Test
    void givenAnIdentityProviderInLocal_whenStarting_thenTheRefusalNamesThePropertyAndTheVariable() {
        assertThat(refusal("local", "platform.security.jwt.issuer-uri=https://login.example/realms/toc"))
                .contains("platform.security.jwt.issuer-uri (JWT_ISSUER_URI): an identity provider is configured"
                        + " ('https://login.example/realms/toc'), but the local profile mints its own tokens");
        assertThat(refusal("local", "platform.security.jwt.jwk-set-uri=https://login.example/jwks"))
                .contains("platform.security.jwt.jwk-set-uri (JWT_JWK_SET_URI)");
        // handover-api's former names
        assertThat(refusal("local", "handover.security.jwt.issuer-uri=https://login.example/realms/toc"))
                .contains("handover.security.jwt.issuer-uri (HANDOVER_SECURITY_JWT_ISSUER_URI)");
        assertThat(refusal("local", "handover.security.jwt.public-key-location=file:/etc/toc/idp.pem"))
                .contains("handover.security.jwt.public-key-location (HANDOVER_SECURITY_JWT_PUBLIC_KEY_LOCATION)");
        assertThat(refusal("local", "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example"))
                .contains("spring.security.oauth2.resourceserver.jwt.issuer-uri");
    }

    @Test
    void givenLocalAndProdTogether_whenStarting_thenTheRefusalNamesTheProfiles() {
        assertThat(refusal("prod,local")).contains("spring.profiles.active: local and prod are both active");
    }

    @Test
    void givenBlankIssuerSettingsAsShipped_whenStartingLocal_thenTheyDoNotCount() {
        StandardEnvironment environment = environment(
                "local",
                "handover.security.jwt.issuer-uri=",
                "handover.security.jwt.public-key-location= ",
                "platform.security.jwt.issuer-uri=",
                "platform.security.jwt.jwk-set-uri= ");

        guard.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void givenAnotherProfile_whenStartingWithAnIssuerAndAnyAddress_thenTheGuardStaysOut() {
        StandardEnvironment environment =
                environment("prod", "server.address=0.0.0.0", "handover.security.jwt.issuer-uri=https://login.example");

        guard.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getProperty("management.server.address")).isNull();
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    @Test
    void givenAnApplication_whenStartedInLocalOnTheNetwork_thenSpringFactoriesRegisteredTheGuardAndStartUpStops() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> {
                    try (ConfigurableApplicationContext ignored =
                            application.run("--spring.profiles.active=local", "--server.address=0.0.0.0")) {
                        // started: the assertion below fails
                    }
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("server.address: the local profile listens on loopback only");
    }

    @Test
    void givenAnApplicationInLocalWithActuatorOnTheServerPort_whenStarted_thenOnlyTheServerAddressIsSet() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run(
                "--spring.profiles.active=local", "--server.port=8080", "--management.server.port=8080")) {
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            // Boot refuses a management address without a management port of its own.
            assertThat(context.getEnvironment().getProperty("management.server.address"))
                    .isNull();
        }
    }

    @Test
    void givenAnApplicationInLocalWithThePlatformsManagementPort_whenStarted_thenBothListenOnLoopback() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        try (ConfigurableApplicationContext context = application.run("--spring.profiles.active=local")) {
            assertThat(context.getEnvironment().getProperty("management.server.port"))
                    .isEqualTo("18080");
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(context.getEnvironment().getProperty("management.server.address"))
                    .isEqualTo("127.0.0.1");
        }
    }
}
