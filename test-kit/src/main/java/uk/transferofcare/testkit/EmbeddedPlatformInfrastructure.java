package uk.transferofcare.testkit;

import java.time.Duration;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import uk.transferofcare.registry.RegistryConfig;
import uk.transferofcare.registry.SchemaRegistryServer;

/** Apache Kafka's KRaft broker and this project's schema registry, both inside the test JVM. */
public final class EmbeddedPlatformInfrastructure implements PlatformInfrastructure {

    /**
     * Broker settings for exactly-once on a single broker, and no topic auto-creation (as in production); the same
     * transaction retry backoff as the local broker ({@code KafkaBroker}). No fsync per message: the broker runs in the
     * test's JVM, so nothing can kill it without killing the test, and Kafka's durability comes from replication and
     * acks, not from fsync (until 2026-12-05 every append was flushed, which halved the processor's rate here).
     */
    public static final Map<String, String> BROKER_PROPERTIES = Map.of(
            "auto.create.topics.enable", "false",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "min.insync.replicas", "1",
            "group.initial.rebalance.delay.ms", "0",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000",
            "add.partitions.to.txn.retry.backoff.ms", "1");

    private final EmbeddedKafkaKraftBroker broker;
    private final RegistryConfig registryConfig;
    private SchemaRegistryServer registry;

    private EmbeddedPlatformInfrastructure(
            EmbeddedKafkaKraftBroker broker, SchemaRegistryServer registry, RegistryConfig registryConfig) {
        this.broker = broker;
        this.registry = registry;
        this.registryConfig = registryConfig;
    }

    /**
     * A broker and registry of their own, for tests that must not share (e.g. ones that stop them). The registry holds
     * this build's contract, registered by the release step ({@link PlatformInfrastructure#registerContract}), since
     * the services do not register schemas outside the {@code local} profile.
     */
    public static EmbeddedPlatformInfrastructure start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with {@code overrides} replacing or adding broker settings (benchmarks try settings). */
    public static EmbeddedPlatformInfrastructure start(Map<String, String> overrides) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> properties = new java.util.HashMap<>(BROKER_PROPERTIES);
        properties.putAll(overrides);
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        RegistryConfig config = new RegistryConfig(
                broker.getBrokersAsString(), "127.0.0.1", 0, "_schemas", (short) 1, Duration.ofSeconds(30));
        EmbeddedPlatformInfrastructure started =
                new EmbeddedPlatformInfrastructure(broker, SchemaRegistryServer.start(config), config);
        PlatformInfrastructure.registerContract(started.schemaRegistryUrl());
        return started;
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public synchronized String schemaRegistryUrl() {
        return registry.url().toString();
    }

    @Override
    public synchronized void restartSchemaRegistry() {
        int port = registry.url().getPort();
        registry.close();
        registry = SchemaRegistryServer.start(new RegistryConfig(
                registryConfig.bootstrapServers(),
                registryConfig.host(),
                port,
                registryConfig.topic(),
                registryConfig.replicationFactor(),
                registryConfig.initTimeout()));
    }

    @Override
    public synchronized void close() {
        try {
            registry.close();
        } finally {
            broker.destroy();
        }
    }
}
