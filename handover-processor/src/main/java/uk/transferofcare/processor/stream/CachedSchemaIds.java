package uk.transferofcare.processor.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import uk.transferofcare.support.registry.RegisteredSchema;
import uk.transferofcare.support.registry.SchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.registry.SchemaRegistryClients;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * A registry client that remembers the id of each (subject, schema) it registered or looked up, keyed by the
 * {@link Schema} itself, in front of the platform's shared client.
 *
 * <p>Why: the platform's {@code RestSchemaRegistryClient} keys its cache by the schema's JSON text, so every
 * {@code serialize} call renders the whole schema to JSON before it finds the cached id. The processor writes four or
 * five records with large schemas (CaseSnapshot, CompletedCase) per submission; measured with the benchmark, that
 * rendering took about half of the stream thread's time. Generated classes return the same {@code Schema} instance
 * every time, and Avro caches a schema's hash code, so this lookup is a hash-map hit. (The fix belongs in
 * platform-support; until it lands this keeps the processor's hot path free of it.)
 */
public final class CachedSchemaIds implements SchemaRegistryClient {

    private record Key(String subject, Schema schema, boolean normalize, boolean register) {}

    private final SchemaRegistryClient delegate;
    private final Map<Key, Integer> ids = new ConcurrentHashMap<>();

    private CachedSchemaIds(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    /** A serializer with the platform's settings whose schema ids are cached by schema instance. */
    public static <T extends GenericContainer> AvroSerializer<T> serializer(Map<String, ?> config, boolean isKey) {
        SchemaRegistryClient shared = SchemaRegistryClients.forConfig(SchemaRegistryClientConfig.from(config));
        return new AvroSerializer<>(new CachedSchemaIds(shared), config, isKey);
    }

    @Override
    public int register(String subject, Schema schema, boolean normalize) {
        return ids.computeIfAbsent(
                new Key(subject, schema, normalize, true), key -> delegate.register(subject, schema, normalize));
    }

    @Override
    public int lookup(String subject, Schema schema, boolean normalize) {
        return ids.computeIfAbsent(
                new Key(subject, schema, normalize, false), key -> delegate.lookup(subject, schema, normalize));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return delegate.latest(subject);
    }

    @Override
    public Schema byId(int id) {
        return delegate.byId(id);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }
}
