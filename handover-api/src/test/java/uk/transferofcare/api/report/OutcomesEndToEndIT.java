package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;

/**
 * What happened to the person, end to end: dispositions and referrals at scene submitted through the API, judged by
 * the real processor, shown by the case view and counted by the reports in JSON and CSV. The cases are on a random day
 * of 2019, a year no other test uses (occurredAt in the past is allowed), so other tests' cases on the shared topics
 * never count, nor do these in theirs (DashboardBrowserIT counts every case of January to March 2025).
 */
@HandoverApiIntegrationTest
class OutcomesEndToEndIT extends ApiTestSupport {

    private final LocalDate day =
            LocalDate.of(2019, 1, 7).plusDays(ThreadLocalRandom.current().nextInt(300));
    private final Instant t = day.atTime(10, 0).toInstant(ZoneOffset.UTC);

    private String officer() {
        return "pc-" + TestData.id().substring(0, 8);
    }

    private MvcResult submit(
            String user, String role, String org, String caseId, String type, long minute, Object... details)
            throws Exception {
        return submitAs(user, role, org, caseId, body(TestData.id(), type, t.plusSeconds(60 * minute), details));
    }

    private static void applied(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(201);
    }

    @Test
    void givenDispositionsAndReferralsAtScene_whenSubmitted_thenTheCaseViewAndTheReportsInJsonAndCsvShowThem()
            throws Exception {
        // Case A: conveyed, cleared with the officer's disposition, then the ED's (after closure), then a
        // supervisor's correction: REFERRED_DBI stands.
        String a = TestData.id();
        String officerA = officer();
        applied(submit(officerA, "OFFICER", "G", a, "PRE_ALERTED", 0, "siteCode", "QEUH", "officerCount", 2));
        applied(submit(officerA, "OFFICER", "G", a, "ARRIVED", 20));
        applied(submit(nurse, "ED_STAFF", "QEUH", a, "HANDED_OVER", 50));
        applied(submit(officerA, "OFFICER", "G", a, "CLEARED", 60, "disposition", "DISCHARGED"));
        applied(submit(nurse, "ED_STAFF", "QEUH", a, "DISPOSITION_RECORDED", 90, "disposition", "ADMITTED_INFORMAL"));
        MvcResult withoutReason = submit(
                "sgt-" + TestData.id().substring(0, 8),
                "SUPERVISOR",
                "G",
                a,
                "DISPOSITION_RECORDED",
                120,
                "disposition",
                "REFERRED_DBI");
        applied(submit(
                "sgt-" + TestData.id().substring(0, 8),
                "SUPERVISOR",
                "G",
                a,
                "DISPOSITION_RECORDED",
                120,
                "disposition",
                "REFERRED_DBI",
                "reason",
                "disposition entered on the wrong form"));
        // Case B: pre-alerted, then referred at the point of contact: never conveyed.
        String b = TestData.id();
        String officerB = officer();
        applied(submit(officerB, "OFFICER", "G", b, "PRE_ALERTED", 5, "siteCode", "QEUH"));
        applied(submit(
                officerB, "OFFICER", "G", b, "REFERRED_AT_SCENE", 15, "referralPathway", "NHS24_MENTAL_HEALTH_HUB"));
        // Case C: never pre-alerted: one submission opens and ends it, no site named.
        String c = TestData.id();
        applied(submit(officer(), "OFFICER", "G", c, "REFERRED_AT_SCENE", 30, "referralPathway", "DBI"));
        // A disposition before arrival: the processor's rule, answered with its code.
        MvcResult beforeArrival =
                submit(officerB, "OFFICER", "G", b, "DISPOSITION_RECORDED", 16, "disposition", "DISCHARGED");

        assertThat(withoutReason.getResponse().getStatus()).isEqualTo(422);
        assertThat(read(withoutReason).toString()).contains("MISSING_DETAIL").contains("\"reason\"");
        assertThat(beforeArrival.getResponse().getStatus()).isEqualTo(409);
        assertThat(read(beforeArrival).toString()).contains("INVALID_TRANSITION");

        JsonNode viewA = awaitView(a, view -> view.path("dispositions").size() == 3);
        assertThat(viewA.path("disposition").stringValue()).isEqualTo("REFERRED_DBI");
        assertThat(viewA.path("dispositions").findValuesAsString("disposition"))
                .containsExactly("DISCHARGED", "ADMITTED_INFORMAL", "REFERRED_DBI");
        assertThat(viewA.path("dispositions").get(2).path("reason").stringValue())
                .isEqualTo("disposition entered on the wrong form");
        assertThat(viewA.path("dispositions")
                        .get(2)
                        .path("recordedBy")
                        .path("role")
                        .stringValue())
                .isEqualTo("SUPERVISOR");
        JsonNode viewB = awaitView(b, view -> view.path("state").stringValue().equals("REFERRED_AT_SCENE"));
        assertThat(viewB.path("referralPathway").stringValue()).isEqualTo("NHS24_MENTAL_HEALTH_HUB");
        assertThat(viewB.path("siteCode").stringValue()).isEqualTo("QEUH");
        JsonNode viewC = awaitView(c, view -> view.path("state").stringValue().equals("REFERRED_AT_SCENE"));
        assertThat(viewC.path("siteCode").stringValue()).isEqualTo("NONE");
        assertThat(viewC.path("referralPathway").stringValue()).isEqualTo("DBI");
        assertThat(viewC.path("open").booleanValue()).isFalse();

        String query = "from=" + day + "&to=" + day.plusDays(1) + "&groupBy=site&division=G";
        JsonNode report = Awaitility.await("the report of " + day)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> read(report(query, "application/json")),
                        r -> r.path("groups").size() == 2
                                && r.path("groups")
                                                .get(1)
                                                .path("dispositions")
                                                .path("REFERRED_DBI")
                                                .asInt()
                                        == 1);
        JsonNode none = report.path("groups").get(0);
        JsonNode qeuh = report.path("groups").get(1);
        assertThat(List.of(none.path("key").stringValue(), qeuh.path("key").stringValue()))
                .containsExactly("NONE", "QEUH");
        assertThat(json.writeValueAsString(none.path("avoidedByReferralPathway")))
                .isEqualTo("{\"NHS24_MENTAL_HEALTH_HUB\":0,\"DBI\":1,\"OTHER\":0}");
        assertThat(none.path("avoidedByReferralAtScene").asInt()).isEqualTo(1);
        assertThat(none.path("cases").asInt()).isEqualTo(1);
        assertThat(json.writeValueAsString(qeuh.path("dispositions")))
                .isEqualTo("{\"ADMITTED_INFORMAL\":0,\"ADMITTED_DETAINED\":0,\"DISCHARGED\":0,"
                        + "\"REFERRED_COMMUNITY_MENTAL_HEALTH\":0,\"REFERRED_DBI\":1,\"OTHER\":0}");
        assertThat(qeuh.path("avoidedByReferralAtScene").asInt()).isEqualTo(1);
        assertThat(qeuh.path("avoidedByReferralPathway")
                        .path("NHS24_MENTAL_HEALTH_HUB")
                        .asInt())
                .isEqualTo(1);
        assertThat(qeuh.path("cases").asInt()).isEqualTo(2);
        assertThat(qeuh.path("handoverTime").path("count").asInt())
                .as("the referred case never arrived")
                .isEqualTo(1);

        String[] csv =
                report(query, "text/csv").getResponse().getContentAsString().split("\r\n");
        assertThat(csv).hasSize(3);
        assertThat(csv[0])
                .endsWith(
                        ",dispositions_REFERRED_DBI,dispositions_OTHER,avoidedByReferralAtScene,"
                                + "avoidedByReferralPathway_NHS24_MENTAL_HEALTH_HUB,avoidedByReferralPathway_DBI,"
                                + "avoidedByReferralPathway_OTHER"
                                + ",arrivalToAssessment_count,arrivalToAssessment_median,arrivalToAssessment_p90,arrivalToAssessment_mean,arrivalToAssessment_max,delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT,delayReasons_AWAITING_MEDICAL_ASSESSMENT,delayReasons_AWAITING_MENTAL_HEALTH_OFFICER,delayReasons_AWAITING_BED,delayReasons_INTOXICATION,delayReasons_STAFFING,delayReasons_OTHER,closedNotRecorded");
        assertThat(csv[1]).startsWith("NONE,1,0,").endsWith(",0,0,0,0,0,0,1,0,1,0,0,,,,,0,0,0,0,0,0,0,0");
        assertThat(csv[2]).startsWith("QEUH,2,0,").endsWith(",0,0,0,0,1,0,1,1,0,0,0,,,,,0,0,0,0,0,0,0,0");
    }

    private JsonNode awaitView(String caseId, java.util.function.Predicate<JsonNode> ready) {
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
