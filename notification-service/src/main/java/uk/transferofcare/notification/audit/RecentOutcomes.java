package uk.transferofcare.notification.audit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.support.TopicTail;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * The read model behind {@code GET /api/notifications} and the {@code /notifications} page: the last
 * {@code notification.audit.keep} outcomes, read from {@code notification-outcomes} by every instance (no consumer
 * group), newest first. Rebuilt from the topic at each start.
 */
@Component
class RecentOutcomes implements SmartLifecycle {

    private final int keep;
    private final Deque<NotificationOutcome> outcomes = new ArrayDeque<>();
    private final TopicTail tail;
    private final AvroDeserializer<NotificationOutcome> deserializer;
    private final String topic;

    RecentOutcomes(NotificationProperties properties, KafkaProperties kafka) {
        this.keep = properties.audit().keep();
        this.topic = properties.topics().outcomes();
        Map<String, Object> config = kafka.buildConsumerProperties();
        this.deserializer = new AvroDeserializer<>(NotificationOutcome.class);
        this.deserializer.configure(config, false);
        this.tail = new TopicTail(topic, config, keep, this::add);
    }

    private void add(String key, byte[] value) {
        if (value == null) {
            return;
        }
        NotificationOutcome outcome = deserializer.deserialize(topic, value);
        synchronized (outcomes) {
            outcomes.addFirst(outcome);
            while (outcomes.size() > keep) {
                outcomes.removeLast();
            }
        }
    }

    /** Newest first, those the reader may see, filtered by status and case when given. */
    List<NotificationOutcome> find(
            java.util.function.Predicate<NotificationOutcome> visible,
            NotificationStatus status,
            String caseId,
            int limit) {
        List<NotificationOutcome> copy;
        synchronized (outcomes) {
            copy = new ArrayList<>(outcomes);
        }
        return copy.stream()
                .filter(visible)
                .filter(o -> status == null || o.getStatus() == status)
                .filter(o -> caseId == null || caseId.equals(o.getCaseId()))
                .sorted(Comparator.comparing(NotificationOutcome::getAt, Comparator.<Instant>reverseOrder()))
                .limit(limit)
                .toList();
    }

    @Override
    public void start() {
        tail.start();
    }

    @Override
    public void stop() {
        tail.close();
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }
}
