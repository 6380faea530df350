package uk.transferofcare.processor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Reads a topic from the beginning, every partition, and keeps what it read; each {@link #poll()} adds what arrived
 * since. {@code read_committed} by default: only records of committed transactions, as every consumer of the
 * platform reads them.
 */
final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    private TopicReader(KafkaConsumer<String, V> consumer, String topic) {
        this.consumer = consumer;
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static <V> TopicReader<V> avro(String bootstrap, String registryUrl, String topic, boolean committedOnly) {
        Map<String, Object> config = config(bootstrap, registryUrl, committedOnly);
        AvroDeserializer<V> values = new AvroDeserializer<>();
        values.configure(config, false);
        return new TopicReader<>(new KafkaConsumer<>(config, new StringDeserializer(), values), topic);
    }

    static TopicReader<byte[]> bytes(String bootstrap, String topic) {
        Map<String, Object> config = config(bootstrap, "http://unused", true);
        Deserializer<byte[]> values = new ByteArrayDeserializer();
        return new TopicReader<>(new KafkaConsumer<>(config, new StringDeserializer(), values), topic);
    }

    private static Map<String, Object> config(String bootstrap, String registryUrl, boolean committedOnly) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put("schema.registry.url", registryUrl);
        config.put("specific.avro.reader", true);
        return config;
    }

    /** Adds what arrived since the last poll; returns everything read so far. */
    List<ConsumerRecord<String, V>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records;
    }

    int size() {
        return poll().size();
    }

    /**
     * Everything up to the current end of every partition (for {@code read_committed}, the last stable offset): what
     * a consumer starting now would have read once it caught up.
     */
    List<ConsumerRecord<String, V>> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        Awaitility.await("reading to the end of " + ends.keySet())
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ZERO)
                .until(() -> {
                    poll();
                    return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
                });
        return records;
    }

    /** The end offset of every partition: the last stable offset for read_committed, else the high watermark. */
    Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(consumer.assignment());
    }

    List<V> values() {
        return readToEnd().stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
