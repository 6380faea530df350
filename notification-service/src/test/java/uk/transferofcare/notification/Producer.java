package uk.transferofcare.notification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.PlatformInfrastructure;

/**
 * Sends Avro records as the processor would (acks=all, the platform serializer configured for the registry). The
 * test kit's {@code KafkaTestClients.send} hands Kafka an unconfigured serializer instance, which Kafka does not
 * configure, so the tests use this instead.
 */
public final class Producer {

    private Producer() {}

    /** Sends one record to the shared infrastructure and waits for the acknowledgement. */
    public static void send(String topic, String key, SpecificRecord value) {
        sendAll(topic, List.of(Map.entry(key, value)));
    }

    /** Sends these records in order with one producer and waits for every acknowledgement. */
    public static void sendAll(String topic, List<? extends Map.Entry<String, ? extends SpecificRecord>> records) {
        PlatformInfrastructure infrastructure = PlatformInfrastructure.shared();
        sendAll(infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topic, records);
    }

    /** Sends to the given broker and registry. */
    public static void sendAll(
            String bootstrapServers,
            String registryUrl,
            String topic,
            List<? extends Map.Entry<String, ? extends SpecificRecord>> records) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put("schema.registry.url", registryUrl);
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            List<Future<?>> sent = new ArrayList<>();
            for (Map.Entry<String, ? extends SpecificRecord> r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }
}
