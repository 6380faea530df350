package uk.transferofcare.api.support;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.PlatformInfrastructure;

/**
 * Produces processor outputs (snapshots, outcomes, rejections) to the shared broker, as the processor would. One
 * long-lived producer: the tests send many records.
 */
public final class TestProducer {

    private static KafkaProducer<String, SpecificRecord> producer;

    private TestProducer() {}

    private static synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = create(PlatformInfrastructure.shared());
        }
        return producer;
    }

    /**
     * An acks=all idempotent Avro producer on the infrastructure. (The test kit's own producer hands Kafka an
     * unconfigured serializer instance, which Kafka never configures; this one configures it.)
     */
    public static KafkaProducer<String, SpecificRecord> create(PlatformInfrastructure infrastructure) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put("schema.registry.url", infrastructure.schemaRegistryUrl());
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    public static RecordMetadata send(String topic, String key, SpecificRecord value) {
        try {
            return producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }
}
