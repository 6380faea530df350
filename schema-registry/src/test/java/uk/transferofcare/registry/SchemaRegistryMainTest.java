package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.transferofcare.registry.SchemaRegistryMain.InvalidSettingException;

/** The environment variables of the standalone registry. */
class SchemaRegistryMainTest {

    @Test
    void defaults() {
        RegistryConfig config = SchemaRegistryMain.fromEnvironment(Map.of());
        assertThat(config)
                .isEqualTo(new RegistryConfig(
                        "localhost:9092", "127.0.0.1", 8081, "_schemas", (short) 1, Duration.ofSeconds(60)));
    }

    @Test
    void everyVariable() {
        RegistryConfig config = SchemaRegistryMain.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:19092",
                "SCHEMA_REGISTRY_HOST", "0.0.0.0",
                "SCHEMA_REGISTRY_PORT", "0",
                "SCHEMA_REGISTRY_TOPIC", "_platform_schemas",
                "SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", "3"));
        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:19092");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isZero();
        assertThat(config.topic()).isEqualTo("_platform_schemas");
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SCHEMA_REGISTRY_PORT|abc|SCHEMA_REGISTRY_PORT=abc: must be a port number 0-65535",
                "SCHEMA_REGISTRY_PORT|70000|SCHEMA_REGISTRY_PORT=70000: must be a port number 0-65535",
                "SCHEMA_REGISTRY_PORT|-1|SCHEMA_REGISTRY_PORT=-1: must be a port number 0-65535",
                "SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR|0|SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR=0: must be a"
                        + " whole number 1-32767",
                "SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR|two|SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR=two: must be"
                        + " a whole number 1-32767",
                "SCHEMA_REGISTRY_TOPIC|bad topic!|SCHEMA_REGISTRY_TOPIC=bad topic!: must be a Kafka topic name",
                "KAFKA_BOOTSTRAP_SERVERS|localhost|KAFKA_BOOTSTRAP_SERVERS=localhost: must be a comma-separated list"
                        + " of host:port",
                "SCHEMA_REGISTRY_HOST|my host|SCHEMA_REGISTRY_HOST=my host: must be an address to listen on"
            })
    void badValuesNameTheVariableAndTheRule(String variable, String value, String message) {
        assertThatThrownBy(() -> SchemaRegistryMain.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void blankValuesMeanTheDefault() {
        assertThat(SchemaRegistryMain.fromEnvironment(Map.of("SCHEMA_REGISTRY_PORT", " "))
                        .port())
                .isEqualTo(8081);
    }

    @Test
    void configValidatesItsFields() {
        assertThatThrownBy(() -> RegistryConfig.defaults("k:9092").withPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> RegistryConfig.defaults("k:9092").withTopic(".."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> RegistryConfig.defaults(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers");
        assertThat(RegistryConfig.defaults("k:9092").port()).isZero();
    }
}
