package uk.transferofcare.processor.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.KafkaStreamsInfrastructureCustomizer;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;
import uk.transferofcare.events.Topics;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.stream.CaseLogic;
import uk.transferofcare.processor.stream.HandoverTopology;
import uk.transferofcare.processor.stream.TopicNames;
import uk.transferofcare.support.kafka.PlatformKafkaProperties;

/**
 * Wires the topology into Spring Kafka's Kafka Streams support ({@code @EnableKafkaStreams}; Spring Boot builds the
 * configuration from {@code spring.kafka.streams.*}). On top of what {@code application.yml} sets, this enforces what
 * the processor's correctness depends on and takes the rest from typed settings:
 *
 * <ul>
 *   <li>{@code processing.guarantee} must be {@code exactly_once_v2} (anything else stops start-up);
 *   <li>{@code replication.factor} of the changelog topics is {@code platform.kafka.topics.replication-factor}, the
 *       same as every platform topic;
 *   <li>{@code num.standby.replicas} and {@code num.stream.threads} come from {@code handover.streams.*};
 *   <li>a stream thread that dies is replaced, a bounded number of times ({@link ThreadReplacement}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class HandoverStreamsConfiguration {

    static final String GUARANTEE_KEY = "spring.kafka.streams.properties.processing.guarantee";

    @Bean
    HandoverStateMachine handoverStateMachine(ProcessorProperties properties) {
        return new HandoverStateMachine(properties.policy().toDomain());
    }

    @Bean
    StreamsBuilderFactoryBeanConfigurer handoverTopologyConfigurer(
            ProcessorProperties properties,
            PlatformKafkaProperties platform,
            HandoverStateMachine machine,
            MeterRegistry meters) {
        return factoryBean -> {
            Properties streams = effectiveStreamsConfig(factoryBean.getStreamsConfiguration(), properties, platform);
            factoryBean.setStreamsConfiguration(streams);
            Map<String, Object> serdeConfig = new HashMap<>();
            streams.forEach((key, value) -> serdeConfig.put(key.toString(), value));
            HandoverTopology.Settings settings = new HandoverTopology.Settings(
                    TopicNames.withPrefix(properties.topics().prefix()),
                    CaseLogic.of(machine),
                    properties.timers().punctuationInterval(),
                    properties.timers().maxPerPunctuation(),
                    properties.timers().retryAfterFailure(),
                    serdeConfig,
                    meters,
                    platform.topics().retentionMs(Topics.STATE),
                    properties.streams().recentCases());
            factoryBean.setInfrastructureCustomizer(new KafkaStreamsInfrastructureCustomizer() {
                @Override
                public void configureTopology(Topology topology) {
                    HandoverTopology.addTo(topology, settings);
                }
            });
            factoryBean.setStreamsUncaughtExceptionHandler(new ThreadReplacement(
                    properties.streams().maxThreadReplacements(), Duration.ofMinutes(10), Clock.systemUTC()));
        };
    }

    /**
     * The processor's own topics (repeat attendance: {@code handover-processor-person-keys}, {@code
     * handover-processor-repeat-flags}), created at start-up before the streams start, as Kafka Streams creates its
     * internal topics: the platform's partition count (the flags topic must be co-partitioned with {@code
     * handover-submissions}), and kept {@link HandoverTopology#REPEAT_RETENTION}. Their names begin with the application
     * id, so the processor's prefixed ACL ({@code handover-processor-}) covers them and no other principal may read
     * them.
     */
    @Bean
    KafkaAdmin.NewTopics repeatAttendanceTopics(ProcessorProperties properties, PlatformKafkaProperties platform) {
        PlatformKafkaProperties.Topics t = platform.topics();
        TopicNames names = TopicNames.withPrefix(properties.topics().prefix());
        return new KafkaAdmin.NewTopics(names.internal().stream()
                .map(name -> new NewTopic(name, t.partitions(), t.replicationFactor())
                        .configs(Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(HandoverTopology.REPEAT_RETENTION.toMillis()),
                                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                Integer.toString(t.minInsyncReplicas()))))
                .toArray(NewTopic[]::new));
    }

    @Bean
    KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean) {
        return new KafkaStreamsHealthIndicator(factoryBean);
    }

    /** Spring Boot's streams configuration with the processor's non-negotiable settings applied. */
    static Properties effectiveStreamsConfig(
            Properties configured, ProcessorProperties properties, PlatformKafkaProperties platform) {
        Properties streams = new Properties();
        streams.putAll(configured);
        Object guarantee = streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            throw new InvalidConfigurationPropertyValueException(
                    GUARANTEE_KEY,
                    guarantee,
                    "The processor decides every case exactly once; it runs only with "
                            + StreamsConfig.EXACTLY_ONCE_V2);
        }
        streams.put(
                StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) platform.topics().replicationFactor());
        streams.put(
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, properties.streams().standbyReplicas());
        streams.put(
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streams().threads());
        return streams;
    }
}
