package uk.transferofcare.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as Confluent keeps it: one single-partition compacted topic, read from the beginning at start-up into
 * the {@link RegistryState} and followed from then on by one reader thread. Writes go through an idempotent
 * producer with {@code acks=all} and return once the reader has applied them, so an answer is never ahead of the
 * topic and a restarted registry knows everything it ever answered.
 */
final class KafkaSchemaStore implements SchemaStore {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);

    private final RegistryConfig config;
    private final RegistryState state;
    private final TopicPartition partition;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private KafkaProducer<byte[], byte[]> producer;

    private final Object progress = new Object();
    /** The reader's position: every record below this offset has been applied. Guarded by {@code progress}. */
    private long appliedUpTo;

    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile long startOffset = -1;
    private boolean readerStarted;

    KafkaSchemaStore(RegistryConfig config, RegistryState state) {
        this.config = config;
        this.state = state;
        this.partition = new TopicPartition(config.topic(), 0);
        this.consumer = new KafkaConsumer<>(consumerProperties(config));
        this.reader = new Thread(this::readLoop, "schema-registry-reader-" + config.topic());
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if missing, checks it is a single compacted partition, reads it to the end and opens the
     * producer. Blocks for at most {@link RegistryConfig#initTimeout()}.
     */
    void start() {
        long deadline = System.nanoTime() + config.initTimeout().toNanos();
        ensureTopic(deadline);
        producer = new KafkaProducer<>(producerProperties(config));
        reader.start();
        readerStarted = true;
        synchronized (progress) {
            while (!caughtUp && failure == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new IllegalStateException("Timed out after " + config.initTimeout() + " reading topic "
                            + config.topic() + " from " + config.bootstrapServers() + " (read up to offset "
                            + appliedUpTo + (startOffset >= 0 ? " of " + startOffset : "") + ")");
                }
                waitOn(progress, remaining);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("Cannot read topic " + config.topic() + ": " + failure, failure);
        }
    }

    private void ensureTopic(long deadline) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "schema-registry-admin-" + config.topic());
        int timeoutMs = (int) Math.max(1000, config.initTimeout().toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 15_000));
        props.putAll(config.kafkaClientProperties());
        try (Admin admin = Admin.create(props)) {
            TopicDescription description = describe(admin, deadline);
            if (description == null) {
                NewTopic topic = new NewTopic(config.topic(), 1, config.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    get(admin.createTopics(List.of(topic)).all(), deadline);
                    log.info(
                            "Created store topic {} (1 partition, replication factor {}, cleanup.policy=compact)",
                            config.topic(),
                            config.replicationFactor());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create store topic " + config.topic() + ": " + e.getCause(), e.getCause());
                    }
                }
                description = awaitVisible(admin, deadline);
            }
            if (description.partitions().size() != 1) {
                throw new IllegalStateException("Store topic " + config.topic() + " has "
                        + description.partitions().size() + " partitions; it must have exactly 1 so that records"
                        + " keep their order");
            }
            Config topicConfig = topicConfig(admin, deadline);
            String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null
                    ? ""
                    : topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!Set.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("Store topic " + config.topic() + " has cleanup.policy=" + policy
                        + "; it must be compact, or old schemas would be deleted");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot check store topic " + config.topic() + " on " + config.bootstrapServers() + ": "
                            + e.getCause(),
                    e.getCause());
        }
    }

    /**
     * The topic's configuration. On a cluster of several brokers the request may reach a broker that has not yet
     * learnt of a topic just created (UnknownTopicOrPartitionException): ask again until the deadline.
     */
    private Config topicConfig(Admin admin, long deadline) throws ExecutionException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
        while (true) {
            try {
                return get(admin.describeConfigs(List.of(resource)).all(), deadline)
                        .get(resource);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() >= deadline) {
                    throw e;
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while checking store topic " + config.topic(), e);
            }
        }
    }

    /** A new topic's metadata reaches the brokers shortly after its creation: wait for it. */
    private TopicDescription awaitVisible(Admin admin, long deadline) throws ExecutionException {
        while (true) {
            TopicDescription description = describe(admin, deadline);
            if (description != null) {
                return description;
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Store topic " + config.topic() + " was created but did not become"
                        + " visible within " + config.initTimeout());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for store topic " + config.topic(), e);
            }
        }
    }

    private TopicDescription describe(Admin admin, long deadline) throws ExecutionException {
        try {
            return get(admin.describeTopics(List.of(config.topic())).allTopicNames(), deadline)
                    .get(config.topic());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private <T> T get(Future<T> future, long deadline) throws ExecutionException {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out after " + config.initTimeout() + " reaching Kafka at "
                    + config.bootstrapServers() + " to check store topic " + config.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking store topic " + config.topic(), e);
        }
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = endOffset();
            startOffset = end;
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    apply(record);
                }
                long position = consumer.position(partition);
                synchronized (progress) {
                    appliedUpTo = position;
                    if (!caughtUp && position >= end) {
                        caughtUp = true;
                        log.debug(
                                "Read store topic {} to offset {} ({} records)",
                                config.topic(),
                                position,
                                state.appliedRecords());
                    }
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private long endOffset() {
        while (running) {
            try {
                return consumer.endOffsets(List.of(partition), Duration.ofSeconds(5))
                        .get(partition);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.debug("Waiting for Kafka to tell the end of {}: {}", config.topic(), e.getMessage());
            }
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            state.apply(StoreCodec.decode(record.key(), record.value()));
        } catch (StoreCodec.UnsupportedSchemaException e) {
            state.noteIdInUse(e.id());
            log.warn("Skipping record at offset {} of {}: {}", record.offset(), config.topic(), e.getMessage());
        } catch (IllegalArgumentException e) {
            log.warn(
                    "Skipping unreadable record at offset {} of {}: {}",
                    record.offset(),
                    config.topic(),
                    e.getMessage());
        }
    }

    private void fail(Throwable e) {
        log.error("Store reader of {} stopped: {}", config.topic(), e.toString(), e);
        failure = e;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(List<StoreRecord> records) {
        if (failure != null) {
            throw RegistryException.storeError(
                    "Store reader of " + config.topic() + " has stopped: " + failure, failure);
        }
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (StoreRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(
                    config.topic(), 0, StoreCodec.encodeKey(record.key()), StoreCodec.encodeValue(record.value()))));
        }
        long lastOffset = -1;
        try {
            for (Future<RecordMetadata> future : sent) {
                lastOffset = Math.max(
                        lastOffset,
                        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                                .offset());
            }
        } catch (ExecutionException e) {
            throw RegistryException.storeError(
                    "Write to the Kafka store topic " + config.topic() + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Write to the Kafka store topic " + config.topic() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while writing to " + config.topic(), e);
        }
        awaitApplied(lastOffset + 1, deadline);
    }

    private void awaitApplied(long offset, long deadline) {
        synchronized (progress) {
            while (appliedUpTo < offset) {
                if (failure != null) {
                    throw RegistryException.storeError(
                            "Store reader of " + config.topic() + " has stopped: " + failure, failure);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw RegistryException.timeout(
                            "Write to " + config.topic() + " at offset " + (offset - 1) + " was not read back in time",
                            null);
                }
                waitOn(progress, remaining);
            }
        }
    }

    private static void waitOn(Object monitor, long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public boolean isReady() {
        return caughtUp && failure == null && reader.isAlive();
    }

    @Override
    public String describe() {
        return "topic " + config.topic() + " on " + config.bootstrapServers();
    }

    /** How many records were read at start-up. */
    long startOffset() {
        return startOffset;
    }

    @Override
    public void close() {
        running = false;
        if (readerStarted) {
            consumer.wakeup();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ZERO);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    // ---------------------------------------------------------------- client settings

    private static Properties consumerProperties(RegistryConfig config) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader-" + config.topic());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putAll(config.kafkaClientProperties());
        return props;
    }

    private static Properties producerProperties(RegistryConfig config) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer-" + config.topic());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, WRITE_TIMEOUT.toMillis());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.putAll(config.kafkaClientProperties());
        return props;
    }
}
