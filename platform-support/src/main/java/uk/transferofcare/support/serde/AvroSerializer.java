package uk.transferofcare.support.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
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
        String subject = topic + (isKey ? "-key" : "-value");
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
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(256)) {
            out.write(WireFormat.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writerFor(record, schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot encode " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private DatumWriter<T> writerFor(T record, Schema schema) {
        if (record instanceof SpecificRecord) {
            // The application chose to write this class, so Avro may handle it.
            AvroClassTrust.trust(record.getClass().getPackageName());
            return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(record.getSchema()));
        }
        return (DatumWriter) new GenericDatumWriter<Object>(schema);
    }
}
