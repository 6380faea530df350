package uk.transferofcare.notification.delivery;

import io.micrometer.observation.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.support.TopicTail;

/**
 * Which notifications were delivered: notificationId → when. Durable in a compacted topic this service owns
 * ({@code notification.topics.delivered}, key = notificationId, value = delivery instant in epoch millis), read
 * completely into memory at start-up before any listener starts, and tailed afterwards so that instances sharing the
 * work learn each other's deliveries. A delivery is written here (acks=all) before its DELIVERED outcome and before
 * its offset is committed, so a redelivered task, a retry or a replay of a delivered notification is suppressed. The
 * writes of deliveries in flight together go to the broker together (the producer's batching), not one by one.
 */
@Component
public class DedupeStore implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DedupeStore.class);

    private final Map<String, Instant> delivered = new ConcurrentHashMap<>();
    private final DefaultKafkaProducerFactory<String, String> producerFactory;
    private final KafkaTemplate<String, String> template;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TopicTail tail;

    DedupeStore(KafkaProperties kafka, NotificationProperties properties, Clock clock) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerFactory =
                new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new StringSerializer());
        this.template = new KafkaTemplate<>(producerFactory);
        this.properties = properties;
        this.clock = clock;
        this.tail = new TopicTail(properties.topics().delivered(), kafka.buildConsumerProperties(), -1, this::remember);
    }

    /** When this notification was delivered, if it was. */
    public Optional<Instant> deliveredAt(String notificationId) {
        return Optional.ofNullable(delivered.get(notificationId));
    }

    /**
     * Records a delivery durably.
     *
     * @param trace the observation of the task's record, whose trace the write continues; null for none
     * @return completes once the broker acknowledged the write (acks=all) and the delivery is remembered here; the
     *     producer batches the writes of concurrent deliveries ({@code linger.ms}) into one request per partition
     */
    CompletableFuture<Instant> markDelivered(String notificationId, Observation trace) {
        Instant now = clock.instant();
        Supplier<CompletableFuture<SendResult<String, String>>> send =
                () -> template.send(properties.topics().delivered(), notificationId, Long.toString(now.toEpochMilli()));
        return (trace == null ? send.get() : trace.scoped(send)).handle((result, error) -> {
            if (error != null) {
                throw new IllegalStateException(
                        "Cannot record delivery " + notificationId + " in "
                                + properties.topics().delivered(),
                        error);
            }
            delivered.put(notificationId, now);
            return now;
        });
    }

    private void remember(String key, byte[] value) {
        if (key == null) {
            return;
        }
        if (value == null) {
            delivered.remove(key);
            return;
        }
        delivered.merge(
                key,
                Instant.ofEpochMilli(Long.parseLong(new String(value, StandardCharsets.UTF_8).trim())),
                (a, b) -> a.isBefore(b) ? a : b);
    }

    @Override
    public void start() {
        tail.start();
        tail.awaitCaughtUp(properties.dedupe().loadTimeout(), "notification.dedupe.load-timeout");
        log.info(
                "Dedupe store ready: {} delivered notifications from {}",
                delivered.size(),
                properties.topics().delivered());
    }

    @Override
    public void stop() {
        tail.close();
        producerFactory.destroy();
    }

    @Override
    public boolean isRunning() {
        return tail.isRunning();
    }

    /** Before the listener containers (which start in the default phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
