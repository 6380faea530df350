package uk.transferofcare.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic, outside any consumer group ({@code read_committed}, no offsets committed), from
 * its beginning or from its end, on a thread of its own, and hands each record's bytes to a handler. What it adds to
 * a plain poll loop is the one thing a read model needs to answer "have you seen everything?" exactly:
 *
 * <ul>
 *   <li>its position is taken from the consumer after each poll has been handled, so it counts the transaction
 *       markers the consumer skipped, and never counts a record that was fetched but not yet handled;
 *   <li>{@link #caughtUp()}: it has handled everything that was committed when it started;
 *   <li>{@link #catchUp()}: a future completed once it has handled everything committed when the request was made
 *       (read your writes: a verdict or a case written a moment ago by another process is there after it).
 * </ul>
 *
 * A handler that throws gets the record passed to {@code onFailure} (e.g. a dead-letter recoverer) and the follower
 * carries on; a consumer that fails (broker gone) is recreated after a pause and resumes where it was. Partitions
 * added to the topic later are followed from their beginning within a minute.
 */
public final class TopicFollower implements AutoCloseable {

    /** Where a follower starts. */
    public enum From {
        BEGINNING,
        END
    }

    /** Handles one record; runs on the follower's thread. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /** Told about a record the handler failed on. */
    @FunctionalInterface
    public interface Failure {
        void failed(ConsumerRecord<String, byte[]> record, Exception error);
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PARTITION_CHECK = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> config;
    private final From from;
    private final Handler handler;
    private final Failure failure;
    private final java.util.function.Consumer<Map<TopicPartition, Long>> onPositions;
    private final Thread thread;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final List<Target> targets = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private record Target(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {}

    private TopicFollower(
            String name,
            String topic,
            Map<String, Object> config,
            From from,
            Handler handler,
            Failure failure,
            java.util.function.Consumer<Map<TopicPartition, Long>> onPositions) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.config = new HashMap<>(config);
        this.config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        // fetch.max.wait.ms stays Kafka's (500 ms): a waiting fetch is answered as soon as a committed record or a
        // transaction marker lands in one of its partitions, so a shorter wait buys no latency, only idle requests
        // (measured: commit → consumed p50 5-9 ms with 5 ms and with 500 ms; an idle follower at 5 ms costs the broker
        // about 3% of a core).
        this.from = Objects.requireNonNull(from, "from");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.onPositions = onPositions == null ? positions -> {} : onPositions;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts following.
     *
     * @param name the thread's and the consumer's client id
     * @param consumerConfig Kafka consumer settings (bootstrap servers...); group id and auto commit are ignored
     */
    public static TopicFollower start(
            String name,
            String topic,
            Map<String, Object> consumerConfig,
            From from,
            Handler handler,
            Failure failure) {
        return start(name, topic, consumerConfig, from, handler, failure, null);
    }

    /**
     * Starts following, telling {@code onPositions} (on the follower's thread) where it is after each poll it handled.
     */
    public static TopicFollower start(
            String name,
            String topic,
            Map<String, Object> consumerConfig,
            From from,
            Handler handler,
            Failure failure,
            java.util.function.Consumer<Map<TopicPartition, Long>> onPositions) {
        TopicFollower follower = new TopicFollower(name, topic, consumerConfig, from, handler, failure, onPositions);
        follower.thread.start();
        return follower;
    }

    public String topic() {
        return topic;
    }

    /** True once it has handled everything that was committed when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * A future completed once this follower has handled everything committed to the topic when the request is picked
     * up (within one poll); it may never complete while Kafka is unreachable, so wait on it with a timeout.
     */
    public CompletableFuture<Void> catchUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        requests.add(done);
        return done;
    }

    /** Where it is in each partition (the next offset it will handle). */
    public synchronized Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Following {} failed; starting again in 2 s: {}", topic, e.toString());
                    pause(Duration.ofSeconds(2));
                }
            } finally {
                consumer = null;
            }
        }
        requests.forEach(r -> r.completeExceptionally(new IllegalStateException("stopped following " + topic)));
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        Set<TopicPartition> assigned = new HashSet<>(partitions(c));
        while (running && assigned.isEmpty()) {
            log.info("Waiting for topic {}", topic);
            pause(Duration.ofSeconds(2));
            assigned.addAll(partitions(c));
        }
        c.assign(assigned);
        Map<TopicPartition, Long> known = positions();
        for (TopicPartition tp : assigned) {
            Long resume = known.get(tp);
            if (resume != null) {
                c.seek(tp, resume);
            } else if (from == From.BEGINNING) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seekToEnd(List.of(tp));
            }
        }
        Map<TopicPartition, Long> startEnds = caughtUp ? Map.of() : c.endOffsets(assigned);
        record(c, assigned);
        if (!caughtUp && reached(startEnds)) {
            caughtUp = true;
        }
        long nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        while (running) {
            takeRequests(c, assigned);
            ConsumerRecords<String, byte[]> records = c.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    handler.handle(record);
                } catch (Exception e) {
                    failure.failed(record, e);
                }
            }
            record(c, assigned);
            onPositions.accept(positions());
            if (!caughtUp && reached(startEnds)) {
                caughtUp = true;
                log.info("Caught up with {}", topic);
            }
            completeTargets();
            if (System.nanoTime() > nextCheck) {
                nextCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
                Set<TopicPartition> added = new HashSet<>(partitions(c));
                added.removeAll(assigned);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    c.assign(assigned);
                    c.seekToBeginning(added);
                    log.info("Following new partitions {} of {}", added, topic);
                }
            }
        }
    }

    private void takeRequests(KafkaConsumer<String, byte[]> c, Set<TopicPartition> assigned) {
        if (requests.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = c.endOffsets(assigned);
        CompletableFuture<Void> request;
        synchronized (this) {
            while ((request = requests.poll()) != null) {
                targets.add(new Target(ends, request));
            }
        }
        completeTargets();
    }

    private synchronized void completeTargets() {
        targets.removeIf(target -> {
            if (reached(target.ends())) {
                target.done().complete(null);
                return true;
            }
            return false;
        });
    }

    private synchronized void record(KafkaConsumer<String, byte[]> c, Set<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            positions.put(tp, c.position(tp));
        }
    }

    private synchronized boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
        return infos == null
                ? List.of()
                : infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
