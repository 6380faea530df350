package uk.transferofcare.notification.config;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import uk.transferofcare.notification.delivery.DeliveryListener;
import uk.transferofcare.notification.delivery.PermanentDeliveryException;
import uk.transferofcare.support.kafka.PlatformKafkaProperties;

/**
 * The topics this service owns besides {@code notification-outcomes} (declared by the platform library):
 *
 * <ul>
 *   <li>{@code notification-deliveries}, {@code notification-deliveries-retry-0 .. -retry-N} and
 *       {@code notification-deliveries-dlt}: the non-blocking retry topics of {@code @RetryableTopic}, configured
 *       here programmatically from {@code notification.retries.*} (attempts, exponential back-off between topics),
 *       suffixed with index values so that the names do not change when the delays do; created by the framework
 *       with the platform's partitions and replication;
 *   <li>{@code notification-delivered}: the compacted dedupe store.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    static final String RETRY_SUFFIX = "-retry";

    @Bean
    KafkaAdmin.NewTopics notificationTopics(NotificationProperties properties, PlatformKafkaProperties platform) {
        PlatformKafkaProperties.Topics t = platform.topics();
        return new KafkaAdmin.NewTopics(
                new NewTopic(properties.topics().delivered(), t.partitions(), t.replicationFactor())
                        .configs(Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(properties.dedupe().retention().toMillis()),
                                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                Integer.toString(t.minInsyncReplicas()))));
    }

    /**
     * Per-container settings the shared listener container factory cannot express:
     *
     * <ul>
     *   <li>{@code notification-deliveries}: manual acknowledgements in any order ({@code asyncAcks}; the
     *       {@code DeliveryPipeline} acknowledges each record when its round is over) and polls of
     *       {@code notification.delivery.batch-size} records;
     *   <li>its retry topics: manual acknowledgements (the listener acknowledges after the round; a failure is handed
     *       on by the retry-topic framework), small polls (the rounds run one by one there);
     *   <li>{@code handover-events}: a batch listener, committed once per poll, in polls of
     *       {@code notification.delivery.batch-size} records.
     * </ul>
     *
     * The dead-letter topic's container keeps the service's defaults (one record at a time, committed after each).
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> notificationContainers(
            NotificationProperties properties) {
        String deliveries = properties.topics().deliveries();
        String retries = deliveries + RETRY_SUFFIX + "-";
        String events = properties.topics().events();
        String batch = Integer.toString(properties.delivery().batchSize());
        return container -> {
            ContainerProperties c = container.getContainerProperties();
            String[] topics = c.getTopics();
            if (topics == null || topics.length != 1) {
                return;
            }
            if (topics[0].equals(deliveries)) {
                c.setAckMode(ContainerProperties.AckMode.MANUAL);
                c.setAsyncAcks(true);
                c.getKafkaConsumerProperties().setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch);
            } else if (topics[0].startsWith(retries)) {
                c.setAckMode(ContainerProperties.AckMode.MANUAL);
            } else if (topics[0].equals(events)) {
                c.setAckMode(ContainerProperties.AckMode.BATCH);
                // The listener observes each record itself (so that its trace continues in what it writes); the
                // container's batch timer would register spring.kafka.listener with other tags than those
                // observations, which Prometheus refuses.
                c.setMicrometerEnabled(false);
                c.getKafkaConsumerProperties().setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch);
            }
        };
    }

    @Bean
    RetryTopicConfiguration deliveryRetryTopics(
            NotificationProperties properties,
            PlatformKafkaProperties platform,
            @Qualifier("deadLetterProducerFactory") ProducerFactory<Object, Object> producerFactory) {
        NotificationProperties.Retries retries = properties.retries();
        RetryTopicConfigurationBuilder builder = RetryTopicConfigurationBuilder.newInstance()
                .includeTopic(properties.topics().deliveries())
                .maxAttempts(retries.attempts());
        if (retries.multiplier() > 1.0) {
            builder.exponentialBackoff(
                    retries.initialDelay().toMillis(),
                    retries.multiplier(),
                    retries.maxDelay().toMillis());
        } else {
            builder.fixedBackOff(retries.initialDelay().toMillis());
        }
        return builder.suffixTopicsWithIndexValues()
                .retryTopicSuffix(RETRY_SUFFIX)
                .dltSuffix("-dlt")
                .notRetryOn(PermanentDeliveryException.class)
                .traversingCauses()
                .autoCreateTopics(
                        true, platform.topics().partitions(), platform.topics().replicationFactor())
                .dltHandlerMethod(DeliveryListener.BEAN_NAME, DeliveryListener.DLT_METHOD)
                .doNotRetryOnDltFailure()
                // The platform's dead-letter producer serializes Avro records and raw bytes (undecodable records).
                .create(new KafkaTemplate<>(producerFactory));
    }
}
