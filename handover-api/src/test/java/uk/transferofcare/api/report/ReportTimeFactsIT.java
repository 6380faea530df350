package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.id;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * Issue 13's arrivalToAssessment, delayReasons and officer-hours from an officer count that changes, hand-computed
 * over the projection's report table and the SQL of {@link ReportQueries} on a real PostgreSQL, by day.
 */
@WithPostgres
class ReportTimeFactsIT {

    private ReportStore store;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    /**
     * Day 2026-05-06:
     *
     * <pre>
     * case  arrival→assessment  reasons                                officer-seconds
     * d1         300            AWAITING_MENTAL_HEALTH_ASSESSMENT      2 officers 1800 s, 3 retained 1200 s, 1 after
     *                                                                  release 600 s: 3600 + 3600 + 600 = 7800
     * d2         900            AWAITING_MENTAL_HEALTH_ASSESSMENT,     1 officer 5400 s = 5400
     *                           AWAITING_MENTAL_HEALTH_OFFICER
     * d3        2400            (none)                                 null (count unknown)
     * d4         120            AWAITING_BED                           4 officers 900 s = 3600
     * open       -              -                                      (cases and open only)
     * void     10000            STAFFING                               99999 (ENTERED_IN_ERROR: in nothing)
     * </pre>
     *
     * Day 2026-05-07: no case, every number zero or empty.
     */
    @Test
    void givenCasesWithAssessmentsReasonsAndChangingCounts_whenReportedByDay_thenEachNewFieldIsTheHandComputedValue() {
        store.closed(facts("d1", "CLEARED", 300L, 7800L, "AWAITING_MENTAL_HEALTH_ASSESSMENT"));
        store.closed(facts(
                "d2", "CLEARED", 900L, 5400L, "AWAITING_MENTAL_HEALTH_ASSESSMENT", "AWAITING_MENTAL_HEALTH_OFFICER"));
        store.closed(facts("d3", "CLEARED", 2400L, null));
        store.closed(facts("d4", "ENDED_WITHOUT_HANDOVER", 120L, 3600L, "AWAITING_BED"));
        store.open(new OpenCase(id("open"), 2, "QEUH", "G", Instant.parse("2026-05-06T11:00:00Z"), null));
        store.closed(facts("void", "ENTERED_IN_ERROR", 10000L, 99999L, "STAFFING"));

        HandoverTimesReport report = store.report(ReportQuery.parse("2026-05-06", "2026-05-08", "day", null, null));

        // arrivalToAssessment over 120, 300, 900, 2400: median rank ⌈0.5·4⌉ = 2 → 300; p90 rank ⌈0.9·4⌉ = 4 → 2400;
        // mean 3720 / 4 = 930; max 2400. Officer-hours (7800 + 5400 + 3600) / 3600 = 16800 / 3600 = 4.67.
        Map<String, Long> reasons = new LinkedHashMap<>(ReportCodes.noDelayReasons());
        reasons.put("AWAITING_MENTAL_HEALTH_ASSESSMENT", 2L);
        reasons.put("AWAITING_MENTAL_HEALTH_OFFICER", 1L);
        reasons.put("AWAITING_BED", 1L);
        assertThat(report.groups())
                .extracting(
                        GroupReport::key,
                        GroupReport::cases,
                        GroupReport::open,
                        GroupReport::officerHours,
                        GroupReport::arrivalToAssessment,
                        GroupReport::delayReasons)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "2026-05-06",
                                5L,
                                1L,
                                ReportFixtures.hours("4.67"),
                                ReportFixtures.summary(4, 300, 2400, 930, 2400),
                                reasons),
                        org.assertj.core.groups.Tuple.tuple(
                                "2026-05-07",
                                0L,
                                0L,
                                ReportFixtures.hours("0.00"),
                                Summary.EMPTY,
                                ReportCodes.noDelayReasons()));
        assertThat(ReportCsv.write(report).lines().toList().get(1))
                .endsWith(",4.67,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,4,300,2400,930,2400,2,0,1,1,0,0,0,0");
        assertThat(store.jdbc()
                        .queryForList(
                                "SELECT case_id, arrival_to_assessment_seconds, delay_reasons::text AS reasons"
                                        + " FROM analytics.completed_cases WHERE case_id = ?",
                                id("d2")))
                .containsExactly(Map.of(
                        "case_id",
                        id("d2"),
                        "arrival_to_assessment_seconds",
                        900L,
                        "reasons",
                        "{AWAITING_MENTAL_HEALTH_ASSESSMENT,AWAITING_MENTAL_HEALTH_OFFICER}"));
        assertThat(LocalDate.parse("2026-05-06").getDayOfWeek()).hasToString("WEDNESDAY");
    }

    private static ClosedCase facts(
            String name, String outcome, Long toAssessment, Long officerSeconds, String... reasons) {
        return new ClosedCase(
                id(name),
                5,
                outcome,
                "QEUH",
                "G",
                Instant.parse("2026-05-06T09:00:00Z"),
                true,
                60L,
                null,
                null,
                3600L,
                officerSeconds,
                null,
                0,
                false,
                false,
                false,
                null,
                null,
                toAssessment,
                List.of(reasons));
    }
}
