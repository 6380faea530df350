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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher with {@code --services "" --brokers 3}: three Kafka nodes (each a broker and a KRaft controller),
 * PostgreSQL and the schema registry as their own processes, driven as the user drives them. Topics get three
 * replicas and need two in sync. What was written before a stop (a topic, a record, a schema id, a row) is there after
 * a restart on the same data folder; the services' login owns the database, the analysts' login connects but can
 * neither write nor read the services' tables. When the active controller is killed with SIGKILL, writes with {@code
 * acks=all} and the registry go on with the other two nodes, a new controller is elected, the launcher restarts the
 * node on its storage and it catches up until every partition has its three replicas in sync again: nothing
 * acknowledged is lost or there twice. When the registry or PostgreSQL is killed, the launcher restarts it on the same
 * data while the others run on. A taken port stops the launcher before it starts anything, naming the port; a data
 * folder of one broker is refused with three.
 *
 * <p>One pair of starts for all of it: this class used to be three ({@code LocalStackBrokerRegistryIT}, {@code
 * LocalStackPostgresIT}, then {@code LocalStackThreeBrokersIT}), each starting its own stack. A single node's
 * formatting and start are what {@code LocalStackFullIT} and the simulator's {@code GroundTruthIT} run; the loss of
 * the only node (the registry outliving the broker) is the fault suite's {@code broker} row with {@code --brokers 1}.
 */
class LocalStackInfrastructureIT {

    private static final String TOPIC = "local-stack-it";
    private static final int NODES = 3;
    private static final String SUBJECT = "local-stack-it-value";
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"uk.transferofcare.it\","
                    + "\"fields\":[{\"name\":\"caseId\",\"type\":\"string\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void threeNodesRegistryAndDatabaseKeepTheirDataAcrossAStopAndStartAndAcrossAKillOfTheActiveControllerAndOfEach()
            throws Exception {
        int offset = LauncherProcess.freeOffset(11_000, Set.of(), NODES);
        Ports ports = new Ports(offset, NODES);
        Path data = work.resolve("data");
        String[] args = {
            "--services",
            "",
            "--brokers",
            String.valueOf(NODES),
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
                    "Three Kafka nodes + PostgreSQL + registry ready in %.1f s (first start, storage formatted,"
                            + " cluster initialised)%n",
                    seconds);
            appPassword = Files.readString(storage.passwordFile("handover")).strip();
            analystPassword =
                    Files.readString(storage.passwordFile("handover_analyst")).strip();
            assertThat(first.console())
                    .containsPattern("Kafka storage\\s+formatting "
                            + Pattern.quote(data.resolve("kafka-3/data").toString()))
                    .containsPattern("Kafka cluster\\s+3 brokers and KRaft controllers, "
                            + Pattern.quote(ports.kafkaBootstrap())
                            + ", replication factor 3, min.insync.replicas 2 ready")
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

            // When a topic is created with the cluster's defaults, a record written and a schema registered
            try (Admin admin = Admin.create(adminConfig(ports))) {
                QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS);
                assertThat(quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId))
                        .containsExactlyInAnyOrder(1, 2, 3);
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(NODES);
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(2), Optional.empty())))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                // Then it has three replicas and needs two in sync, and so has the registry's store
                assertThat(describe(admin, TOPIC).partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                assertThat(minInsyncReplicas(admin, TOPIC)).isEqualTo("2");
                assertThat(describe(admin, "_schemas").partitions())
                        .as("the registry's store has three replicas too")
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
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
                    .containsPattern("kafka-2\\s+stopped \\(\\d+\\.\\d s\\)")
                    .containsPattern("kafka-3\\s+stopped \\(\\d+\\.\\d s\\)")
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
            System.out.printf("Three Kafka nodes + PostgreSQL + registry ready in %.1f s (restart)%n", seconds);
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

            // When the active controller is killed with SIGKILL right after acknowledging a record
            List<String> acknowledged = new ArrayList<>(List.of("first-run"));
            RecordMetadata acknowledgedBefore = produce(ports, "HO-2", "acknowledged-before-the-kill");
            acknowledged.add("acknowledged-before-the-kill");
            Map<String, Long> nodes = new LinkedHashMap<>();
            for (int node = 1; node <= NODES; node++) {
                nodes.put(Platform.brokerName(node), LauncherProcess.pidOf(data, Platform.brokerName(node)));
            }
            long registry = LauncherProcess.pidOf(data, "schema-registry");
            try (Admin admin = Admin.create(adminConfig(ports))) {
                int leader = admin.describeMetadataQuorum()
                        .quorumInfo()
                        .get(30, TimeUnit.SECONDS)
                        .leaderId();
                String leaderName = Platform.brokerName(leader);
                long killed = nodes.get(leaderName);
                long killedAt = System.nanoTime();
                LauncherProcess.kill9(killed);

                // Then writes that need two replicas in sync, and the registry, go on while it is down
                try (KafkaProducer<String, String> producer = idempotentProducer(ports)) {
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
                assertThat(register(ports))
                        .as("the registry answers with two nodes")
                        .isEqualTo(schemaId);

                // And the launcher restarts the killed node on its storage, which catches up: three replicas in sync
                long restarted = second.awaitRestarted(leaderName, 1, Duration.ofSeconds(120));
                assertThat(restarted).isNotEqualTo(killed).isEqualTo(LauncherProcess.pidOf(data, leaderName));
                nodes.put(leaderName, restarted);
                await("every partition with its three replicas in sync")
                        .atMost(Duration.ofSeconds(120))
                        .untilAsserted(() -> assertThat(describe(admin, TOPIC).partitions())
                                .allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
                System.out.printf(
                        "Active controller (node %d) killed with SIGKILL; restarted and all replicas in sync %.1f s"
                                + " later%n",
                        leader, (System.nanoTime() - killedAt) / 1e9);
                assertThat(second.console())
                        .containsPattern(Pattern.quote(leaderName)
                                + " +died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s; restarting in 1\\.0 s")
                        .doesNotContain("formatting")
                        .doesNotContain("Stopping the local stack");
            }
            // Nothing acknowledged is lost, nothing is there twice
            assertThat(readAll(ports)).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(readOne(ports, acknowledgedBefore).value()).isEqualTo("acknowledged-before-the-kill");
            assertThat(LauncherProcess.pidOf(data, "schema-registry")).isEqualTo(registry);
            assertThat(LauncherProcess.alive(registry)).isTrue();

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
            for (Map.Entry<String, Long> node : nodes.entrySet()) {
                assertThat(LauncherProcess.pidOf(data, node.getKey()))
                        .as(node.getKey())
                        .isEqualTo(node.getValue());
            }

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
            assertThat(nodes)
                    .allSatisfy((name, pid) ->
                            assertThat(LauncherProcess.alive(pid)).as(name).isTrue());

            assertThat(second.stop(Duration.ofSeconds(120))).isEqualTo(143);
            assertThat(second.console())
                    .containsPattern("schema-registry\\s+stopped")
                    .containsPattern("kafka\\s+stopped")
                    .containsPattern("kafka-3\\s+stopped")
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
        return onceEveryBrokerKnows(() -> admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic));
    }

    private static String minInsyncReplicas(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = onceEveryBrokerKnows(() -> admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource));
        return config.get("min.insync.replicas").value();
    }

    /**
     * The controller answers createTopics once the topic is in its log; each broker learns of it from the metadata log a
     * moment later, so a request that reaches another broker straight away may be told the topic does not exist there.
     * Ask again (the admin client may pick any broker each time) until the deadline; any other failure is the test's.
     */
    private static <T> T onceEveryBrokerKnows(Callable<T> request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return request.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() >= deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static KafkaProducer<String, String> idempotentProducer(Ports ports) {
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
