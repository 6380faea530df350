package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;

/**
 * The whole platform as {@code ./run --secure --instances 2} starts it, the shape production runs: a SASL_SSL-only
 * broker with SCRAM users and ACLs per service principal, a registry that takes writes with credentials only, two
 * handover-api instances behind the launcher's front port, two handover-processor instances and notification-service,
 * each its own process. Needs the services' executable jars, which the full reactor ({@code ./mvnw verify}) builds
 * before this module. Run it alone with {@code ./mvnw -DskipTests install && ./mvnw -pl local-stack verify
 * -Dit.test=LocalStackFullIT}. Plain {@code ./run} (PLAINTEXT, one instance each) is started by the simulator's
 * {@code GroundTruthIT} (API and processor); {@link LocalStackInfrastructureIT} runs the launcher on three Kafka nodes.
 *
 * <p>One stack for the class (it takes a minute to start; this class used to be two, {@code SecureStackIT} being the
 * other, each starting its own), in four steps:
 *
 * <ol>
 *   <li>it starts healthy and serves through the front; every service works over SASL_SSL with its own principal; the
 *       ACLs hold (a principal without the ACL cannot write {@code handover-submissions}); a client without
 *       credentials gets nowhere; the registry refuses anonymous writes;
 *   <li>an API instance killed with SIGKILL leaves the front answering from the other;
 *   <li>a processor instance killed with SIGKILL is restarted while the others run on;
 *   <li>the same instance dying again within the restart window ({@code --max-restarts 1}) stops everything.
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackFullIT {

    private static final Set<AppService> ALL = EnumSet.allOf(AppService.class);
    private static final int INSTANCES = 2;
    private static final String KILLED = "handover-processor-1";
    private static final String API_KILLED = "handover-api-2";
    private static final List<String> OTHERS = List.of(
            "kafka",
            "postgres",
            "schema-registry",
            "handover-api-1",
            "handover-api-2",
            "handover-processor-2",
            AppService.NOTIFICATION.module());

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    private Path data;
    private Ports ports;
    private SecureKafka.Files files;
    private LauncherProcess stack;

    @BeforeAll
    void startTheWholePlatform() throws Exception {
        Path root = Layout.findRepoRoot().orElseThrow();
        List<String> missing = new Layout(root, work).missingArtifacts(ALL);
        assertThat(missing)
                .as("The full-stack test starts the services' executable jars; build them first with"
                        + " ./mvnw -DskipTests install (the full ./mvnw verify builds them before local-stack)")
                .isEmpty();

        int offset = LauncherProcess.freeOffset(12_000, ALL, 1, INSTANCES);
        ports = new Ports(offset, 1, INSTANCES);
        data = work.resolve("data");
        files = new SecureKafka.Files(data.resolve("kafka").resolve("secure"));
        stack = LauncherProcess.start(
                work.resolve("console.txt"),
                "--secure",
                "--instances",
                String.valueOf(INSTANCES),
                "--ports-offset",
                String.valueOf(offset),
                "--data-dir",
                data.toString(),
                "--timeout",
                "240",
                "--max-restarts",
                "1",
                "--restart-window",
                "3600");
        double seconds = stack.awaitReady(Duration.ofSeconds(260));
        System.out.printf(
                "Secure full platform (SASL_SSL broker, registry, 2 API and 2 processor instances, notification) ready in %.1f s%n",
                seconds);
    }

    @AfterAll
    void stopWhatIsLeft() throws Exception {
        if (stack != null) {
            System.out.println(stack.console());
            stack.close();
        }
    }

    @Test
    @Order(1)
    void givenTheWholePlatform_thenAllFiveAreHealthyAndASubmissionTravelsThroughEveryService() throws Exception {
        assertEveryProcessIsHealthy();
        assertThat(stack.console())
                .contains("Handover API + web UI       http://localhost:" + ports.of(AppService.API) + " (front to"
                        + " http://localhost:" + ports.of(instance(AppService.API, 1)) + ", http://localhost:"
                        + ports.of(instance(AppService.API, 2)) + ")")
                .contains(
                        "Swagger UI                  http://localhost:" + ports.of(AppService.API) + "/swagger-ui.html")
                .contains("Dev inbox (mail, webhooks)  http://localhost:" + ports.inboxHttp());

        aSubmissionTravelsThroughEveryServiceWithOneTraceId(ports, Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void givenTheWholePlatform_whenTheApisDevTokensAreUsed_thenTheOtherServicesAcceptThemAndActuatorNeedsAnAdmin()
            throws Exception {
        String api = "http://127.0.0.1:" + ports.of(AppService.API);
        String admin = field(
                post(api + "/dev/tokens", null, null, "{\"subject\":\"admin-1\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}")
                        .body(),
                "token");
        String officer = field(
                post(api + "/dev/tokens", null, null, "{\"subject\":\"pc-1\",\"role\":\"OFFICER\",\"org\":\"G\"}")
                        .body(),
                "token");
        String notifications = "http://127.0.0.1:" + ports.of(AppService.NOTIFICATION) + "/api/notifications";

        assertThat(List.of(
                        get(notifications, admin).statusCode(),
                        get(notifications, officer).statusCode(),
                        get(notifications, null).statusCode()))
                .as("notification-service trusts the API's dev tokens: ADMIN reads, OFFICER may not, nobody 401")
                .containsExactly(200, 403, 401);
        for (ServiceInstance instance : instances()) {
            String health = "http://127.0.0.1:" + ports.management(instance) + "/actuator/health";
            assertThat(List.of(
                            get(health, admin).statusCode(), get(health, null).statusCode()))
                    .as(instance.name() + " management port")
                    .containsExactly(200, 401);
        }
        // One key for the run: a token minted by one API instance is good at the other
        String minted = field(
                post(
                                "http://127.0.0.1:" + ports.of(instance(AppService.API, 1)) + "/dev/tokens",
                                null,
                                null,
                                "{\"subject\":\"nurse-1\",\"role\":\"ED_STAFF\",\"org\":\"QEUH\"}")
                        .body(),
                "token");
        assertThat(get(
                                "http://127.0.0.1:" + ports.of(instance(AppService.API, 2))
                                        + "/api/v1/handovers?siteCode=QEUH",
                                minted)
                        .statusCode())
                .as("instance 2 accepts instance 1's token")
                .isEqualTo(200);
        assertThat(stack.console())
                .as("the launcher prints the notifications page with a dev token")
                .contains("http://localhost:" + ports.of(AppService.NOTIFICATION) + "/notifications#token=");
    }

    @Test
    @Order(1)
    void givenTheWholePlatform_whenEveryServiceIsScraped_thenEveryMetricTheAlertRulesNameIsExported() throws Exception {
        String api = "http://127.0.0.1:" + ports.of(AppService.API);
        String admin = field(
                post(
                                api + "/dev/tokens",
                                null,
                                null,
                                "{\"subject\":\"prometheus\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}")
                        .body(),
                "token");
        // Consumer groups have committed offsets, and so a lag, once records have gone through them.
        aSubmissionTravelsThroughEveryServiceWithOneTraceId(ports, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    java.util.Set<String> exported = new java.util.TreeSet<>();
                    Map<AppService, String> lagGroups = new java.util.EnumMap<>(AppService.class);
                    for (ServiceInstance instance : instances()) {
                        var scrape =
                                get("http://127.0.0.1:" + ports.management(instance) + "/actuator/prometheus", admin);
                        assertThat(scrape.statusCode()).as(instance.name()).isEqualTo(200);
                        for (String line : scrape.body().split("\n")) {
                            if (!line.isBlank() && !line.startsWith("#")) {
                                exported.add(line.split("[{ ]", 2)[0]);
                            }
                            if (line.startsWith("platform_kafka_consumer_group_lag{")) {
                                lagGroups.merge(instance.service(), line, (a, b) -> a + "\n" + b);
                            }
                        }
                    }
                    for (AlertRules.Rule rule :
                            AlertRules.load(Layout.findRepoRoot().orElseThrow())) {
                        assertThat(exported)
                                .as("metrics of alert %s (%s)", rule.alert(), rule.expr())
                                .containsAll(AlertRules.exportedMetricNames(rule.expr()));
                    }
                    // The API and the processor see the other services' groups from the broker (the secure stack's
                    // DESCRIBE
                    // ACLs), so a group whose own service hangs is still seen falling behind.
                    assertThat(lagGroups.getOrDefault(AppService.API, ""))
                            .as("handover-api reports the processor's and notification-service's groups")
                            .contains("group=\"handover-processor\"")
                            .contains("group=\"notification-service\"");
                    assertThat(lagGroups.getOrDefault(AppService.PROCESSOR, ""))
                            .as("handover-processor reports the API's projection group")
                            .contains("group=\"handover-api-projection\"");
                    assertThat(lagGroups.getOrDefault(AppService.NOTIFICATION, ""))
                            .as("notification-service reports its own groups, and no other (it may describe none)")
                            .contains("group=\"notification-service\"")
                            .doesNotContain("group=\"handover-processor\"", "group=\"handover-api-projection\"");
                });
    }

    @Test
    @Order(1)
    void givenTheWholePlatform_thenEveryServiceProcessGotTheSharedDatasource() throws Exception {
        String password =
                Files.readString(data.resolve("postgres/handover.password")).strip();
        for (ServiceInstance instance : instances()) {
            long pid = LauncherProcess.pidOf(data, instance.name());
            Map<String, String> environment = environmentOf(pid);
            assertThat(environment)
                    .as(instance.name())
                    .containsEntry(
                            "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/handover")
                    .containsEntry("SPRING_DATASOURCE_USERNAME", "handover")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", password);
        }
        try (var app = LocalPostgres.connect(ports, "handover", "handover", password)) {
            assertThat(app.isValid(5))
                    .as("the password the services got logs in")
                    .isTrue();
        }
    }

    @Test
    @Order(1)
    void givenTheWholePlatform_thenEveryCatalogueTopicCarriesItsOwnRetentionAndCleanupPolicy() throws Exception {
        List<ConfigResource> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            topics.add(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            topics.add(new ConfigResource(ConfigResource.Type.TOPIC, topic.deadLetterTopic()));
        }
        Map<ConfigResource, Config> configs;
        try (Admin admin = Admin.create(clientConfig("admin", password("admin")))) {
            configs = admin.describeConfigs(topics).all().get(30, TimeUnit.SECONDS);
        }

        Map<String, String> actual = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            expected.put(
                    topic.name(),
                    "cleanup.policy=" + topic.cleanupPolicy() + " (DYNAMIC_TOPIC_CONFIG), " + "retention.ms="
                            + topic.retentionMs() + " (DYNAMIC_TOPIC_CONFIG)");
            expected.put(
                    topic.deadLetterTopic(),
                    "cleanup.policy=delete (DYNAMIC_TOPIC_CONFIG), retention.ms=" + Topic.DEAD_LETTER_RETENTION_MS
                            + " (DYNAMIC_TOPIC_CONFIG)");
        }
        configs.forEach((resource, config) -> {
            ConfigEntry cleanup = config.get("cleanup.policy");
            ConfigEntry retention = config.get("retention.ms");
            actual.put(
                    resource.name(),
                    "cleanup.policy=" + cleanup.value() + " (" + cleanup.source() + "), retention.ms="
                            + retention.value() + " (" + retention.source() + ")");
        });
        // DYNAMIC_TOPIC_CONFIG: set on the topic itself, not inherited from the broker's log.retention.ms
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    @Order(1)
    void givenTheSecureStack_thenEveryServiceInstanceTalksSaslSslWithItsOwnPrincipalAndTheBrokerHasNoPlaintext()
            throws Exception {
        for (ServiceInstance instance : instances()) {
            SecureKafka.Principal principal = SecureKafka.Principal.of(instance.service());
            assertThat(environmentOf(LauncherProcess.pidOf(data, instance.name())))
                    .as(instance.name())
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry(
                            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                            SecureKafka.scramJaas(principal.user(), password(principal.user())));
        }
        assertThat(Files.readString(data.resolve("kafka/server.properties")))
                .contains("listener.security.protocol.map=CLIENTS:SASL_SSL,CONTROLLER:SASL_SSL")
                .doesNotContain("PLAINTEXT");
    }

    @Test
    @Order(1)
    void givenNotificationServicesPrincipal_whenItWritesHandoverSubmissions_thenTheBrokerRefusesIt() {
        String user = SecureKafka.Principal.NOTIFICATION.user();
        try (KafkaProducer<String, byte[]> producer = producer(user, password(user))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(
                                    "handover-submissions", UUID.randomUUID().toString(), new byte[] {0}))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @Order(1)
    void givenAFreshScramUserWithoutAcls_whenItWritesHandoverSubmissions_thenTheBrokerRefusesIt() throws Exception {
        String user = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Fresh" + UUID.randomUUID().toString().replace("-", "");
        try (Admin admin = Admin.create(clientConfig("admin", password("admin")))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        // SCRAM credentials reach the broker's cache through the metadata log: retry until the login works
        await("the fresh user is refused the topic, not the login")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    try (KafkaProducer<String, byte[]> producer = producer(user, password)) {
                        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(
                                                "handover-submissions",
                                                UUID.randomUUID().toString(),
                                                new byte[] {0}))
                                        .get(30, TimeUnit.SECONDS))
                                .isInstanceOf(ExecutionException.class)
                                .hasCauseInstanceOf(TopicAuthorizationException.class);
                    }
                });
    }

    @Test
    @Order(1)
    void givenAClientWithoutValidCredentials_whenItConnects_thenItGetsNowhere() throws Exception {
        // SASL_SSL with a wrong password: authentication fails
        try (Admin admin = Admin.create(clientConfig("handover-api", "not-the-password-of-handover-api"))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        // plaintext, no credentials at all: the TLS listener never answers a Kafka request
        Map<String, Object> plaintext = new LinkedHashMap<>();
        plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap());
        plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
        // the CA is of this data folder: a client that does not trust it fails the TLS handshake
        Map<String, Object> untrusted = clientConfig("handover-api", password("handover-api"));
        untrusted.remove("ssl.truststore.location");
        untrusted.remove("ssl.truststore.password");
        untrusted.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(untrusted)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    @Order(1)
    void givenTheSecureRegistry_whenSomeoneWritesWithoutCredentials_thenItIsRefusedWhileReadsStayOpen()
            throws Exception {
        String registry = ports.registryUrl();
        String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":[]}\"}";
        String subject = registry + "/subjects/probe-" + UUID.randomUUID() + "-value/versions";

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(subject))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(schema))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_code\":40101");

        HttpResponse<String> deleteAnonymous = http.send(
                HttpRequest.newBuilder(URI.create(registry + "/subjects/handover-submissions-value"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleteAnonymous.statusCode()).isEqualTo(401);

        String user = SecureKafka.Principal.ADMIN.user();
        HttpResponse<String> admin = http.send(
                HttpRequest.newBuilder(URI.create(subject))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(schema))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);

        // the services registered their schemas with their own credentials; anyone may read them
        HttpResponse<String> subjects = get(registry + "/subjects");
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).contains("handover-submissions-value");
    }

    @Test
    @Order(2)
    void givenTwoApiInstancesBehindTheFront_whenOneIsKilledWithSigkill_thenEveryRequestToTheFrontIsAnsweredMeanwhile()
            throws Exception {
        String front = "http://127.0.0.1:" + ports.of(AppService.API);
        String nurse = field(
                post(
                                front + "/dev/tokens",
                                null,
                                null,
                                "{\"subject\":\"nurse-2\",\"role\":\"ED_STAFF\",\"org\":\"QEUH\"}")
                        .body(),
                "token");
        long killed = LauncherProcess.pidOf(data, API_KILLED);

        LauncherProcess.kill9(killed);

        // Every new connection while it is down and restarting lands on the other instance: the front skips an
        // instance that refuses connections, and one that listens again only once its /readyz says UP
        Pattern restartedAndReady = Pattern.compile(
                "\\n  " + Pattern.quote(API_KILLED) + " +restarted \\(attempt 1, pid \\d+\\), ready in");
        List<Integer> answers = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        boolean restarted = false;
        while (!restarted && System.nanoTime() < deadline) {
            // a new connection each time, as a browser opens one after the instance it used went away
            HttpClient fresh = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            answers.add(fresh.send(
                            HttpRequest.newBuilder(URI.create(front + "/api/v1/handovers?siteCode=QEUH"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + nurse)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode());
            restarted = restartedAndReady.matcher(stack.console()).find();
            Thread.sleep(50);
        }
        assertThat(restarted).as(stack.console()).isTrue();
        System.out.printf(
                "%s killed with SIGKILL: %d requests to the front while it was down and restarting%n",
                API_KILLED, answers.size());
        assertThat(answers).isNotEmpty().containsOnly(200);
        // a token minted before the kill is good at the restarted instance: the run's key is on disk
        await("the restarted instance ready")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                get("http://127.0.0.1:" + ports.of(instance(AppService.API, 2)) + "/readyz")
                                        .statusCode())
                        .isEqualTo(200));
        assertThat(get(
                                "http://127.0.0.1:" + ports.of(instance(AppService.API, 2))
                                        + "/api/v1/handovers?siteCode=QEUH",
                                nurse)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void givenARunningPlatform_whenTheProcessorIsKilledWithSigkill_thenItIsRestartedAndServesWhileTheOthersRunOn()
            throws Exception {
        Map<String, Long> others = new LinkedHashMap<>();
        for (String name : OTHERS) {
            others.put(name, LauncherProcess.pidOf(data, name));
        }
        long killed = LauncherProcess.pidOf(data, KILLED);

        long startedNanos = System.nanoTime();
        LauncherProcess.kill9(killed);

        long restarted = stack.awaitRestarted(KILLED, 1, Duration.ofSeconds(300));
        System.out.printf(
                "%s killed with SIGKILL, restarted and ready %.1f s later%n",
                KILLED, (System.nanoTime() - startedNanos) / 1e9);
        assertThat(stack.console())
                .containsPattern(Pattern.quote(KILLED) + " +died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s;"
                        + " restarting in 1\\.0 s \\(attempt 1 of at most 1 within 3600 s\\)")
                .doesNotContain("Stopping the local stack");
        assertThat(restarted).isNotEqualTo(killed);
        assertThat(LauncherProcess.pidOf(data, KILLED)).isEqualTo(restarted);
        assertThat(LauncherProcess.alive(restarted)).isTrue();
        // the others ran on: the same processes, alive and healthy
        for (Map.Entry<String, Long> other : others.entrySet()) {
            assertThat(LauncherProcess.pidOf(data, other.getKey()))
                    .as(other.getKey())
                    .isEqualTo(other.getValue());
            assertThat(LauncherProcess.alive(other.getValue()))
                    .as(other.getKey())
                    .isTrue();
        }
        await("every process healthy").atMost(Duration.ofSeconds(60)).untilAsserted(this::assertEveryProcessIsHealthy);
        // and the platform serves again, through the restarted processor, without anybody doing anything: the
        // restarted member may wait for the killed one's Kafka session to expire before it gets its partitions
        aSubmissionTravelsThroughEveryServiceWithOneTraceId(ports, Duration.ofSeconds(180));
    }

    @Test
    @Order(4)
    void givenTheProcessorRestartedOnce_whenItDiesAgainInTheWindow_thenTheLauncherStopsEverythingSayingSo()
            throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : OTHERS) {
            pids.put(name, LauncherProcess.pidOf(data, name));
        }

        LauncherProcess.kill9(LauncherProcess.pidOf(data, KILLED));

        assertThat(stack.awaitExit(Duration.ofSeconds(150))).isEqualTo(LocalStack.FAILURE);
        assertThat(stack.console())
                .contains("local-stack: " + KILLED + " keeps dying: 2 deaths within 3600 s, the last with exit code"
                        + " 137: SIGKILL; --max-restarts 1 allows 1 restart within --restart-window 3600 s")
                .contains("---- last ")
                .contains("Stopping the local stack (" + KILLED + " keeps dying)...")
                .containsPattern(Pattern.quote(KILLED) + " +had already exited \\(code 137\\)")
                .containsPattern("handover-api-1\\s+stopped")
                .containsPattern("handover-api-2\\s+stopped")
                .containsPattern("handover-processor-2\\s+stopped")
                .containsPattern("handover-api front\\s+stopped")
                .containsPattern("notification-service\\s+stopped")
                .containsPattern("(?s)schema-registry\\s+stopped.*kafka\\s+stopped.*postgres\\s+stopped")
                .contains("Local stack stopped.");
        assertThat(pids.values()).noneMatch(LauncherProcess::alive);
        assertThat(data.resolve("pids")).isEmptyDirectory();
        assertThat(PortCheck.taken(ports.needed(ALL)))
                .as("every port is free again")
                .isEmpty();
    }

    private String password(String user) {
        try {
            return Files.readString(files.passwordFile(user)).strip();
        } catch (java.io.IOException e) {
            throw new AssertionError("no password file for " + user, e);
        }
    }

    /** A Kafka client's settings for one SCRAM user over SASL_SSL, trusting the run's CA. */
    private Map<String, Object> clientConfig(String user, String password) {
        Map<String, Object> config =
                new LinkedHashMap<>(SecureKafka.clientConfig(files, user, password, password("truststore")));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private KafkaProducer<String, byte[]> producer(String user, String password) {
        Map<String, Object> config = clientConfig(user, password);
        config.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** A process's own environment, as the kernel holds it: NUL-separated NAME=value. */
    private static Map<String, String> environmentOf(long pid) throws java.io.IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : Files.readString(Path.of("/proc", Long.toString(pid), "environ"))
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environment;
    }

    private static List<ServiceInstance> instances() {
        return ServiceInstance.of(List.of(AppService.values()), INSTANCES);
    }

    private static ServiceInstance instance(AppService service, int index) {
        return new ServiceInstance(service, index, INSTANCES);
    }

    private void assertEveryProcessIsHealthy() throws Exception {
        try (Admin admin = Admin.create(clientConfig("admin", password("admin")))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasSize(1);
        }
        assertThat(get(ports.registryUrl() + "/health").statusCode()).isEqualTo(200);
        for (ServiceInstance instance : instances()) {
            HttpResponse<String> readiness = get("http://127.0.0.1:" + ports.of(instance) + "/readyz");
            assertThat(readiness.statusCode()).as(instance.name()).isEqualTo(200);
            assertThat(readiness.body()).as(instance.name()).contains("\"status\":\"UP\"");
        }
    }

    /**
     * The walking skeleton end to end: an officer's submission over HTTP is produced by handover-api, applied by
     * handover-processor (status APPLIED, case visible), notified by notification-service (the dev inbox receives
     * it), and the W3C trace id sent with the HTTP request is in the headers of the applied event and of the
     * notification outcome.
     */
    private void aSubmissionTravelsThroughEveryServiceWithOneTraceId(Ports ports, Duration applied) throws Exception {
        String api = "http://127.0.0.1:" + ports.of(AppService.API);
        String token = field(
                post(api + "/dev/tokens", null, null, "{\"subject\":\"pc-1234\",\"role\":\"OFFICER\",\"org\":\"G\"}")
                        .body(),
                "token");
        String caseId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"PRE_ALERTED\",\"occurredAt\":\""
                + Instant.now().minusSeconds(5) + "\",\"siteCode\":\"QEUH\",\"legalBasis\":\"S297\","
                + "\"removedAt\":\"" + Instant.now().minusSeconds(600) + "\",\"officerCount\":2}";

        HttpResponse<String> accepted = post(api + "/api/v1/handovers/" + caseId + "/events", token, traceparent, body);

        // 201 with the processor's verdict, or 202 PENDING when it did not come within the API's wait (a processor
        // just restarted is still taking over its partitions); the status URL has the verdict either way.
        assertThat(accepted.statusCode()).as(accepted.body()).isIn(201, 202);
        assertThat(accepted.headers().firstValue("Location"))
                .hasValue("/api/v1/handovers/" + caseId + "/events/" + eventId);
        await("submission applied")
                .atMost(applied)
                .untilAsserted(() -> assertThat(get(api + "/api/v1/handovers/" + caseId + "/events/" + eventId, token)
                                .body())
                        .contains("\"status\":\"APPLIED\""));
        // The status comes from handover-outcomes and the case from handover-state: two topics, two read models.
        await("case visible with its new state").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> handover = get(api + "/api/v1/handovers/" + caseId, token);
            assertThat(handover.statusCode()).isEqualTo(200);
            assertThat(handover.body()).contains("\"state\":\"PRE_ALERTED\"").contains("\"siteCode\":\"QEUH\"");
        });
        await("the ED coordinator notified in the dev inbox")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(get("http://127.0.0.1:" + ports.inboxHttp() + "/api/webhooks", null)
                                        .body()
                                + get("http://127.0.0.1:" + ports.inboxHttp() + "/api/mail", null)
                                        .body())
                        .contains(caseId.substring(0, 8)));

        assertThat(traceIdsOf(ports, "handover-submissions", caseId)).containsOnly(traceId);
        assertThat(traceIdsOf(ports, "handover-events", caseId)).containsOnly(traceId);
        assertThat(traceIdsOf(ports, "notification-outcomes", caseId))
                .isNotEmpty()
                .containsOnly(traceId);
    }

    /** Trace ids in the {@code traceparent} headers of a topic's records for one case. */
    private Set<String> traceIdsOf(Ports ports, String topic, String caseId) {
        Map<String, Object> config = clientConfig("admin", password("admin"));
        config.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "trace-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"));
        Set<String> traceIds = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await(topic + " records of the case").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (caseId.equals(record.key())) {
                        traceIds.add(
                                header == null
                                        ? "(none)"
                                        : new String(header.value(), StandardCharsets.UTF_8).split("-")[1]);
                    }
                }
                return !traceIds.isEmpty();
            });
        }
        return traceIds;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> post(String url, String token, String traceparent, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
