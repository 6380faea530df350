package uk.transferofcare.notification.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on a background thread, without a consumer group (every instance reads
 * everything), from the beginning or from the last {@code n} records per partition, and hands each record's raw value
 * to a sink. {@link #awaitCaughtUp} waits until it has read what the topic held when it started.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(60);

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final long lastPerPartition;
    private final BiConsumer<String, byte[]> sink;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile RuntimeException failure;
    private Thread thread;

    /**
     * @param topic the topic
     * @param kafkaConsumerConfig consumer settings (bootstrap servers, security); group and deserializers are set
     *     here
     * @param lastPerPartition read only this many last records per partition; {@code -1} reads everything
     * @param sink receives key and raw value of every record, in offset order per partition, on the tail's thread
     */
    public TopicTail(
            String topic,
            Map<String, Object> kafkaConsumerConfig,
            long lastPerPartition,
            BiConsumer<String, byte[]> sink) {
        this.topic = topic;
        this.lastPerPartition = lastPerPartition;
        this.sink = sink;
        Map<String, Object> config = new HashMap<>(kafkaConsumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tail-" + topic);
        this.consumerConfig = config;
    }

    /** Starts the background thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until everything the topic held at start has been read.
     *
     * @throws IllegalStateException when that takes longer than the timeout or the tail failed
     */
    public void awaitCaughtUp(Duration timeout, String settingName) {
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Could not read topic " + topic + " within " + timeout + " ("
                        + settingName + "); is Kafka reachable and does the topic exist?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + topic, e);
        }
        if (failure != null) {
            throw new IllegalStateException("Could not read topic " + topic + ": " + failure.getMessage(), failure);
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig)) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            if (lastPerPartition < 0) {
                c.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
                partitions.forEach(tp -> c.seek(tp, Math.max(begin.get(tp), end.get(tp) - lastPerPartition)));
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        sink.accept(r.key(), r.value());
                    } catch (RuntimeException e) {
                        log.warn("Skipping record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                    }
                }
                if (caughtUp.getCount() > 0 && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            log.error("Reading {} failed", topic, e);
        } finally {
            running = false;
            caughtUp.countDown();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        // The topic is declared by this service's KafkaAdmin just before; on a busy broker the new
        // topic can take a moment to reach every broker's metadata, so wait for it rather than fail.
        long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
        List<PartitionInfo> info = c.partitionsFor(topic, Duration.ofSeconds(30));
        while ((info == null || info.isEmpty()) && running && System.nanoTime() < deadline) {
            sleepQuietly(Duration.ofMillis(250));
            info = c.partitionsFor(topic, Duration.ofSeconds(30));
        }
        if (info == null || info.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist (waited " + TOPIC_WAIT + ")");
        }
        return info.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    @Override
    public synchronized void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }
}
