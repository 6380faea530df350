package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * The launcher with {@code --services ""}: a real KRaft broker, PostgreSQL and the schema registry as their own
 * processes, driven as the user drives them. What was written before a stop (a topic, a record, a schema id, a row)
 * is there after a restart on the same data folder; the services' login owns the database, the analysts' login
 * connects but can neither write nor read the services' tables; and when the broker, the registry or PostgreSQL is
 * killed with SIGKILL, the launcher restarts it on the same data while the others run on. A taken port stops the
 * launcher before it starts anything, naming the port.
 *
 * <p>One pair of starts for all three (they used to be {@code LocalStackBrokerRegistryIT} and
 * {@code LocalStackPostgresIT}, each starting and restarting the same stack: 50 s and 31 s).
 */
class LocalStackInfrastructureIT {

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
    void brokerRegistryAndDatabaseKeepTheirDataAcrossAStopAndStartAndAcrossAKillOfEach() throws Exception {
        int offset = LauncherProcess.freeOffset(11_000, Set.of());
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
        LocalPostgres.Storage storage = LocalPostgres.Storage.in(new Layout(Path.of("/unused"), data));

        // Given a first start on an empty data folder
        int schemaId;
        RecordMetadata written;
        String appPassword;
        String analystPassword;
        try (LauncherProcess first = LauncherProcess.start(work.resolve("first.txt"), args)) {
            double seconds = first.awaitReady(Duration.ofSeconds(170));
            System.out.printf(
                    "Broker + PostgreSQL + registry ready in %.1f s (first start, storage formatted, cluster"
                            + " initialised)%n",
                    seconds);
            appPassword = Files.readString(storage.passwordFile("handover")).strip();
            analystPassword =
                    Files.readString(storage.passwordFile("handover_analyst")).strip();
            assertThat(first.console())
                    .containsPattern("Kafka storage\\s+formatting "
                            + Pattern.quote(data.resolve("kafka/data").toString()))
                    .containsPattern("Kafka broker\\s+" + Pattern.quote(ports.kafkaBootstrap()) + " ready")
                    .containsPattern("schema registry\\s+" + Pattern.quote(ports.registryUrl()) + " ready")
                    .contains("Kafka bootstrap             " + ports.kafkaBootstrap())
                    .doesNotContain("Handover API")
                    .containsPattern("PostgreSQL\\s+initialised "
                            + Pattern.quote(storage.cluster().toString()) + " \\(\\d+\\.\\d s\\)")
                    .containsPattern("PostgreSQL\\s+127\\.0\\.0\\.1:" + ports.postgres() + " ready")
                    .contains("PostgreSQL (services)       jdbc:postgresql://127.0.0.1:" + ports.postgres()
                            + "/handover (user handover)")
                    .contains("PostgreSQL for analysts     postgresql://handover_analyst:" + analystPassword
                            + "@127.0.0.1:" + ports.postgres() + "/handover (read-only)")
                    .doesNotContain(appPassword);

            // When a topic is created, a record written and a schema registered
            try (Admin admin = Admin.create(adminConfig(ports))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            written = produce(ports, "HO-1", "first-run");
            schemaId = register(ports);

            // And the services' login creates a table and writes a row
            try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                    Statement sql = app.createStatement()) {
                assertThat(single(sql, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'handover'"))
                        .as("owner of the database")
                        .isEqualTo("handover");
                assertThat(single(sql, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                        .isEqualTo("false");
                sql.execute("CREATE TABLE probe (case_id text PRIMARY KEY, note text NOT NULL)");
                sql.execute("INSERT INTO probe VALUES ('HO-1', 'first-run')");
            }

            // Then the analysts' login connects, and can neither write nor read what it was not granted
            try (Connection analyst = LocalPostgres.connect(ports, "handover", "handover_analyst", analystPassword);
                    Statement sql = analyst.createStatement()) {
                assertThat(single(sql, "SELECT current_user")).isEqualTo("handover_analyst");
                assertThat(sqlState(sql, "CREATE TABLE mine (x int)"))
                        .as("transactions are read-only by default")
                        .isEqualTo("25006");
                sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
                assertThat(sqlState(sql, "CREATE TABLE mine (x int)"))
                        .as("no CREATE on schema public, even read-write")
                        .isEqualTo("42501");
                assertThat(sqlState(sql, "CREATE TEMP TABLE mine (x int)"))
                        .as("no TEMP on the database")
                        .isEqualTo("42501");
                assertThat(sqlState(sql, "SELECT note FROM probe"))
                        .as("no SELECT on the services' tables (the API grants its views)")
                        .isEqualTo("42501");
            }
            assertThatThrownBy(() -> LocalPostgres.connect(ports, "handover", "handover_analyst", "wrong-password"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("28P01");

            // And the stack is stopped as Ctrl-C stops it: the registry before the broker, PostgreSQL last with a
            // fast shutdown
            int exit = first.stop(Duration.ofSeconds(120));
            assertThat(exit).as(first.console()).isEqualTo(143);
            assertThat(first.console())
                    .contains("Stopping the local stack (Ctrl-C)...")
                    .containsPattern("schema-registry\\s+stopped \\(\\d+\\.\\d s\\)")
                    .containsPattern("kafka\\s+stopped \\(\\d+\\.\\d s\\)")
                    .contains("Local stack stopped.");
            assertThat(first.console())
                    .as("registry stops before the broker, PostgreSQL last")
                    .containsPattern("(?s)schema-registry\\s+stopped.*kafka\\s+stopped.*postgres\\s+stopped \\(");
            assertThat(Files.readString(data.resolve("logs/postgres.log")))
                    .contains("received fast shutdown request")
                    .contains("database system is shut down");
        }
        assertThat(data.resolve("pids")).isEmptyDirectory();
        assertThat(PortCheck.taken(ports.needed(Set.of())))
                .as("every port is free again")
                .isEmpty();

        // Then a second start finds the topic, the record, the schema id and the row, with the same passwords
        try (LauncherProcess second = LauncherProcess.start(work.resolve("second.txt"), args)) {
            double seconds = second.awaitReady(Duration.ofSeconds(170));
            System.out.printf("Broker + PostgreSQL + registry ready in %.1f s (restart)%n", seconds);
            assertThat(second.console()).doesNotContain("formatting").doesNotContain("initialised");

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

            assertThat(Files.readString(storage.passwordFile("handover")).strip())
                    .isEqualTo(appPassword);
            assertThat(noteOf(ports, appPassword)).isEqualTo("first-run");

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

            // When PostgreSQL is killed with SIGKILL right after a commit
            try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                    Statement sql = app.createStatement()) {
                sql.execute("UPDATE probe SET note = 'committed-before-the-kill' WHERE case_id = 'HO-1'");
            }
            long postgres = LauncherProcess.pidOf(data, "postgres");
            long postgresKilled = System.nanoTime();
            LauncherProcess.kill9(postgres);

            // Then the launcher restarts it on the same cluster, and the broker runs on
            long restartedPostgres = second.awaitRestarted("postgres", 1, Duration.ofSeconds(120));
            System.out.printf(
                    "PostgreSQL killed with SIGKILL, restarted and ready %.1f s later%n",
                    (System.nanoTime() - postgresKilled) / 1e9);
            assertThat(restartedPostgres).isNotEqualTo(postgres).isEqualTo(LauncherProcess.pidOf(data, "postgres"));
            assertThat(second.console())
                    .containsPattern(
                            "postgres +died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s; restarting in 1\\.0 s")
                    .doesNotContain("initialised")
                    .doesNotContain("Stopping the local stack");
            assertThat(noteOf(ports, appPassword)).isEqualTo("committed-before-the-kill");
            assertThat(LauncherProcess.pidOf(data, "kafka")).isEqualTo(restartedBroker);
            assertThat(LauncherProcess.alive(restartedBroker)).isTrue();

            assertThat(second.stop(Duration.ofSeconds(120))).isEqualTo(143);
            assertThat(second.console())
                    .containsPattern("schema-registry\\s+stopped")
                    .containsPattern("kafka\\s+stopped")
                    .containsPattern("postgres\\s+stopped")
                    .contains("Local stack stopped.");
        }
    }

    @Test
    void aTakenPostgresPortStopsTheLauncherBeforeItStartsAnythingNamingThePort() throws Exception {
        int offset = LauncherProcess.freeOffset(11_500, Set.of());
        Ports ports = new Ports(offset);
        Path data = work.resolve("data");

        // Given something else listening on PostgreSQL's port
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(ports.postgres()));

            // When the launcher starts
            try (LauncherProcess launcher = LauncherProcess.start(
                    work.resolve("console.txt"),
                    "--services",
                    "",
                    "--ports-offset",
                    String.valueOf(offset),
                    "--data-dir",
                    data.toString())) {

                // Then it exits 1, naming the port and what it is for, having started nothing
                assertThat(launcher.awaitExit(Duration.ofSeconds(60))).isEqualTo(LocalStack.FAILURE);
                assertThat(launcher.console())
                        .contains("local-stack: Port " + ports.postgres() + " (PostgreSQL) is already in use.")
                        .contains("--ports-offset")
                        .doesNotContain("Starting the local stack");
            }
        }
        assertThat(data.resolve("postgres")).doesNotExist();
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

    private static String noteOf(Ports ports, String appPassword) throws SQLException {
        try (Connection app = LocalPostgres.connect(ports, "handover", "handover", appPassword);
                Statement sql = app.createStatement()) {
            return single(sql, "SELECT note FROM probe WHERE case_id = 'HO-1'");
        }
    }

    private static String single(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getString(1);
        }
    }

    /** The SQLSTATE the statement fails with; fails the test if it succeeds. */
    private static String sqlState(Statement sql, String statement) {
        try {
            sql.execute(statement);
        } catch (SQLException e) {
            return e.getSQLState();
        }
        throw new AssertionError("expected to be refused: " + statement);
    }
}
