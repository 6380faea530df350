package uk.transferofcare.support.kafka;

import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;

/**
 * What every service gets from the support library: the platform topics declared, dead-letter handling for every
 * listener, and readiness checks of Kafka and the schema registry.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(PlatformKafkaProperties.class)
@Import({PlatformTopicsConfiguration.class, DeadLetterConfiguration.class})
public class PlatformKafkaAutoConfiguration {

    /** The registry settings the serializers use, read from {@code spring.kafka.properties}. */
    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClientConfig schemaRegistryClientConfig(KafkaProperties kafka) {
        return SchemaRegistryClientConfig.from(Map.copyOf(kafka.getProperties()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaProperties kafka, PlatformKafkaProperties platform) {
            return new KafkaClusterHealthIndicator(
                    kafka.buildAdminProperties(), platform.health().timeoutMs());
        }

        /** The replication of the platform's topics as gauges, for operators' alerts (deploy/prometheus). */
        @Bean
        @ConditionalOnMissingBean
        KafkaReplicationMetrics kafkaReplicationMetrics(
                KafkaProperties kafka,
                PlatformKafkaProperties platform,
                org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
            List<String> topics = new java.util.ArrayList<>();
            for (uk.transferofcare.events.Topic<?> topic : uk.transferofcare.events.Topics.all()) {
                topics.add(topic.name());
                topics.add(topic.deadLetterTopic());
            }
            return new KafkaReplicationMetrics(
                    kafka.buildAdminProperties(),
                    topics,
                    platform.topics().minInsyncReplicas(),
                    platform.health().replicationCheckInterval(),
                    meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
        }

        /**
         * How far behind each of the platform's consumer groups is, seen from the broker, as gauges for operators'
         * alerts: a consumer that hangs or is gone reports no lag of its own.
         */
        @Bean
        @ConditionalOnMissingBean
        ConsumerGroupLagMetrics consumerGroupLagMetrics(
                KafkaProperties kafka,
                PlatformKafkaProperties platform,
                org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
            return new ConsumerGroupLagMetrics(
                    kafka.buildAdminProperties(),
                    platform.health().lagGroupPrefixes(),
                    platform.health().replicationCheckInterval(),
                    meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
        }

        /**
         * Whether this service reaches Kafka, the registry and PostgreSQL, as gauges for operators' alerts: the
         * registry and PostgreSQL export nothing Prometheus scrapes.
         */
        @Bean
        @ConditionalOnMissingBean
        DependencyHealthMetrics dependencyHealthMetrics(
                org.springframework.beans.factory.ObjectProvider<HealthContributorRegistry> contributors,
                PlatformKafkaProperties platform,
                org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
            return new DependencyHealthMetrics(
                    contributors::getIfAvailable,
                    platform.health().dependencyCheckInterval(),
                    meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
        }

        @Bean
        @ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
        SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(
                SchemaRegistryClientConfig registry, PlatformKafkaProperties platform) {
            return new SchemaRegistryHealthIndicator(registry, platform.health().timeoutMs());
        }
    }
}
