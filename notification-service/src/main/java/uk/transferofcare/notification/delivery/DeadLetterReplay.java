package uk.transferofcare.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * Re-drives the dead-letter topic: every record the replay group has not replayed yet, up to the end of the DLT as
 * it is when the replay starts, goes back to {@code notification-deliveries} unchanged (same bytes, same key) with
 * fresh attempt counting and a {@code notification-replayed-from} header. Offsets of the replay group are committed
 * after each record is acknowledged by the broker, so a replay is never repeated and a crash mid-replay resumes
 * where it stopped. A replayed notification that was delivered meanwhile is suppressed by the dedupe store.
 */
@Component
public class DeadLetterReplay {

    static final String REPLAYED_FROM = "notification-replayed-from";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final Map<String, Object> consumerConfig;
    private final KafkaTemplate<Object, Object> template;
    private final String deadLetterTopic;
    private final String deliveriesTopic;

    DeadLetterReplay(
            KafkaProperties kafka,
            NotificationProperties properties,
            @Qualifier("deadLetterProducerFactory") ProducerFactory<Object, Object> producerFactory,
            @Value("${spring.application.name}") String application) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, application + "-dlt-replay");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        this.consumerConfig = config;
        this.template = new KafkaTemplate<>(producerFactory);
        this.deliveriesTopic = properties.topics().deliveries();
        this.deadLetterTopic = properties.topics().deliveries() + "-dlt";
    }

    /** What a replay did. */
    public record Report(String from, String to, int replayed) {}

    /** Replays everything not replayed yet; one replay at a time. */
    public synchronized Report replay() {
        int replayed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    consumer.seek(tp, c.offset());
                } else {
                    consumer.seekToBeginning(List.of(tp));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Replay of " + deadLetterTopic + " did not finish within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    if (r.value() != null) {
                        ProducerRecord<Object, Object> copy = new ProducerRecord<>(deliveriesTopic, r.key(), r.value());
                        for (Header h : r.headers()) {
                            if (h.key().equals("traceparent") || h.key().equals("tracestate")) {
                                copy.headers().add(h);
                            }
                        }
                        copy.headers()
                                .add(
                                        REPLAYED_FROM,
                                        (r.topic() + "-" + r.partition() + "@" + r.offset())
                                                .getBytes(StandardCharsets.UTF_8));
                        template.send(copy).get(30, TimeUnit.SECONDS);
                        replayed++;
                    }
                    consumer.commitSync(Map.of(
                            new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot republish to " + deliveriesTopic, e);
        }
        log.info("Replayed {} dead-lettered deliveries from {} to {}", replayed, deadLetterTopic, deliveriesTopic);
        return new Report(deadLetterTopic, deliveriesTopic, replayed);
    }

    private static boolean done(
            KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                open.add(tp);
            }
        }
        return open.isEmpty();
    }
}
