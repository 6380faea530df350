package uk.transferofcare.support.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * How far each consumer group of the platform is behind, seen from the broker, for operators' alerts: every {@code
 * interval} it lists the groups whose names start with one of {@code prefixes}, asks each group's committed offsets
 * and the end of those partitions (the last stable offset, as a {@code read_committed} consumer sees it) and publishes
 * {@code platform.kafka.consumer.group.lag{group}}: records written but not yet committed by the group, summed over its
 * partitions.
 *
 * <p>Why not the consumers' own {@code records-lag-max}: a consumer reports its lag only while it polls. A service that
 * hangs, is stopped or is gone reports nothing, which is when its notices and its read store fall behind; its
 * committed offsets stay where it left them and every other service sees the gap grow. So each service reports every
 * platform group it may describe (in the secure stack each principal may describe the others' groups, nothing more),
 * and the alert takes the largest report per group.
 *
 * <p>A group without committed offsets, or whose partitions this service may not describe, is left out.
 */
final class ConsumerGroupLagMetrics implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLagMetrics.class);

    static final String METRIC = "platform.kafka.consumer.group.lag";

    private final CheckAdminClient admin;
    private final List<String> prefixes;
    private final Duration interval;
    private final MultiGauge gauge;
    private final Map<String, AtomicLong> lags = new HashMap<>();
    private ScheduledExecutorService scheduler;

    ConsumerGroupLagMetrics(
            Map<String, Object> adminConfig, List<String> prefixes, Duration interval, MeterRegistry meters) {
        this.admin = new CheckAdminClient(adminConfig, "consumer-lag-check", interval);
        this.prefixes = List.copyOf(prefixes);
        this.interval = interval;
        this.gauge = MultiGauge.builder(METRIC)
                .description("records of the platform's topics written but not yet committed by a consumer group, as"
                        + " the broker sees it")
                .register(meters);
    }

    /**
     * A group's lag: for each partition it has committed, the end (last stable offset) minus the committed offset,
     * never below 0 (an end asked before a commit that followed it), summed. Partitions without a known end are left
     * out.
     */
    static long lag(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
            Long end = ends.get(entry.getKey());
            if (end != null) {
                total += Math.max(0, end - entry.getValue());
            }
        }
        return total;
    }

    /** Whether a group of this name is one of the platform's (its name starts with one of the prefixes). */
    static boolean watched(String group, List<String> prefixes) {
        return prefixes.stream().anyMatch(group::startsWith);
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler = PeriodicCheck.start("kafka-consumer-lag-check", interval, this::check);
    }

    void check() {
        try {
            long timeout = interval.toMillis();
            List<String> groups = new ArrayList<>();
            for (GroupListing listing :
                    admin.get().listGroups(new ListGroupsOptions()).all().get(timeout, TimeUnit.MILLISECONDS)) {
                if (watched(listing.groupId(), prefixes)) {
                    groups.add(listing.groupId());
                }
            }
            Map<String, Map<TopicPartition, Long>> committedByGroup = new TreeMap<>();
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (String group : groups) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                try {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.get()
                            .listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(timeout, TimeUnit.MILLISECONDS);
                    offsets.forEach((partition, offset) -> {
                        if (offset != null) {
                            committed.put(partition, offset.offset());
                            partitions.put(partition, OffsetSpec.latest());
                        }
                    });
                } catch (ExecutionException e) {
                    continue; // not allowed to describe it, or gone since the listing
                }
                if (!committed.isEmpty()) {
                    committedByGroup.put(group, committed);
                }
            }
            Map<TopicPartition, Long> ends = ends(partitions, timeout);
            publish(committedByGroup, ends);
        } catch (TimeoutException e) {
            log.debug("Consumer lag check timed out after {}", interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            log.debug("Consumer lag check failed: {}", e.toString());
        }
    }

    /** The last stable offset of each partition this service may describe. */
    private Map<TopicPartition, Long> ends(Map<TopicPartition, OffsetSpec> partitions, long timeout)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (partitions.isEmpty()) {
            return ends;
        }
        ListOffsetsResult result =
                admin.get().listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
        for (TopicPartition partition : partitions.keySet()) {
            try {
                ends.put(
                        partition,
                        result.partitionResult(partition)
                                .get(timeout, TimeUnit.MILLISECONDS)
                                .offset());
            } catch (ExecutionException e) {
                // Not allowed to describe this topic (ACLs): the service that may reports it.
            }
        }
        return ends;
    }

    private void publish(Map<String, Map<TopicPartition, Long>> committedByGroup, Map<TopicPartition, Long> ends) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        Set<String> seen = committedByGroup.keySet();
        lags.keySet().retainAll(seen);
        committedByGroup.forEach((group, committed) -> {
            Map<TopicPartition, Long> known = new HashMap<>(committed);
            known.keySet().retainAll(ends.keySet());
            if (known.isEmpty()) {
                return;
            }
            AtomicLong value = lags.computeIfAbsent(group, g -> new AtomicLong());
            value.set(lag(committed, ends));
            rows.add(MultiGauge.Row.of(Tags.of("group", group), value, AtomicLong::get));
        });
        gauge.register(rows, true);
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        admin.close();
    }
}
