package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.openOnly;
import static uk.transferofcare.api.report.ReportFixtures.standardGroup;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    private static final String HEADER = "key,cases,open,outcomes_CLEARED,outcomes_CANCELLED,outcomes_DIVERTED,"
            + "outcomes_ABSCONDED,outcomes_ENDED_WITHOUT_HANDOVER,complete,"
            + "arrivalToAcknowledged_count,arrivalToAcknowledged_median,arrivalToAcknowledged_p90,"
            + "arrivalToAcknowledged_mean,arrivalToAcknowledged_max,"
            + "handoverTime_count,handoverTime_median,handoverTime_p90,handoverTime_mean,handoverTime_max,"
            + "handoverToClear_count,handoverToClear_median,handoverToClear_p90,handoverToClear_mean,"
            + "handoverToClear_max,timeAtEd_count,timeAtEd_median,timeAtEd_p90,timeAtEd_mean,timeAtEd_max,"
            + "handoverWithin_15,handoverWithin_30,handoverWithin_45,handoverWithin_60,handoverOver60,"
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

    /** The ten outcome columns of a group without dispositions or referrals at scene (after the repeat columns). */
    private static final String NO_OUTCOMES = ",0,0,0,0,0,0,0,0,0,0";

    /**
     * The time-fact columns of a group without assessments or delay reasons (after the outcome columns), then no case
     * closed as not recorded.
     */
    private static final String NO_TIME_FACTS = ",0,,,,,0,0,0,0,0,0,0,0";

    @Test
    void givenAReport_whenWrittenAsCsv_thenOneRowPerGroupWithFlatColumnsAndEmptyFieldsForUnknowns() {
        HandoverTimesReport report = new HandoverTimesReport(
                LocalDate.parse("2026-03-10"),
                LocalDate.parse("2026-03-12"),
                "day",
                null,
                null,
                List.of(standardGroup("2026-03-10", 2, 1), openOnly("2026-03-11", 1, 1)));

        assertThat(ReportCsv.write(report))
                .isEqualTo(HEADER
                        + "2026-03-10,3,1,2,0,0,0,0,2,2,120,120,120,120,2,600,600,600,600,2,300,300,300,300,"
                        + "2,900,900,900,900,2,2,2,2,0,0.00,0.00,1.00,0,0,0,0,0,0,0,0,0" + NO_OUTCOMES + NO_TIME_FACTS
                        + "\r\n"
                        + "2026-03-11,1,1,0,0,0,0,0,0,0,,,,,0,,,,,0,,,,,0,,,,,0,0,0,0,0,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0"
                        + NO_OUTCOMES
                        + NO_TIME_FACTS
                        + "\r\n");
    }

    @Test
    void givenAnUnexpectedOutcomeAndAKeyNeedingQuotes_whenWrittenAsCsv_thenAColumnIsAddedAndTheKeyIsQuoted() {
        GroupReport odd = new GroupReport(
                "A,\"B\"",
                List.of("A,\"B\""),
                0,
                0,
                java.util.Map.of("HANDED_OVER", 0L),
                0,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                ReportFixtures.within(0, 0, 0, 0),
                0,
                new java.math.BigDecimal("0.00"),
                new java.math.BigDecimal("0.00"),
                new java.math.BigDecimal("0.00"),
                0,
                0,
                0,
                ReportFixtures.escalations(0, 0, 0),
                0);
        HandoverTimesReport report = new HandoverTimesReport(
                LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11"), "site", null, null, List.of(odd));

        String csv = ReportCsv.write(report);

        assertThat(csv.split("\r\n"))
                .containsExactly(
                        HEADER.replace(
                                        "outcomes_ENDED_WITHOUT_HANDOVER,",
                                        "outcomes_ENDED_WITHOUT_HANDOVER,outcomes_HANDED_OVER,")
                                .replace("\r\n", ""),
                        "\"A,\"\"B\"\"\",0,0,0,0,0,0,0,0,0,0,,,,,0,,,,,0,,,,,0,,,,,0,0,0,0,0,0.00,0.00,0.00,0,0,0,0,0,0,0,0,0"
                                + NO_OUTCOMES
                                + NO_TIME_FACTS);
    }

    @Test
    void givenADistribution_whenWrittenAsCsv_thenOneRowPerBinAndAnOpenEndedLastRow() {
        HandoverTimeDistribution distribution = new HandoverTimeDistribution(
                LocalDate.parse("2026-03-10"),
                LocalDate.parse("2026-03-11"),
                null,
                null,
                30,
                60,
                7,
                List.of(new HandoverTimeDistribution.Bin(0, 30, 4), new HandoverTimeDistribution.Bin(30, 60, 2)),
                1);

        assertThat(ReportCsv.write(distribution))
                .isEqualTo("fromMinutes,toMinutes,count\r\n0,30,4\r\n30,60,2\r\n60,,1\r\n");
    }

    @Test
    void givenFieldsWithSeparators_whenQuoted_thenRfc4180Rules() {
        assertThat(List.of(
                        ReportCsv.quote("plain"),
                        ReportCsv.quote("a,b"),
                        ReportCsv.quote("say \"hi\""),
                        ReportCsv.quote("two\nlines"),
                        ReportCsv.quote("")))
                .containsExactly("plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "");
    }

    @Test
    void givenCellsStartingWithAFormulaCharacter_whenWritten_thenEachIsNeutralisedAndQuotedButNumbersStayNumbers() {
        assertThat(List.of(
                        ReportCsv.quote("=HYPERLINK(\"http://x\",\"y\")"),
                        ReportCsv.quote("+1+1"),
                        ReportCsv.quote("-1+2"),
                        ReportCsv.quote("-A1"),
                        ReportCsv.quote("@SUM(A1:A2)"),
                        ReportCsv.quote("\tcmd"),
                        ReportCsv.quote("\r=1"),
                        ReportCsv.quote("-12"),
                        ReportCsv.quote("-0.50"),
                        ReportCsv.quote("42"),
                        ReportCsv.quote("QEUH"),
                        ReportCsv.quote("2026-03-10"),
                        ReportCsv.quote("'already")))
                .containsExactly(
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
                        "\"'+1+1\"",
                        "\"'-1+2\"",
                        "\"'-A1\"",
                        "\"'@SUM(A1:A2)\"",
                        "\"'\tcmd\"",
                        "\"'\r=1\"",
                        "-12",
                        "-0.50",
                        "42",
                        "QEUH",
                        "2026-03-10",
                        "'already");
    }

    @Test
    void givenAGroupKeyThatIsAFormula_whenTheReportIsWritten_thenTheKeyCellIsText() {
        HandoverTimesReport report = new HandoverTimesReport(
                LocalDate.parse("2026-03-10"),
                LocalDate.parse("2026-03-12"),
                "site",
                null,
                null,
                List.of(openOnly("=1+1", 1, 1)));

        assertThat(ReportCsv.write(report))
                .isEqualTo(HEADER + "\"'=1+1\",1,1,0,0,0,0,0,0,0,,,,,0,,,,,0,,,,,0,,,,,0,0,0,0,0,0.00,0.00,0.00,"
                        + "0,0,0,0,0,0,0,0,0" + NO_OUTCOMES + NO_TIME_FACTS + "\r\n");
    }

    @Test
    void givenAGroupWithDispositionsAndReferralsAtScene_whenWrittenAsCsv_thenEachCountHasItsColumn() {
        GroupReport group = openOnly("QEUH", 5, 0)
                .withOutcomes(
                        java.util.Map.of(
                                "ADMITTED_INFORMAL", 1L,
                                "ADMITTED_DETAINED", 2L,
                                "DISCHARGED", 3L,
                                "REFERRED_COMMUNITY_MENTAL_HEALTH", 4L,
                                "REFERRED_DBI", 5L,
                                "OTHER", 6L),
                        7,
                        java.util.Map.of("NHS24_MENTAL_HEALTH_HUB", 4L, "DBI", 2L, "OTHER", 1L));
        HandoverTimesReport report = new HandoverTimesReport(
                LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11"), "site", null, null, List.of(group));

        assertThat(ReportCsv.write(report))
                .isEqualTo(HEADER + "QEUH,5,0,0,0,0,0,0,0,0,,,,,0,,,,,0,,,,,0,,,,,0,0,0,0,0,0.00,0.00,0.00,"
                        + "0,0,0,0,0,0,0,0,0,1,2,3,4,5,6,7,4,2,1" + NO_TIME_FACTS + "\r\n");
    }
}
