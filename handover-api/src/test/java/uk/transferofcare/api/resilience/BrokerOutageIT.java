package uk.transferofcare.api.resilience;

import static org.assertj.core.api.Assertions.assertThat;
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
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.api.support.KafkaBrokerProcess;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.Problems.Rule;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;

/**
 * Kafka stops: a submission gets 503 with Retry-After and nothing is claimed; Kafka comes back on the same port and
 * data: the same submission (same eventId) is accepted and exactly one copy is in the topic.
 */
@ExtendWith(BrokerOutageIT.StopTheBrokerLast.class)
@SpringBootTest(
        properties = {
            "handover.submissions.ack-timeout=3s",
            "handover.submissions.retry-after=2s",
            "handover.read-model.barrier-timeout=1s",
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
    ReadModelStatus readModel;

    @Test
    void givenKafkaStopped_whenSubmitting_then503WithRetryAfterAndAfterKafkaReturnsTheSameEventIdIsAcceptedOnce()
            throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(readModel::ready);
        String caseId = TestData.id();
        String officer = "pc-outage";
        assertThat(submit(officer, caseId, body(TestData.id(), "PRE_ALERTED", "siteCode", "QEUH"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(202);
        Map<String, Object> arrival = body(TestData.id(), "ARRIVED");

        BROKER.stop();
        MvcResult duringOutage = submit(officer, caseId, arrival);
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
        assertThat(afterOutage.getResponse().getHeader(HttpHeaders.LOCATION))
                .isEqualTo("/api/v1/handovers/" + caseId + "/events/" + arrival.get("eventId"));
        List<ConsumerRecord<String, HandoverSubmission>> records = new KafkaTestClients(outageBroker())
                .readUntil(
                        Topics.SUBMISSIONS.name(),
                        HandoverSubmission.class,
                        all -> all.stream().anyMatch(r -> r.value().getEventId().equals(marker)),
                        Duration.ofSeconds(30));
        assertThat(records)
                .extracting(r -> r.value().getType() + " " + r.value().getEventId())
                .containsExactly(
                        "PRE_ALERTED " + records.get(0).value().getEventId(),
                        "ARRIVED " + arrival.get("eventId"),
                        "CLEARED " + marker);
    }

    private MvcResult submit(String officer, String caseId, Map<String, Object> body) throws Exception {
        return mvc.perform(post("/api/v1/handovers/{c}/events", caseId)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + issuer.mint(officer, "OFFICER", "G"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(body)))
                .andReturn();
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
