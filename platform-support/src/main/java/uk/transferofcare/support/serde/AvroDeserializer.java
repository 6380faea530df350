package uk.transferofcare.support.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import uk.transferofcare.support.registry.SchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistryClients;
import uk.transferofcare.support.registry.SchemaRegistryException;
import uk.transferofcare.support.registry.SchemaRegistryUnavailableException;

/**
 * Deserializes Confluent-framed Avro: checks the magic byte, fetches the writer's schema by id and resolves it
 * against the reader's schema. With {@code specific.avro.reader=true} it returns generated classes (the one
 * configured, or the one named by the writer's schema), otherwise {@code GenericRecord}. A drop-in for
 * {@code io.confluent.kafka.serializers.KafkaAvroDeserializer}.
 *
 * <p>Every failure is a {@link SerializationException} naming the topic and the cause (unknown magic byte, unknown
 * schema id, registry unreachable, schemas that do not resolve), so that {@code ErrorHandlingDeserializer} can route
 * the raw record to the dead-letter topic.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private SchemaRegistryClient registry;
    private AvroSerdeConfig config;
    private Class<? extends SpecificRecord> specificType;
    private final Map<Integer, DatumReader<?>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation; call {@link #configure(Map, boolean)}. */
    public AvroDeserializer() {}

    /** A deserializer into one generated class, e.g. for a Kafka Streams serde. */
    public AvroDeserializer(Class<? extends SpecificRecord> specificType) {
        this.specificType = specificType;
    }

    /** A deserializer on an explicit client, for tests and tools. */
    public AvroDeserializer(
            SchemaRegistryClient registry, Map<String, ?> configs, Class<? extends SpecificRecord> specificType) {
        this.registry = registry;
        this.config = AvroSerdeConfig.from(configs);
        this.specificType = specificType;
        AvroClassTrust.trust(config.trustedPackages());
        if (specificType != null) {
            AvroClassTrust.trust(specificType.getPackageName());
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.from(configs);
        this.registry = SchemaRegistryClients.forConfig(config.registry());
        AvroClassTrust.trust(config.trustedPackages());
        if (specificType != null) {
            AvroClassTrust.trust(specificType.getPackageName());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<?> reader = readers.computeIfAbsent(id, i -> readerFor(topic, i));
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Record of topic " + topic + " with schema id " + id + " has "
                        + "trailing bytes after the Avro payload");
            }
            return (T) value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException(
                    "Cannot decode record of topic " + topic + " with schema id " + id + ": " + e, e);
        }
    }

    private DatumReader<?> readerFor(String topic, int id) {
        Schema writer;
        try {
            writer = registry.byId(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || e.status() == 404) {
                throw new SerializationException(
                        "Unknown schema id " + id + " in record of topic " + topic + ": the registry has no such id",
                        e);
            }
            throw new SerializationException(
                    "Cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage(), e);
        } catch (SchemaRegistryUnavailableException e) {
            throw new SerializationException(
                    "Cannot fetch schema id " + id + " for topic " + topic + ": " + e.getMessage(), e);
        }
        if (!config.specificAvroReader() && specificType == null) {
            return new GenericDatumReader<>(writer);
        }
        Schema reader;
        SpecificData data;
        if (specificType != null) {
            data = SpecificData.getForClass(specificType);
            reader = data.getSchema(specificType);
            if (!Objects.equals(reader.getFullName(), writer.getFullName())
                    && !reader.getAliases().contains(writer.getFullName())) {
                throw new SerializationException("Record of topic " + topic + " is a " + writer.getFullName()
                        + " (schema id " + id + "), expected " + reader.getFullName());
            }
        } else {
            Class<?> type = new SpecificData(AvroDeserializer.class.getClassLoader()).getClass(writer);
            if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
                throw new SerializationException("No generated class for " + writer.getFullName() + " (schema id " + id
                        + ", topic " + topic + ") with specific.avro.reader=true");
            }
            data = SpecificData.getForClass(type);
            reader = data.getSchema(type);
        }
        return new SpecificDatumReader<>(writer, reader, data);
    }
}
