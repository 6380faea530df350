package uk.transferofcare.testkit;

import uk.transferofcare.support.registry.SchemaRegistration;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.registry.SchemaRegistryClients;

/**
 * A real Kafka cluster and a Confluent-compatible schema registry for integration tests. One instance is shared by
 * every test class of a JVM ({@link #shared()}); it stops when the JVM exits.
 *
 * <p>By default both run inside the test JVM: Apache Kafka's own KRaft broker and this project's registry on a
 * compacted {@code _schemas} topic. With {@code -Dtestkit.infrastructure=containers} (and a Docker engine) they are
 * the {@code apache/kafka} and {@code confluentinc/cp-schema-registry} containers instead.
 */
public interface PlatformInfrastructure extends AutoCloseable {

    /** System property selecting the implementation: {@code embedded} (default) or {@code containers}. */
    String SELECTOR = "testkit.infrastructure";

    /** {@code host:port} list of the brokers. */
    String bootstrapServers();

    /** Base URL of the schema registry. */
    String schemaRegistryUrl();

    /** Stops the registry and starts a new one on the same store, e.g. to prove ids survive a restart. */
    void restartSchemaRegistry();

    @Override
    void close();

    /**
     * Registers this build's event contract in the registry at {@code registryUrl} with the release step
     * ({@link SchemaRegistration}), as a deployment does before its services start: outside the {@code local}
     * profile they only look their schemas up.
     */
    static void registerContract(String registryUrl) {
        new SchemaRegistration(SchemaRegistryClients.forConfig(SchemaRegistryClientConfig.of(registryUrl)))
                .registerAll();
    }

    /** The JVM-wide instance, started on first use. */
    static PlatformInfrastructure shared() {
        return SharedInfrastructure.get();
    }
}
