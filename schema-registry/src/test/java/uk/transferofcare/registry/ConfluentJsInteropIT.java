package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * Proof by a client nobody here wrote: Confluent's official JavaScript Schema Registry client and Avro serde
 * ({@code interop/confluent-js/interop.mjs}, run with Node.js) against this registry, reading records our Java
 * serializer wrote and writing records our Java deserializer reads. Fails (does not skip) when Node.js or the npm
 * packages are missing: {@code ./mvnw verify} runs {@code npm ci} before the integration tests.
 */
class ConfluentJsInteropIT {

    private static final String FROM_JAVA = "interop-from-java";
    private static final String FROM_JS = "interop-from-js";
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(ConfluentJsInteropIT.class);

    private static Path project;
    private static EmbeddedKafkaKraftBroker broker;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        project = interopProject();
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        broker.addTopics(new NewTopic(FROM_JAVA, 2, (short) 1), new NewTopic(FROM_JS, 1, (short) 1));
        registry = SchemaRegistryServer.start(RegistryConfig.defaults(broker.getBrokersAsString()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void confluentsJavaScriptClientReadsAndWritesOurRecords() throws Exception {
        String url = registry.url().toString();
        List<HandoverSubmission> written = List.of(
                submission("PC1001", EventType.PRE_ALERTED, "device-a", "QEUH", 0),
                submission("PC1002", EventType.ARRIVED, null, null, 1),
                submission("ED-77", EventType.HANDED_OVER, "board-3", "GRI", 2));
        writeWithOurSerializer(url, written);

        List<JsonNode> results = runNode(project, url);

        JsonNode javaSchema = step(results, "javaSchema").get(0);
        int javaId = javaSchema.path("id").asInt();
        assertThat(javaSchema.path("subject").asString()).isEqualTo(FROM_JAVA + "-value");
        assertThat(javaSchema.path("version").asInt()).isEqualTo(1);

        // (1) The registry through Confluent's client.
        JsonNode registered = step(results, "registered").get(0);
        assertThat(registered.path("id").asInt()).isEqualTo(javaId);
        assertThat(registered.path("sameIdAsJava").asBoolean()).isTrue();
        JsonNode fetched = step(results, "fetched").get(0);
        assertThat(fetched.path("name").asString()).isEqualTo("uk.transferofcare.interop.JsNote");
        assertThat(fetched.path("fields").toString()).isEqualTo("[\"text\",\"at\"]");
        assertThat(fetched.path("logicalType").asString()).isEqualTo("timestamp-millis");
        int noteId = fetched.path("id").asInt();
        assertThat(noteId).isEqualTo(javaId + 1);
        RegistryHttp http = new RegistryHttp(registry.url());
        assertThat(http.get("/schemas/ids/" + noteId + "/subjects").body())
                .isEqualTo("[\"" + FROM_JS + "-value-note\"]");
        assertThat(step(results, "lookedUp").get(0).path("version").asInt()).isEqualTo(1);
        JsonNode compatibility = step(results, "compatibility").get(0);
        assertThat(compatibility.path("level").asString()).isEqualTo("BACKWARD");
        assertThat(compatibility.path("compatible").asBoolean()).isTrue();
        assertThat(compatibility.path("incompatible").isBoolean()).isTrue();
        assertThat(compatibility.path("incompatible").asBoolean()).isFalse();
        JsonNode refused = step(results, "incompatibleRegister").get(0);
        assertThat(refused.path("accepted").asBoolean()).isFalse();
        assertThat(refused.path("status").asInt()).isEqualTo(409);
        assertThat(refused.path("errorCode").asInt()).isEqualTo(409);

        // (2) Our records as Confluent's deserializer decoded them: exactly the fields we wrote.
        List<JsonNode> decoded = step(results, "decoded");
        assertThat(decoded).hasSize(written.size());
        for (HandoverSubmission submission : written) {
            JsonNode entry = decoded.stream()
                    .filter(d -> d.path("value").path("eventId").asString().equals(submission.getEventId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("JS did not decode " + submission.getEventId()));
            assertThat(entry.path("key").asString()).isEqualTo(submission.getCaseId());
            assertThat(entry.path("schemaId").asInt()).isEqualTo(javaId);
            JsonNode value = entry.path("value");
            assertThat(value.path("caseId").asString()).isEqualTo(submission.getCaseId());
            assertThat(value.path("type").asString())
                    .isEqualTo(submission.getType().name());
            assertThat(value.path("occurredAt").isIntegralNumber())
                    .as("timestamp-millis arrives as a number")
                    .isTrue();
            assertThat(value.path("occurredAt").asLong())
                    .isEqualTo(submission.getOccurredAt().toEpochMilli());
            assertThat(value.path("receivedAt").asLong())
                    .isEqualTo(submission.getReceivedAt().toEpochMilli());
            assertThat(value.path("actor").path("userId").asString())
                    .isEqualTo(submission.getActor().getUserId());
            assertThat(value.path("actor").path("role").asString())
                    .isEqualTo(submission.getActor().getRole().name());
            assertThat(value.path("actor").path("org").asString())
                    .isEqualTo(submission.getActor().getOrg());
            assertThat(value.path("source").path("channel").asString())
                    .isEqualTo(submission.getSource().getChannel().name());
            assertThat(nullable(value.path("source").path("deviceId")))
                    .isEqualTo(submission.getSource().getDeviceId());
            assertThat(value.path("source").path("queuedOffline").asBoolean()).isFalse();
            assertThat(nullable(value.path("details").path("siteCode")))
                    .isEqualTo(submission.getDetails().getSiteCode());
            assertThat(value.path("details").path("officerCount").isNull()).isTrue();
        }

        // (3) Records Confluent's serializer wrote, read by our deserializer.
        JsonNode produced = step(results, "produced").get(0);
        assertThat(produced.path("count").asInt()).isEqualTo(written.size());
        assertThat(produced.path("schemaId").asInt()).isEqualTo(javaId);
        assertThat(step(results, "done")).hasSize(1);

        Map<String, ConsumerRecord<String, HandoverSubmission>> fromJs = readWithOurDeserializer(url, written.size());
        for (HandoverSubmission original : written) {
            ConsumerRecord<String, HandoverSubmission> record = fromJs.get(original.getEventId() + "-js");
            assertThat(record)
                    .as("record derived from " + original.getEventId())
                    .isNotNull();
            assertThat(record.key()).isEqualTo(original.getCaseId());
            HandoverSubmission value = record.value();
            assertThat(value.getCaseId()).isEqualTo(original.getCaseId());
            assertThat(value.getType()).isEqualTo(EventType.ACKNOWLEDGED);
            assertThat(value.getOccurredAt()).isEqualTo(original.getOccurredAt().plusMillis(1000));
            assertThat(value.getReceivedAt()).isEqualTo(original.getReceivedAt());
            assertThat(value.getActor().getUserId())
                    .isEqualTo("JS-" + original.getActor().getUserId());
            assertThat(value.getActor().getRole()).isEqualTo(original.getActor().getRole());
            assertThat(value.getActor().getOrg()).isEqualTo(original.getActor().getOrg());
            assertThat(value.getSource()).isEqualTo(original.getSource());
            assertThat(value.getDetails()).isEqualTo(original.getDetails());
        }
    }

    // ---------------------------------------------------------------- Node.js

    private static Path interopProject() {
        Path project = Path.of(System.getProperty("interop.confluent-js.dir", "../interop/confluent-js"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(project.resolve("interop.mjs"))) {
            fail("No interop.mjs in " + project + " (system property interop.confluent-js.dir)");
        }
        if (!Files.isDirectory(project.resolve("node_modules/@confluentinc/schemaregistry"))
                || !Files.isDirectory(project.resolve("node_modules/kafkajs"))) {
            fail("npm packages missing in " + project + ": run `npm ci` there (./mvnw verify does it in"
                    + " pre-integration-test)");
        }
        return project;
    }

    private static List<JsonNode> runNode(Path project, String registryUrl) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("interop-stdout", ".jsonl");
        Path stderr = Files.createTempFile("interop-stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "interop.mjs")
                .directory(project.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("REGISTRY_URL", registryUrl);
        builder.environment().put("BOOTSTRAP", broker.getBrokersAsString());
        builder.environment().put("TOPIC_FROM_JAVA", FROM_JAVA);
        builder.environment().put("TOPIC_FROM_JS", FROM_JS);
        builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
        Process node;
        try {
            node = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Cannot run `node` (Node.js 20+ must be on the PATH): " + e.getMessage(), e);
        }
        try {
            if (!node.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("node interop.mjs did not finish within " + NODE_TIMEOUT + "; stderr:\n" + read(stderr)
                        + "\nstdout:\n" + read(stdout));
            }
            if (node.exitValue() != 0) {
                fail("node interop.mjs exited with " + node.exitValue() + "; stderr:\n" + read(stderr) + "\nstdout:\n"
                        + read(stdout));
            }
            List<JsonNode> results = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    log.info("node: {}", line);
                    results.add(RegistryHttp.JSON.readTree(line));
                }
            }
            return results;
        } finally {
            node.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> step(List<JsonNode> results, String step) {
        List<JsonNode> matching = results.stream()
                .filter(r -> r.path("step").asString().equals(step))
                .toList();
        assertThat(matching).as("step " + step + " in " + results).isNotEmpty();
        return matching;
    }

    private static String nullable(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    // ---------------------------------------------------------------- Kafka with our serde

    private static void writeWithOurSerializer(String registryUrl, List<HandoverSubmission> submissions)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(SchemaRegistryClientConfig.URL, registryUrl);
        try (KafkaProducer<String, HandoverSubmission> producer =
                new KafkaProducer<>(props, new StringSerializer(), serializer(props))) {
            for (HandoverSubmission submission : submissions) {
                producer.send(new ProducerRecord<>(FROM_JAVA, submission.getCaseId(), submission))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static AvroSerializer<HandoverSubmission> serializer(Map<String, Object> props) {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(props, false);
        return serializer;
    }

    private static Map<String, ConsumerRecord<String, HandoverSubmission>> readWithOurDeserializer(
            String registryUrl, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "java-reads-js");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        AvroDeserializer<HandoverSubmission> deserializer = new AvroDeserializer<>(HandoverSubmission.class);
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl), false);
        Map<String, ConsumerRecord<String, HandoverSubmission>> byEventId = new HashMap<>();
        try (KafkaConsumer<String, HandoverSubmission> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(FROM_JS));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, HandoverSubmission> record : consumer.poll(Duration.ofMillis(500))) {
                    byEventId.put(record.value().getEventId(), record);
                }
                return byEventId.size() >= expected;
            });
        }
        assertThat(byEventId).hasSize(expected);
        return byEventId;
    }

    private static HandoverSubmission submission(
            String userId, EventType type, String deviceId, String siteCode, int minutes) {
        Instant occurred = Instant.parse("2026-11-25T09:00:00.250Z").plus(minutes, ChronoUnit.MINUTES);
        return HandoverSubmission.newBuilder()
                .setEventId("event-" + userId)
                .setCaseId("case-" + minutes)
                .setType(type)
                .setOccurredAt(occurred)
                .setReceivedAt(occurred.plusMillis(1500))
                .setActor(Actor.newBuilder()
                        .setUserId(userId)
                        .setRole(userId.startsWith("ED") ? ActorRole.ED_STAFF : ActorRole.OFFICER)
                        .setOrg(userId.startsWith("ED") ? "QEUH" : "G")
                        .build())
                .setSource(Source.newBuilder()
                        .setChannel(userId.startsWith("ED") ? SourceChannel.ED_BOARD : SourceChannel.OFFICER_APP)
                        .setDeviceId(deviceId)
                        .build())
                .setDetails(SubmissionDetails.newBuilder().setSiteCode(siteCode).build())
                .build();
    }
}
