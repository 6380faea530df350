package uk.transferofcare.api.readmodel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.Topics;

/**
 * Feeds the read models. For each of {@code handover-state}, {@code handover-outcomes}, {@code handover-rejections}
 * and {@code handover-submissions} one listener container is assigned every partition (no group management) and
 * starts at offset 0, so every API instance holds the whole picture and a restart rebuilds it from Kafka.
 *
 * <p>Containers come from Boot's listener factory, so they get the platform's error handling (undecodable records
 * to {@code <topic>-dlt}, the consumer carries on) and observation. The exception is {@code handover-submissions}:
 * the processor owns that topic's dead letters, and this replaying reader only logs and skips what it cannot read,
 * so a poison record is not dead-lettered again by every API instance at every start.
 *
 * <p>Start-up does not wait for Kafka: the containers start once the topics can be described, and until every
 * topic has been read to its end the {@code readModel} readiness check is OUT_OF_SERVICE and reads answer 503.
 */
@Component
class ReadModelConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelConsumers.class);
    private static final String PREFIX = "read-model-";

    private final ConcurrentKafkaListenerContainerFactory<Object, Object> factory;
    private final KafkaAdmin kafkaAdmin;
    private final CaseStore cases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus status;
    private final ReadModelProperties properties;
    private final ApplicationContext context;
    private final List<ConcurrentMessageListenerContainer<Object, Object>> containers = new ArrayList<>();
    private volatile boolean running;
    private Thread starter;

    ReadModelConsumers(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory,
            KafkaAdmin kafkaAdmin,
            CaseStore cases,
            SubmissionTracker tracker,
            ReadModelStatus status,
            ReadModelProperties properties,
            ApplicationContext context) {
        this.factory = factory;
        this.kafkaAdmin = kafkaAdmin;
        this.cases = cases;
        this.tracker = tracker;
        this.status = status;
        this.properties = properties;
        this.context = context;
    }

    @Override
    public synchronized void start() {
        running = true;
        starter = new Thread(this::startWhenKafkaAnswers, "read-model-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenKafkaAnswers() {
        while (running) {
            try {
                kafkaAdmin.initialize();
                Map<String, TopicDescription> topics =
                        kafkaAdmin.describeTopics(ReadModelStatus.TOPICS.toArray(String[]::new));
                synchronized (this) {
                    if (!running) {
                        return;
                    }
                    for (String topic : ReadModelStatus.TOPICS) {
                        containers.add(startContainer(topic, topics.get(topic)));
                    }
                }
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "Read models cannot start yet (Kafka unreachable or topics missing), retrying in {}: {}",
                        properties.startRetry(),
                        e.toString());
                try {
                    Thread.sleep(properties.startRetry().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ConcurrentMessageListenerContainer<Object, Object> startContainer(String topic, TopicDescription d) {
        TopicPartitionOffset[] partitions = d.partitions().stream()
                .map(p -> new TopicPartitionOffset(topic, p.partition(), 0L))
                .toArray(TopicPartitionOffset[]::new);
        ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(partitions);
        container.setBeanName(PREFIX + topic);
        // Offsets are never committed (every start reads from 0): no acknowledgement, and one group per topic.
        container.getContainerProperties().setGroupId(properties.groupId() + "-" + topic);
        container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        container
                .getContainerProperties()
                .setIdleEventInterval(properties.idleInterval().toMillis());
        container.setApplicationContext(context);
        container.setApplicationEventPublisher(context);
        container.setAutoStartup(false);
        container.setupMessageListener((MessageListener<String, Object>) record -> apply(topic, record));
        container.start();
        log.info("Read model of {} started on {} partitions from offset 0", topic, partitions.length);
        return container;
    }

    private void apply(String topic, ConsumerRecord<String, Object> record) {
        Object value = record.value();
        try {
            if (topic.equals(Topics.STATE.name())) {
                cases.apply(
                        record.key(),
                        expect(value, CaseSnapshot.class, record, true),
                        record.partition(),
                        record.offset());
            } else if (topic.equals(Topics.OUTCOMES.name())) {
                tracker.outcome(expect(value, SubmissionOutcome.class, record, false));
            } else if (topic.equals(Topics.REJECTIONS.name())) {
                tracker.rejected(expect(value, SubmissionRejected.class, record, false));
            }
        } finally {
            status.read(topic, record.partition(), record.offset() + 1);
        }
    }

    private static <T> T expect(Object value, Class<T> type, ConsumerRecord<?, ?> record, boolean nullable) {
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

    /** Idle means nothing arrived for a while: check whether the whole topic has been read. */
    @EventListener
    void idle(ListenerContainerIdleEvent event) {
        String listenerId = event.getListenerId();
        if (listenerId == null || !listenerId.startsWith(PREFIX)) {
            return;
        }
        try {
            Consumer<?, ?> consumer = event.getConsumer();
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(2));
            boolean all = true;
            String topic = null;
            for (TopicPartition tp : assigned) {
                topic = tp.topic();
                long position = consumer.position(tp, Duration.ofSeconds(2));
                status.read(topic, tp.partition(), position);
                if (topic.equals(Topics.STATE.name())) {
                    cases.advance(tp.partition(), position);
                }
                if (position < ends.getOrDefault(tp, 0L)) {
                    all = false;
                }
            }
            if (all && topic != null) {
                status.caughtUp(topic);
            }
        } catch (RuntimeException e) {
            log.debug("Cannot check the read model's position: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (starter != null) {
            starter.interrupt();
        }
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        containers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
