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
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
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
 * Whether the read models have caught up with their topics since start-up (readiness: {@code readModel}), and the
 * barrier that makes a request see every submission any instance had accepted before it arrived.
 */
@Component("readModelHealthIndicator")
public class ReadModelStatus extends AbstractHealthIndicator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelStatus.class);

    static final List<String> TOPICS =
            List.of(Topics.STATE.name(), Topics.OUTCOMES.name(), Topics.REJECTIONS.name(), Topics.SUBMISSIONS.name());

    private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Long> submissionPositions = new HashMap<>();
    private final KafkaAdmin kafkaAdmin;
    private final ReadModelProperties properties;
    private volatile List<TopicPartition> submissionPartitions = List.of();
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

    void submissionPartitions(List<TopicPartition> partitions) {
        this.submissionPartitions = List.copyOf(partitions);
    }

    /** This instance has read the submissions topic up to {@code position} on a partition. */
    void submissionsRead(int partition, long position) {
        synchronized (submissionPositions) {
            Long previous = submissionPositions.get(partition);
            if (previous == null || previous < position) {
                submissionPositions.put(partition, position);
                submissionPositions.notifyAll();
            }
        }
    }

    /**
     * Waits until this instance has read every submission that Kafka had acknowledged when the call began, whichever
     * instance wrote it. False when that could not be established within the timeout (Kafka unreachable, or this
     * instance lagging).
     */
    public boolean awaitSubmissionsVisible() {
        List<TopicPartition> partitions = submissionPartitions;
        if (partitions.isEmpty()) {
            return false;
        }
        Duration timeout = properties.barrierTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                    admin().listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            result.forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.debug("Cannot read the end offsets of {}: {}", Topics.SUBMISSIONS, e.toString());
            return false;
        }
        synchronized (submissionPositions) {
            while (true) {
                boolean reached = ends.entrySet().stream()
                        .allMatch(
                                e -> submissionPositions.getOrDefault(e.getKey().partition(), 0L) >= e.getValue());
                if (reached) {
                    return true;
                }
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    return false;
                }
                try {
                    submissionPositions.wait(remainingMs);
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
                            (int) Math.max(500, properties.barrierTimeout().toMillis());
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
