package uk.transferofcare.support.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared client (and so one cache) per registry configuration in a JVM: Kafka Streams and Spring create many
 * serializer instances, and they should not each ask the registry the same questions.
 */
public final class SchemaRegistryClients {

    private static final Map<SchemaRegistryClientConfig, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    public static SchemaRegistryClient forConfig(SchemaRegistryClientConfig config) {
        return CLIENTS.computeIfAbsent(config, RestSchemaRegistryClient::new);
    }
}
