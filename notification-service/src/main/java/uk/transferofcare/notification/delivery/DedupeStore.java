package uk.transferofcare.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.support.TopicTail;

/**
 * Which notifications were delivered: notificationId → when. Durable in a compacted topic this service owns
 * ({@code notification.topics.delivered}, key = notificationId, value = delivery instant in epoch millis), read
 * completely into memory at start-up before any listener starts, and tailed afterwards so that instances sharing the
 * work learn each other's deliveries. A delivery is written here (acks=all) before its DELIVERED outcome and before
 * its offset is committed, so a redelivered task, a retry or a replay of a delivered notification is suppressed.
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

    /** Records a delivery durably (waits for the broker's acknowledgement). */
    void markDelivered(String notificationId) {
        Instant now = clock.instant();
        try {
            template.send(properties.topics().delivered(), notificationId, Long.toString(now.toEpochMilli()))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording delivery " + notificationId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot record delivery " + notificationId + " in "
                            + properties.topics().delivered(),
                    e);
        }
        delivered.put(notificationId, now);
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
