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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
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
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run --secure}: the whole platform with a SASL_SSL-only broker, SCRAM users and ACLs per service principal,
 * and a registry that takes writes with credentials only. Proves that the ACLs hold (a principal without the ACL
 * cannot write {@code handover-submissions}), that a client without credentials gets nowhere, and that every service
 * works over SASL_SSL (a submission through the API gets its verdict and its notification reaches the dev inbox).
 * Needs the services' executable jars, like {@link LocalStackFullIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureStackIT {

    private static final Set<AppService> ALL = EnumSet.allOf(AppService.class);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    private Path data;
    private Ports ports;
    private SecureKafka.Files files;
    private LauncherProcess stack;

    @BeforeAll
    void startTheSecurePlatform() throws Exception {
        Path root = Layout.findRepoRoot().orElseThrow();
        assertThat(new Layout(root, work).missingArtifacts(ALL))
                .as("The secure stack test starts the services' executable jars; build them in the same reactor"
                        + " (./mvnw -pl handover-api,handover-processor,notification-service,local-stack -am verify)")
                .isEmpty();
        int offset = LauncherProcess.freeOffset(13_000, ALL);
        ports = new Ports(offset);
        data = work.resolve("data");
        files = new SecureKafka.Files(data.resolve("kafka").resolve("secure"));
        stack = LauncherProcess.start(
                work.resolve("console.txt"),
                "--secure",
                "--ports-offset",
                String.valueOf(offset),
                "--data-dir",
                data.toString(),
                "--timeout",
                "300",
                "--max-restarts",
                "0");
        double seconds = stack.awaitReady(Duration.ofSeconds(320));
        System.out.printf("Secure platform ready in %.1f s%n", seconds);
    }

    @AfterAll
    void stopIt() throws Exception {
        if (stack != null) {
            System.out.println(stack.console());
            stack.close();
        }
    }

    @Test
    void givenTheSecureStack_whenASubmissionIsSentThroughTheApi_thenEveryServiceWorksOverSaslSsl() throws Exception {
        for (AppService service : ALL) {
            Map<String, String> environment = environmentOf(LauncherProcess.pidOf(data, service.module()));
            assertThat(environment)
                    .as(service.module())
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry(
                            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                            SecureKafka.scramJaas(
                                    SecureKafka.Principal.of(service).user(),
                                    password(SecureKafka.Principal.of(service).user())));
        }
        assertThat(Files.readString(data.resolve("kafka/server.properties")))
                .contains("listener.security.protocol.map=CLIENTS:SASL_SSL,CONTROLLER:SASL_SSL")
                .doesNotContain("PLAINTEXT");

        String api = "http://127.0.0.1:" + ports.of(AppService.API);
        String token = field(
                send(post(api + "/dev/tokens", "{\"subject\":\"pc-1234\",\"role\":\"OFFICER\",\"org\":\"G\"}"))
                        .body(),
                "token");
        String caseId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"PRE_ALERTED\",\"occurredAt\":\""
                + Instant.now().minusSeconds(5) + "\",\"siteCode\":\"QEUH\",\"legalBasis\":\"S297\","
                + "\"removedAt\":\"" + Instant.now().minusSeconds(600) + "\",\"officerCount\":2}";

        HttpResponse<String> accepted =
                send(HttpRequest.newBuilder(URI.create(api + "/api/v1/handovers/" + caseId + "/events"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());

        // the processor's verdict (201), or 202 if it came after the API's wait: the status URL has it either way
        assertThat(accepted.statusCode()).as(accepted.body()).isIn(201, 202);
        await("the verdict APPLIED")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(get(api + "/api/v1/handovers/" + caseId + "/events/" + eventId, token)
                                .body())
                        .contains("\"status\":\"APPLIED\""));
        await("the ED coordinator notified in the dev inbox")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(get("http://127.0.0.1:" + ports.inboxHttp() + "/api/webhooks", null)
                                        .body()
                                + get("http://127.0.0.1:" + ports.inboxHttp() + "/api/mail", null)
                                        .body())
                        .contains(caseId.substring(0, 8)));
    }

    @Test
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
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
        }
    }

    @Test
    void givenTheSecureRegistry_whenSomeoneWritesWithoutCredentials_thenItIsRefusedWhileReadsStayOpen()
            throws Exception {
        String registry = ports.registryUrl();
        String schema = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\",\\\"fields\\\":[]}\"}";
        String subject = registry + "/subjects/probe-" + UUID.randomUUID() + "-value/versions";

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(subject))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schema))
                .build());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_code\":40101");

        HttpResponse<String> deleteAnonymous =
                send(HttpRequest.newBuilder(URI.create(registry + "/subjects/handover-submissions-value"))
                        .DELETE()
                        .build());
        assertThat(deleteAnonymous.statusCode()).isEqualTo(401);

        String user = SecureKafka.Principal.ADMIN.user();
        HttpResponse<String> admin = send(HttpRequest.newBuilder(URI.create(subject))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(schema))
                .build());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);

        // the services registered their schemas with their own credentials; anyone may read them
        HttpResponse<String> subjects = get(registry + "/subjects", null);
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).contains("handover-submissions-value");
    }

    // ---- helpers ----

    private String password(String user) {
        try {
            return Files.readString(files.passwordFile(user)).strip();
        } catch (java.io.IOException e) {
            throw new AssertionError("no password file for " + user, e);
        }
    }

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

    private static String field(String json, String name) {
        Matcher matcher =
                Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as("%s in %s", name, json).isTrue();
        return matcher.group(1);
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }
}
