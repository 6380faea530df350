package uk.transferofcare.support.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The replication state of the platform's topics as this service sees them, for operators' alerts: every {@code
 * interval} it describes the catalogue topics and their dead-letter topics and publishes
 *
 * <ul>
 *   <li>{@code platform.kafka.partitions.under.replicated}: partitions with fewer replicas in sync than assigned (a
 *       broker is down or behind);
 *   <li>{@code platform.kafka.partitions.under.min.isr}: partitions with fewer in sync than {@code
 *       platform.kafka.topics.min-insync-replicas}, which refuse every {@code acks=all} write;
 *   <li>{@code platform.kafka.partitions.offline}: partitions without a leader;
 *   <li>{@code platform.kafka.replication.check.age}: seconds since the last check that succeeded (stale when the
 *       cluster does not answer).
 * </ul>
 *
 * A topic this service may not describe (ACLs) or that does not exist yet is left out, so each service reports the
 * topics it uses; alerts take the maximum over services.
 */
final class KafkaReplicationMetrics implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaReplicationMetrics.class);

    private final CheckAdminClient admin;
    private final List<String> topics;
    private final int minInsyncReplicas;
    private final Duration interval;
    private final AtomicLong underReplicated = new AtomicLong();
    private final AtomicLong underMinIsr = new AtomicLong();
    private final AtomicLong offline = new AtomicLong();
    private volatile long lastSuccessNanos = System.nanoTime();
    private ScheduledExecutorService scheduler;

    KafkaReplicationMetrics(
            Map<String, Object> adminConfig,
            Collection<String> topics,
            int minInsyncReplicas,
            Duration interval,
            MeterRegistry meters) {
        this.admin = new CheckAdminClient(adminConfig, "replication-check", interval);
        this.topics = List.copyOf(topics);
        this.minInsyncReplicas = minInsyncReplicas;
        this.interval = interval;
        Gauge.builder("platform.kafka.partitions.under.replicated", underReplicated, AtomicLong::get)
                .description("platform topic partitions with fewer replicas in sync than assigned")
                .register(meters);
        Gauge.builder("platform.kafka.partitions.under.min.isr", underMinIsr, AtomicLong::get)
                .description("platform topic partitions with fewer replicas in sync than min.insync.replicas")
                .register(meters);
        Gauge.builder("platform.kafka.partitions.offline", offline, AtomicLong::get)
                .description("platform topic partitions without a leader")
                .register(meters);
        Gauge.builder("platform.kafka.replication.check.age", this, m -> (System.nanoTime() - m.lastSuccessNanos) / 1e9)
                .description("seconds since the replication of the platform topics was last checked")
                .baseUnit("seconds")
                .register(meters);
    }

    /** What one check found. */
    record Counts(long underReplicated, long underMinIsr, long offline) {}

    /** Counts the partitions of these descriptions that are under-replicated, under min ISR or without a leader. */
    static Counts count(Collection<TopicDescription> descriptions, int minInsyncReplicas) {
        long under = 0;
        long belowMin = 0;
        long leaderless = 0;
        for (TopicDescription topic : descriptions) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                int inSync = partition.isr().size();
                if (inSync < partition.replicas().size()) {
                    under++;
                }
                if (inSync < Math.min(minInsyncReplicas, partition.replicas().size())) {
                    belowMin++;
                }
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    leaderless++;
                }
            }
        }
        return new Counts(under, belowMin, leaderless);
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler = PeriodicCheck.start("kafka-replication-check", interval, this::check);
    }

    void check() {
        try {
            Map<String, KafkaFuture<TopicDescription>> futures =
                    admin.get().describeTopics(topics).topicNameValues();
            List<TopicDescription> described = new ArrayList<>();
            for (KafkaFuture<TopicDescription> future : futures.values()) {
                try {
                    described.add(future.get(interval.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    // Not allowed to describe it (ACLs), or not created yet: another service reports it.
                }
            }
            Counts counts = count(described, minInsyncReplicas);
            underReplicated.set(counts.underReplicated());
            underMinIsr.set(counts.underMinIsr());
            offline.set(counts.offline());
            lastSuccessNanos = System.nanoTime();
        } catch (TimeoutException e) {
            log.debug("Replication check timed out after {}", interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Replication check failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        admin.close();
    }
}
