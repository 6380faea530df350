package uk.transferofcare.api.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.projection.ProjectionLag;
import uk.transferofcare.api.support.KafkaBrokerProcess;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.Problems.Rule;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.WithPostgres;

/**
 * Kafka stops: a submission gets 503 with Retry-After, fast (the producer's short max.block.ms), and nothing is
 * claimed; Kafka comes back on the same port and data: the same submission (same eventId) is accepted. No processor
 * runs against this broker, so an accepted submission is answered 202 PENDING after the (short) verdict wait; the
 * processor would judge any extra copy of the same eventId as a re-send.
 */
@ExtendWith(BrokerOutageIT.StopTheBrokerLast.class)
@WithPostgres
@SpringBootTest(
        properties = {
            "handover.submissions.ack-timeout=3s",
            "handover.submissions.retry-after=2s",
            "handover.projection.read-wait-timeout=1s",
            "handover.submissions.verdict-timeout=200ms",
            "spring.kafka.properties.schema.registry.url=mock://broker-outage",
        })
@ActiveProfiles("local")
@AutoConfigureMockMvc
@DirtiesContext
class BrokerOutageIT {

    private static final KafkaBrokerProcess BROKER = KafkaBrokerProcess.start();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", BROKER::bootstrapServers);
    }

    /** Registered before Spring's extension, so it runs after the context (and its Kafka clients) closed. */
    static final class StopTheBrokerLast implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            BROKER.close();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    DevTokenIssuer issuer;

    @Autowired
    ProjectionLag projection;

    @Test
    void givenKafkaStopped_whenSubmitting_then503WithRetryAfterAndAfterKafkaReturnsTheSameEventIdIsAcceptedOnce()
            throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(projection::ready);
        String caseId = TestData.id();
        String officer = "pc-outage";
        assertThat(submit(officer, caseId, body(TestData.id(), "PRE_ALERTED", "siteCode", "QEUH"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(202);
        Map<String, Object> arrival = body(TestData.id(), "ARRIVED");

        BROKER.stop();
        long stopped = System.nanoTime();
        MvcResult duringOutage = submit(officer, caseId, arrival);
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - stopped);
        BROKER.startAgain();
        MvcResult afterOutage = Awaitility.await("the same submission accepted once Kafka is back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> submit(officer, caseId, arrival),
                        r -> r.getResponse().getStatus() == 202);
        String marker = TestData.id();
        assertThat(submit(officer, caseId, body(marker, "CLEARED"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(202);

        assertThat(Problems.rules(duringOutage, 503, json)).containsExactly(new Rule("request", "unavailable"));
        assertThat(duringOutage.getResponse().getHeader(HttpHeaders.RETRY_AFTER))
                .isEqualTo("2");
        assertThat(answeredIn)
                .as("a broker outage is a fast 503, not a hung request")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(afterOutage.getResponse().getHeader(HttpHeaders.LOCATION))
                .isEqualTo("/api/v1/handovers/" + caseId + "/events/" + arrival.get("eventId"));
        List<ConsumerRecord<String, HandoverSubmission>> records = new KafkaTestClients(outageBroker())
                .readUntil(
                        Topics.SUBMISSIONS.name(),
                        HandoverSubmission.class,
                        all -> all.stream().anyMatch(r -> r.value().getEventId().equals(marker)),
                        Duration.ofSeconds(30));
        List<String> written = records.stream()
                .filter(r -> r.value().getCaseId().equals(caseId))
                .map(r -> r.value().getType() + " " + r.value().getEventId())
                .toList();
        assertThat(written.get(0)).startsWith("PRE_ALERTED ");
        assertThat(written.get(written.size() - 1)).isEqualTo("CLEARED " + marker);
        assertThat(written.subList(1, written.size() - 1))
                .as("every copy in between is the same arrival (a producer retry may have landed after a 503)")
                .isNotEmpty()
                .containsOnly("ARRIVED " + arrival.get("eventId"));
    }

    private MvcResult submit(String officer, String caseId, Map<String, Object> body) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/handovers/{c}/events", caseId)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.mint(officer, "OFFICER", "G"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(body)))
                .andReturn();
        if (!result.getRequest().isAsyncStarted()) {
            return result;
        }
        result.getAsyncResult(Duration.ofSeconds(60).toMillis());
        return mvc.perform(asyncDispatch(result)).andReturn();
    }

    private static Map<String, Object> body(String eventId, String type, Object... details) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("type", type);
        body.put("occurredAt", Instant.now().toString());
        for (int i = 0; i < details.length; i += 2) {
            body.put((String) details[i], details[i + 1]);
        }
        return body;
    }

    private static PlatformInfrastructure outageBroker() {
        return new PlatformInfrastructure() {
            @Override
            public String bootstrapServers() {
                return BROKER.bootstrapServers();
            }

            @Override
            public String schemaRegistryUrl() {
                return "mock://broker-outage";
            }

            @Override
            public void restartSchemaRegistry() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {}
        };
    }
}
