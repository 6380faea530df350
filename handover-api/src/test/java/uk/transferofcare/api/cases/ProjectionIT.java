package uk.transferofcare.api.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.transferofcare.api.projection.ProjectedRecord;
import uk.transferofcare.api.projection.ProjectionWriter;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.Topics;

/**
 * The projection itself: a malformed record is dead-lettered and the projection carries on; a batch delivered twice
 * (a crash between the database commit and the offset commit) changes nothing the second time; the board stream's
 * connection caps answer problem+json.
 */
@HandoverApiIntegrationTest
class ProjectionIT extends ApiTestSupport {

    @Autowired
    ProjectionWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    @LocalServerPort
    int port;

    @Test
    void givenAMalformedSnapshot_whenProjected_thenItGoesToTheDeadLetterTopicAndTheNextCaseIsShown() throws Exception {
        String broken = TestData.id();
        String good = TestData.id();
        kafka.sendRaw(Topics.STATE.name(), broken, "not avro".getBytes(StandardCharsets.UTF_8));
        TestProducer.send(
                Topics.STATE.name(),
                good,
                TestData.arrived(good, "UHA", "U", Instant.now().minusSeconds(60), 1));

        Awaitility.await("the good case")
                .atMost(Duration.ofSeconds(30))
                .until(() -> getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", good)
                                .getResponse()
                                .getStatus()
                        == 200);
        List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(
                Topics.STATE.deadLetterTopic(),
                byte[].class,
                records -> records.stream().anyMatch(r -> broken.equals(r.key())),
                Duration.ofSeconds(30));

        assertThat(dead)
                .filteredOn(r -> broken.equals(r.key()))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("not avro");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection.cases WHERE case_id = ?", Long.class, broken))
                .isZero();
    }

    @Test
    void givenABatchDeliveredTwice_whenApplied_thenTheSecondDeliveryChangesNothing() {
        String caseId = TestData.id();
        String eventId = TestData.id();
        Instant arrived = Instant.now().minusSeconds(600);
        CaseSnapshot v1 = TestData.arrived(caseId, "UHA", "U", arrived, 1);
        CaseSnapshot v2 = TestData.withState(v1, CaseState.ACKNOWLEDGED, v1.getPoints(), 2);
        List<ProjectedRecord> batch = List.of(
                new ProjectedRecord(Topics.STATE.name(), 0, 100, caseId, v1),
                new ProjectedRecord(
                        Topics.OUTCOMES.name(),
                        0,
                        200,
                        caseId,
                        TestData.outcome(caseId, eventId, EventType.ARRIVED, SubmissionStatus.APPLIED, null, null)),
                new ProjectedRecord(Topics.STATE.name(), 0, 101, caseId, v2),
                new ProjectedRecord(
                        Topics.OUTCOMES.name(),
                        0,
                        201,
                        caseId,
                        TestData.outcome(
                                caseId, eventId, EventType.ARRIVED, SubmissionStatus.APPLIED, null, null, true)),
                new ProjectedRecord(
                        Topics.REJECTIONS.name(),
                        0,
                        300,
                        caseId,
                        TestData.rejected(caseId, TestData.id(), EventType.ARRIVED, "R5_ALREADY_RECORDED", "no")));

        writer.apply(batch);
        Map<String, Object> once = state(caseId);
        writer.apply(batch);
        writer.apply(List.of(batch.get(0))); // an older snapshot, alone
        Map<String, Object> twice = state(caseId);

        assertThat(once)
                .containsEntry("version", 2L)
                .containsEntry("state", "ACKNOWLEDGED")
                .containsEntry("resends", 1)
                .containsEntry("rejections", 1L);
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void givenAUserWithTheMaximumOfStreams_whenOneMoreIsOpened_then429NamingTheRule() throws Exception {
        String token = tokens.token(nurse, "ED_STAFF", "UHA");
        List<ReadSideIT.SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                ReadSideIT.SseClient stream =
                        new ReadSideIT.SseClient(port, "/api/v1/handovers/stream?siteCode=UHA", token, null);
                streams.add(stream);
                assertThat(stream.next()[0]).isEqualTo("board");
            }
            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + port + "/api/v1/handovers/stream?siteCode=UHA"))
                                    .header("Accept", "text/event-stream")
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(refused.body())
                            .path("errors")
                            .path(0)
                            .path("rule")
                            .stringValue())
                    .isEqualTo("max-streams-per-user");
        } finally {
            for (ReadSideIT.SseClient stream : streams) {
                stream.close();
            }
        }
    }

    private Map<String, Object> state(String caseId) {
        return jdbc.queryForMap("""
                SELECT c.version, c.state, c.change_id, s.resends, s.status,
                       (SELECT count(*) FROM projection.rejections r WHERE r.case_id = c.case_id) AS rejections
                FROM projection.cases c JOIN projection.submissions s ON s.case_id = c.case_id
                WHERE c.case_id = ?
                """, caseId);
    }
}
