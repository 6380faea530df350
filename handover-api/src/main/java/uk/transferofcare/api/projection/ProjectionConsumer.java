package uk.transferofcare.api.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Projects the processor's topics into PostgreSQL: one consumer group ({@code handover.projection.group-id}) across
 * every API instance, so each partition is projected by one instance at a time; {@code read_committed}, so only what
 * the processor's transactions committed is shown.
 *
 * <p>Per poll: decode every record (an undecodable one goes to {@code <topic>-dlt} and the batch carries on), apply
 * the batch in one database transaction ({@link ProjectionWriter}), and only after that transaction committed commit
 * the consumer's positions to Kafka. Delivery is at least once (a crash between the two commits delivers the batch
 * again) and the effect exactly once (every upsert is guarded by the case version or the record's offset). When the
 * database or Kafka fails, the consumer is closed and re-created after a back-off, so reading resumes from the
 * committed offsets; a record the database refuses as data (a constraint or a value it cannot store) is applied alone
 * and, if refused again, dead-lettered.
 */
@Component
class ProjectionConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionConsumer.class);

    /** The topics projected, with the value type each carries (null values are tombstones where allowed). */
    static final Map<String, Class<?>> TOPICS = Map.of(
            Topics.STATE.name(), CaseSnapshot.class,
            Topics.OUTCOMES.name(), SubmissionOutcome.class,
            Topics.REJECTIONS.name(), SubmissionRejected.class,
            Topics.COMPLETED.name(), CompletedCase.class);

    private static final Set<String> COMPACTED = Set.of(Topics.STATE.name(), Topics.COMPLETED.name());

    private final KafkaProperties kafka;
    private final ProjectionProperties properties;
    private final ProjectionWriter writer;
    private final DeadLetterPublishingRecoverer deadLetters;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    ProjectionConsumer(
            KafkaProperties kafka,
            ProjectionProperties properties,
            ProjectionWriter writer,
            DeadLetterPublishingRecoverer deadLetters) {
        this.kafka = kafka;
        this.properties = properties;
        this.writer = writer;
        this.deadLetters = deadLetters;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "projection");
        thread.setDaemon(true);
        thread.start();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        // An instance killed with kill -9 keeps its partitions until the group's session timeout: with Kafka's 45 s
        // the instance ./run restarts in its place (or a surviving one) was not ready for ~45 s, as the fault suite
        // measured. 6 s (the broker's lowest by default) as in the processor; spring.kafka.consumer.properties
        // overrides it.
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1500);
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "handover-api-projection-" + ProcessHandle.current().pid());
        return config;
    }

    private void run() {
        Map<String, Object> config = consumerConfig();
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(config, false);
        while (running) {
            try (KafkaConsumer<String, byte[]> c =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.copyOf(TOPICS.keySet()));
                Map<TopicPartition, Long> committed = new HashMap<>();
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(properties.pollTimeout());
                    if (!records.isEmpty()) {
                        apply(records, values);
                    }
                    commitPositions(c, committed);
                }
            } catch (WakeupException e) {
                // stop() woke the poll up
            } catch (RuntimeException e) {
                if (running) {
                    log.warn(
                            "Projection stopped reading ({}); resuming from the committed offsets in {}",
                            e.toString(),
                            properties.retryBackoff());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records, AvroDeserializer<Object> values) {
        List<ProjectedRecord> decoded = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                decoded.add(decode(record, values));
                sources.add(record);
            } catch (RuntimeException e) {
                deadLetter(record, e);
            }
        }
        try {
            writer.apply(decoded);
        } catch (DataIntegrityViolationException e) {
            log.warn("The database refused a batch of {} records as data; applying them one by one", decoded.size());
            for (int i = 0; i < decoded.size(); i++) {
                try {
                    writer.apply(List.of(decoded.get(i)));
                } catch (DataIntegrityViolationException refused) {
                    deadLetter(sources.get(i), refused);
                }
            }
        }
    }

    /** Commits the positions of the assigned partitions that moved (past records or transaction markers). */
    private static void commitPositions(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> committed) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : c.assignment()) {
            long position = c.position(tp, Duration.ofSeconds(5));
            Long last = committed.get(tp);
            if (last == null || last != position) {
                offsets.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!offsets.isEmpty()) {
            c.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
        committed.keySet().retainAll(c.assignment());
    }

    static ProjectedRecord decode(ConsumerRecord<String, byte[]> record, AvroDeserializer<Object> values) {
        Class<?> type = TOPICS.get(record.topic());
        if (record.key() == null) {
            throw new IllegalArgumentException("a record without a key (the case id)");
        }
        Object value =
                record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
        if (value == null && !COMPACTED.contains(record.topic())) {
            throw new IllegalArgumentException("a null value on " + record.topic() + ", which has no tombstones");
        }
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + " but found "
                    + value.getClass().getName());
        }
        return new ProjectedRecord(record.topic(), record.partition(), record.offset(), record.key(), value);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        log.warn(
                "Sending record {}-{}@{} to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.topic() + "-dlt",
                error.toString());
        try {
            deadLetters.accept(record, error);
        } catch (RuntimeException e) {
            log.error("Cannot dead-letter {}-{}@{}; skipped", record.topic(), record.partition(), record.offset(), e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
            thread = null;
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
