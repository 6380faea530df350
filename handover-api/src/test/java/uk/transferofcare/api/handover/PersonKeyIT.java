package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.Problems.Rule;
import uk.transferofcare.api.support.RealProcessor;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TopicScan;
import uk.transferofcare.events.Topics;

/**
 * Repeat attendance end to end: two arrivals of one person (by person key) through the API, judged by the real
 * processor, whose person side flags the second case; the flags reach the case view. The key itself is never on a
 * topic the notification service or analysts read, nor in the API's or the processor's log, while {@code
 * handover-submissions} holds it (the control that the scan can see a key).
 */
@HandoverApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PersonKeyIT extends ApiTestSupport {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key of this run: ten digits in a row (a CHI number's shape) then random hex, as an HMAC may well be. */
    private static String freshKey() {
        byte[] random = new byte[27];
        RANDOM.nextBytes(random);
        return "0101901234" + HexFormat.of().formatHex(random);
    }

    private JsonNode caseView(String caseId) throws Exception {
        return read(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{id}", caseId));
    }

    @Test
    void givenTwoArrivalsOfOnePerson_whenJudged_thenTheSecondIsARepeatAndTheKeyIsOnNoReadableTopicNorInAnyLog(
            CapturedOutput apiOutput) throws Exception {
        String key = freshKey();
        String first = TestData.id();
        String second = TestData.id();
        String stranger = TestData.id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LoggerFactory.getLogger(PersonKeyIT.class).info("log capture control {}", first);

        for (Object[] arrival : new Object[][] {
            {first, now.minus(Duration.ofHours(3)), key},
            {second, now.minus(Duration.ofHours(1)), key},
            {stranger, now.minus(Duration.ofHours(2)), freshKey()}
        }) {
            // A user id per case (one division): the per-user rate limit (5 a second) must not couple the cases.
            String officer = pc + "." + ((String) arrival[0]).substring(0, 8);
            MvcResult arrived = submitAs(
                    officer,
                    "OFFICER",
                    "G",
                    (String) arrival[0],
                    body(TestData.id(), "ARRIVED", (Instant) arrival[1], "siteCode", "QEUH", "personKey", arrival[2]));
            assertThat(arrived.getResponse().getStatus()).isEqualTo(201);
            MvcResult cleared = submitAs(
                    officer,
                    "OFFICER",
                    "G",
                    (String) arrival[0],
                    body(TestData.id(), "CLEARED", ((Instant) arrival[1]).plus(Duration.ofMinutes(30))));
            assertThat(cleared.getResponse().getStatus()).isEqualTo(201);
        }

        Awaitility.await("the second case flagged as a repeat")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> caseView(second).path("repeatWithin30d").asBoolean());
        assertThat(List.of(
                        caseView(second).path("repeatWithin30d").asBoolean(),
                        caseView(second).path("repeatWithin90d").asBoolean(),
                        caseView(first).path("repeatWithin30d").asBoolean(),
                        caseView(first).path("repeatWithin90d").asBoolean(),
                        caseView(stranger).path("repeatWithin30d").asBoolean()))
                .containsExactly(true, true, false, false, false);
        assertThat(caseView(second).toString()).doesNotContain(key);

        byte[] needle = key.getBytes(StandardCharsets.UTF_8);
        List<String> readable = new ArrayList<>(List.of(
                Topics.EVENTS.name(),
                Topics.STATE.name(),
                Topics.COMPLETED.name(),
                Topics.REJECTIONS.name(),
                Topics.OUTCOMES.name()));
        kafka.topicNames().stream()
                .filter(name -> name.startsWith("notification-"))
                .forEach(readable::add);
        for (String topic : readable) {
            assertThat(TopicScan.wholeTopic(topic)).as(topic).noneMatch(record -> TopicScan.contains(record, needle));
        }
        // The control: the topic only the processor reads holds the key, so the scan sees one where there is one.
        assertThat(TopicScan.wholeTopic(Topics.SUBMISSIONS.name()))
                .anyMatch(record -> TopicScan.contains(record, needle));

        assertThat(apiOutput.getAll()).contains("log capture control " + first).doesNotContain(key);
        String processorLog = RealProcessor.shared().output();
        assertThat(processorLog).isNotEmpty().doesNotContain(key);
    }

    @Test
    void givenAPersonKeyOnAnotherTypeOrInAnotherForm_whenSubmitted_then400NamingTheFieldNeverEchoingTheValue()
            throws Exception {
        Instant now = Instant.now().minusSeconds(5);
        String chi = "0101901234";

        MvcResult acknowledged = submitAs(
                nurse,
                "ED_STAFF",
                "QEUH",
                TestData.id(),
                body(TestData.id(), "ACKNOWLEDGED", now, "personKey", freshKey()));
        MvcResult raw = submitAs(
                pc,
                "OFFICER",
                "G",
                TestData.id(),
                body(TestData.id(), "ARRIVED", now, "siteCode", "QEUH", "personKey", chi));
        MvcResult upper = submitAs(
                pc,
                "OFFICER",
                "G",
                TestData.id(),
                body(
                        TestData.id(),
                        "PRE_ALERTED",
                        now,
                        "siteCode",
                        "QEUH",
                        "personKey",
                        freshKey().toUpperCase()));
        MvcResult number = submitAs(
                pc,
                "OFFICER",
                "G",
                TestData.id(),
                body(TestData.id(), "ARRIVED", now, "siteCode", "QEUH", "personKey", 42));

        assertThat(Problems.rules(acknowledged, 400, json))
                .containsExactly(new Rule("personKey", "not-allowed-for-type"));
        assertThat(Problems.rules(raw, 400, json)).containsExactly(new Rule("personKey", "person-key"));
        assertThat(raw.getResponse().getContentAsString()).doesNotContain(chi);
        assertThat(Problems.rules(upper, 400, json)).containsExactly(new Rule("personKey", "person-key"));
        assertThat(Problems.rules(number, 400, json)).containsExactly(new Rule("personKey", "person-key"));
    }
}
