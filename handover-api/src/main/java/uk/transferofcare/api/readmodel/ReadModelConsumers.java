package uk.transferofcare.api.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.kafka.TopicFollower;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Feeds the read models. Each of {@code handover-state}, {@code handover-outcomes} and {@code handover-rejections} is
 * followed from its beginning by a {@link TopicFollower} (every partition, no consumer group, {@code read_committed}),
 * so every instance holds the whole picture and a restart rebuilds it from Kafka. They only show what the processor
 * decided: nothing here judges a submission.
 *
 * <p>A record that cannot be decoded or applied goes to {@code <topic>-dlt} (the platform's dead-letter recoverer,
 * the original bytes and the error in headers) and the follower carries on. Start-up does not wait for Kafka: until
 * every topic has been read to its end the {@code readModel} readiness check is OUT_OF_SERVICE and reads answer 503.
 */
@Component
class ReadModelConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelConsumers.class);

    private final KafkaProperties kafka;
    private final DeadLetterPublishingRecoverer deadLetters;
    private final CaseStore cases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus status;
    private final List<TopicFollower> followers = new ArrayList<>();
    private volatile boolean running;

    ReadModelConsumers(
            KafkaProperties kafka,
            DeadLetterPublishingRecoverer deadLetters,
            CaseStore cases,
            SubmissionTracker tracker,
            ReadModelStatus status) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.cases = cases;
        this.tracker = tracker;
        this.status = status;
    }

    @Override
    public synchronized void start() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(config, false);
        follow(
                Topics.STATE.name(),
                record -> cases.apply(
                        record.key(),
                        decode(values, record, CaseSnapshot.class, true),
                        record.partition(),
                        record.offset()),
                config);
        follow(
                Topics.OUTCOMES.name(),
                record -> tracker.outcome(decode(values, record, SubmissionOutcome.class, false)),
                config);
        follow(
                Topics.REJECTIONS.name(),
                record -> tracker.rejected(decode(values, record, SubmissionRejected.class, false)),
                config);
        running = true;
    }

    private void follow(String topic, TopicFollower.Handler handler, Map<String, Object> config) {
        TopicFollower follower = TopicFollower.start(
                "read-model-" + topic,
                topic,
                config,
                TopicFollower.From.BEGINNING,
                handler,
                this::deadLetter,
                topic.equals(Topics.STATE.name())
                        ? positions -> positions.forEach((tp, position) -> cases.advance(tp.partition(), position))
                        : null);
        followers.add(follower);
        status.follow(follower);
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

    private static <T> T decode(
            AvroDeserializer<Object> values, ConsumerRecord<String, byte[]> record, Class<T> type, boolean nullable) {
        Object value =
                record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
        if (value == null && nullable) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Expected a " + type.getSimpleName() + " at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + " but found "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return type.cast(value);
    }

    @Override
    public synchronized void stop() {
        running = false;
        followers.forEach(TopicFollower::close);
        followers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
