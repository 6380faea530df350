package uk.transferofcare.support.registry;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared client (and so one cache) per registry configuration in a JVM: Kafka Streams and Spring create many
 * serializer instances, and they should not each ask the registry the same questions. A {@code mock://scope} URL
 * selects an {@link InMemorySchemaRegistryClient} shared per scope, as Confluent's clients do.
 */
public final class SchemaRegistryClients {

    /** URL scheme that selects an in-memory registry shared by everything using the same URL. */
    public static final String MOCK_SCHEME = "mock";

    private static final Map<SchemaRegistryClientConfig, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Map<String, SchemaRegistryClient> MOCKS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    public static SchemaRegistryClient forConfig(SchemaRegistryClientConfig config) {
        URI first = config.urls().get(0);
        if (MOCK_SCHEME.equals(first.getScheme())) {
            return MOCKS.computeIfAbsent(first.toString(), u -> new InMemorySchemaRegistryClient());
        }
        return CLIENTS.computeIfAbsent(config, RestSchemaRegistryClient::new);
    }

    /** Forgets the in-memory registry of a {@code mock://} URL, between tests. */
    public static void dropMock(String url) {
        MOCKS.remove(url);
    }
}
