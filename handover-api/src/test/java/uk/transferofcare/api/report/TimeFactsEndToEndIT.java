package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.vocabulary.DelayReason;

/**
 * Why it took long, when the assessment started and how many officers waited, end to end: ASSESSMENT_STARTED,
 * DELAY_REASON_RECORDED and officer count changes (OFFICER_RETAINED / OFFICER_RELEASED with {@code officerCount})
 * submitted through the API, judged by the real processor ({@code RealProcessor}, as every API integration test),
 * shown by the case view and counted by the reports in JSON and CSV; a delay reason before arrival and a second
 * assessment are refused with the processor's rule. The cases are on a random day of 2021 (occurredAt in the past is
 * allowed, and no other test reports on 2021), so other tests' cases on the shared topics never count.
 */
@HandoverApiIntegrationTest
class TimeFactsEndToEndIT extends ApiTestSupport {

    private final LocalDate day =
            LocalDate.of(2021, 1, 4).plusDays(ThreadLocalRandom.current().nextInt(300));
    private final Instant t = day.atTime(10, 0).toInstant(ZoneOffset.UTC);

    private Instant minute(long minute) {
        return t.plusSeconds(60 * minute);
    }

    /**
     * Submits one event as a user of its own (the per-user rate limit, 5 a second, must not answer 429 to a test that
     * sends its steps back to back) and returns the answer; {@code eventId} is the event's id.
     */
    private MvcResult submit(
            String eventId, String role, String org, String caseId, String type, long minute, Object... details)
            throws Exception {
        String user = role.toLowerCase() + "-" + TestData.id().substring(0, 8);
        return submitAs(user, role, org, caseId, body(eventId, type, minute(minute), details));
    }

    /** Submits and asserts the processor applied it (201); returns its eventId. */
    private String applied(String role, String org, String caseId, String type, long minute, Object... details)
            throws Exception {
        String eventId = TestData.id();
        MvcResult result = submit(eventId, role, org, caseId, type, minute, details);
        assertThat(result.getResponse().getStatus())
                .as(type + ": " + result.getResponse().getContentAsString())
                .isEqualTo(201);
        assertThat(read(result).get("status").stringValue()).isEqualTo("APPLIED");
        return eventId;
    }

    /**
     * Two cases of division G at QEUH on {@code day} (minutes after 10:00 UTC):
     *
     * <pre>
     * case A: pre-alerted 0 with 2 officers, arrived 20, assessment started 35 (IN_PERSON), delay reasons AWAITING_BED
     *         (ED, with a note) at 40 and AWAITING_MENTAL_HEALTH_OFFICER (officer) at 45, 3 officers retained from 50,
     *         released down to 1 at 80, handed over 90, cleared 100.
     * case B: arrived 30 with 1 officer, delay reason AWAITING_BED at 40, assessment started 90 (REMOTE), handed over
     *         100, cleared 110. Refused: a delay reason at 25 (before arrival) and a second assessment at 95.
     * </pre>
     *
     * Hand-computed:
     *
     * <pre>
     * arrival → assessment  A: 35 − 20 = 15 min = 900 s;  B: 90 − 30 = 60 min = 3600 s
     *   over {900, 3600}: median rank ⌈0.5·2⌉ = 1 → 900; p90 rank ⌈0.9·2⌉ = 2 → 3600; mean 4500 / 2 = 2250; max 3600
     * officer-seconds       A: 2 officers 20→50 (1800 s) = 3600, 3 officers 50→80 (1800 s) = 5400,
     *                          1 officer 80→100 (1200 s) = 1200: 3600 + 5400 + 1200 = 10200
     *                       B: 1 officer 30→110 (4800 s) = 4800
     *   officer-hours (10200 + 4800) / 3600 = 15000 / 3600 = 4.1666… → 4.17
     * delay reasons         AWAITING_BED 2 (A and B), AWAITING_MENTAL_HEALTH_OFFICER 1 (A), every other code 0
     * </pre>
     */
    @Test
    void
            givenAssessmentsDelayReasonsAndAnOfficerCountThatChangesTwice_whenSubmitted_thenTheCaseViewAndTheReportsShowThem()
                    throws Exception {
        String a = TestData.id();
        applied("OFFICER", "G", a, "PRE_ALERTED", 0, "siteCode", "QEUH", "officerCount", 2);
        applied("OFFICER", "G", a, "ARRIVED", 20);
        applied("ED_STAFF", "QEUH", a, "ASSESSMENT_STARTED", 35, "assessmentMode", "IN_PERSON");
        String bedA = applied(
                "ED_STAFF",
                "QEUH",
                a,
                "DELAY_REASON_RECORDED",
                40,
                "delayReason",
                "AWAITING_BED",
                "note",
                "no mental health bed free in the board");
        String mhoA = applied(
                "OFFICER", "G", a, "DELAY_REASON_RECORDED", 45, "delayReason", "AWAITING_MENTAL_HEALTH_OFFICER");
        String retained =
                applied("ED_STAFF", "QEUH", a, "OFFICER_RETAINED", 50, "officerCount", 3, "reason", "awaiting bed");

        JsonNode whileRetained =
                awaitView(a, view -> view.path("officerChanges").size() == 1);
        assertThat(whileRetained.path("currentOfficerCount").intValue())
                .as("3 officers from the retention on")
                .isEqualTo(3);
        assertThat(whileRetained.path("officerCount").intValue())
                .as("the count at arrival")
                .isEqualTo(2);

        String released = applied("OFFICER", "G", a, "OFFICER_RELEASED", 80, "officerCount", 1);
        applied("ED_STAFF", "QEUH", a, "HANDED_OVER", 90);
        applied("OFFICER", "G", a, "CLEARED", 100);

        String b = TestData.id();
        applied("OFFICER", "G", b, "ARRIVED", 30, "siteCode", "QEUH", "officerCount", 1);
        String bedB = applied("ED_STAFF", "QEUH", b, "DELAY_REASON_RECORDED", 40, "delayReason", "AWAITING_BED");
        String beforeArrivalId = TestData.id();
        MvcResult beforeArrival =
                submit(beforeArrivalId, "OFFICER", "G", b, "DELAY_REASON_RECORDED", 25, "delayReason", "INTOXICATION");
        applied("ED_STAFF", "QEUH", b, "ASSESSMENT_STARTED", 90, "assessmentMode", "REMOTE");
        MvcResult secondAssessment =
                submit(TestData.id(), "ED_STAFF", "QEUH", b, "ASSESSMENT_STARTED", 95, "assessmentMode", "IN_PERSON");
        applied("ED_STAFF", "QEUH", b, "HANDED_OVER", 100);
        applied("OFFICER", "G", b, "CLEARED", 110);

        // The processor's rules, as problem+json: the delay reason is before the recorded arrival (R3_ORDER, 409,
        // naming ARRIVED), the assessment is a point already recorded (R5_ALREADY_RECORDED, 409).
        assertThat(Problems.rules(beforeArrival, 409, json))
                .containsExactly(new Problems.Rule("occurredAt", "R3_ORDER"));
        JsonNode problem = read(beforeArrival);
        assertThat(List.of(
                        problem.path("rule").stringValue(),
                        problem.path("conflictingPoint").stringValue(),
                        problem.path("eventId").stringValue(),
                        problem.path("caseId").stringValue()))
                .containsExactly("R3_ORDER", "ARRIVED", beforeArrivalId, b);
        assertThat(Problems.rules(secondAssessment, 409, json))
                .extracting(Problems.Rule::rule)
                .containsExactly("R5_ALREADY_RECORDED");

        JsonNode viewA = awaitView(a, view -> view.path("state").stringValue().equals("CLEARED"));
        assertThat(List.of(
                        viewA.at("/points/arrivedAt").stringValue(),
                        viewA.at("/points/assessmentStartedAt").stringValue(),
                        viewA.path("assessmentMode").stringValue()))
                .containsExactly(minute(20).toString(), minute(35).toString(), "IN_PERSON");
        assertThat(viewA.at("/intervals/arrivalToAssessmentSeconds").longValue())
                .isEqualTo(900L);
        assertThat(rows(viewA.path("delayReasons"), "reason", "at", "note", "eventId"))
                .containsExactly(
                        List.of("AWAITING_BED", minute(40).toString(), "no mental health bed free in the board", bedA),
                        List.of("AWAITING_MENTAL_HEALTH_OFFICER", minute(45).toString(), "", mhoA));
        assertThat(rows(viewA.path("officerChanges"), "at", "officerCount", "type", "eventId"))
                .containsExactly(
                        List.of(minute(50).toString(), "3", "OFFICER_RETAINED", retained),
                        List.of(minute(80).toString(), "1", "OFFICER_RELEASED", released));
        assertThat(List.of(
                        viewA.path("officerCount").intValue(),
                        viewA.path("currentOfficerCount").intValue()))
                .as("2 at arrival, 1 at the end")
                .containsExactly(2, 1);
        assertThat(viewA.at("/intervals/officerSeconds").longValue())
                .as("3600 + 5400 + 1200, see the method comment")
                .isEqualTo(10200L);

        JsonNode viewB = awaitView(
                b,
                view -> view.path("state").stringValue().equals("CLEARED")
                        && view.path("rejections").size() == 2);
        assertThat(List.of(
                        viewB.at("/points/assessmentStartedAt").stringValue(),
                        viewB.path("assessmentMode").stringValue()))
                .as("the first assessment stands")
                .containsExactly(minute(90).toString(), "REMOTE");
        assertThat(viewB.at("/intervals/arrivalToAssessmentSeconds").longValue())
                .isEqualTo(3600L);
        assertThat(rows(viewB.path("delayReasons"), "reason", "at", "note", "eventId"))
                .as("the refused INTOXICATION is not held")
                .containsExactly(List.of("AWAITING_BED", minute(40).toString(), "", bedB));
        assertThat(viewB.path("officerChanges")).isEmpty();
        assertThat(viewB.path("currentOfficerCount").intValue()).isEqualTo(1);
        assertThat(viewB.at("/intervals/officerSeconds").longValue()).isEqualTo(4800L);
        assertThat(rows(viewB.path("rejections"), "type", "rule"))
                .containsExactlyInAnyOrder(
                        List.of("DELAY_REASON_RECORDED", "R3_ORDER"),
                        List.of("ASSESSMENT_STARTED", "R5_ALREADY_RECORDED"));

        String query = "from=" + day + "&to=" + day.plusDays(1) + "&groupBy=site&division=G";
        JsonNode report = Awaitility.await("the report of " + day)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> read(report(query, "application/json")),
                        r -> r.path("groups").size() == 1
                                && r.path("groups").get(0).path("cases").asInt() == 2
                                && r.path("groups").get(0).path("open").asInt() == 0);
        JsonNode qeuh = report.path("groups").get(0);
        assertThat(qeuh.path("key").stringValue()).isEqualTo("QEUH");
        assertThat(json.writeValueAsString(qeuh.path("arrivalToAssessment")))
                .isEqualTo("{\"count\":2,\"median\":900,\"p90\":3600,\"mean\":2250,\"max\":3600}");
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (DelayReason reason : DelayReason.values()) {
            reasons.put(reason.name(), 0);
        }
        reasons.put("AWAITING_BED", 2);
        reasons.put("AWAITING_MENTAL_HEALTH_OFFICER", 1);
        assertThat(json.writeValueAsString(qeuh.path("delayReasons"))).isEqualTo(json.writeValueAsString(reasons));
        assertThat(qeuh.path("officerHours").decimalValue()).isEqualByComparingTo("4.17");

        String[] csv =
                report(query, "text/csv").getResponse().getContentAsString().split("\r\n");
        assertThat(csv).hasSize(2);
        Map<String, String> row = new LinkedHashMap<>();
        String[] header = csv[0].split(",", -1);
        String[] values = csv[1].split(",", -1);
        assertThat(values).hasSameSizeAs(header);
        for (int i = 0; i < header.length; i++) {
            row.put(header[i], values[i]);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("key", "QEUH");
        expected.put("cases", "2");
        expected.put("officerHours", "4.17");
        expected.put("arrivalToAssessment_count", "2");
        expected.put("arrivalToAssessment_median", "900");
        expected.put("arrivalToAssessment_p90", "3600");
        expected.put("arrivalToAssessment_mean", "2250");
        expected.put("arrivalToAssessment_max", "3600");
        reasons.forEach((reason, count) -> expected.put("delayReasons_" + reason, Integer.toString(count)));
        assertThat(row).containsAllEntriesOf(expected);
    }

    /** Each element of an array as the text of the given members, in order ("" for an absent or null one). */
    private static List<List<String>> rows(JsonNode array, String... members) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode element : array) {
            List<String> row = new ArrayList<>();
            for (String member : members) {
                JsonNode value = element.path(member);
                row.add(value.isNull() || value.isMissingNode() ? "" : value.asString());
            }
            rows.add(row);
        }
        return rows;
    }

    private JsonNode awaitView(String caseId, Predicate<JsonNode> ready) {
        return Awaitility.await("the case view of " + caseId)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> read(getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/handovers/{caseId}", caseId)), ready);
    }

    private MvcResult report(String query, String accept) throws Exception {
        return mvc.perform(tokens.as(
                        get("/api/v1/reports/handover-times?" + query).header("Accept", accept),
                        "analyst-1",
                        "ANALYST",
                        "PHS"))
                .andReturn();
    }
}
