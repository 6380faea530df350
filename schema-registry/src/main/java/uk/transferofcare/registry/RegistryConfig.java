package uk.transferofcare.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of one registry instance.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param host address the HTTP server binds to, e.g. {@code 127.0.0.1} (or {@code 0.0.0.0} for every interface)
 * @param port HTTP port; 0 picks a free port ({@link SchemaRegistryServer#url()} tells which)
 * @param topic the single-partition compacted topic that stores every schema, version, config and deletion
 *     ({@code _schemas}, as Confluent's registry)
 * @param replicationFactor replication factor used when the registry creates the topic
 * @param initTimeout how long start-up may take to create the topic and read it to the end
 * @param kafkaClientProperties more settings of the registry's Kafka clients (admin, consumer, producer), e.g. {@code
 *     security.protocol}, {@code sasl.jaas.config}, {@code ssl.truststore.location}
 * @param writers users allowed to change the registry (register, delete, set compatibility or mode) and their
 *     passwords, checked by HTTP Basic authentication; empty: anyone may (reads are always open)
 */
public record RegistryConfig(
        String bootstrapServers,
        String host,
        int port,
        String topic,
        short replicationFactor,
        Duration initTimeout,
        Map<String, String> kafkaClientProperties,
        Map<String, String> writers) {

    /** Settings without extra Kafka client properties and without authentication. */
    public RegistryConfig(
            String bootstrapServers,
            String host,
            int port,
            String topic,
            short replicationFactor,
            Duration initTimeout) {
        this(bootstrapServers, host, port, topic, replicationFactor, initTimeout, Map.of(), Map.of());
    }

    /** Confluent's default store topic. */
    public static final String DEFAULT_TOPIC = "_schemas";

    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public RegistryConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers: must be host:port[,host:port...]");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: must be an address to bind to, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + ": must be a port number 0-65535");
        }
        if (!isValidTopicName(topic)) {
            throw new IllegalArgumentException("topic=" + topic + ": " + TOPIC_RULE);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor=" + replicationFactor + ": must be at least 1");
        }
        Objects.requireNonNull(initTimeout, "initTimeout");
        if (initTimeout.isNegative() || initTimeout.isZero()) {
            throw new IllegalArgumentException("initTimeout=" + initTimeout + ": must be positive");
        }
        kafkaClientProperties = Map.copyOf(Objects.requireNonNull(kafkaClientProperties, "kafkaClientProperties"));
        writers = Map.copyOf(Objects.requireNonNull(writers, "writers"));
    }

    /** The same settings with these writers (see {@link #writers()}). */
    public RegistryConfig withWriters(Map<String, String> newWriters) {
        return new RegistryConfig(
                bootstrapServers, host, port, topic, replicationFactor, initTimeout, kafkaClientProperties, newWriters);
    }

    /** The same settings with these extra Kafka client properties. */
    public RegistryConfig withKafkaClientProperties(Map<String, String> properties) {
        return new RegistryConfig(
                bootstrapServers, host, port, topic, replicationFactor, initTimeout, properties, writers);
    }

    @Override
    public String toString() {
        return "RegistryConfig[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port + ", topic="
                + topic + ", replicationFactor=" + replicationFactor + ", initTimeout=" + initTimeout
                + ", kafkaClientProperties=" + kafkaClientProperties.keySet() + ", writers=" + writers.keySet() + "]";
    }

    static final String TOPIC_RULE =
            "must be a Kafka topic name: 1-249 characters of letters, digits, '.', '_' and '-', not '.' or '..'";

    static boolean isValidTopicName(String topic) {
        return topic != null && TOPIC_NAME.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }

    /**
     * The settings an embedding test kit wants: bind to 127.0.0.1 on a random port, store in {@code _schemas}
     * with replication factor 1, allow 60 s to start.
     */
    public static RegistryConfig defaults(String bootstrapServers) {
        return new RegistryConfig(bootstrapServers, DEFAULT_HOST, 0, DEFAULT_TOPIC, (short) 1, DEFAULT_INIT_TIMEOUT);
    }

    /** The same settings on another port (0 = random). */
    public RegistryConfig withPort(int newPort) {
        return new RegistryConfig(
                bootstrapServers, host, newPort, topic, replicationFactor, initTimeout, kafkaClientProperties, writers);
    }

    /** The same settings on another store topic. */
    public RegistryConfig withTopic(String newTopic) {
        return new RegistryConfig(
                bootstrapServers, host, port, newTopic, replicationFactor, initTimeout, kafkaClientProperties, writers);
    }

    /** The same settings bound to another address. */
    public RegistryConfig withHost(String newHost) {
        return new RegistryConfig(
                bootstrapServers, newHost, port, topic, replicationFactor, initTimeout, kafkaClientProperties, writers);
    }

    /** The same settings with another start-up timeout. */
    public RegistryConfig withInitTimeout(Duration newInitTimeout) {
        return new RegistryConfig(
                bootstrapServers, host, port, topic, replicationFactor, newInitTimeout, kafkaClientProperties, writers);
    }
}
