package uk.transferofcare.api.handover;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Brings each verdict back to the request that waits for it. Every API instance reads every partition of {@code
 * handover-outcomes}, outside any consumer group, {@code read_committed} (a verdict counts once the processor's
 * transaction committed), from the end as it was at start-up: whichever instance holds a request sees its verdict,
 * and no instance replays history. Only outcomes whose request id header names a waiting request of this instance
 * are decoded; the rest are skipped as bytes.
 *
 * <p>Readiness ({@code verdicts}) is UP once every partition is assigned and positioned: before that a verdict could
 * pass unseen, and submissions would wait their full verdict timeout for nothing. Partitions added to the topic later
 * are picked up within a minute, from their beginning.
 */
@Component("verdictsHealthIndicator")
class VerdictListener extends AbstractHealthIndicator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerdictListener.class);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(60);

    private final KafkaProperties kafka;
    private final VerdictWaiters waiters;
    private final String topic = Topics.OUTCOMES.name();
    private volatile boolean running;
    private volatile boolean positioned;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    VerdictListener(KafkaProperties kafka, VerdictWaiters waiters) {
        super("Verdict listener check failed");
        this.kafka = kafka;
        this.waiters = waiters;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "verdict-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "handover-api-verdicts");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        AvroDeserializer<SubmissionOutcome> values = new AvroDeserializer<>(SubmissionOutcome.class);
        values.configure(config, false);
        while (running) {
            try (KafkaConsumer<String, byte[]> c =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                follow(c, values);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                positioned = false;
                log.warn("Verdict listener lost its consumer, starting again in 2 s: {}", e.toString());
                sleep(Duration.ofSeconds(2));
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c, AvroDeserializer<SubmissionOutcome> values) {
        Set<TopicPartition> assigned = new HashSet<>(partitions(c));
        while (running && assigned.isEmpty()) {
            log.info("Verdict listener waits for topic {}", topic);
            sleep(Duration.ofSeconds(2));
            assigned.addAll(partitions(c));
        }
        c.assign(assigned);
        c.seekToEnd(assigned);
        assigned.forEach(c::position); // resolve the end now: what comes after start-up is what we wait for
        positioned = true;
        log.info("Verdict listener follows {} partitions of {} from their end", assigned.size(), topic);
        long nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        while (running) {
            for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                deliver(record, values);
            }
            if (System.nanoTime() > nextCheck) {
                nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                Set<TopicPartition> now = new HashSet<>(partitions(c));
                now.removeAll(assigned);
                if (!now.isEmpty()) {
                    assigned.addAll(now);
                    c.assign(assigned);
                    c.seekToBeginning(now);
                    log.info("Verdict listener now also follows new partitions {}", now);
                }
            }
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record, AvroDeserializer<SubmissionOutcome> values) {
        Header header = record.headers().lastHeader(VerdictWaiters.REQUEST_ID_HEADER);
        String requestId = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (!waiters.wants(requestId)) {
            return;
        }
        try {
            waiters.complete(requestId, values.deserialize(record.topic(), record.headers(), record.value()));
        } catch (RuntimeException e) {
            // The waiting request gets 202 when its wait runs out; the status URL is read from the read model.
            log.warn(
                    "Outcome {}-{}@{} for a waiting request cannot be decoded: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null
                ? List.of()
                : infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("topic", topic).withDetail("waiting", waiters.waiting());
        if (positioned) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }
}
