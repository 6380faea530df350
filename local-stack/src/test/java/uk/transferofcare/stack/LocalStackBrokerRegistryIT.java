package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher with {@code --services ""}: a real KRaft broker and the schema registry as their own processes. What
 * was written before a stop (a topic, a record, a schema id) is there after a restart on the same data folder; and
 * when the broker or the registry is killed with SIGKILL, the launcher restarts it on the same data while the other
 * runs on.
 */
class LocalStackBrokerRegistryIT {

    private static final String TOPIC = "local-stack-it";
    private static final String SUBJECT = "local-stack-it-value";
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"uk.transferofcare.it\","
                    + "\"fields\":[{\"name\":\"caseId\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void brokerAndRegistryKeepTheirDataAcrossAStopAndStartAndAcrossAKillOfEither() throws Exception {
        int offset = LauncherProcess.freeOffset(21_000, Set.of());
        Ports ports = new Ports(offset);
        Path data = work.resolve("data");
        String[] args = {
            "--services",
            "",
            "--ports-offset",
            String.valueOf(offset),
            "--data-dir",
            data.toString(),
            "--timeout",
            "150"
        };

        // Given a first start on an empty data folder
        int schemaId;
        RecordMetadata written;
        try (LauncherProcess first = LauncherProcess.start(work.resolve("first.txt"), args)) {
            double seconds = first.awaitReady(Duration.ofSeconds(170));
            System.out.printf("Broker + registry ready in %.1f s (first start, storage formatted)%n", seconds);
            assertThat(first.console())
                    .containsPattern("Kafka storage\\s+formatting "
                            + Pattern.quote(data.resolve("kafka/data").toString()))
                    .containsPattern("Kafka broker\\s+" + Pattern.quote(ports.kafkaBootstrap()) + " ready")
                    .containsPattern("schema registry\\s+" + Pattern.quote(ports.registryUrl()) + " ready")
                    .contains("Kafka bootstrap             " + ports.kafkaBootstrap())
                    .doesNotContain("Handover API");

            // When a topic is created, a record written and a schema registered
            try (Admin admin = Admin.create(adminConfig(ports))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            written = produce(ports, "HO-1", "first-run");
            schemaId = register(ports);

            // And the stack is stopped as Ctrl-C stops it
            int exit = first.stop(Duration.ofSeconds(120));
            assertThat(exit).as(first.console()).isEqualTo(143);
            assertThat(first.console())
                    .contains("Stopping the local stack (Ctrl-C)...")
                    .containsPattern("schema-registry\\s+stopped \\(\\d+\\.\\d s\\)")
                    .containsPattern("kafka\\s+stopped \\(\\d+\\.\\d s\\)")
                    .contains("Local stack stopped.");
            assertThat(first.console())
                    .as("registry stops before the broker")
                    .containsPattern("(?s)schema-registry\\s+stopped.*kafka\\s+stopped");
        }
        assertThat(data.resolve("pids")).isEmptyDirectory();
        assertThat(PortCheck.taken(ports.needed(Set.of())))
                .as("every port is free again")
                .isEmpty();

        // Then a second start finds the topic, the record and the schema id
        try (LauncherProcess second = LauncherProcess.start(work.resolve("second.txt"), args)) {
            double seconds = second.awaitReady(Duration.ofSeconds(170));
            System.out.printf("Broker + registry ready in %.1f s (restart)%n", seconds);
            assertThat(second.console()).doesNotContain("formatting");

            try (Admin admin = Admin.create(adminConfig(ports))) {
                TopicDescription topic = admin.describeTopics(List.of(TOPIC))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(TOPIC);
                assertThat(topic.partitions()).hasSize(2);
            }
            ConsumerRecord<String, String> read = readOne(ports, written);
            assertThat(read.key()).isEqualTo("HO-1");
            assertThat(read.value()).isEqualTo("first-run");

            HttpResponse<String> byId = get(ports, "/schemas/ids/" + schemaId);
            assertThat(byId.statusCode()).isEqualTo(200);
            assertThat(json.readTree(byId.body()).get("schema").asString()).isEqualTo(SCHEMA);
            assertThat(register(ports)).as("the same schema keeps its id").isEqualTo(schemaId);
            assertThat(get(ports, "/subjects").body()).contains(SUBJECT);

            // When the broker is killed with SIGKILL right after acknowledging a record
            RecordMetadata acknowledged = produce(ports, "HO-2", "acknowledged-before-the-kill");
            long broker = LauncherProcess.pidOf(data, "kafka");
            long registry = LauncherProcess.pidOf(data, "schema-registry");
            long brokerKilled = System.nanoTime();
            LauncherProcess.kill9(broker);

            // Then the launcher restarts it on the same storage, without formatting, and the registry runs on
            long restartedBroker = second.awaitRestarted("kafka", 1, Duration.ofSeconds(120));
            System.out.printf(
                    "Broker killed with SIGKILL, restarted and ready %.1f s later%n",
                    (System.nanoTime() - brokerKilled) / 1e9);
            assertThat(restartedBroker).isNotEqualTo(broker).isEqualTo(LauncherProcess.pidOf(data, "kafka"));
            assertThat(second.console())
                    .containsPattern(
                            "kafka +died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s; restarting in 1\\.0 s")
                    .doesNotContain("formatting")
                    .doesNotContain("Stopping the local stack");
            assertThat(readOne(ports, written).value()).isEqualTo("first-run");
            assertThat(readOne(ports, acknowledged).value()).isEqualTo("acknowledged-before-the-kill");
            assertThat(LauncherProcess.pidOf(data, "schema-registry")).isEqualTo(registry);
            assertThat(LauncherProcess.alive(registry)).isTrue();
            // the registry that outlived the broker reconnects by itself (its clients retry)
            await("registration through the registry that outlived the broker")
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(register(ports)).isEqualTo(schemaId));

            // When the registry is killed with SIGKILL, it is restarted and reads its schemas back from Kafka
            long registryKilled = System.nanoTime();
            LauncherProcess.kill9(registry);

            long restartedRegistry = second.awaitRestarted("schema-registry", 1, Duration.ofSeconds(120));
            System.out.printf(
                    "Registry killed with SIGKILL, restarted and ready %.1f s later%n",
                    (System.nanoTime() - registryKilled) / 1e9);
            assertThat(restartedRegistry).isNotEqualTo(registry);
            assertThat(json.readTree(get(ports, "/schemas/ids/" + schemaId).body())
                            .get("schema")
                            .asString())
                    .isEqualTo(SCHEMA);
            assertThat(LauncherProcess.pidOf(data, "kafka")).isEqualTo(restartedBroker);
            assertThat(LauncherProcess.alive(restartedBroker)).isTrue();

            assertThat(second.stop(Duration.ofSeconds(120))).isEqualTo(143);
            assertThat(second.console())
                    .containsPattern("schema-registry\\s+stopped")
                    .containsPattern("kafka\\s+stopped")
                    .contains("Local stack stopped.");
        }
    }

    private static Map<String, Object> adminConfig(Ports ports) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap());
    }

    private static RecordMetadata produce(Ports ports, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ports.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(TOPIC, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<String, String> readOne(Ports ports, RecordMetadata written) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        var partition = new org.apache.kafka.common.TopicPartition(written.topic(), written.partition());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("the record written before the restart was not found");
    }

    private int register(Ports ports) throws Exception {
        String body = json.writeValueAsString(Map.of("schema", SCHEMA));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(ports.registryUrl() + "/subjects/" + SUBJECT + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("id").asInt();
    }

    private HttpResponse<String> get(Ports ports, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(ports.registryUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
