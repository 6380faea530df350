package uk.transferofcare.support.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import uk.transferofcare.support.registry.SchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistryClients;
import uk.transferofcare.support.registry.SchemaRegistryException;
import uk.transferofcare.support.registry.SchemaRegistryUnavailableException;

/**
 * Serializes Avro records (generated {@link SpecificRecord} classes or {@code GenericRecord}) in Confluent's wire
 * format, registering or looking up the schema under the TopicNameStrategy subject ({@code <topic>-value} or
 * {@code <topic>-key}). A drop-in for {@code io.confluent.kafka.serializers.KafkaAvroSerializer} with the same
 * configuration keys.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    /**
     * A buffer (and its encoder) per thread, reused from record to record: a record is encoded into it and copied
     * out once, instead of growing a new stream through its doublings. One that grew past {@link #KEPT_BUFFER_BYTES}
     * for a large record is dropped afterwards.
     */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    /**
     * The writer of each (class, schema), made once: a writer holds no state of its own between records (the encoder
     * does), so one serves every thread. Measured 2026-12-06 (processor benchmark, JFR): making a writer and trusting
     * its package for every record cost about an eighth of the serializer's time.
     */
    private final Map<WriterKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    private final Map<String, String> subjects = new ConcurrentHashMap<>();

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private boolean isKey;

    /** For Kafka's reflective instantiation; call {@link #configure(Map, boolean)}. */
    public AvroSerializer() {}

    /** A serializer on an explicit client, for tests and tools. */
    public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
        this.registry = registry;
        this.config = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
        AvroClassTrust.trust(config.trustedPackages());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.registry = SchemaRegistryClients.forConfig(config.registry());
        this.isKey = isKey;
        AvroClassTrust.trust(config.trustedPackages());
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        String subject = subjects.computeIfAbsent(topic, t -> t + (isKey ? "-key" : "-value"));
        Schema schema = record.getSchema();
        int id;
        try {
            if (config.useLatestVersion()) {
                var latest = registry.latest(subject);
                schema = latest.schema();
                id = latest.id();
            } else if (config.registers(subject)) {
                id = registry.register(subject, schema, config.normalizeSchemas());
            } else {
                id = registry.lookup(subject, schema, config.normalizeSchemas());
            }
        } catch (SchemaRegistryException e) {
            String why;
            if (e.errorCode() == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
                why = "schema incompatible with the versions registered under " + subject;
            } else if (e.status() == 404) {
                why = "the schema is not registered under " + subject + " and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                        + " is false: register this release's schemas first (SchemaRegistration; docs/security.md,"
                        + " Auto-registration)";
            } else {
                why = "registry refused schema for " + subject;
            }
            throw new SerializationException(
                    "Cannot serialize " + schema.getFullName() + " to topic " + topic + ": " + why + ": "
                            + e.getMessage(),
                    e);
        } catch (SchemaRegistryUnavailableException e) {
            throw new SerializationException(
                    "Cannot serialize " + schema.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
        }
        return encode(topic, record, schema, id);
    }

    private byte[] encode(String topic, T record, Schema schema, int id) {
        Buffer buffer = BUFFERS.get();
        try {
            ByteArrayOutputStream out = buffer.out;
            out.reset();
            out.write(WireFormat.MAGIC_BYTE);
            out.write(id >>> 24);
            out.write(id >>> 16);
            out.write(id >>> 8);
            out.write(id);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffer.encoder);
            buffer.encoder = encoder;
            writerFor(record, schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            BUFFERS.remove(); // the encoder may hold half a record
            throw new SerializationException(
                    "Cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        } finally {
            if (buffer.out.size() > KEPT_BUFFER_BYTES) {
                BUFFERS.remove();
            }
        }
    }

    private DatumWriter<T> writerFor(T record, Schema schema) {
        return writers.computeIfAbsent(new WriterKey(record.getClass(), schema), key -> newWriter(record, schema));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> DatumWriter<T> newWriter(T record, Schema schema) {
        if (record instanceof SpecificRecord specific) {
            // The application chose to write this class, so Avro may handle it.
            AvroClassTrust.trust(record.getClass().getPackageName());
            return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(specific.getSchema()));
        }
        return (DatumWriter) new GenericDatumWriter<Object>(schema);
    }

    /** A writer's identity: the record's class (specific or generic) and the schema it writes. */
    private record WriterKey(Class<?> type, Schema schema) {}

    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
    }
}
