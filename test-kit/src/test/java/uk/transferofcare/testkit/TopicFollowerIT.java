package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import uk.transferofcare.support.kafka.TopicFollower;

/**
 * {@link TopicFollower} on a real broker: its position counts the transaction markers it skipped, so "caught up"
 * and "everything committed before this request" are exact; a handler failure goes to the failure callback and the
 * follower carries on; a follower from the end ignores what came before it.
 */
@PlatformIntegrationTest
class TopicFollowerIT {

    private static String topic(PlatformInfrastructure infrastructure) throws Exception {
        String name = "follower-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static KafkaProducer<String, String> transactional(PlatformInfrastructure infrastructure) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "follower-it-" + UUID.randomUUID()),
                new StringSerializer(),
                new StringSerializer());
        producer.initTransactions();
        return producer;
    }

    private static void commit(KafkaProducer<String, String> producer, String topic, String... keys) {
        producer.beginTransaction();
        for (String key : keys) {
            producer.send(new ProducerRecord<>(topic, key, "value of " + key));
        }
        producer.commitTransaction();
    }

    @Test
    void givenCommittedTransactions_whenFollowedFromTheBeginning_thenCatchUpCompletesOnlyOnceAllWereHandled(
            PlatformInfrastructure infrastructure) throws Exception {
        String topic = topic(infrastructure);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = transactional(infrastructure)) {
            commit(producer, topic, "a", "b", "poison", "c");
            try (TopicFollower follower = TopicFollower.start(
                    "follower-it",
                    topic,
                    Map.of("bootstrap.servers", infrastructure.bootstrapServers()),
                    TopicFollower.From.BEGINNING,
                    record -> {
                        String key = record.key();
                        if (key.equals("poison")) {
                            throw new IllegalStateException("cannot handle " + key);
                        }
                        handled.add(key + "=" + new String(record.value(), StandardCharsets.UTF_8));
                    },
                    (record, error) -> failed.add(record.key() + ": " + error.getMessage()))) {

                await("caught up with what was there at the start")
                        .atMost(Duration.ofSeconds(30))
                        .until(follower::caughtUp);
                assertThat(handled).containsExactlyInAnyOrder("a=value of a", "b=value of b", "c=value of c");
                assertThat(failed).containsExactly("poison: cannot handle poison");

                commit(producer, topic, "d", "e");
                follower.catchUp().get(30, TimeUnit.SECONDS);

                assertThat(handled).contains("d=value of d", "e=value of e");
                long records = 6;
                long markers = 2;
                assertThat(follower.positions().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .as("every record and the commit marker of each transaction in each partition it touched")
                        .isBetween(records + markers, records + 2 * markers);
                assertThat(follower.positions().keySet())
                        .isEqualTo(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
            }
        }
    }

    @Test
    void givenHistory_whenFollowedFromTheEnd_thenOnlyWhatComesLaterIsHandled(PlatformInfrastructure infrastructure)
            throws Exception {
        String topic = topic(infrastructure);
        List<String> handled = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = transactional(infrastructure)) {
            commit(producer, topic, "old");
            try (TopicFollower follower = TopicFollower.start(
                    "follower-it-end",
                    topic,
                    Map.of("bootstrap.servers", infrastructure.bootstrapServers()),
                    TopicFollower.From.END,
                    record -> handled.add(record.key()),
                    (record, error) -> {})) {
                await().atMost(Duration.ofSeconds(30)).until(follower::caughtUp);

                commit(producer, topic, "new");
                follower.catchUp().get(30, TimeUnit.SECONDS);

                assertThat(handled).containsExactly("new");
            }
        }
    }
}
