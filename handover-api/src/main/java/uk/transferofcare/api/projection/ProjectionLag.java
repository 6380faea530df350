package uk.transferofcare.api.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far the projection trails its topics, for every partition of the group, whichever instance projects it.
 *
 * <p>Every {@code lag-check-interval} it reads the topics' end offsets ({@code read_committed}: the last stable
 * offsets) and then the group's committed offsets. The latest check whose end offsets every committed offset has
 * reached (this one or one of the recent ones before it, {@link CaughtUpTracker}) marks a moment at which everything
 * committed to the topics was in PostgreSQL: the projection's <b>caught-up time</b>. Under steady traffic the
 * committed offsets seldom equal the end offsets read a moment before them, but they pass those of the check before,
 * so the caught-up time trails now by about one interval while the projection keeps up. The projection's <b>lag</b> is
 * now minus the latest caught-up time. Readiness ({@code projection}) is UP while the lag is at most {@code
 * handover.projection.max-lag} (default 1 s). The records behind the newest end offsets (end minus committed, summed)
 * are in the health details and the gauge {@code handover.projection.records.behind}; the lag in {@code
 * handover.projection.lag}.
 *
 * <p>Reads use the same clock to read their writes ({@link #awaitCaughtUpSince}): a read that finds nothing waits
 * until a check that began after the read was caught up, so a case or verdict committed before the read is found.
 */
@Component("projectionHealthIndicator")
public class ProjectionLag extends AbstractHealthIndicator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLag.class);

    /** End offsets of this many recent checks are kept until the group's committed offsets reach them. */
    private static final int SNAPSHOTS = 64;

    private final KafkaAdmin kafkaAdmin;
    private final ProjectionProperties properties;
    private final Clock clock;
    private final Object monitor = new Object();
    private volatile Instant caughtUpAt;
    private volatile long recordsBehind = -1;
    private volatile String lastError;
    private ScheduledExecutorService checker;
    private Admin admin;
    private List<TopicPartition> partitions;
    private final CaughtUpTracker tracker = new CaughtUpTracker(SNAPSHOTS);

    ProjectionLag(
            KafkaAdmin kafkaAdmin,
            ProjectionProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        super("Projection lag check failed");
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        meters.ifAvailable(registry -> {
            Gauge.builder("handover.projection.lag", this, l -> l.lag().toMillis() / 1000.0)
                    .baseUnit("seconds")
                    .description("now minus the latest time the projection was caught up with its topics")
                    .register(registry);
            Gauge.builder("handover.projection.records.behind", this, l -> l.recordsBehind)
                    .description("records committed to the projected topics and not yet in PostgreSQL")
                    .register(registry);
        });
    }

    /** True while the projection was caught up with its topics within {@code max-lag}. */
    public boolean ready() {
        return lag().compareTo(properties.maxLag()) <= 0;
    }

    /** Now minus the latest caught-up time (very long before the first one). */
    public Duration lag() {
        Instant at = caughtUpAt;
        return at == null ? ChronoForever.DURATION : Duration.between(at, clock.instant());
    }

    /**
     * Waits until the projection is known to hold everything committed to its topics at {@code since}, at most {@code
     * handover.projection.read-wait-timeout}. False when that was not established in time.
     */
    public boolean awaitCaughtUpSince(Instant since) {
        long deadline = System.nanoTime() + properties.readWaitTimeout().toNanos();
        synchronized (monitor) {
            while (caughtUpAt == null || caughtUpAt.isBefore(since)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The current instant by this component's clock (the one caught-up times are taken by). */
    public Instant now() {
        return clock.instant();
    }

    void check() {
        try {
            if (admin == null) {
                admin = Admin.create(kafkaAdmin.getConfigurationProperties());
            }
            if (partitions == null) {
                Map<String, TopicDescription> topics = admin.describeTopics(ProjectionConsumer.TOPICS.keySet())
                        .allTopicNames()
                        .get(5, TimeUnit.SECONDS);
                partitions = topics.values().stream()
                        .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                        .toList();
            }
            Instant started = clock.instant();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(properties.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> endOffsets = new HashMap<>();
            Map<TopicPartition, Long> committedOffsets = new HashMap<>();
            for (TopicPartition tp : partitions) {
                endOffsets.put(tp, ends.get(tp).offset());
                OffsetAndMetadata offset = committed.get(tp);
                committedOffsets.put(tp, offset == null ? 0 : offset.offset());
            }
            tracker.ends(started, endOffsets);
            recordsBehind = tracker.behindNewest(committedOffsets);
            lastError = null;
            tracker.caughtUp(committedOffsets).ifPresent(at -> {
                synchronized (monitor) {
                    if (caughtUpAt == null || at.isAfter(caughtUpAt)) {
                        caughtUpAt = at;
                    }
                    monitor.notifyAll();
                }
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            partitions = null;
            tracker.clear();
            if (lastError == null) {
                log.warn("Cannot measure the projection's lag: {}", e.toString());
            }
            lastError = e.toString();
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant at = caughtUpAt;
        (ready() ? builder.up() : builder.outOfService())
                .withDetail("group", properties.groupId())
                .withDetail("maxLag", properties.maxLag().toString())
                .withDetail("caughtUpAt", at == null ? "never" : at.toString())
                .withDetail("recordsBehind", recordsBehind);
        if (lastError != null) {
            builder.withDetail("error", lastError);
        }
    }

    @Override
    public synchronized void start() {
        if (checker != null) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projection-lag");
            t.setDaemon(true);
            return t;
        });
        long every = properties.lagCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            try {
                checker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checker = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return checker != null;
    }

    /** "Never caught up" as a duration. */
    private static final class ChronoForever {
        static final Duration DURATION = Duration.ofDays(365 * 100L);
    }
}
