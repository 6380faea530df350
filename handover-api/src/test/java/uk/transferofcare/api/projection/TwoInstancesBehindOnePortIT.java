package uk.transferofcare.api.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.RealProcessor;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PostgresInfrastructure;
import uk.transferofcare.testkit.RoundRobinProxy;
import uk.transferofcare.testkit.ServiceJar;
import uk.transferofcare.testkit.TestDatabase;

/**
 * Two API instances (the API's own jar in two child JVMs, as in production: tokens from an identity provider's key,
 * one projection consumer group, one PostgreSQL database) behind one port that deals connections out in turn, with
 * the real processor. A verdict given by one is readable at once on the other, and a re-send there gets the same
 * answer (this was {@code TwoApiInstancesIT}, which started a third instance of its own). Both answer the same case view and report; an ED nurse's board stream held open on one instance
 * receives the latest state of every case submitted through the port while the other instance is killed with
 * SIGKILL, including the cases whose topic partitions the killed instance was projecting (the survivor takes them
 * over from the committed offsets after the group's session timeout).
 */
@HandoverApiIntegrationTest
class TwoInstancesBehindOnePortIT extends ApiTestSupport {

    private static final String SITE = "QEUH";
    private static final Duration START = Duration.ofSeconds(180);
    private static final String ISSUER = "https://idp.test.invalid";
    private static final String AUDIENCE = "handover-api";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DevTokenIssuer identityProvider =
            new DevTokenIssuer(ISSUER, AUDIENCE, Duration.ofHours(1), Clock.systemUTC());

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void givenTwoInstancesBehindOnePort_whenOneIsKilled_thenBothAnsweredAlikeAndTheOthersStreamMissedNoCase()
            throws Exception {
        RealProcessor.shared();
        TestDatabase database = PostgresInfrastructure.shared().createDatabase();
        Map<String, String> properties = properties();
        List<ServiceJar> instances = startedSideBySide(database, properties);
        ServiceJar first = instances.get(0);
        ServiceJar second = instances.get(1);
        RoundRobinProxy port = RoundRobinProxy.start(List.of(first.port(), second.port()));
        resources.add(port);
        String officer = identityProvider.mint(pc, "OFFICER", "G");
        String analyst = identityProvider.mint("analyst-" + TestData.id().substring(0, 8), "ANALYST", "PHS");

        // A verdict given by one instance is readable at once on the other (its read waits until the projection holds
        // what was committed before it), and a re-send of the same event there gets the same answer.
        String opened = TestData.id();
        String openedBy = TestData.id();
        String opening = json.writeValueAsString(
                body(openedBy, "PRE_ALERTED", Instant.now().minusSeconds(30), "siteCode", SITE, "officerCount", 2));
        String events = "/api/v1/handovers/" + opened + "/events";
        HttpResponse<String> here = post(first.baseUrl(), events, officer, opening);
        JsonNode verdictThere = json.readTree(get(second.baseUrl(), events + "/" + openedBy, officer));
        HttpResponse<String> resentThere = post(second.baseUrl(), events, officer, opening);
        assertThat(here.statusCode()).as(here.body()).isEqualTo(201);
        assertThat(verdictThere.path("status").asString()).isEqualTo("APPLIED");
        assertThat(verdictThere.path("sequence").asLong()).isEqualTo(1L);
        assertThat(resentThere.statusCode()).as(resentThere.body()).isEqualTo(201);
        assertThat(json.readTree(resentThere.body())).isEqualTo(json.readTree(here.body()));

        // The same case view and report from either instance, and through the port.
        Instant day = Instant.parse("2011-06-15T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            CompletedCase closed = closedCase(day.plusSeconds(3600L * i), 600L * (i + 1));
            TestProducer.send(Topics.COMPLETED.name(), closed.getCaseId(), closed);
        }
        String caseView = "/api/v1/handovers/" + opened;
        String report = "/api/v1/reports/handover-times?from=2011-06-01&to=2011-07-01&groupBy=site&siteCode=" + SITE;
        JsonNode viewFromFirst = json.readTree(get(first.baseUrl(), caseView, officer));
        JsonNode reportFromFirst = Awaitility.await("the three closed cases in the report")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> json.readTree(get(first.baseUrl(), report, analyst)),
                        r -> r.path("groups").path(0).path("cases").asLong() == 3);
        assertThat(json.readTree(get(second.baseUrl(), caseView, officer))).isEqualTo(viewFromFirst);
        assertThat(json.readTree(get(port.baseUrl(), caseView, officer))).isEqualTo(viewFromFirst);
        assertThat(json.readTree(get(second.baseUrl(), report, analyst))).isEqualTo(reportFromFirst);
        assertThat(json.readTree(get(port.baseUrl(), report, analyst))).isEqualTo(reportFromFirst);

        // Each instance counts the two of them and takes half of an organisation's submission limit (200 per second).
        for (ServiceJar instance : List.of(first, second)) {
            Awaitility.await("both instances counted by " + instance.baseUrl())
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> instance.output()
                            .contains("Each organisation may submit 100 per PT1S on this instance: its limit of 200"
                                    + " shared by 2 instances"));
        }

        // A nurse's board stream on the second instance; cases submitted through the port, the first killed midway.
        BoardStream stream =
                BoardStream.open(http, second.baseUrl(), identityProvider.mint(nurse, "ED_STAFF", SITE), SITE, json);
        resources.add(stream);
        Map<String, Long> finalVersions = new ConcurrentHashMap<>();
        for (int i = 0; i < 16; i++) {
            if (i == 8) {
                first.kill();
            }
            String caseId = TestData.id();
            submitUntilAnswered(port.baseUrl(), officer, caseId, "PRE_ALERTED");
            JsonNode arrived = submitUntilAnswered(port.baseUrl(), officer, caseId, "ARRIVED");
            finalVersions.put(caseId, arrived.path("sequence").asLong());
        }

        Awaitility.await("the second instance's stream shows the final version of all 16 cases")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(stream.latestVersions()).containsAllEntriesOf(finalVersions));
        assertThat(finalVersions.values()).allSatisfy(v -> assertThat(v).isEqualTo(2L));
        assertThat(stream.connections()).as("the stream was never cut").isEqualTo(1);
    }

    /** Production settings: a public key instead of /dev/tokens, and a group of their own on this test's database. */
    private Map<String, String> properties() throws IOException {
        Path key = Files.createTempFile("idp-", ".pem");
        Files.writeString(
                key,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(identityProvider.publicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return Map.of(
                "platform.security.jwt.public-key-location",
                "file:" + key,
                "platform.security.jwt.issuer",
                ISSUER,
                "platform.security.jwt.audience",
                AUDIENCE,
                "handover.projection.group-id",
                "two-instances-" + UUID.randomUUID(),
                "handover.submissions.verdict-timeout",
                "20s",
                "handover.stream.heartbeat",
                "1s",
                // The survivor takes the killed instance's partitions over after this (the broker's minimum).
                "spring.kafka.consumer.properties.session.timeout.ms",
                "6000",
                "spring.kafka.consumer.properties.heartbeat.interval.ms",
                "1000");
    }

    /**
     * Two instances started side by side (a start waits on the broker and the database as well as on the CPU). Every
     * instance that started is closed after the test, also when the other failed to.
     */
    private List<ServiceJar> startedSideBySide(TestDatabase database, Map<String, String> properties) {
        List<CompletableFuture<ServiceJar>> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            starts.add(CompletableFuture.supplyAsync(() ->
                    ServiceJar.start("handover-api", PlatformInfrastructure.shared(), database, properties, START)));
        }
        List<ServiceJar> started = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<ServiceJar> start : starts) {
            try {
                ServiceJar instance = start.join();
                resources.add(instance);
                started.add(instance);
            } catch (CompletionException e) {
                failure = e.getCause();
            }
        }
        if (failure != null) {
            throw new AssertionError("an API instance did not start", failure);
        }
        return started;
    }

    /**
     * Sends until a final answer (201), as the officers' phones do: a connection cut by the kill, or a 202 while the
     * verdict is late, is sent again with the same event id (a duplicate is a no-op). Returns the receipt.
     */
    private JsonNode submitUntilAnswered(String baseUrl, String token, String caseId, String type) throws Exception {
        Map<String, Object> body =
                body(TestData.id(), type, Instant.now().minusSeconds(5), "siteCode", SITE, "officerCount", 1);
        String text = json.writeValueAsString(body);
        String last = "no answer";
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                HttpResponse<String> answer = post(baseUrl, "/api/v1/handovers/" + caseId + "/events", token, text);
                if (answer.statusCode() == 201) {
                    return json.readTree(answer.body());
                }
                last = answer.statusCode() + " " + answer.body();
                assertThat(answer.statusCode()).as(last).isIn(202, 503);
            } catch (IOException cut) {
                last = cut.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(type + " for " + caseId + " was never answered 201; last: " + last);
    }

    private HttpResponse<String> post(String baseUrl, String path, String token, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String baseUrl, String path, String token) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static CompletedCase closedCase(Instant arrivedAt, long handoverSeconds) {
        return CompletedCase.newBuilder()
                .setCaseId(TestData.id())
                .setVersion(5)
                .setOutcome(CaseState.CLEARED)
                .setSiteCode(SITE)
                .setPoliceDivision("G")
                .setFirstEventAt(arrivedAt.minusSeconds(1200))
                .setArrivedAt(arrivedAt)
                .setAcknowledgedAt(arrivedAt.plusSeconds(60))
                .setHandedOverAt(arrivedAt.plusSeconds(handoverSeconds))
                .setClearedAt(arrivedAt.plusSeconds(handoverSeconds + 600))
                .setArrivalToAcknowledgedSeconds(60L)
                .setHandoverSeconds(handoverSeconds)
                .setHandoverToClearSeconds(600L)
                .setTimeAtEdSeconds(handoverSeconds + 600)
                .setOfficerSeconds(handoverSeconds + 600)
                .setComplete(true)
                .setRecordedAt(arrivedAt.plusSeconds(handoverSeconds + 600))
                .build();
    }

    /** A board stream read on a thread of its own: the latest version seen of every case, and how often it opened. */
    private static final class BoardStream implements AutoCloseable {

        private final Map<String, Long> latest = new ConcurrentHashMap<>();
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile int connections;
        private volatile InputStream body;

        static BoardStream open(
                HttpClient http, String baseUrl, String token, String site, tools.jackson.databind.json.JsonMapper json)
                throws InterruptedException {
            BoardStream stream = new BoardStream();
            Thread reader = new Thread(() -> stream.read(http, baseUrl, token, site, json), "board-stream");
            reader.setDaemon(true);
            reader.start();
            assertThat(stream.opened.await(60, TimeUnit.SECONDS))
                    .as("the stream opened")
                    .isTrue();
            return stream;
        }

        private void read(
                HttpClient http,
                String baseUrl,
                String token,
                String site,
                tools.jackson.databind.json.JsonMapper json) {
            try {
                HttpResponse<InputStream> answer = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/handovers/stream?siteCode=" + site))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                connections++;
                body = answer.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                String event = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        event = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        JsonNode data = json.readTree(line.substring("data:".length()));
                        if ("board".equals(event)) {
                            opened.countDown();
                        } else if ("case".equals(event)) {
                            latest.merge(
                                    data.path("caseId").asString(),
                                    data.path("version").asLong(),
                                    Math::max);
                        }
                    } else if (line.isEmpty()) {
                        event = null;
                    }
                }
            } catch (Exception e) {
                // closed by the test, or cut: connections() tells
            }
        }

        Map<String, Long> latestVersions() {
            return Map.copyOf(latest);
        }

        int connections() {
            return connections;
        }

        @Override
        public void close() throws IOException {
            InputStream stream = body;
            if (stream != null) {
                stream.close();
            }
        }
    }
}
