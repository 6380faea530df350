package uk.transferofcare.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import uk.transferofcare.events.Topics;

/**
 * The poison fault: one record that is not the platform's wire format (no Confluent magic byte, no schema id, plain
 * text) on every topic a service consumes, written with {@code acks=all} while the traffic runs; afterwards, each
 * topic's dead-letter topic ({@code <topic>-dlt}) is read for a record with the poison's key. A consumer that stopped
 * at the poison shows as lost or missing cases in the same row; one that skipped it without a trace shows here.
 */
final class PoisonRecords {

    /** Every topic a platform service reads, with the service that reads it. */
    static final Map<String, String> INPUTS = inputs();

    private final String bootstrapServers;
    private final String key = "fault-suite-poison-" + UUID.randomUUID();

    PoisonRecords(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    private static Map<String, String> inputs() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(Topics.SUBMISSIONS.name(), "handover-processor");
        inputs.put(Topics.STATE.name(), "handover-api (projection)");
        inputs.put(Topics.OUTCOMES.name(), "handover-api (projection and verdicts)");
        inputs.put(Topics.REJECTIONS.name(), "handover-api (projection)");
        inputs.put(Topics.COMPLETED.name(), "handover-api (projection)");
        inputs.put(Topics.EVENTS.name(), "notification-service");
        inputs.put("notification-deliveries", "notification-service (its delivery tasks)");
        return java.util.Collections.unmodifiableMap(inputs);
    }

    String key() {
        return key;
    }

    /** Writes the poison to every input topic and waits for each acknowledgement. */
    void inject() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "fault-suite-poison");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : INPUTS.keySet()) {
                producer.send(new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                ("not Avro: a poison record of the fault suite on " + topic)
                                        .getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The input topics whose dead-letter topic has no record with the poison's key within {@code timeout}. */
    List<String> notDeadLettered(Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "fault-suite-dead-letters");
        List<String> missing = new java.util.ArrayList<>(INPUTS.keySet());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : INPUTS.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic + "-dlt", Duration.ofSeconds(30));
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.key(), wanted)) {
                        missing.remove(
                                record.topic().substring(0, record.topic().length() - "-dlt".length()));
                    }
                }
            }
        }
        return missing;
    }
}
