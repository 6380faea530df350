package uk.transferofcare.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;

/**
 * Declares every platform topic and its dead-letter topic with partitions and replication from configuration. The
 * broker's auto-create is off, so topics exist because code declared them, with the right cleanup policy and an
 * explicit retention ({@link Topic#retentionMs()} unless {@code platform.kafka.topics.retention.<topic>} says
 * otherwise: never the broker's default). {@code
 * spring.kafka.admin.modify-topic-configs} (on in {@code platform-defaults.yml}) brings topics created before a
 * change of these settings in line at the next start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "platform.kafka.topics", name = "declare", matchIfMissing = true)
class PlatformTopicsConfiguration {

    @Bean
    KafkaAdmin.NewTopics platformTopics(PlatformKafkaProperties properties) {
        return new KafkaAdmin.NewTopics(newTopics(properties.topics()).toArray(NewTopic[]::new));
    }

    static List<NewTopic> newTopics(PlatformKafkaProperties.Topics settings) {
        if (settings.minInsyncReplicas() > settings.replicationFactor()) {
            throw new IllegalStateException("platform.kafka.topics.min-insync-replicas ("
                    + settings.minInsyncReplicas() + ") must not exceed platform.kafka.topics.replication-factor ("
                    + settings.replicationFactor() + ")");
        }
        Map<String, Long> retention = retention(settings.retention());
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            long retentionMs = retention.getOrDefault(topic.name(), topic.retentionMs());
            topics.add(new NewTopic(topic.name(), settings.partitions(), settings.replicationFactor())
                    .configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            Topic.cleanupPolicy(topic.compacted(), retentionMs),
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(retentionMs),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                            Integer.toString(settings.minInsyncReplicas()))));
            // Same partition count: a dead letter keeps its original partition, so per-case order survives replay.
            topics.add(new NewTopic(topic.deadLetterTopic(), settings.partitions(), settings.replicationFactor())
                    .configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topic.DEAD_LETTER_RETENTION_MS),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.minInsyncReplicas()))));
        }
        return topics;
    }

    /**
     * {@code platform.kafka.topics.retention}: catalogue topic name to {@code retention.ms}.
     *
     * @throws IllegalStateException naming the key of an unknown topic or a value that is neither a positive duration
     *     nor {@code forever}
     */
    static Map<String, Long> retention(Map<String, String> configured) {
        Map<String, Long> retention = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        configured.forEach((name, value) -> {
            String key = "platform.kafka.topics.retention." + name;
            if (Topics.byName(name).isEmpty()) {
                problems.add(key + ": not a platform topic; known: "
                        + Topics.all().stream().map(Topic::name).toList());
                return;
            }
            String text = value == null ? "" : value.strip();
            if (text.equalsIgnoreCase("forever")) {
                retention.put(name, Topic.KEEP_FOREVER);
                return;
            }
            try {
                Duration duration = DurationStyle.detectAndParse(text);
                if (duration.toMillis() < 1) {
                    problems.add(key + ": must be a positive duration (e.g. 400d) or forever, was '" + value + "'");
                } else {
                    retention.put(name, duration.toMillis());
                }
            } catch (IllegalArgumentException e) {
                problems.add(key + ": must be a duration (e.g. 400d, P400D) or forever, was '" + value + "'");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return retention;
    }
}
