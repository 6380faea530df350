package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.processor.HandoverProcessorApplication;
import uk.transferofcare.support.security.PublicProbes;
import uk.transferofcare.testkit.EndpointSweep;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.TestTokens;
import uk.transferofcare.testkit.WebServerContexts;

/**
 * The Spring Boot application on the real broker and registry: ready only with Kafka Streams running, a garbage
 * record dead-lettered while processing goes on, and the processor's counters and Kafka Streams' metrics exported.
 */
@PlatformIntegrationTest
@SpringBootTest(
        classes = HandoverProcessorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WebServerContexts.class)
@DirtiesContext
class ProcessorApplicationIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TopicNames topics;
    private static Path dataDir;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @BeforeAll
    static void createTopics(KafkaTestClients clients) throws Exception {
        topics = RealBroker.freshTopics(clients, "app", 3);
        dataDir = Files.createTempDirectory("processor-it");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("handover.topics.prefix", () -> RealBroker.prefixOf(topics));
        // Topics of its own under a prefix, whose subjects the release step (registered in the shared registry) does
        // not cover: the processor registers them itself, as in the local profile.
        registry.add("spring.kafka.properties.auto.register.schemas", () -> "true");
        registry.add("spring.kafka.streams.application-id", () -> RealBroker.prefixOf(topics) + "handover-processor");
        registry.add("APP_DATA_DIR", () -> dataDir.toString());
        registry.add("handover.timers.punctuation-interval", () -> "500ms");
        TestTokens.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @Test
    void givenTheApplication_whenItHasStarted_thenReadinessIncludesKafkaTheRegistryAndRunningStreams()
            throws Exception {
        Awaitility.await("readiness UP")
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);

        String body = get("/actuator/health/readiness").body();
        assertThat(body)
                .contains("\"status\":\"UP\"")
                .contains("\"kafka\":{")
                .contains("\"schemaRegistry\":{")
                .containsPattern("\"kafkaStreams\":\\{[^}]*\"state\":\"RUNNING\"");
    }

    @Autowired
    WebServerContexts servers;

    /**
     * Issue 12's acceptance for the processor: every endpoint of every handler mapping, on the main and the management
     * port, without a token answers 401, except the probes ({@code SecurityConfiguration.PUBLIC}, docs/security.md),
     * which show the status only.
     */
    @Test
    void givenTheRunningProcessor_whenEveryMappedEndpointIsCalledWithoutAToken_thenOnlyTheProbesAnswerWithout401()
            throws Exception {
        Awaitility.await("readiness UP")
                .atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);

        List<EndpointSweep.Call> calls = EndpointSweep.callWithoutToken(servers);

        assertThat(servers.byNamespace()).containsOnlyKeys("server", "management");
        assertThat(calls)
                .extracting(c -> c.namespace() + " " + c.method() + " " + c.pattern())
                .contains(
                        "server GET /readyz",
                        "server GET /livez",
                        "management GET /actuator/health",
                        "management GET /actuator/prometheus");
        assertThat(EndpointSweep.violations(calls, (method, path) -> PublicProbes.PATHS.contains(path)))
                .as("calls that break the rule (401 unless public), of %s", calls)
                .isEmpty();
        HttpResponse<String> readiness = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void givenAGarbageRecordOnTheRealBroker_whenItIsConsumed_thenItIsDeadLetteredAndTheNextSubmissionIsApplied(
            PlatformInfrastructure infrastructure, KafkaTestClients clients) {
        String caseId = "it-case-" + Instant.now().toEpochMilli();
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        HandoverSubmission arrival = WireFixtures.arrive(
                        caseId, "it-e1", Instant.now().minusSeconds(60))
                .build();

        clients.sendRaw(topics.submissions(), caseId, garbage);
        clients.send(topics.submissions(), caseId, arrival);

        try (TopicReader<byte[]> deadLetters =
                        TopicReader.bytes(infrastructure.bootstrapServers(), topics.submissionsDeadLetter());
                TopicReader<SubmissionOutcome> outcomes = TopicReader.avro(
                        infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl(),
                        topics.outcomes(),
                        true)) {
            Awaitility.await("the applied outcome")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> outcomes.poll().stream()
                            .map(ConsumerRecord::value)
                            .anyMatch(o -> o.getEventId().equals("it-e1")));
            List<ConsumerRecord<String, byte[]>> dead = deadLetters.readToEnd();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).key()).isEqualTo(caseId);
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(header(dead.get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                    .startsWith("Unknown magic byte 0x64 in record of topic " + topics.submissions());
            assertThat(header(dead.get(0), KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(topics.submissions());
            assertThat(outcomes.values())
                    .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("it-e1", SubmissionStatus.APPLIED));
        }

        Awaitility.await("counters exported")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
                        .contains("handover_submissions_total{")
                        .contains("handover_dead_letters_total{")
                        .contains("kafka_stream_"));
    }

    /**
     * The case store's changelog keeps a case's snapshot (its free text included) no longer than {@code handover-state}
     * does: {@code compact,delete} with the same 400 days, so a restored store holds what a rebuilt read store holds.
     */
    @Test
    void givenTheRunningProcessor_whenItsCaseStoreChangelogIsDescribed_thenItExpiresAsHandoverStateDoes(
            PlatformInfrastructure infrastructure) throws Exception {
        String changelog =
                RealBroker.prefixOf(topics) + "handover-processor-" + HandoverTopology.CASES_STORE + "-changelog";
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, changelog);
            Awaitility.await("the changelog topic " + changelog)
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        var config = admin.describeConfigs(List.of(resource))
                                .all()
                                .get()
                                .get(resource);
                        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
                        assertThat(config.get("retention.ms").value())
                                .isEqualTo(Long.toString(uk.transferofcare.events.Topics.STATE.retentionMs()))
                                .isEqualTo("34560000000");
                    });
        }
    }

    /**
     * The platform's one decoder guards actuator: an ADMIN token of the right key is refused when it is meant for
     * another audience, comes from another issuer, has expired or names an org that does not fit ADMIN; the right
     * token passes.
     */
    @Test
    void givenAdminTokensOfTheTrustedKey_whenActuatorIsCalled_thenOnlyTheRightIssuerAudienceExpiryAndOrgPass()
            throws Exception {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        String wrongAudience =
                TestTokens.token("admin-1", "ADMIN", "ADMIN", TestTokens.ISSUER, "handover-api-elsewhere", inAnHour);
        String wrongIssuer =
                TestTokens.token("admin-1", "ADMIN", "ADMIN", "https://other.invalid", TestTokens.AUDIENCE, inAnHour);
        String expired = TestTokens.token(
                "admin-1",
                "ADMIN",
                "ADMIN",
                TestTokens.ISSUER,
                TestTokens.AUDIENCE,
                Instant.now().minus(Duration.ofMinutes(10)));
        String misfit = TestTokens.token("admin-1", "ADMIN", "G", TestTokens.ISSUER, TestTokens.AUDIENCE, inAnHour);

        assertThat(get("/actuator/info", "Bearer " + wrongAudience).statusCode())
                .as("another audience")
                .isEqualTo(401);
        assertThat(get("/actuator/info", "Bearer " + wrongAudience).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token").contains("aud"));
        assertThat(get("/actuator/info", "Bearer " + wrongIssuer).statusCode())
                .as("another issuer")
                .isEqualTo(401);
        assertThat(get("/actuator/info", "Bearer " + expired).statusCode())
                .as("expired")
                .isEqualTo(401);
        assertThat(get("/actuator/info", "Bearer " + misfit).statusCode())
                .as("an org that does not fit ADMIN")
                .isEqualTo(401);
        assertThat(get("/actuator/info", TestTokens.adminBearer()).statusCode())
                .as("the right token")
                .isEqualTo(200);
    }

    /** Actuator, on the management port, with an ADMIN token. */
    private HttpResponse<String> get(String path) throws Exception {
        return get(path, TestTokens.adminBearer());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                        .header("Authorization", authorization)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
