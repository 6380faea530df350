package uk.transferofcare.support.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.FixedBackOff;
import uk.transferofcare.events.Topic;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * Every listener container gets a {@link DefaultErrorHandler} that sends what it cannot process to
 * {@code <topic>-dlt} (same partition) and carries on. Records that could not even be deserialized
 * ({@code ErrorHandlingDeserializer}) go there at once with their original bytes and the exception in headers;
 * other failures are retried twice first.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterConfiguration.class);

    @Bean(destroyMethod = "destroy")
    DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(String.class, new StringSerializer());
        byType.put(GenericContainer.class, new AvroSerializer<>());
        DelegatingByTypeSerializer values = new DelegatingByTypeSerializer(byType, true);
        values.configure(config, false);
        DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config);
        factory.setKeySerializerSupplier(() -> new DelegatingByTypeSerializer(
                Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer()), true));
        factory.setValueSerializerSupplier(() -> values);
        return factory;
    }

    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(
            DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(deadLetterProducerFactory);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template,
                (record, exception) -> new TopicPartition(deadLetterTopic(record.topic()), record.partition()));
        recoverer.setFailIfSendResultIsError(true);
        return recoverer;
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetterErrorHandler(
            DeadLetterPublishingRecoverer recoverer,
            ObjectProvider<DeadLetterListener> listeners,
            ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        io.micrometer.core.instrument.MeterRegistry registry =
                meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry);
        // Every catalogue topic's series exists from the start at 0, so an alert on its increase sees the first one.
        uk.transferofcare.events.Topics.all().forEach(topic -> deadLetters(registry, topic.name()));
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, exception) -> {
                    log.warn(
                            "Sending record {}-{}@{} to {}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            deadLetterTopic(record.topic()),
                            rootMessage(exception));
                    recoverer.accept(record, exception);
                    deadLetters(registry, record.topic()).increment();
                    listeners.forEach(l -> l.deadLettered(record.topic(), record.partition(), record.offset()));
                },
                new FixedBackOff(500L, 2L));
        handler.setCommitRecovered(true);
        return handler;
    }

    private static io.micrometer.core.instrument.Counter deadLetters(
            io.micrometer.core.instrument.MeterRegistry registry, String topic) {
        return io.micrometer.core.instrument.Counter.builder("platform.dead.letters")
                .description("records this service's listeners sent to a dead-letter topic")
                .tag("topic", topic)
                .register(registry);
    }

    static String deadLetterTopic(String topic) {
        return topic.endsWith(Topic.DEAD_LETTER_SUFFIX) ? topic : topic + Topic.DEAD_LETTER_SUFFIX;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Told about every record sent to a dead-letter topic, e.g. to count them. */
    @FunctionalInterface
    public interface DeadLetterListener {
        void deadLettered(String topic, int partition, long offset);
    }
}
