package uk.transferofcare.api.readmodel;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.Topics;

/**
 * Whether the read models have caught up with their topics since start-up (readiness: {@code readModel}), and how far
 * each has read, so that a read can wait until this instance has seen what was committed before it began: a verdict
 * answered by one instance, or a case opened a moment ago, is then readable on any instance. This is about showing
 * what the processor decided, never about deciding anything.
 */
@Component("readModelHealthIndicator")
public class ReadModelStatus extends AbstractHealthIndicator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelStatus.class);

    static final List<String> TOPICS = List.of(Topics.STATE.name(), Topics.OUTCOMES.name(), Topics.REJECTIONS.name());

    private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final KafkaAdmin kafkaAdmin;
    private final ReadModelProperties properties;
    private volatile Admin admin;

    public ReadModelStatus(KafkaAdmin kafkaAdmin, ReadModelProperties properties) {
        super("Read model check failed");
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
    }

    /** True once every read model has read its topic to the end at least once since start-up. */
    public boolean ready() {
        return caughtUp.containsAll(TOPICS);
    }

    void caughtUp(String topic) {
        if (caughtUp.add(topic)) {
            log.info("Read model of {} caught up", topic);
        }
    }

    /** This instance has read {@code topic} up to {@code position} on a partition. */
    void read(String topic, int partition, long position) {
        TopicPartition tp = new TopicPartition(topic, partition);
        synchronized (positions) {
            Long previous = positions.get(tp);
            if (previous == null || previous < position) {
                positions.put(tp, position);
                positions.notifyAll();
            }
        }
    }

    /**
     * Waits until this instance has read every record of {@code topic} that was committed when the call began (the
     * last stable offsets), at most {@code handover.read-model.read-barrier-timeout}. False when that could not be
     * established in time (Kafka unreachable, or this instance lagging): the caller then answers from what it has.
     */
    public boolean awaitCaughtUp(String topic) {
        Duration timeout = properties.readBarrierTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            Map<String, TopicDescription> described = admin().describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described
                    .get(topic)
                    .partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin().listOffsets(
                            request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            result.forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("Cannot read the end offsets of {}: {}", topic, e.toString());
            return false;
        }
        synchronized (positions) {
            while (true) {
                boolean reached =
                        ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
                if (reached) {
                    return true;
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    return false;
                }
                try {
                    positions.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
                    int timeoutMs =
                            (int) Math.max(500, properties.readBarrierTimeout().toMillis());
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
                    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "handover-api-read-barrier");
                    admin = Admin.create(config);
                }
                current = admin;
            }
        }
        return current;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TOPICS.forEach(t -> builder.withDetail(t, caughtUp.contains(t) ? "caught up" : "loading"));
        if (ready()) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }

    @Override
    public void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
