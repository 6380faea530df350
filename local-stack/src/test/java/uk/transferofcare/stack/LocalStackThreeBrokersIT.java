package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run --brokers 3 --services ""}: three Kafka nodes, each broker and KRaft controller, and the registry on
 * them. Topics get three replicas and need two in sync; when the active controller is killed with SIGKILL, writes with
 * {@code acks=all} and the registry go on with the other two, the launcher restarts the node on its storage, and it
 * catches up until every partition has its three replicas in sync again. Nothing acknowledged is lost.
 */
class LocalStackThreeBrokersIT {

    private static final String TOPIC = "three-brokers-it";
    private static final String SUBJECT = "three-brokers-it-value";
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"uk.transferofcare.it\","
                    + "\"fields\":[{\"name\":\"caseId\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private Ports ports;

    @TempDir
    Path work;

    @Test
    void givenThreeBrokers_whenTheActiveControllerIsKilled_thenWritesGoOnAndItRejoinsWithNothingLost()
            throws Exception {
        int offset = LauncherProcess.freeOffset(12_000, Set.of(), 3);
        ports = new Ports(offset, 3);
        Path data = work.resolve("data");

        try (LauncherProcess stack = LauncherProcess.start(
                        work.resolve("console.txt"),
                        "--services",
                        "",
                        "--brokers",
                        "3",
                        "--ports-offset",
                        String.valueOf(offset),
                        "--data-dir",
                        data.toString(),
                        "--timeout",
                        "170");
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap()))) {
            double seconds = stack.awaitReady(Duration.ofSeconds(190));
            System.out.printf("Three brokers, PostgreSQL and registry ready in %.1f s%n", seconds);
            assertThat(stack.console())
                    .containsPattern("Kafka storage\\s+formatting "
                            + Pattern.quote(data.resolve("kafka-3/data").toString()))
                    .containsPattern("Kafka cluster\\s+3 brokers and KRaft controllers, "
                            + Pattern.quote(ports.kafkaBootstrap())
                            + ", replication factor 3, min.insync.replicas 2 ready");

            // Given three nodes that are the quorum, and a topic with the broker's defaults
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
            assertThat(quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId))
                    .containsExactlyInAnyOrder(1, 2, 3);
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(3);
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(describe(admin, TOPIC).partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            assertThat(minInsyncReplicas(admin, TOPIC)).isEqualTo("2");
            assertThat(describe(admin, "_schemas").partitions())
                    .as("the registry's store has three replicas too")
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            List<String> acknowledged = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(ports)) {
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "case-" + i, "before-" + i))
                            .get(30, TimeUnit.SECONDS);
                    acknowledged.add("before-" + i);
                }
            }
            int schemaId = register();

            // When the active controller is killed with SIGKILL
            int leader = quorum.leaderId();
            String leaderName = Platform.brokerName(leader);
            long killed = LauncherProcess.pidOf(data, leaderName);
            LauncherProcess.kill9(killed);
            long killedAt = System.nanoTime();

            // Then writes that need two replicas in sync, and the registry, go on while it is down
            try (KafkaProducer<String, String> producer = producer(ports)) {
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "case-" + i, "during-" + i))
                            .get(60, TimeUnit.SECONDS);
                    acknowledged.add("during-" + i);
                }
            }
            await("a new active controller among the other two")
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(admin.describeMetadataQuorum()
                                    .quorumInfo()
                                    .get(10, TimeUnit.SECONDS)
                                    .leaderId())
                            .isNotEqualTo(leader));
            assertThat(register()).as("the registry answers with two brokers").isEqualTo(schemaId);

            // And the launcher restarts the killed node, which catches up: three replicas in sync again
            long restarted = stack.awaitRestarted(leaderName, 1, Duration.ofSeconds(120));
            assertThat(restarted).isNotEqualTo(killed);
            await("every partition with its three replicas in sync")
                    .atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> assertThat(describe(admin, TOPIC).partitions())
                            .allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
            System.out.printf(
                    "Active controller (node %d) killed with SIGKILL; restarted and all replicas in sync %.1f s later%n",
                    leader, (System.nanoTime() - killedAt) / 1e9);
            assertThat(stack.console()).doesNotContain("Stopping the local stack");

            // Nothing acknowledged is lost, nothing is there twice
            assertThat(readAll(ports)).containsExactlyInAnyOrderElementsOf(acknowledged);

            assertThat(stack.stop(Duration.ofSeconds(150))).as(stack.console()).isEqualTo(143);
            assertThat(stack.console())
                    .containsPattern("kafka\\s+stopped")
                    .containsPattern("kafka-2\\s+stopped")
                    .containsPattern("kafka-3\\s+stopped")
                    .contains("Local stack stopped.");
        }
        assertThat(data.resolve("pids")).isEmptyDirectory();
    }

    @Test
    void givenAFolderOfOneBroker_whenStartedWithThree_thenTheLauncherRefusesAndNamesTheFolder() throws Exception {
        Path data = work.resolve("one-broker");
        Layout layout = new Layout(Path.of("/unused"), data);
        java.nio.file.Files.createDirectories(layout.kafkaLogDirs());
        java.nio.file.Files.writeString(layout.kafkaLogDirs().resolve("meta.properties"), "cluster.id=x\nnode.id=1\n");
        int offset = LauncherProcess.freeOffset(12_000, Set.of(), 3);

        try (LauncherProcess stack = LauncherProcess.start(
                work.resolve("refused.txt"),
                "--services",
                "",
                "--brokers",
                "3",
                "--ports-offset",
                String.valueOf(offset),
                "--data-dir",
                data.toString(),
                "--timeout",
                "60")) {
            assertThat(stack.awaitExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(stack.console())
                    .contains("The data folder " + data + " holds a Kafka cluster of 1 broker, not 3 (--brokers 3)");
        }
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
    }

    private static String minInsyncReplicas(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource);
        return config.get("min.insync.replicas").value();
    }

    private static KafkaProducer<String, String> producer(Ports ports) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ports.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    private static List<String> readAll(Ports ports) throws Exception {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private int register() throws Exception {
        String body = "{\"schema\":" + quote(SCHEMA) + "}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(ports.registryUrl() + "/subjects/" + SUBJECT + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var matcher = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
