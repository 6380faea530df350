package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.transferofcare.registry.RegistryHttp.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.registry.RegisteredSchema;
import uk.transferofcare.support.registry.RestSchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.registry.SchemaRegistryException;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.support.serde.WireFormat;

/** The registry on a real KRaft broker: durability across restarts, the topic it keeps, the platform's client. */
class KafkaSchemaRegistryIT {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    private static RegistryConfig config(String topic) {
        return RegistryConfig.defaults(broker.getBrokersAsString()).withTopic(topic);
    }

    private static String uniqueTopic() {
        return "_schemas_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @Test
    void everyIdVersionConfigAndDeletionSurvivesARestart() {
        String topic = uniqueTopic();
        String a = record("A", "a");
        String aB = record("A", "a", "b=x");
        String other = record("Other", "z");
        Map<String, String> before;
        int sharedId;
        try (SchemaRegistryServer first = SchemaRegistryServer.start(config(topic))) {
            RegistryHttp http = new RegistryHttp(first.url());
            sharedId = http.registerOk("orders-value", a);
            http.registerOk("orders-value", aB);
            assertThat(http.registerOk("audit-value", a))
                    .as("the same schema in another subject shares the id")
                    .isEqualTo(sharedId);
            http.registerOk("gone-value", other);
            http.registerOk("soft-value", other);
            http.registerOk("trimmed-value", a);
            http.registerOk("trimmed-value", aB);
            http.setCompatibility(null, "FULL");
            http.setCompatibility("audit-value", "NONE");
            http.delete("/subjects/soft-value");
            http.delete("/subjects/trimmed-value/versions/1");
            http.delete("/subjects/gone-value");
            http.delete("/subjects/gone-value?permanent=true");
            before = snapshot(http);
        }
        try (SchemaRegistryServer second = SchemaRegistryServer.start(config(topic))) {
            RegistryHttp http = new RegistryHttp(second.url());
            assertThat(snapshot(http)).isEqualTo(before);
            assertThat(http.get("/schemas/ids/" + sharedId + "/subjects").body())
                    .isEqualTo("[\"audit-value\",\"orders-value\"]");
            assertThat(http.get("/schemas/ids/" + sharedId + "/subjects?deleted=true")
                            .body())
                    .isEqualTo("[\"audit-value\",\"orders-value\",\"trimmed-value\"]");
            int next = http.registerOk("new-value", record("New", "n"));
            assertThat(next).as("ids are not reused after a restart").isEqualTo(4);
            assertThat(http.registerOk("orders-value", aB)).isEqualTo(2);
        }
    }

    /** Every answer a client could get about the registry's content. */
    private static Map<String, String> snapshot(RegistryHttp http) {
        List<String> paths = new ArrayList<>(List.of("/subjects", "/subjects?deleted=true", "/config"));
        for (String subject : List.of("orders-value", "audit-value", "gone-value", "soft-value", "trimmed-value")) {
            paths.add("/subjects/" + subject + "/versions");
            paths.add("/subjects/" + subject + "/versions?deleted=true");
            paths.add("/subjects/" + subject + "/versions/latest");
            paths.add("/subjects/" + subject + "/versions/1?deleted=true");
            paths.add("/subjects/" + subject + "/versions/2?deleted=true");
            paths.add("/config/" + subject);
        }
        for (int id = 1; id <= 4; id++) {
            paths.add("/schemas/ids/" + id);
            paths.add("/schemas/ids/" + id + "/versions?deleted=true");
        }
        Map<String, String> answers = new LinkedHashMap<>();
        paths.forEach(path -> {
            RegistryHttp.Answer answer = http.get(path);
            answers.put(path, answer.status() + " " + answer.body());
        });
        assertThat(answers.get("/subjects")).isEqualTo("200 [\"audit-value\",\"orders-value\",\"trimmed-value\"]");
        assertThat(answers.get("/config/audit-value")).isEqualTo("200 {\"compatibilityLevel\":\"NONE\"}");
        assertThat(answers.get("/subjects/gone-value/versions?deleted=true")).startsWith("404 ");
        assertThat(answers.get("/subjects/soft-value/versions?deleted=true")).isEqualTo("200 [1]");
        assertThat(answers.get("/subjects/trimmed-value/versions")).isEqualTo("200 [2]");
        return answers;
    }

    @Test
    void createsTheTopicCompactedWithOnePartitionAndWritesConfluentsRecords() throws Exception {
        String topic = uniqueTopic();
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(config(topic))) {
            RegistryHttp http = new RegistryHttp(registry.url());
            assertThat(http.get("/health").json().path("status").asString()).isEqualTo("UP");
            http.registerOk("s", record("A", "a"));
            http.setCompatibility("s", "FULL");
        }
        try (Admin admin = admin()) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo("compact");
        }
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new String(r.key(), StandardCharsets.UTF_8) + " => "
                            + new String(r.value(), StandardCharsets.UTF_8));
                }
                return records.size() >= 2;
            });
        }
        assertThat(records)
                .containsExactly(
                        "{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1} => {\"subject\":\"s\","
                                + "\"version\":1,\"id\":1,\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"A\\\","
                                + "\\\"namespace\\\":\\\"test\\\",\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":"
                                + "\\\"string\\\"}]}\",\"deleted\":false}",
                        "{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0} => {\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void refusesATopicThatCannotKeepSchemas() throws Exception {
        String partitioned = uniqueTopic();
        String deleting = uniqueTopic();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                            new NewTopic(partitioned, 3, (short) 1)
                                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")),
                            new NewTopic(deleting, 1, (short) 1)
                                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"))))
                    .all()
                    .get();
        }
        assertThatThrownBy(() -> SchemaRegistryServer.start(config(partitioned)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 3 partitions");
        assertThatThrownBy(() -> SchemaRegistryServer.start(config(deleting)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cleanup.policy=delete");
    }

    @Test
    void failsToStartWithinItsTimeoutWithoutKafka() {
        RegistryConfig unreachable =
                new RegistryConfig("127.0.0.1:1", "127.0.0.1", 0, uniqueTopic(), (short) 1, Duration.ofSeconds(3));
        long started = System.nanoTime();
        assertThatThrownBy(() -> SchemaRegistryServer.start(unreachable))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void thePlatformsRestClientWorksAgainstIt() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(config(uniqueTopic()))) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                    SchemaRegistryClientConfig.of(registry.url().toString()));
            String subject = Topics.SUBMISSIONS.valueSubject();
            Schema schema = HandoverSubmission.getClassSchema();

            int id = client.register(subject, schema, false);
            assertThat(client.lookup(subject, schema, false)).isEqualTo(id);
            assertThat(client.byId(id)).isEqualTo(schema);
            RegisteredSchema latest = client.latest(subject);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.schema()).isEqualTo(schema);
            assertThat(client.subjects()).containsExactly(subject);

            Schema compatible = AvroSchemas.parse(schema.toString()
                    .replace(
                            "\"fields\":[{\"name\":\"eventId\"",
                            "\"fields\":[{\"name\":\"trace\",\"type\":[\"null\",\"string\"],\"default\":null},"
                                    + "{\"name\":\"eventId\""));
            Schema incompatible = AvroSchemas.parse(schema.toString()
                    .replace(
                            "\"fields\":[{\"name\":\"eventId\"",
                            "\"fields\":[{\"name\":\"trace\",\"type\":\"string\"},{\"name\":\"eventId\""));
            assertThat(client.isCompatible(subject, compatible)).isTrue();
            assertThat(client.isCompatible(subject, incompatible)).isFalse();
            assertThat(client.isCompatible("no-such-subject", incompatible)).isTrue();

            assertThatThrownBy(() -> client.register(subject, incompatible, false))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                        assertThat(e.getMessage()).contains("is incompatible with an earlier schema");
                    });
            assertThatThrownBy(() -> client.byId(999))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
            assertThatThrownBy(() -> client.latest("no-such-subject"))
                    .isInstanceOfSatisfying(
                            SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        }
    }

    @Test
    void thePlatformsSerdeWritesWithTheLatestVersionWhenAsked() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(config(uniqueTopic()))) {
            String url = registry.url().toString();
            String subject = Topics.SUBMISSIONS.valueSubject();
            RegistryHttp http = new RegistryHttp(registry.url());
            // An older shape of the subject first, then the current one, as a release pipeline would register them.
            Schema current = HandoverSubmission.getClassSchema();
            String older = current.toString().replace(",{\"name\":\"details\"", ",{\"name\":\"detailsV0\"");
            http.setCompatibility(subject, "NONE");
            int olderId = http.registerOk(subject, older);
            int currentId = http.registerOk(subject, current.toString());
            assertThat(currentId).isNotEqualTo(olderId);

            Map<String, Object> latestOnly = Map.of(
                    SchemaRegistryClientConfig.URL, url, "auto.register.schemas", false, "use.latest.version", true);
            HandoverSubmission submission = submission();
            // The deserializer is configured first on purpose: platform-support's AvroSerializer does not register
            // the event package with Avro's ClassSecurityValidator (only AvroDeserializer does), so with
            // use.latest.version it fails with "Forbidden ... not trusted" in a JVM that has no deserializer yet.
            try (AvroDeserializer<HandoverSubmission> deserializer = new AvroDeserializer<>(HandoverSubmission.class);
                    AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>()) {
                deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, url), false);
                serializer.configure(latestOnly, false);
                byte[] payload = serializer.serialize(Topics.SUBMISSIONS.name(), submission);
                assertThat(payload[0]).isEqualTo(WireFormat.MAGIC_BYTE);
                assertThat(ByteBuffer.wrap(payload, 1, 4).getInt()).isEqualTo(currentId);
                assertThat(deserializer.deserialize(Topics.SUBMISSIONS.name(), payload))
                        .isEqualTo(submission);
            }

            // Auto-registration of an incompatible change surfaces as the registry's 409.
            http.setCompatibility(subject, "BACKWARD");
            try (AvroSerializer<org.apache.avro.generic.GenericRecord> serializer = new AvroSerializer<>()) {
                serializer.configure(Map.of(SchemaRegistryClientConfig.URL, url), false);
                Schema breaking = AvroSchemas.parse(current.toString()
                        .replace(
                                "\"fields\":[{\"name\":\"eventId\"",
                                "\"fields\":[{\"name\":\"x\",\"type\":\"int\"}," + "{\"name\":\"eventId\""));
                org.apache.avro.generic.GenericRecord generic =
                        new org.apache.avro.generic.GenericData.Record(breaking);
                assertThatThrownBy(() -> serializer.serialize(Topics.SUBMISSIONS.name(), generic))
                        .isInstanceOf(SerializationException.class)
                        .hasMessageContaining("incompatible")
                        .hasRootCauseInstanceOf(SchemaRegistryException.class)
                        .rootCause()
                        .satisfies(cause -> assertThat(((SchemaRegistryException) cause).errorCode())
                                .isEqualTo(409));
            }
        }
    }

    static HandoverSubmission submission() {
        Instant occurred = Instant.parse("2026-11-25T10:15:30.123Z");
        return HandoverSubmission.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setCaseId(UUID.randomUUID().toString())
                .setType(EventType.ARRIVED)
                .setOccurredAt(occurred)
                .setReceivedAt(occurred.plus(2, ChronoUnit.SECONDS))
                .setActor(Actor.newBuilder()
                        .setUserId("PC1234")
                        .setRole(ActorRole.OFFICER)
                        .setOrg("G")
                        .build())
                .setSource(Source.newBuilder()
                        .setChannel(SourceChannel.OFFICER_APP)
                        .setDeviceId("device-1")
                        .setQueuedOffline(false)
                        .build())
                .setDetails(SubmissionDetails.newBuilder().setSiteCode("QEUH").build())
                .build();
    }
}
