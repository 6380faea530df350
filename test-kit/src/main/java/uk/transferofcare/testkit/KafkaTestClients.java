package uk.transferofcare.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;

/** Producers, consumers and topic helpers on the shared infrastructure, with the platform's Avro serde. */
public final class KafkaTestClients {

    private final PlatformInfrastructure infrastructure;

    public KafkaTestClients(PlatformInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** Serde settings for the shared registry. */
    public Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", infrastructure.schemaRegistryUrl(), "specific.avro.reader", true);
    }

    /** Creates every platform topic and its dead-letter topic (idempotent). */
    public void createPlatformTopics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            topics.add(new NewTopic(topic.name(), partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", topic.compacted() ? "compact" : "delete")));
            topics.add(new NewTopic(topic.deadLetterTopic(), partitions, (short) 1));
        }
        createTopics(topics);
    }

    /** Creates the topics, ignoring ones that exist. */
    public void createTopics(List<NewTopic> topics) {
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create " + topic.name(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Topic creation timed out", e);
        }
    }

    /** A unique topic name for one test, created with the partitions given. */
    public String freshTopic(String prefix, int partitions) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    /** An acks=all idempotent producer of Avro values. */
    public <V extends SpecificRecord> KafkaProducer<String, V> avroProducer() {
        Map<String, Object> config = new HashMap<>(serdeConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<V> values = new AvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /** Sends one Avro record and waits for the broker's acknowledgement. */
    public <V extends SpecificRecord> RecordMetadata send(String topic, String key, V value) {
        try (KafkaProducer<String, V> producer = avroProducer()) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }

    /** Sends raw bytes, e.g. a malformed record, and waits for the acknowledgement. */
    public RecordMetadata sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send to " + topic, e);
        }
    }

    /**
     * Reads a topic from the beginning (committed records only) until {@code done} holds for what was read, or
     * fails after the timeout naming what arrived.
     */
    public <V> List<ConsumerRecord<String, V>> readUntil(
            String topic, Class<V> valueType, Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(valueType)) {
            consumer.subscribe(List.of(topic));
            Awaitility.await("records of " + topic)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                return records;
                            },
                            done);
        }
        return records;
    }

    /** Reads until at least {@code count} records arrived. */
    public <V> List<ConsumerRecord<String, V>> read(String topic, Class<V> valueType, int count, Duration timeout) {
        return readUntil(topic, valueType, r -> r.size() >= count, timeout);
    }

    /** The values of the records read until at least {@code count} arrived. */
    public <V> List<V> values(String topic, Class<V> valueType, int count, Duration timeout) {
        return read(topic, valueType, count, timeout).stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private <V> KafkaConsumer<String, V> consumer(Class<V> valueType) {
        Map<String, Object> config = new HashMap<>(serdeConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (valueType == byte[].class) {
            return (KafkaConsumer<String, V>)
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        }
        AvroDeserializer<V> values = new AvroDeserializer<>();
        values.configure(config, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    /** Names of the topics on the cluster. */
    public Set<String> topicNames() {
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list topics", e);
        }
    }
}
