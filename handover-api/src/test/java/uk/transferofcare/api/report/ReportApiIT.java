package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.util.ClassSecurityValidator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.AssessmentMode;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.DelayReason;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.Topics;

/**
 * The report endpoints on the whole application: records produced to {@code handover-completed} and {@code
 * handover-state} on the real broker, reports read over HTTP with real tokens. Each test uses its own site code, so
 * the cases other tests put on the shared topics never count.
 */
@HandoverApiIntegrationTest
class ReportApiIT extends ApiTestSupport {

    private static final Random RANDOM = new Random();

    private static final String CSV_HEADER = "key,cases,open,outcomes_CLEARED,outcomes_CANCELLED,outcomes_DIVERTED,"
            + "outcomes_ABSCONDED,outcomes_ENDED_WITHOUT_HANDOVER,complete,arrivalToAcknowledged_count,"
            + "arrivalToAcknowledged_median,arrivalToAcknowledged_p90,arrivalToAcknowledged_mean,"
            + "arrivalToAcknowledged_max,handoverTime_count,handoverTime_median,handoverTime_p90,"
            + "handoverTime_mean,handoverTime_max,handoverToClear_count,handoverToClear_median,"
            + "handoverToClear_p90,handoverToClear_mean,handoverToClear_max,timeAtEd_count,"
            + "timeAtEd_median,timeAtEd_p90,timeAtEd_mean,timeAtEd_max,handoverWithin_15,"
            + "handoverWithin_30,handoverWithin_45,handoverWithin_60,handoverOver60,"
            + "hoursLostBeyond15,hoursLostBeyond60,officerHours,over4h,over8h,over12h,"
            + "escalations_1,escalations_2,escalations_3,legalClockBreaches,repeatAttendances30d,repeatAttendances90d,"
            + "dispositions_ADMITTED_INFORMAL,dispositions_ADMITTED_DETAINED,dispositions_DISCHARGED,"
            + "dispositions_REFERRED_COMMUNITY_MENTAL_HEALTH,dispositions_REFERRED_DBI,dispositions_OTHER,"
            + "avoidedByReferralAtScene,avoidedByReferralPathway_NHS24_MENTAL_HEALTH_HUB,"
            + "avoidedByReferralPathway_DBI,avoidedByReferralPathway_OTHER,"
            + "arrivalToAssessment_count,arrivalToAssessment_median,arrivalToAssessment_p90,arrivalToAssessment_mean,"
            + "arrivalToAssessment_max,delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT,delayReasons_AWAITING_MEDICAL_ASSESSMENT,"
            + "delayReasons_AWAITING_MENTAL_HEALTH_OFFICER,delayReasons_AWAITING_BED,delayReasons_INTOXICATION,"
            + "delayReasons_STAFFING,delayReasons_OTHER,closedNotRecorded\r\n";

    @LocalServerPort
    int port;

    private final String site = "T" + (char) ('A' + RANDOM.nextInt(26)) + (char) ('A' + RANDOM.nextInt(26))
            + (char) ('A' + RANDOM.nextInt(26)) + RANDOM.nextInt(10) + RANDOM.nextInt(10);

    @BeforeAll
    static void trustTheGeneratedClasses() {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("uk.transferofcare.events.")));
    }

    /** A closed case arriving at {@code arrivedAt} (null: never arrived, first event an hour earlier). */
    private CompletedCase completed(
            String caseId,
            long version,
            CaseState outcome,
            String division,
            Instant arrivedAt,
            boolean complete,
            Long ack,
            Long handover,
            Long toClear,
            Long atEd,
            Long officerSeconds) {
        Instant first = arrivedAt != null ? arrivedAt.minusSeconds(1200) : Instant.parse("2026-03-29T09:00:00Z");
        return CompletedCase.newBuilder()
                .setCaseId(caseId)
                .setVersion(version)
                .setOutcome(outcome)
                .setSiteCode(site)
                .setPoliceDivision(division)
                .setFirstEventAt(first)
                .setArrivedAt(arrivedAt)
                .setArrivalToAcknowledgedSeconds(ack)
                .setHandoverSeconds(handover)
                .setHandoverToClearSeconds(toClear)
                .setTimeAtEdSeconds(atEd)
                .setOfficerSeconds(officerSeconds)
                .setIncomplete(arrivedAt == null)
                .setComplete(complete)
                .setRecordedAt(Instant.now())
                .build();
    }

    private void send(CompletedCase record) {
        TestProducer.send(Topics.COMPLETED.name(), record.getCaseId(), record);
    }

    private MvcResult report(String query) throws Exception {
        return mvc.perform(tokens.as(get("/api/v1/reports/handover-times?" + query), "analyst-1", "ANALYST", "PHS"))
                .andReturn();
    }

    private JsonNode awaitReport(String query, JsonNode expected) {
        return Awaitility.await("the report for " + query)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> read(report(query)), expected::equals);
    }

    /**
     * The ten cases of {@code CaseReportStoreTest}'s hand computation, through Kafka, on Sunday 29 March 2026 (the
     * day BST starts): arrivals at 00:30 UTC (00:30 GMT). One more case arrives at 23:30 UTC, 00:30 BST on the 30th.
     */
    @Test
    void givenClosedAndOpenCasesOnTheTopics_whenReportedBySiteAndDay_thenEveryMetricIsTheHandComputedValue()
            throws Exception {
        Instant t = Instant.parse("2026-03-29T00:30:00Z");
        send(completed(TestData.id(), 4, CaseState.CLEARED, "G", t, true, 60L, 600L, 300L, 900L, 1800L));
        send(completed(TestData.id(), 4, CaseState.CLEARED, "G", t, true, 120L, 1200L, 600L, 1800L, 3600L));
        send(completed(TestData.id(), 4, CaseState.CLEARED, "G", t, true, 300L, 1800L, 900L, 2700L, 2700L));
        send(completed(TestData.id(), 4, CaseState.CLEARED, "G", t, true, 600L, 4000L, 1400L, 5400L, null));
        send(completed(TestData.id(), 6, CaseState.CLEARED, "G", t, true, 1500L, 9000L, 1200L, 10200L, 30600L));
        send(completed(TestData.id(), 3, CaseState.ABSCONDED, "G", t, false, 200L, null, null, null, null));
        send(completed(
                TestData.id(), 4, CaseState.ENDED_WITHOUT_HANDOVER, "G", t, true, 100L, null, null, 7200L, 14400L));
        send(completed(TestData.id(), 2, CaseState.CANCELLED, "G", null, false, null, null, null, null, null));
        String open = TestData.id();
        TestProducer.send(Topics.STATE.name(), open, TestData.arrived(open, site, "G", t, 2));
        send(completed(TestData.id(), 5, CaseState.ENTERED_IN_ERROR, "G", t, true, 10L, 100L, 10L, 110L, 110L));
        send(completed(
                TestData.id(),
                4,
                CaseState.CLEARED,
                "K",
                Instant.parse("2026-03-29T23:30:00Z"),
                true,
                120L,
                600L,
                300L,
                900L,
                1800L));

        // Hand computation in CaseReportStoreTest.theHandComputedGroup: median rank ⌈n/2⌉, p90 rank ⌈0.9 n⌉.
        String handComputed = """
                "cases":9,"open":1,
                "outcomes":{"CLEARED":5,"CANCELLED":1,"DIVERTED":0,"ABSCONDED":1,"ENDED_WITHOUT_HANDOVER":1},
                "complete":6,
                "arrivalToAcknowledged":{"count":7,"median":200,"p90":1500,"mean":411,"max":1500},
                "handoverTime":{"count":5,"median":1800,"p90":9000,"mean":3320,"max":9000},
                "handoverToClear":{"count":5,"median":900,"p90":1400,"mean":880,"max":1400},
                "timeAtEd":{"count":6,"median":2700,"p90":10200,"mean":4700,"max":10200},
                "handoverWithin":{"15":1,"30":3,"45":3,"60":3},"handoverOver60":2,
                "hoursLostBeyond15":3.44,"hoursLostBeyond60":1.61,"officerHours":14.75,
                "over4h":0,"over8h":0,"over12h":0,"escalations":{"1":0,"2":0,"3":0},"legalClockBreaches":0,"repeatAttendances30d":0,"repeatAttendances90d":0,
                "dispositions":{"ADMITTED_INFORMAL":0,"ADMITTED_DETAINED":0,"DISCHARGED":0,
                "REFERRED_COMMUNITY_MENTAL_HEALTH":0,"REFERRED_DBI":0,"OTHER":0},"avoidedByReferralAtScene":0,
                "avoidedByReferralPathway":{"NHS24_MENTAL_HEALTH_HUB":0,"DBI":0,"OTHER":0},
                "arrivalToAssessment":{"count":0,"median":null,"p90":null,"mean":null,"max":null},
                "delayReasons":{"AWAITING_MENTAL_HEALTH_ASSESSMENT":0,"AWAITING_MEDICAL_ASSESSMENT":0,
                "AWAITING_MENTAL_HEALTH_OFFICER":0,"AWAITING_BED":0,"INTOXICATION":0,"STAFFING":0,"OTHER":0},
                "closedNotRecorded":0""";
        // The 30th: one case, 600 s handover → within every mark; lost 0; officer-hours 1800 s = 0.50.
        String oneCase = """
                "cases":1,"open":0,
                "outcomes":{"CLEARED":1,"CANCELLED":0,"DIVERTED":0,"ABSCONDED":0,"ENDED_WITHOUT_HANDOVER":0},
                "complete":1,
                "arrivalToAcknowledged":{"count":1,"median":120,"p90":120,"mean":120,"max":120},
                "handoverTime":{"count":1,"median":600,"p90":600,"mean":600,"max":600},
                "handoverToClear":{"count":1,"median":300,"p90":300,"mean":300,"max":300},
                "timeAtEd":{"count":1,"median":900,"p90":900,"mean":900,"max":900},
                "handoverWithin":{"15":1,"30":1,"45":1,"60":1},"handoverOver60":0,
                "hoursLostBeyond15":0.00,"hoursLostBeyond60":0.00,"officerHours":0.50,
                "over4h":0,"over8h":0,"over12h":0,"escalations":{"1":0,"2":0,"3":0},"legalClockBreaches":0,"repeatAttendances30d":0,"repeatAttendances90d":0,
                "dispositions":{"ADMITTED_INFORMAL":0,"ADMITTED_DETAINED":0,"DISCHARGED":0,
                "REFERRED_COMMUNITY_MENTAL_HEALTH":0,"REFERRED_DBI":0,"OTHER":0},"avoidedByReferralAtScene":0,
                "avoidedByReferralPathway":{"NHS24_MENTAL_HEALTH_HUB":0,"DBI":0,"OTHER":0},
                "arrivalToAssessment":{"count":0,"median":null,"p90":null,"mean":null,"max":null},
                "delayReasons":{"AWAITING_MENTAL_HEALTH_ASSESSMENT":0,"AWAITING_MEDICAL_ASSESSMENT":0,
                "AWAITING_MENTAL_HEALTH_OFFICER":0,"AWAITING_BED":0,"INTOXICATION":0,"STAFFING":0,"OTHER":0},
                "closedNotRecorded":0""";
        JsonNode byDay =
                json.readTree("{\"from\":\"2026-03-29\",\"to\":\"2026-03-31\",\"groupBy\":\"day\",\"siteCode\":\""
                        + site + "\",\"division\":null,\"groups\":[{\"key\":\"2026-03-29\",\"keys\":[\"2026-03-29\"],"
                        + handComputed + "},{\"key\":\"2026-03-30\",\"keys\":[\"2026-03-30\"]," + oneCase + "}]}");
        awaitReport("from=2026-03-29&to=2026-03-31&groupBy=day&siteCode=" + site, byDay);

        JsonNode bySiteOnThe29th = json.readTree("{\"from\":\"2026-03-29\",\"to\":\"2026-03-30\",\"groupBy\":\"site\","
                + "\"siteCode\":\"" + site + "\",\"division\":\"G\",\"groups\":[{\"key\":\"" + site + "\",\"keys\":[\""
                + site + "\"]," + handComputed + "}]}");
        assertThat(read(report("from=2026-03-29&to=2026-03-30&groupBy=site&division=G&siteCode=" + site)))
                .isEqualTo(bySiteOnThe29th);
    }

    @Test
    void givenAClosedCaseCorrectedAndAnotherEnteredInError_whenReEmitted_thenTheReportFollowsTheLatestRecord()
            throws Exception {
        String corrected = TestData.id();
        String voided = TestData.id();
        // Closed on the 10th (GMT); then a supervisor moves arrival before midnight: re-emitted on the 9th.
        send(completed(
                corrected,
                5,
                CaseState.CLEARED,
                "G",
                Instant.parse("2026-03-10T00:10:00Z"),
                true,
                600L,
                4000L,
                1400L,
                5400L,
                10800L));
        send(completed(
                voided,
                5,
                CaseState.CLEARED,
                "G",
                Instant.parse("2026-03-10T08:00:00Z"),
                true,
                60L,
                600L,
                60L,
                660L,
                660L));
        // 600 and 4000 s: median rank ⌈1⌉ → 600, p90 rank ⌈1.8⌉ → 4000, mean 4600/2 = 2300.
        awaitDays(
                "2026-03-09 cases=0 handoverTime={\"count\":0,\"median\":null,\"p90\":null,\"mean\":null,\"max\":null}",
                "2026-03-10 cases=2 handoverTime={\"count\":2,\"median\":600,\"p90\":4000,\"mean\":2300,\"max\":4000}");

        send(completed(
                corrected,
                7,
                CaseState.CLEARED,
                "G",
                Instant.parse("2026-03-09T23:50:00Z"),
                true,
                1800L,
                5200L,
                1400L,
                6600L,
                13200L));
        send(completed(
                voided,
                8,
                CaseState.ENTERED_IN_ERROR,
                "G",
                Instant.parse("2026-03-10T08:00:00Z"),
                true,
                60L,
                600L,
                60L,
                660L,
                660L));

        // Only the correction (version 7, on the 9th) counts; the voided case is gone from both days.
        awaitDays(
                "2026-03-09 cases=1 handoverTime={\"count\":1,\"median\":5200,\"p90\":5200,\"mean\":5200,\"max\":5200}",
                "2026-03-10 cases=0 handoverTime={\"count\":0,\"median\":null,\"p90\":null,\"mean\":null,\"max\":null}");
    }

    /** Waits until the day report of 9 and 10 March, as key, cases and handover time per day, is the expected. */
    private void awaitDays(String... expected) {
        Awaitility.await("the day report")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<String> days = new java.util.ArrayList<>();
                            for (JsonNode g : read(report("from=2026-03-09&to=2026-03-11&groupBy=day&siteCode=" + site))
                                    .path("groups")) {
                                days.add(g.path("key").asString() + " cases="
                                        + g.path("cases").asInt() + " handoverTime=" + g.path("handoverTime"));
                            }
                            return days;
                        },
                        List.of(expected)::equals);
    }

    @Test
    void givenAReport_whenAskedForCsv_thenTheSameTableAsRfc4180CsvWithAFileName() throws Exception {
        send(completed(
                TestData.id(),
                4,
                CaseState.CLEARED,
                "E",
                Instant.parse("2026-10-25T00:30:00Z"), // 01:30 BST on the day BST ends
                true,
                90L,
                3700L,
                500L,
                4200L,
                8400L));
        String query = "from=2026-10-25&to=2026-10-26&groupBy=division&siteCode=" + site;
        Awaitility.await("the case in the report")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> read(report(query))
                                .path("groups")
                                .path(0)
                                .path("key")
                                .asString(""),
                        "E"::equals);

        MvcResult csv = mvc.perform(tokens.as(
                        get("/api/v1/reports/handover-times?" + query).header("Accept", "text/csv"),
                        "admin",
                        "ADMIN",
                        "ADMIN"))
                .andReturn();

        // 3700 s: over 60 min; lost beyond 15 = 2800 s = 0.78 h; beyond 60 = 100 s = 0.03 h; 8400 s = 2.33 h.
        assertThat(List.of(
                        csv.getResponse().getStatus(),
                        csv.getResponse().getContentType(),
                        csv.getResponse().getHeader("Content-Disposition"),
                        csv.getResponse().getContentAsString()))
                .containsExactly(
                        200,
                        "text/csv;charset=UTF-8",
                        "attachment; filename=\"handover-times_2026-10-25_2026-10-26_by-division_" + site + ".csv\"",
                        "key,cases,open,outcomes_CLEARED,outcomes_CANCELLED,outcomes_DIVERTED,outcomes_ABSCONDED,"
                                + "outcomes_ENDED_WITHOUT_HANDOVER,complete,arrivalToAcknowledged_count,"
                                + "arrivalToAcknowledged_median,arrivalToAcknowledged_p90,arrivalToAcknowledged_mean,"
                                + "arrivalToAcknowledged_max,handoverTime_count,handoverTime_median,handoverTime_p90,"
                                + "handoverTime_mean,handoverTime_max,handoverToClear_count,handoverToClear_median,"
                                + "handoverToClear_p90,handoverToClear_mean,handoverToClear_max,timeAtEd_count,"
                                + "timeAtEd_median,timeAtEd_p90,timeAtEd_mean,timeAtEd_max,handoverWithin_15,"
                                + "handoverWithin_30,handoverWithin_45,handoverWithin_60,handoverOver60,"
                                + "hoursLostBeyond15,hoursLostBeyond60,officerHours,over4h,over8h,over12h,"
                                + "escalations_1,escalations_2,escalations_3,legalClockBreaches,repeatAttendances30d,repeatAttendances90d,"
                                + "dispositions_ADMITTED_INFORMAL,dispositions_ADMITTED_DETAINED,dispositions_DISCHARGED,"
                                + "dispositions_REFERRED_COMMUNITY_MENTAL_HEALTH,dispositions_REFERRED_DBI,dispositions_OTHER,"
                                + "avoidedByReferralAtScene,avoidedByReferralPathway_NHS24_MENTAL_HEALTH_HUB,"
                                + "avoidedByReferralPathway_DBI,avoidedByReferralPathway_OTHER,"
                                + "arrivalToAssessment_count,arrivalToAssessment_median,arrivalToAssessment_p90,arrivalToAssessment_mean,"
                                + "arrivalToAssessment_max,delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT,delayReasons_AWAITING_MEDICAL_ASSESSMENT,"
                                + "delayReasons_AWAITING_MENTAL_HEALTH_OFFICER,delayReasons_AWAITING_BED,delayReasons_INTOXICATION,"
                                + "delayReasons_STAFFING,delayReasons_OTHER,closedNotRecorded\r\n"
                                + "E,1,0,1,0,0,0,0,1,1,90,90,90,90,1,3700,3700,3700,3700,1,500,500,500,500,"
                                + "1,4200,4200,4200,4200,0,0,0,0,1,0.78,0.03,2.33,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0\r\n");
    }

    @Test
    void givenBadParameters_whenReported_thenProblemJsonNamingEachParameterAndRule() throws Exception {
        MvcResult bad = report("from=2026-02-30&to=2026-03-01&groupBy=fortnight&siteCode=qeuh");
        MvcResult range = mvc.perform(tokens.as(
                        get("/api/v1/reports/handover-times?from=2026-03-10&to=2030-03-11&groupBy=day")
                                .header("Accept", "text/csv"),
                        "analyst-1",
                        "ANALYST",
                        "PHS"))
                .andReturn();

        assertThat(List.of(bad.getResponse().getStatus(), bad.getResponse().getContentType()))
                .containsExactly(400, "application/problem+json");
        assertThat(read(bad).path("errors")).isEqualTo(json.readTree("""
                        [{"field":"from","rule":"date","message":"from must be a date YYYY-MM-DD, e.g. 2026-03-29 (not '2026-02-30')"},
                         {"field":"groupBy","rule":"enum","message":"groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma (not 'fortnight')"},
                         {"field":"siteCode","rule":"pattern","message":"siteCode must be a code such as QEUH or G: a capital letter, then up to 7 capitals or digits"}]
                        """));
        assertThat(List.of(range.getResponse().getStatus(), range.getResponse().getContentType()))
                .containsExactly(400, "application/problem+json");
        assertThat(read(range).path("errors")).isEqualTo(json.readTree("""
                        [{"field":"to","rule":"max-range","message":"a report covers at most 3 years: to may be at most 2029-03-10 for from 2026-03-10"}]
                        """));
    }

    /** A CLEARED case of division G: acknowledged after 60 s, handed over after 600 s, one officer for its time. */
    private CompletedCase issue13Case(
            String arrived, LegalBasis basis, long atSite, int escalationLevel, boolean breached) {
        return CompletedCase.newBuilder(completed(
                        TestData.id(),
                        4,
                        CaseState.CLEARED,
                        "G",
                        Instant.parse(arrived),
                        true,
                        60L,
                        600L,
                        atSite - 600,
                        atSite,
                        atSite))
                .setLegalBasis(basis)
                .setMaxEscalationLevel(escalationLevel)
                .setLegalClockBreached(breached)
                .build();
    }

    private MvcResult csvReport(String query) throws Exception {
        return mvc.perform(tokens.as(
                        get("/api/v1/reports/handover-times?" + query).header("Accept", "text/csv"),
                        "analyst-1",
                        "ANALYST",
                        "PHS"))
                .andReturn();
    }

    /**
     * Three cases in July 2026 (BST, London = UTC+1); 15 July is a Wednesday.
     *
     * <pre>
     * case  arrived (UTC)       London          basis   at site  &gt;4h &gt;8h &gt;12h  esc  breach
     * a     07-15 23:30         THU 16, 00:30   S297      30000   x   x    -     3    x
     * b     07-16 08:00         THU 16, 09:00   S136      14401   x   -    -     1    -
     * c     07-15 10:00         WED 15, 11:00   (none)     3600   -   -    -     0    -
     * </pre>
     */
    @Test
    void givenCasesWithLegalBasisEscalationsAndBreaches_whenReportedByWeekdayAndHour_thenLondonCellsHandComputed()
            throws Exception {
        send(issue13Case("2026-07-15T23:30:00Z", LegalBasis.S297, 30000, 3, true));
        send(issue13Case("2026-07-16T08:00:00Z", LegalBasis.S136, 14401, 1, false));
        send(issue13Case("2026-07-15T10:00:00Z", null, 3600, 0, false));
        String query = "from=2026-07-15&to=2026-07-17&groupBy=weekday,hour&siteCode=" + site;

        // a counts at Thursday 00 (London), not Wednesday 23 (UTC).
        JsonNode cells = json.readTree("""
                [{"key":"WEDNESDAY|11","keys":["WEDNESDAY","11"],"cases":1,"over4h":0,"over8h":0,"over12h":0,
                  "escalations":{"1":0,"2":0,"3":0},"legalClockBreaches":0},
                 {"key":"THURSDAY|00","keys":["THURSDAY","00"],"cases":1,"over4h":1,"over8h":1,"over12h":0,
                  "escalations":{"1":1,"2":1,"3":1},"legalClockBreaches":1},
                 {"key":"THURSDAY|09","keys":["THURSDAY","09"],"cases":1,"over4h":1,"over8h":0,"over12h":0,
                  "escalations":{"1":1,"2":0,"3":0},"legalClockBreaches":0}]
                """);
        Awaitility.await("the three cases in the weekday-hour report")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nonEmptyCells(read(report(query))), cells::equals);
        JsonNode report = read(report(query));
        assertThat(List.of(
                        report.path("groupBy").asString(),
                        report.path("groups").size(),
                        report.path("groups").path(0).path("key").asString(),
                        report.path("groups").path(167).path("key").asString()))
                .containsExactly("weekday,hour", 168, "MONDAY|00", "SUNDAY|23");

        MvcResult csv = csvReport("from=2026-07-15&to=2026-07-17&groupBy=legalBasis&siteCode=" + site);
        // Officer-hours: one officer for the time at the site: 14401 s = 4.00 h, 30000 s = 8.33 h, 3600 s = 1.00 h.
        assertThat(List.of(
                        csv.getResponse().getStatus(),
                        csv.getResponse().getHeader("Content-Disposition"),
                        csv.getResponse().getContentAsString()))
                .containsExactly(
                        200,
                        "attachment; filename=\"handover-times_2026-07-15_2026-07-17_by-legalBasis_" + site + ".csv\"",
                        CSV_HEADER
                                + "S136,1,0,1,0,0,0,0,1,1,60,60,60,60,1,600,600,600,600,1,13801,13801,13801,13801,"
                                + "1,14401,14401,14401,14401,1,1,1,1,0,0.00,0.00,4.00,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0\r\n"
                                + "S297,1,0,1,0,0,0,0,1,1,60,60,60,60,1,600,600,600,600,1,29400,29400,29400,29400,"
                                + "1,30000,30000,30000,30000,1,1,1,1,0,0.00,0.00,8.33,1,1,0,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0\r\n"
                                + "UNKNOWN,1,0,1,0,0,0,0,1,1,60,60,60,60,1,600,600,600,600,1,3000,3000,3000,3000,"
                                + "1,3600,3600,3600,3600,1,1,1,1,0,0.00,0.00,1.00,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0\r\n");

        String twoDimensions = csvReport(query).getResponse().getContentAsString();
        assertThat(twoDimensions.lines().toList())
                .hasSize(1 + 168)
                .contains(
                        "THURSDAY|00,THURSDAY,00,1,0,1,0,0,0,0,1,1,60,60,60,60,1,600,600,600,600,"
                                + "1,29400,29400,29400,29400,1,30000,30000,30000,30000,1,1,1,1,0,0.00,0.00,8.33,1,1,0,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0");
        assertThat(twoDimensions).startsWith("key,weekday,hour,cases,open,");
    }

    /**
     * Issue 13's "why it took long" and "officer time that is true", through Kafka and HTTP, JSON and CSV. Four closed
     * cases on 2026-08-12 (a Wednesday) and one entered in error:
     *
     * <pre>
     * case outcome    arrival→assessment  delay reasons                 officer-seconds (the processor's integral)
     * a    CLEARED          600 s          AWAITING_BED, INTOXICATION    3 officers 2400 s, 2 for 1800 s, 1 for 3000 s
     *                                                                    (the count changed twice) = 13800
     * b    CLEARED         1800 s          AWAITING_BED                  2 officers for 3600 s = 7200
     * c    CLEARED         4200 s          (none)                        count unknown: null
     * d    ABSCONDED          -            STAFFING, OTHER               null
     * e    ENTERED_IN_ERROR  99 s          AWAITING_BED                  99999 → in nothing
     * </pre>
     *
     * arrivalToAssessment over 600, 1800, 4200: count 3, median rank ⌈0.5·3⌉ = 2 → 1800, p90 rank ⌈0.9·3⌉ = 3 →
     * 4200, mean 6600 / 3 = 2200, max 4200. Officer-hours (13800 + 7200) / 3600 = 5.83. delayReasons counts closed
     * cases per code: AWAITING_BED 2, INTOXICATION 1, STAFFING 1, OTHER 1, the rest 0.
     */
    @Test
    void givenAssessmentsDelayReasonsAndAChangingOfficerCount_whenReported_thenJsonAndCsvAreHandComputed()
            throws Exception {
        Instant t = Instant.parse("2026-08-12T10:00:00Z");
        send(timeFacts(CaseState.CLEARED, t, 600L, 13800L, DelayReason.AWAITING_BED, DelayReason.INTOXICATION));
        send(timeFacts(CaseState.CLEARED, t, 1800L, 7200L, DelayReason.AWAITING_BED));
        send(timeFacts(CaseState.CLEARED, t, 4200L, null));
        send(timeFacts(CaseState.ABSCONDED, t, null, null, DelayReason.STAFFING, DelayReason.OTHER));
        send(timeFacts(CaseState.ENTERED_IN_ERROR, t, 99L, 99999L, DelayReason.AWAITING_BED));
        String query = "from=2026-08-12&to=2026-08-13&groupBy=site&siteCode=" + site;

        JsonNode expected = json.readTree("""
                {"cases":4,"officerHours":5.83,
                 "arrivalToAssessment":{"count":3,"median":1800,"p90":4200,"mean":2200,"max":4200},
                 "delayReasons":{"AWAITING_MENTAL_HEALTH_ASSESSMENT":0,"AWAITING_MEDICAL_ASSESSMENT":0,
                   "AWAITING_MENTAL_HEALTH_OFFICER":0,"AWAITING_BED":2,"INTOXICATION":1,"STAFFING":1,"OTHER":1}}
                """);
        Awaitility.await("the four cases in the report")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> timeFactsOf(read(report(query)).path("groups").path(0)), expected::equals);

        String csv = csvReport(query).getResponse().getContentAsString();
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> row = List.of(lines.get(1).split(",", -1));
        java.util.Map<String, String> cells = new java.util.LinkedHashMap<>();
        for (String column : List.of(
                "cases",
                "officerHours",
                "arrivalToAssessment_count",
                "arrivalToAssessment_median",
                "arrivalToAssessment_p90",
                "arrivalToAssessment_mean",
                "arrivalToAssessment_max",
                "delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT",
                "delayReasons_AWAITING_BED",
                "delayReasons_INTOXICATION",
                "delayReasons_STAFFING",
                "delayReasons_OTHER")) {
            cells.put(column, row.get(header.indexOf(column)));
        }
        assertThat(cells)
                .containsExactly(
                        java.util.Map.entry("cases", "4"),
                        java.util.Map.entry("officerHours", "5.83"),
                        java.util.Map.entry("arrivalToAssessment_count", "3"),
                        java.util.Map.entry("arrivalToAssessment_median", "1800"),
                        java.util.Map.entry("arrivalToAssessment_p90", "4200"),
                        java.util.Map.entry("arrivalToAssessment_mean", "2200"),
                        java.util.Map.entry("arrivalToAssessment_max", "4200"),
                        java.util.Map.entry("delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT", "0"),
                        java.util.Map.entry("delayReasons_AWAITING_BED", "2"),
                        java.util.Map.entry("delayReasons_INTOXICATION", "1"),
                        java.util.Map.entry("delayReasons_STAFFING", "1"),
                        java.util.Map.entry("delayReasons_OTHER", "1"));
        assertThat(header).hasSize(row.size());
    }

    private CompletedCase timeFacts(
            CaseState outcome, Instant arrivedAt, Long toAssessment, Long officerSeconds, DelayReason... reasons) {
        return CompletedCase.newBuilder(completed(
                        TestData.id(),
                        5,
                        outcome,
                        "G",
                        arrivedAt,
                        outcome == CaseState.CLEARED,
                        60L,
                        null,
                        null,
                        outcome == CaseState.CLEARED ? 7200L : null,
                        officerSeconds))
                .setAssessmentStartedAt(toAssessment == null ? null : arrivedAt.plusSeconds(toAssessment))
                .setAssessmentMode(toAssessment == null ? null : AssessmentMode.REMOTE)
                .setArrivalToAssessmentSeconds(toAssessment)
                .setDelayReasons(List.of(reasons))
                .build();
    }

    private static JsonNode timeFactsOf(JsonNode group) {
        tools.jackson.databind.node.ObjectNode facts =
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String field : List.of("cases", "officerHours", "arrivalToAssessment", "delayReasons")) {
            facts.set(field, group.path(field));
        }
        return facts;
    }

    /** The groups with at least one case, as key, keys, cases and issue 13's fields. */
    private JsonNode nonEmptyCells(JsonNode report) {
        tools.jackson.databind.node.ArrayNode cells = json.createArrayNode();
        for (JsonNode g : report.path("groups")) {
            if (g.path("cases").asInt() > 0) {
                tools.jackson.databind.node.ObjectNode cell = cells.addObject();
                for (String field : List.of(
                        "key", "keys", "cases", "over4h", "over8h", "over12h", "escalations", "legalClockBreaches")) {
                    cell.set(field, g.path(field));
                }
            }
        }
        return cells;
    }

    @Test
    void givenACaseAtASafeSpace_whenReportedBySiteTypeAndBoard_thenTheReferenceDataNamesBoth() throws Exception {
        // The Edinburgh Crisis Centre (ECC) is a SAFE_SPACE in NHS Lothian's area; a day of its own, as other tests
        // use their own site codes.
        java.time.LocalDate day =
                java.time.LocalDate.of(2031 + RANDOM.nextInt(8), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
        CompletedCase atEcc = CompletedCase.newBuilder(issue13Case(
                        day.atTime(12, 0)
                                .atZone(java.time.ZoneId.of("Europe/London"))
                                .toInstant()
                                .toString(),
                        LegalBasis.VOLUNTARY,
                        50000,
                        0,
                        false))
                .setSiteCode("ECC")
                .build();
        send(atEcc);
        String query = "from=" + day + "&to=" + day.plusDays(1) + "&groupBy=siteType,board&siteCode=ECC";

        JsonNode group = Awaitility.await("the case in the site type report")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> read(report(query)).path("groups").path(0),
                        g -> g.path("cases").asInt() == 1);

        assertThat(List.of(
                        group.path("key").asString(),
                        group.path("keys").toString(),
                        group.path("over4h").asInt(),
                        group.path("over8h").asInt(),
                        group.path("over12h").asInt()))
                .containsExactly("SAFE_SPACE|NHS Lothian", "[\"SAFE_SPACE\",\"NHS Lothian\"]", 1, 1, 1);
        assertThat(csvReport(query).getResponse().getContentAsString().lines().toList())
                .element(1)
                .asString()
                .startsWith("SAFE_SPACE|NHS Lothian,SAFE_SPACE,NHS Lothian,1,0,");
    }

    @Test
    void givenARepeatedOrUnknownGrouping_whenReported_thenProblemJsonNamingGroupByAndTheRule() throws Exception {
        MvcResult repeated = report("from=2026-07-15&to=2026-07-17&groupBy=hour,hour");
        MvcResult unknown = csvReport("from=2026-07-15&to=2026-07-17&groupBy=weekday,shift");
        MvcResult three = report("from=2026-07-15&to=2026-07-17&groupBy=site,board,hour");

        assertThat(List.of(
                        repeated.getResponse().getStatus(),
                        repeated.getResponse().getContentType(),
                        unknown.getResponse().getStatus(),
                        unknown.getResponse().getContentType(),
                        three.getResponse().getStatus()))
                .containsExactly(400, "application/problem+json", 400, "application/problem+json", 400);
        assertThat(read(repeated).path("errors")).isEqualTo(json.readTree("""
                        [{"field":"groupBy","rule":"repeated","message":"groupBy names hour twice: two dimensions must differ (not 'hour,hour')"}]
                        """));
        assertThat(read(unknown).path("errors")).isEqualTo(json.readTree("""
                        [{"field":"groupBy","rule":"enum","message":"groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma (not 'weekday,shift')"}]
                        """));
        assertThat(read(three).path("errors").path(0).path("rule").asString()).isEqualTo("max-items");
    }

    @Test
    void givenRolesOtherThanAnalystAndAdmin_whenReported_thenRefusedAndWithoutATokenUnauthenticated() throws Exception {
        String path = "/api/v1/reports/handover-times?from=2026-03-01&to=2026-03-02&groupBy=site";

        List<Integer> statuses = List.of(
                mvc.perform(get(path)).andReturn().getResponse().getStatus(),
                mvc.perform(tokens.as(get(path), pc, "OFFICER", "G"))
                        .andReturn()
                        .getResponse()
                        .getStatus(),
                mvc.perform(tokens.as(get(path), nurse, "ED_STAFF", "QEUH"))
                        .andReturn()
                        .getResponse()
                        .getStatus(),
                mvc.perform(tokens.as(get(path), "sgt-g", "SUPERVISOR", "G"))
                        .andReturn()
                        .getResponse()
                        .getStatus(),
                mvc.perform(tokens.as(get(path), "analyst-1", "ANALYST", "PHS"))
                        .andReturn()
                        .getResponse()
                        .getStatus(),
                mvc.perform(tokens.as(get(path), "admin", "ADMIN", "ADMIN"))
                        .andReturn()
                        .getResponse()
                        .getStatus());

        assertThat(statuses).containsExactly(401, 403, 403, 403, 200, 200);
    }

    @Test
    void givenHandoverTimes_whenTheDistributionIsAsked_thenBinsOfTheGivenWidthAndTheOverflow() throws Exception {
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        for (long seconds : new long[] {0, 1800, 1801, 3600, 3601}) {
            send(completed(TestData.id(), 4, CaseState.CLEARED, "G", t, true, 0L, seconds, 60L, seconds + 60, null));
        }
        // Bins of 30 minutes up to 60: (0, 1800] holds 0 and 1800; (1800, 3600] holds 1801 and 3600; 3601 is over.
        JsonNode expected = json.readTree("{\"from\":\"2026-06-01\",\"to\":\"2026-06-02\",\"siteCode\":\"" + site
                + "\",\"division\":null,\"binMinutes\":30,\"maxMinutes\":60,\"count\":5,\"bins\":[{\"fromMinutes\":0,"
                + "\"toMinutes\":30,\"count\":2},{\"fromMinutes\":30,\"toMinutes\":60,\"count\":2}],\"over\":1}");

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> read(mvc.perform(tokens.as(
                                        get("/api/v1/reports/handover-time-distribution?from=2026-06-01"
                                                + "&to=2026-06-02&binMinutes=30&maxMinutes=60&siteCode=" + site),
                                        "analyst-1",
                                        "ANALYST",
                                        "PHS"))
                                .andReturn()),
                        expected::equals);
    }

    @Test
    void givenTheDashboard_whenRequested_thenThePageShellEChartsAndItsScriptAreServedUnderTheCsp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dashboard"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> echarts = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webjars/echarts/dist/echarts.min.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/js/dashboard.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(List.of(page.statusCode(), echarts.statusCode(), script.statusCode()))
                .containsExactly(200, 200, 200);
        assertThat(page.body())
                .contains("<title>Analysts' dashboard – Transfer of care</title>")
                .contains("/webjars/echarts/dist/echarts.min.js");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("script-src 'self'");
        assertThat(echarts.body().toLowerCase(Locale.ROOT)).contains("echarts");
    }

    /**
     * Repeat attendance through the projection: three closed cases of one day and site, flagged by the processor.
     *
     * <pre>
     * case  repeatWithin30d  repeatWithin90d
     * a     true             true
     * b     false            true
     * c     false            false
     * → repeatAttendances30d 1, repeatAttendances90d 2
     * </pre>
     */
    @Test
    void givenRepeatFlaggedCases_whenReported_thenJsonAndCsvCountRepeatAttendances() throws Exception {
        java.time.LocalDate day =
                java.time.LocalDate.of(2031 + RANDOM.nextInt(8), 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28));
        String noon = day.atTime(12, 0)
                .atZone(java.time.ZoneId.of("Europe/London"))
                .toInstant()
                .toString();
        send(CompletedCase.newBuilder(issue13Case(noon, LegalBasis.S136, 3600, 0, false))
                .setRepeatWithin30d(true)
                .setRepeatWithin90d(true)
                .build());
        send(CompletedCase.newBuilder(issue13Case(noon, LegalBasis.S136, 3600, 0, false))
                .setRepeatWithin90d(true)
                .build());
        send(issue13Case(noon, LegalBasis.S136, 3600, 0, false));
        String query = "from=" + day + "&to=" + day.plusDays(1) + "&groupBy=site&siteCode=" + site;

        Awaitility.await("the three cases in the site report")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> read(report(query))
                                .path("groups")
                                .path(0)
                                .path("cases")
                                .asInt(),
                        n -> n == 3);
        JsonNode group = read(report(query)).path("groups").path(0);
        assertThat(List.of(
                        group.path("repeatAttendances30d").asLong(),
                        group.path("repeatAttendances90d").asLong()))
                .containsExactly(1L, 2L);

        String csv = csvReport(query).getResponse().getContentAsString();
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().toList().get(0))
                .contains(
                        ",legalClockBreaches,repeatAttendances30d,repeatAttendances90d,dispositions_ADMITTED_INFORMAL,")
                .endsWith(
                        ",avoidedByReferralPathway_OTHER,arrivalToAssessment_count,arrivalToAssessment_median,arrivalToAssessment_p90,arrivalToAssessment_mean,arrivalToAssessment_max,delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT,delayReasons_AWAITING_MEDICAL_ASSESSMENT,delayReasons_AWAITING_MENTAL_HEALTH_OFFICER,delayReasons_AWAITING_BED,delayReasons_INTOXICATION,delayReasons_STAFFING,delayReasons_OTHER,closedNotRecorded");
        // legalClockBreaches 0, repeats 1 and 2, then no disposition and no referral at scene (ten zeros).
        assertThat(csv.lines().toList().get(1))
                .startsWith(site + ",3,")
                .endsWith(",0,1,2,0,0,0,0,0,0,0,0,0,0,0,,,,,0,0,0,0,0,0,0,0");
    }
}
