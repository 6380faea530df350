package uk.transferofcare.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A platform topic read from its beginning to its end as of now, {@code read_committed} (what a consumer of the
 * platform sees: nothing of an aborted transaction), each value in the wire format (magic byte, schema id, Avro binary)
 * decoded with the contract's schema of this build. Records that are not the wire format (the suite's own poison) or
 * not of this schema are left out.
 */
final class TopicReader {

    private static final Duration READ_WITHIN = Duration.ofMinutes(2);

    private TopicReader() {}

    static List<GenericRecord> readAll(String bootstrap, String topic, Schema schema) {
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        List<GenericRecord> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = assignedAll(bootstrap, topic)) {
            List<TopicPartition> partitions = new ArrayList<>(consumer.assignment());
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + READ_WITHIN.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            topic + " not read to its end within " + READ_WITHIN.toMinutes() + " minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    GenericRecord value = decode(reader, record.value());
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
        }
        return values;
    }

    /** A {@code read_committed} consumer of every partition of {@code topic}, outside any group. */
    static KafkaConsumer<String, byte[]> assignedAll(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        return consumer;
    }

    /**
     * A value in the wire format decoded, or null: not the wire format (a poison record of the suite's own) or not of
     * this schema (another run's version).
     */
    static GenericRecord decode(GenericDatumReader<GenericRecord> reader, byte[] value) {
        if (value == null || value.length < 5 || value[0] != 0) {
            return null;
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
