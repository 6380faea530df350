package uk.transferofcare.support.kafka;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the platform's topics are declared. A bad value stops start-up with a message naming the key.
 *
 * @param topics partitions, replication and durability of every platform topic and its dead-letter topic
 * @param health timeouts of the readiness checks of Kafka and the schema registry
 */
@Validated
@ConfigurationProperties("platform.kafka")
public record PlatformKafkaProperties(
        @Valid @DefaultValue Topics topics,
        @Valid @DefaultValue Health health) {

    /**
     * @param declare declare (create if missing) every platform topic at start-up
     * @param partitions partitions of every platform topic (keys are case ids)
     * @param replicationFactor replicas of every topic (3 in production)
     * @param minInsyncReplicas replicas that must have a write before it is acknowledged (2 in production)
     * @param retention {@code retention.ms} per catalogue topic, overriding the catalogue's
     *     ({@code uk.transferofcare.events.Topics}): a duration ({@code 90d}, {@code P400D}) or {@code forever}; e.g.
     *     {@code platform.kafka.topics.retention.handover-events=180d} in a configuration file, on the command line or
     *     in {@code SPRING_APPLICATION_JSON} (an environment variable name cannot spell the dash; a misspelt topic stops
     *     start-up). Give every service that declares topics the same values.
     */
    public record Topics(
            @DefaultValue("true") boolean declare,
            @DefaultValue("3") @Min(1) @Max(1000) int partitions,
            @DefaultValue("1") @Min(1) @Max(16) short replicationFactor,
            @DefaultValue("1") @Min(1) @Max(16) int minInsyncReplicas,
            @DefaultValue Map<String, String> retention) {

        /** With the catalogue's retention for every topic. */
        public Topics(boolean declare, int partitions, short replicationFactor, int minInsyncReplicas) {
            this(declare, partitions, replicationFactor, minInsyncReplicas, Map.of());
        }

        @ConstructorBinding
        public Topics {
            retention = retention == null ? Map.of() : Map.copyOf(retention);
        }

        /**
         * The {@code retention.ms} of a catalogue topic: {@code platform.kafka.topics.retention.<topic>} if set, else
         * the catalogue's. For stores that must keep their data no longer than a topic does (the processor's case
         * store keeps what {@code handover-state} keeps).
         */
        public long retentionMs(uk.transferofcare.events.Topic<?> topic) {
            return PlatformTopicsConfiguration.retention(retention).getOrDefault(topic.name(), topic.retentionMs());
        }
    }

    /**
     * @param timeoutMs how long a readiness check may wait for Kafka or the registry
     * @param replicationCheckInterval how often the replication of the platform topics is checked for the {@code
     *     platform.kafka.partitions.*} metrics (1 s to 1 h; 5 s by default: a broker that dies and is back within
     *     seconds leaves its partitions under-replicated for only a few seconds, which a 30 s check mostly missed, and
     *     PartitionsBelowMinIsr waits only 30 s before it pages)
     * @param dependencyCheckInterval how often the service's checks of Kafka, the registry and PostgreSQL are asked for
     *     the {@code platform.dependency.up} metric (1 s to 1 h; 5 s by default)
     * @param lagGroupPrefixes the consumer groups whose lag, seen from the broker, is published as {@code
     *     platform.kafka.consumer.group.lag} (every {@code replication-check-interval}): those whose names start with
     *     one of these ({@code handover-} and {@code notification-} by default: the platform's own); none empty
     */
    public record Health(
            @DefaultValue("2000") @Min(100) @Max(60000) int timeoutMs,
            @DefaultValue("5s") java.time.Duration replicationCheckInterval,
            @DefaultValue("5s") java.time.Duration dependencyCheckInterval,
            @DefaultValue({"handover-", "notification-"}) java.util.List<String> lagGroupPrefixes) {

        /** The platform's consumer groups: their names start with one of these. */
        public static final java.util.List<String> PLATFORM_GROUP_PREFIXES =
                java.util.List.of("handover-", "notification-");

        /** With the default check intervals and groups. */
        public Health(int timeoutMs) {
            this(timeoutMs, java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5), PLATFORM_GROUP_PREFIXES);
        }

        @ConstructorBinding
        public Health {
            requireCheckInterval("replication-check-interval", replicationCheckInterval);
            requireCheckInterval("dependency-check-interval", dependencyCheckInterval);
            if (lagGroupPrefixes == null || lagGroupPrefixes.stream().anyMatch(p -> p == null || p.isBlank())) {
                throw new IllegalArgumentException("platform.kafka.health.lag-group-prefixes=" + lagGroupPrefixes
                        + ": each prefix must name the start of a consumer group (none empty)");
            }
            lagGroupPrefixes = java.util.List.copyOf(lagGroupPrefixes);
        }

        /** A check interval between 1 s and 1 h, or start-up stops naming the key. */
        private static void requireCheckInterval(String key, java.time.Duration interval) {
            if (interval.compareTo(java.time.Duration.ofSeconds(1)) < 0
                    || interval.compareTo(java.time.Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "platform.kafka.health." + key + "=" + interval + ": must be between 1s and 1h");
            }
        }
    }
}
