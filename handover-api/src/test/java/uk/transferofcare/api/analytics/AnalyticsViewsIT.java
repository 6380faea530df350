package uk.transferofcare.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.PostgresInfrastructure;

/**
 * The analysts' views against the report API on the same data: random closed and open cases of a site of this test's
 * own go through Kafka into the projection; the figures computed with SQL over {@code analytics.completed_cases} and
 * {@code analytics.open_cases} as the read-only role {@code handover_analyst} (nearest-rank percentiles with {@code
 * percentile_disc}, as docs/analysts.md shows) equal the report's, every one of them; and that role can read nothing
 * but the views.
 */
@HandoverApiIntegrationTest
class AnalyticsViewsIT extends ApiTestSupport {

    private static final Random RANDOM = new Random();
    private static final String[] OUTCOMES = {"CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER"
    };

    @Value("${spring.datasource.url}")
    String url;

    private final String site = "A" + (char) ('A' + RANDOM.nextInt(26)) + (char) ('A' + RANDOM.nextInt(26))
            + RANDOM.nextInt(10) + RANDOM.nextInt(10) + RANDOM.nextInt(10);

    @BeforeAll
    static void trustTheGeneratedClasses() {
        org.apache.avro.util.ClassSecurityValidator.setGlobal(org.apache.avro.util.ClassSecurityValidator.composite(
                org.apache.avro.util.ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("uk.transferofcare.events.")));
    }

    @Test
    void givenRandomCases_whenTheAnalystComputesTheReportWithSqlOverTheViews_thenEveryFigureEqualsTheReportApis()
            throws Exception {
        Instant day = Instant.parse("2026-05-12T10:00:00Z");
        int closed = 40 + RANDOM.nextInt(30);
        for (int i = 0; i < closed; i++) {
            send(randomClosedCase(day.plusSeconds(RANDOM.nextInt(8 * 3600))));
        }
        int open = 1 + RANDOM.nextInt(4);
        for (int i = 0; i < open; i++) {
            String caseId = TestData.id();
            TestProducer.send(
                    Topics.STATE.name(), caseId, TestData.arrived(caseId, site, "G", day.plusSeconds(60L * i), 2));
        }
        String query = "from=2026-05-12&to=2026-05-13&groupBy=site&siteCode=" + site;
        JsonNode group = Awaitility.await("the report of " + site)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> read(getAs("analyst-1", "ANALYST", "PHS", "/api/v1/reports/handover-times?" + query))
                                .path("groups")
                                .path(0),
                        g -> g.path("cases").asLong() == closed + open);

        JsonNode fromSql;
        try (Connection analyst = DriverManager.getConnection(
                url, PostgresInfrastructure.ANALYST_ROLE, PostgresInfrastructure.ANALYST_PASSWORD)) {
            fromSql = json.readTree(json.writeValueAsString(figures(analyst, "2026-05-12", "2026-05-13")));
        }

        assertThat(fromSql).isEqualTo(group);
    }

    @Test
    void givenTheAnalystsRole_whenItReadsTheProjectionOrWrites_thenItIsRefused() throws Exception {
        try (Connection analyst = DriverManager.getConnection(
                        url, PostgresInfrastructure.ANALYST_ROLE, PostgresInfrastructure.ANALYST_PASSWORD);
                var statement = analyst.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM analytics.submissions").close();

            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM projection.cases"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM analytics.completed_cases"))
                    .isInstanceOf(SQLException.class);
        }
    }

    /** The report's group for this test's site, computed as docs/analysts.md shows an analyst. */
    private Map<String, Object> figures(Connection analyst, String from, String to) throws SQLException {
        Map<String, Object> group = new LinkedHashMap<>();
        long open;
        try (PreparedStatement s = analyst.prepareStatement(
                "SELECT count(*) FROM analytics.open_cases WHERE site_code = ? AND report_day >= ?::date"
                        + " AND report_day < ?::date")) {
            s.setString(1, site);
            s.setString(2, from);
            s.setString(3, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                open = rs.getLong(1);
            }
        }
        try (PreparedStatement s = analyst.prepareStatement("""
                SELECT count(*) AS closed,
                       count(*) FILTER (WHERE outcome = 'CLEARED') AS cleared,
                       count(*) FILTER (WHERE outcome = 'CANCELLED') AS cancelled,
                       count(*) FILTER (WHERE outcome = 'DIVERTED') AS diverted,
                       count(*) FILTER (WHERE outcome = 'ABSCONDED') AS absconded,
                       count(*) FILTER (WHERE outcome = 'ENDED_WITHOUT_HANDOVER') AS ended,
                       count(*) FILTER (WHERE complete) AS complete,
                       count(arrival_to_acknowledged_seconds) AS a_n,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY arrival_to_acknowledged_seconds) AS a_median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY arrival_to_acknowledged_seconds) AS a_p90,
                       round(avg(arrival_to_acknowledged_seconds)) AS a_mean,
                       max(arrival_to_acknowledged_seconds) AS a_max,
                       count(handover_seconds) AS h_n,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY handover_seconds) AS h_median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY handover_seconds) AS h_p90,
                       round(avg(handover_seconds)) AS h_mean,
                       max(handover_seconds) AS h_max,
                       count(handover_to_clear_seconds) AS c_n,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY handover_to_clear_seconds) AS c_median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY handover_to_clear_seconds) AS c_p90,
                       round(avg(handover_to_clear_seconds)) AS c_mean,
                       max(handover_to_clear_seconds) AS c_max,
                       count(time_at_ed_seconds) AS e_n,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY time_at_ed_seconds) AS e_median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY time_at_ed_seconds) AS e_p90,
                       round(avg(time_at_ed_seconds)) AS e_mean,
                       max(time_at_ed_seconds) AS e_max,
                       count(*) FILTER (WHERE handover_seconds <= 15 * 60) AS within_15,
                       count(*) FILTER (WHERE handover_seconds <= 30 * 60) AS within_30,
                       count(*) FILTER (WHERE handover_seconds <= 45 * 60) AS within_45,
                       count(*) FILTER (WHERE handover_seconds <= 60 * 60) AS within_60,
                       count(*) FILTER (WHERE handover_seconds > 60 * 60) AS over_60,
                       round(coalesce(sum(greatest(handover_seconds - 900, 0)), 0) / 3600.0, 2) AS lost_15,
                       round(coalesce(sum(greatest(handover_seconds - 3600, 0)), 0) / 3600.0, 2) AS lost_60,
                       round(coalesce(sum(officer_seconds), 0) / 3600.0, 2) AS officer_hours,
                       count(*) FILTER (WHERE time_at_ed_seconds > 4 * 3600) AS over_4h,
                       count(*) FILTER (WHERE time_at_ed_seconds > 8 * 3600) AS over_8h,
                       count(*) FILTER (WHERE time_at_ed_seconds > 12 * 3600) AS over_12h,
                       count(*) FILTER (WHERE max_escalation_level >= 1) AS escalated_1,
                       count(*) FILTER (WHERE max_escalation_level >= 2) AS escalated_2,
                       count(*) FILTER (WHERE max_escalation_level >= 3) AS escalated_3,
                       count(*) FILTER (WHERE legal_clock_breached) AS breaches,
                       count(*) FILTER (WHERE repeat_within_30d) AS repeats_30d,
                       count(*) FILTER (WHERE repeat_within_90d) AS repeats_90d,
                       count(*) FILTER (WHERE disposition = 'ADMITTED_INFORMAL') AS d_admitted_informal,
                       count(*) FILTER (WHERE disposition = 'ADMITTED_DETAINED') AS d_admitted_detained,
                       count(*) FILTER (WHERE disposition = 'DISCHARGED') AS d_discharged,
                       count(*) FILTER (WHERE disposition = 'REFERRED_COMMUNITY_MENTAL_HEALTH') AS d_community,
                       count(*) FILTER (WHERE disposition = 'REFERRED_DBI') AS d_dbi,
                       count(*) FILTER (WHERE disposition = 'OTHER') AS d_other,
                       count(*) FILTER (WHERE outcome = 'NOT_RECORDED') AS not_recorded,
                       count(*) FILTER (WHERE outcome = 'REFERRED_AT_SCENE') AS avoided,
                       count(*) FILTER (WHERE outcome = 'REFERRED_AT_SCENE'
                                        AND referral_pathway = 'NHS24_MENTAL_HEALTH_HUB') AS avoided_nhs24,
                       count(*) FILTER (WHERE outcome = 'REFERRED_AT_SCENE' AND referral_pathway = 'DBI') AS avoided_dbi,
                       count(*) FILTER (WHERE outcome = 'REFERRED_AT_SCENE' AND referral_pathway = 'OTHER') AS avoided_other,
                       count(arrival_to_assessment_seconds) AS s_n,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY arrival_to_assessment_seconds) AS s_median,
                       percentile_disc(0.9) WITHIN GROUP (ORDER BY arrival_to_assessment_seconds) AS s_p90,
                       round(avg(arrival_to_assessment_seconds)) AS s_mean,
                       max(arrival_to_assessment_seconds) AS s_max,
                       count(*) FILTER (WHERE 'AWAITING_MENTAL_HEALTH_ASSESSMENT' = ANY(delay_reasons)) AS r_awaiting_mental_health_assessment,
                       count(*) FILTER (WHERE 'AWAITING_MEDICAL_ASSESSMENT' = ANY(delay_reasons)) AS r_awaiting_medical_assessment,
                       count(*) FILTER (WHERE 'AWAITING_MENTAL_HEALTH_OFFICER' = ANY(delay_reasons)) AS r_awaiting_mental_health_officer,
                       count(*) FILTER (WHERE 'AWAITING_BED' = ANY(delay_reasons)) AS r_awaiting_bed,
                       count(*) FILTER (WHERE 'INTOXICATION' = ANY(delay_reasons)) AS r_intoxication,
                       count(*) FILTER (WHERE 'STAFFING' = ANY(delay_reasons)) AS r_staffing,
                       count(*) FILTER (WHERE 'OTHER' = ANY(delay_reasons)) AS r_other
                FROM analytics.completed_cases
                WHERE site_code = ? AND report_day >= ?::date AND report_day < ?::date
                """)) {
            s.setString(1, site);
            s.setString(2, from);
            s.setString(3, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                group.put("key", site);
                group.put("keys", java.util.List.of(site));
                group.put("cases", rs.getLong("closed") + open);
                group.put("open", open);
                Map<String, Long> outcomes = new LinkedHashMap<>();
                outcomes.put("CLEARED", rs.getLong("cleared"));
                outcomes.put("CANCELLED", rs.getLong("cancelled"));
                outcomes.put("DIVERTED", rs.getLong("diverted"));
                outcomes.put("ABSCONDED", rs.getLong("absconded"));
                outcomes.put("ENDED_WITHOUT_HANDOVER", rs.getLong("ended"));
                group.put("outcomes", outcomes);
                group.put("complete", rs.getLong("complete"));
                group.put("arrivalToAcknowledged", summary(rs, "a"));
                group.put("handoverTime", summary(rs, "h"));
                group.put("handoverToClear", summary(rs, "c"));
                group.put("timeAtEd", summary(rs, "e"));
                Map<String, Long> within = new LinkedHashMap<>();
                for (String minutes : new String[] {"15", "30", "45", "60"}) {
                    within.put(minutes, rs.getLong("within_" + minutes));
                }
                group.put("handoverWithin", within);
                group.put("handoverOver60", rs.getLong("over_60"));
                group.put("hoursLostBeyond15", rs.getBigDecimal("lost_15"));
                group.put("hoursLostBeyond60", rs.getBigDecimal("lost_60"));
                group.put("officerHours", rs.getBigDecimal("officer_hours"));
                group.put("over4h", rs.getLong("over_4h"));
                group.put("over8h", rs.getLong("over_8h"));
                group.put("over12h", rs.getLong("over_12h"));
                Map<String, Long> escalations = new LinkedHashMap<>();
                for (String level : new String[] {"1", "2", "3"}) {
                    escalations.put(level, rs.getLong("escalated_" + level));
                }
                group.put("escalations", escalations);
                group.put("legalClockBreaches", rs.getLong("breaches"));
                group.put("repeatAttendances30d", rs.getLong("repeats_30d"));
                group.put("repeatAttendances90d", rs.getLong("repeats_90d"));
                Map<String, Long> dispositions = new LinkedHashMap<>();
                dispositions.put("ADMITTED_INFORMAL", rs.getLong("d_admitted_informal"));
                dispositions.put("ADMITTED_DETAINED", rs.getLong("d_admitted_detained"));
                dispositions.put("DISCHARGED", rs.getLong("d_discharged"));
                dispositions.put("REFERRED_COMMUNITY_MENTAL_HEALTH", rs.getLong("d_community"));
                dispositions.put("REFERRED_DBI", rs.getLong("d_dbi"));
                dispositions.put("OTHER", rs.getLong("d_other"));
                group.put("dispositions", dispositions);
                group.put("avoidedByReferralAtScene", rs.getLong("avoided"));
                Map<String, Long> pathways = new LinkedHashMap<>();
                pathways.put("NHS24_MENTAL_HEALTH_HUB", rs.getLong("avoided_nhs24"));
                pathways.put("DBI", rs.getLong("avoided_dbi"));
                pathways.put("OTHER", rs.getLong("avoided_other"));
                group.put("avoidedByReferralPathway", pathways);
                group.put("arrivalToAssessment", summary(rs, "s"));
                Map<String, Long> delayReasons = new LinkedHashMap<>();
                for (String code : DELAY_REASONS) {
                    delayReasons.put(code, rs.getLong("r_" + code.toLowerCase(java.util.Locale.ROOT)));
                }
                group.put("delayReasons", delayReasons);
                group.put("closedNotRecorded", rs.getLong("not_recorded"));
            }
        }
        return group;
    }

    /** The delay reason codes, in the report's order. */
    private static final List<String> DELAY_REASONS = List.of(
            "AWAITING_MENTAL_HEALTH_ASSESSMENT",
            "AWAITING_MEDICAL_ASSESSMENT",
            "AWAITING_MENTAL_HEALTH_OFFICER",
            "AWAITING_BED",
            "INTOXICATION",
            "STAFFING",
            "OTHER");

    private static Map<String, Object> summary(ResultSet rs, String prefix) throws SQLException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", rs.getLong(prefix + "_n"));
        summary.put("median", rs.getObject(prefix + "_median"));
        summary.put("p90", rs.getObject(prefix + "_p90"));
        summary.put(
                "mean",
                rs.getBigDecimal(prefix + "_mean") == null
                        ? null
                        : rs.getBigDecimal(prefix + "_mean").longValueExact());
        summary.put("max", rs.getObject(prefix + "_max"));
        return summary;
    }

    /**
     * A closed case with random outcome, intervals (some unknown; up to 13 hours at the site), officers, completeness,
     * highest escalation level, legal-clock breach, disposition, repeat-attendance flags, assessment interval and
     * delay reasons.
     */
    private CompletedCase randomClosedCase(Instant arrivedAt) {
        boolean repeat90d = RANDOM.nextInt(3) == 0;
        String outcome = OUTCOMES[RANDOM.nextInt(OUTCOMES.length)];
        Long ack = RANDOM.nextInt(5) == 0 ? null : (long) RANDOM.nextInt(1800);
        Long handover = RANDOM.nextInt(5) == 0 ? null : (long) RANDOM.nextInt(3 * 3600);
        Long toClear = RANDOM.nextInt(5) == 0 ? null : (long) RANDOM.nextInt(10 * 3600);
        Long atEd = handover == null || toClear == null ? null : handover + toClear;
        Long officerSeconds = atEd == null || RANDOM.nextBoolean() ? null : atEd * (1 + RANDOM.nextInt(3));
        return CompletedCase.newBuilder()
                .setCaseId(TestData.id())
                .setVersion(3 + RANDOM.nextInt(5))
                .setOutcome(CaseState.valueOf(outcome))
                .setSiteCode(site)
                .setPoliceDivision("G")
                .setFirstEventAt(arrivedAt.minusSeconds(900))
                .setArrivedAt(arrivedAt)
                .setArrivalToAcknowledgedSeconds(ack)
                .setHandoverSeconds(handover)
                .setHandoverToClearSeconds(toClear)
                .setTimeAtEdSeconds(atEd)
                .setOfficerSeconds(officerSeconds)
                .setComplete(atEd != null)
                .setMaxEscalationLevel(RANDOM.nextInt(4))
                .setLegalClockBreached(RANDOM.nextInt(4) == 0)
                .setDisposition(
                        RANDOM.nextInt(4) == 0
                                ? null
                                : uk.transferofcare.events.Disposition.values()[
                                        RANDOM.nextInt(uk.transferofcare.events.Disposition.values().length - 1)])
                .setRecordedAt(Instant.now())
                .setRepeatWithin30d(repeat90d && RANDOM.nextBoolean())
                .setRepeatWithin90d(repeat90d)
                .setArrivalToAssessmentSeconds(RANDOM.nextInt(3) == 0 ? null : (long) RANDOM.nextInt(6 * 3600))
                .setAssessmentMode(
                        RANDOM.nextBoolean()
                                ? uk.transferofcare.events.AssessmentMode.IN_PERSON
                                : uk.transferofcare.events.AssessmentMode.REMOTE)
                .setDelayReasons(DELAY_REASONS.stream()
                        .filter(code -> RANDOM.nextInt(4) == 0)
                        .map(uk.transferofcare.events.DelayReason::valueOf)
                        .toList())
                .build();
    }

    private void send(CompletedCase record) {
        TestProducer.send(Topics.COMPLETED.name(), record.getCaseId(), record);
    }
}
