package uk.transferofcare.processor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Readiness is UP only while the Streams client is RUNNING. A real client pointed at a port where no broker listens
 * stays REBALANCING (started, no group joined, no tasks), the state a restarted processor is in until the group gives
 * it its tasks back.
 */
class KafkaStreamsHealthIndicatorTest {

    @TempDir
    Path stateDir;

    private StreamsBuilderFactoryBean factory() throws Exception {
        StreamsBuilderFactoryBean factory = new StreamsBuilderFactoryBean(new KafkaStreamsConfiguration(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                "health-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                Serdes.StringSerde.class,
                StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG,
                Serdes.StringSerde.class)));
        factory.setAutoStartup(false);
        factory.setCloseTimeout(1);
        factory.afterPropertiesSet();
        factory.getObject().stream("health-test-input");
        factory.afterSingletonsInstantiated(); // builds the topology, as the application context does
        return factory;
    }

    @Test
    void givenAClientThatHasNotBeenStarted_whenReadinessIsChecked_thenDown() throws Exception {
        StreamsBuilderFactoryBean factory = factory();

        Health health = new KafkaStreamsHealthIndicator(factory).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("state", "NOT_STARTED");
    }

    @Test
    void givenAStartedClientWithoutItsTasks_whenReadinessIsChecked_thenDownWhileRebalancing() throws Exception {
        StreamsBuilderFactoryBean factory = factory();
        factory.start();
        try {
            Health health = new KafkaStreamsHealthIndicator(factory).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", "REBALANCING");
            assertThat(health.getDetails().get("threads").toString()).contains("active=0");
        } finally {
            factory.stop();
        }
    }
}
