package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/** What the replication gauges count, on descriptions as a three-broker cluster returns them. */
class KafkaReplicationMetricsTest {

    private static final Node ONE = new Node(1, "127.0.0.1", 9092);
    private static final Node TWO = new Node(2, "127.0.0.1", 9094);
    private static final Node THREE = new Node(3, "127.0.0.1", 9096);
    private static final List<Node> ALL = List.of(ONE, TWO, THREE);

    private static TopicPartitionInfo partition(int id, Node leader, List<Node> isr) {
        return new TopicPartitionInfo(id, leader, ALL, isr);
    }

    @Test
    void givenEveryReplicaInSync_thenNothingIsCounted() {
        TopicDescription topic =
                new TopicDescription("handover-events", false, List.of(partition(0, ONE, ALL), partition(1, TWO, ALL)));

        assertThat(KafkaReplicationMetrics.count(List.of(topic), 2))
                .isEqualTo(new KafkaReplicationMetrics.Counts(0, 0, 0));
    }

    @Test
    void givenOneBrokerDown_thenItsPartitionsAreUnderReplicatedButStillTakeWrites() {
        TopicDescription topic = new TopicDescription(
                "handover-events",
                false,
                List.of(
                        partition(0, ONE, List.of(ONE, TWO)),
                        partition(1, TWO, List.of(TWO, THREE)),
                        partition(2, THREE, ALL)));

        assertThat(KafkaReplicationMetrics.count(List.of(topic), 2))
                .isEqualTo(new KafkaReplicationMetrics.Counts(2, 0, 0));
    }

    @Test
    void givenTwoBrokersDown_thenPartitionsAreBelowMinIsrAndOneWithoutItsLeaderIsOffline() {
        TopicDescription events = new TopicDescription(
                "handover-events", false, List.of(partition(0, ONE, List.of(ONE)), partition(1, null, List.of())));
        TopicDescription state = new TopicDescription("handover-state", false, List.of(partition(0, TWO, ALL)));

        assertThat(KafkaReplicationMetrics.count(List.of(events, state), 2))
                .isEqualTo(new KafkaReplicationMetrics.Counts(2, 2, 1));
    }

    @Test
    void givenOneReplicaTopicsOfALocalRun_thenTheOneInSyncReplicaIsEnough() {
        TopicPartitionInfo single = new TopicPartitionInfo(0, ONE, List.of(ONE), List.of(ONE));
        TopicDescription topic = new TopicDescription("handover-events", false, List.of(single));

        assertThat(KafkaReplicationMetrics.count(List.of(topic), 2))
                .as("min ISR above the replica count cannot be met and is not what the alert means")
                .isEqualTo(new KafkaReplicationMetrics.Counts(0, 0, 0));
    }
}
