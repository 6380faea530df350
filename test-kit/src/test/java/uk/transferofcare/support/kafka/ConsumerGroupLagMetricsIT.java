package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * The consumer lag check on a real broker, with transactions as the processor writes them: a platform group's lag is
 * what was committed to the topic and the group has not committed yet (the commit markers and a transaction still open
 * count nothing), and a group outside the platform's prefixes is not published.
 */
@PlatformIntegrationTest
class ConsumerGroupLagMetricsIT {

    @Test
    void givenAGroupThatCommittedPartOfATransactionalTopic_thenItsLagIsTheRestAndFallsToZeroWhenItCatchesUp(
            PlatformInfrastructure infrastructure, KafkaTestClients kafka) throws Exception {
        String bootstrap = infrastructure.bootstrapServers();
        String topic = kafka.freshTopic("lag-it", 2);
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String platformGroup = "handover-lag-it-" + suffix;
        String otherGroup = "elsewhere-lag-it-" + suffix;

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "lag-it-" + suffix),
                new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            for (TopicPartition partition : List.of(p0, p1)) {
                producer.beginTransaction();
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(topic, partition.partition(), "case-" + i, "event-" + i));
                }
                producer.commitTransaction(); // 20 records and a commit marker: the end is 21
            }
            commit(bootstrap, platformGroup, Map.of(p0, 5L, p1, 21L));
            commit(bootstrap, otherGroup, Map.of(p0, 0L, p1, 0L));

            // a transaction left open: a read_committed reader cannot pass its first record, so it is not lag yet
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "open-" + i, "open"))
                        .get(30, TimeUnit.SECONDS);
            }

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ConsumerGroupLagMetrics metrics = new ConsumerGroupLagMetrics(
                    Map.of("bootstrap.servers", bootstrap),
                    PlatformKafkaProperties.Health.PLATFORM_GROUP_PREFIXES,
                    Duration.ofSeconds(1),
                    meters);
            metrics.afterSingletonsInstantiated();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(lag(meters, platformGroup))
                                .as("p0 committed 5 of 21, p1 all 21; the open transaction counts nothing")
                                .isEqualTo(16.0));
                assertThat(meters.find(ConsumerGroupLagMetrics.METRIC)
                                .tag("group", otherGroup)
                                .gauge())
                        .as("a group outside handover-/notification-")
                        .isNull();

                producer.commitTransaction(); // now 10 more records and a marker on p0: 32
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(lag(meters, platformGroup)).isEqualTo(27.0));

                commit(bootstrap, platformGroup, Map.of(p0, 32L));
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(lag(meters, platformGroup)).isZero());
            } finally {
                metrics.destroy();
            }
        }
    }

    private static double lag(SimpleMeterRegistry meters, String group) {
        Gauge gauge =
                meters.find(ConsumerGroupLagMetrics.METRIC).tag("group", group).gauge();
        assertThat(gauge).as("the lag of " + group).isNotNull();
        return gauge.value();
    }

    /** Commits these offsets for the group, as a consumer that read so far would. */
    private static void commit(String bootstrap, String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commits = new java.util.HashMap<>();
            offsets.forEach((partition, offset) -> commits.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits, Duration.ofSeconds(30));
        }
    }
}
