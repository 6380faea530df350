package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The defaults every service starts from: auto-registration off by default, on in the local profile, and an explicit
 * SCHEMA_AUTO_REGISTER wins either way; Kafka client timeouts.
 */
class PlatformDefaultsEnvironmentPostProcessorTest {

    private static final String KEY = "spring.kafka.properties.auto.register.schemas";

    private static String autoRegister(Map<String, Object> environment, String... profiles) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", environment));
        env.setActiveProfiles(profiles);
        new PlatformDefaultsEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        return env.getProperty(KEY);
    }

    @Test
    void outsideTheLocalProfileServicesOnlyLookTheirSchemasUp() {
        assertThat(autoRegister(Map.of())).isEqualTo("false");
        assertThat(autoRegister(Map.of(), "prod")).isEqualTo("false");
    }

    @Test
    void inTheLocalProfileTheyRegisterThemBecauseItsRegistryStartsEmpty() {
        assertThat(autoRegister(Map.of(), "local")).isEqualTo("true");
        assertThat(autoRegister(Map.of(), "local", "bench")).isEqualTo("true");
    }

    @Test
    void everyServicesProducerAndConsumerGiveUpARequestToAHungBrokerAfterFiveSeconds() {
        StandardEnvironment env = new StandardEnvironment();
        new PlatformDefaultsEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

        // Kafka's default is 30 s: a broker that hangs without closing its sockets held fetches and sends that long
        assertThat(env.getProperty("spring.kafka.consumer.properties.request.timeout.ms"))
                .isEqualTo("5000");
        assertThat(env.getProperty("spring.kafka.producer.properties.request.timeout.ms"))
                .isEqualTo("5000");
    }

    @Test
    void theVariableWinsInEitherCase() {
        assertThat(autoRegister(Map.of("SCHEMA_AUTO_REGISTER", "true"), "prod")).isEqualTo("true");
        assertThat(autoRegister(Map.of("SCHEMA_AUTO_REGISTER", "false"), "local"))
                .isEqualTo("false");
        assertThat(autoRegister(Map.of(KEY, "true"), "prod")).isEqualTo("true");
    }
}
