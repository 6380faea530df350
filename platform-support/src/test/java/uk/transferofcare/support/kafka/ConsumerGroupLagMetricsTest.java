package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerGroupLagMetricsTest {

    private static final TopicPartition EVENTS_0 = new TopicPartition("handover-events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("handover-events", 1);
    private static final TopicPartition DELIVERIES_0 = new TopicPartition("notification-deliveries", 0);

    @Test
    void aGroupsLagIsWhatIsWrittenButNotCommittedSummedOverItsPartitions() {
        assertThat(ConsumerGroupLagMetrics.lag(
                        Map.of(EVENTS_0, 100L, EVENTS_1, 250L, DELIVERIES_0, 7L),
                        Map.of(EVENTS_0, 1_300L, EVENTS_1, 250L, DELIVERIES_0, 9L)))
                .isEqualTo(1_200 + 0 + 2);
    }

    @Test
    void anEndAskedBeforeACommitThatPassedItCountsZeroAndAPartitionWithoutAKnownEndIsLeftOut() {
        // the group committed 260 after the end was read as 250; notification-deliveries is not ours to describe
        assertThat(ConsumerGroupLagMetrics.lag(
                        Map.of(EVENTS_0, 260L, EVENTS_1, 10L, DELIVERIES_0, 0L), Map.of(EVENTS_0, 250L, EVENTS_1, 15L)))
                .isEqualTo(5);
    }

    @Test
    void onlyThePlatformsGroupsAreWatched() {
        List<String> prefixes = PlatformKafkaProperties.Health.PLATFORM_GROUP_PREFIXES;
        assertThat(ConsumerGroupLagMetrics.watched("handover-processor", prefixes))
                .isTrue();
        assertThat(ConsumerGroupLagMetrics.watched("handover-api-projection", prefixes))
                .isTrue();
        assertThat(ConsumerGroupLagMetrics.watched("notification-service-deliveries", prefixes))
                .isTrue();
        assertThat(ConsumerGroupLagMetrics.watched("schema-registry", prefixes)).isFalse();
        assertThat(ConsumerGroupLagMetrics.watched("console-consumer-4711", prefixes))
                .isFalse();
    }

    @Test
    void anEmptyGroupPrefixStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> new PlatformKafkaProperties.Health(
                        2000, Duration.ofSeconds(5), Duration.ofSeconds(5), List.of("handover-", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("platform.kafka.health.lag-group-prefixes")
                .hasMessageContaining("none empty");
    }
}
