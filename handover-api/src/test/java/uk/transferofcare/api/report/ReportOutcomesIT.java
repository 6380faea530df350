package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.closed;
import static uk.transferofcare.api.report.ReportFixtures.open;
import static uk.transferofcare.api.report.ReportFixtures.openOnly;
import static uk.transferofcare.api.report.ReportFixtures.outcomes;
import static uk.transferofcare.api.report.ReportFixtures.query;
import static uk.transferofcare.api.report.ReportFixtures.standard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * What happened to the person, hand-computed: dispositions (counts by code of the standing disposition of closed
 * cases) and ED visits avoided by referral at scene (closed REFERRED_AT_SCENE cases, by pathway), through the
 * projection's report table and the SQL of {@link ReportQueries} on a real PostgreSQL, in JSON form and as CSV.
 */
@WithPostgres
class ReportOutcomesIT {

    private ReportStore store;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    /**
     * Cases whose report day is 2026-03-10, police division G.
     *
     * <pre>
     * case site  outcome             disposition (standing)                     pathway
     * d1   QEUH  CLEARED             DISCHARGED
     * d2   QEUH  CLEARED             ADMITTED_INFORMAL
     * d3   QEUH  CLEARED             DISCHARGED at v5, then REFERRED_DBI at v6 (recorded after closure; the
     *                                completed record is emitted again); a stale v4 with ADMITTED_DETAINED comes last
     * d4   QEUH  ABSCONDED           OTHER
     * d5   QEUH  CLEARED             none
     * d6   QEUH  open                (open cases count in cases and open only)
     * d7   QEUH  ENTERED_IN_ERROR    ADMITTED_DETAINED                          → in nothing
     * r1   QEUH  REFERRED_AT_SCENE   -                                          DBI (intended site named)
     * r2   NONE  REFERRED_AT_SCENE   -                                          NHS24_MENTAL_HEALTH_HUB
     * r3   NONE  REFERRED_AT_SCENE   -                                          NHS24_MENTAL_HEALTH_HUB
     * r4   NONE  REFERRED_AT_SCENE   -                                          OTHER
     * </pre>
     */
    private void givenTheCasesOfMarch10() {
        String day = "2026-03-10";
        store.closed(standard("d1", "QEUH", "G", day).withOutcomes("DISCHARGED", null));
        store.closed(standard("d2", "QEUH", "G", day).withOutcomes("ADMITTED_INFORMAL", null));
        store.closed(standard("d3", "QEUH", "G", day).withOutcomes("DISCHARGED", null));
        store.closed(reversion(standard("d3", "QEUH", "G", day), 6).withOutcomes("REFERRED_DBI", null));
        store.closed(reversion(standard("d3", "QEUH", "G", day), 4).withOutcomes("ADMITTED_DETAINED", null));
        store.closed(closed("d4", 4, "ABSCONDED", "QEUH", "G", day, false, 200L, null, null, null, null)
                .withOutcomes("OTHER", null));
        store.closed(standard("d5", "QEUH", "G", day));
        store.open(open("d6", 3, "QEUH", "G", day));
        store.closed(closed("d7", 5, "ENTERED_IN_ERROR", "QEUH", "G", day, true, 10L, 100L, 10L, 110L, 110L)
                .withOutcomes("ADMITTED_DETAINED", null));
        store.closed(referred("r1", "QEUH", "DBI"));
        store.closed(referred("r2", "NONE", "NHS24_MENTAL_HEALTH_HUB"));
        store.closed(referred("r3", "NONE", "NHS24_MENTAL_HEALTH_HUB"));
        store.closed(referred("r4", "NONE", "OTHER"));
    }

    /**
     * The hand computation, grouped by site (found keys sorted: NONE, QEUH).
     *
     * <pre>
     * NONE  cases 3 (r2..r4), open 0, no outcome of the five, no time figure (never arrived)
     *       dispositions all 0; avoidedByReferralAtScene 3: NHS24_MENTAL_HEALTH_HUB 2, DBI 0, OTHER 1
     * QEUH  cases 7 (d1..d6, r1; d7 void), open 1 (d6); outcomes CLEARED 4 (d1, d2, d3, d5), ABSCONDED 1 (d4)
     *       dispositions ADMITTED_INFORMAL 1 (d2), ADMITTED_DETAINED 0 (d3's v4 is stale, d7 void), DISCHARGED 1
     *       (d1), REFERRED_COMMUNITY_MENTAL_HEALTH 0, REFERRED_DBI 1 (d3), OTHER 1 (d4); d5 has none
     *       avoidedByReferralAtScene 1 (r1): NHS24_MENTAL_HEALTH_HUB 0, DBI 1, OTHER 0
     * </pre>
     */
    @Test
    void givenDispositionsAndReferralsAtScene_whenGroupedBySite_thenEachCountIsTheHandComputedValue() {
        givenTheCasesOfMarch10();

        HandoverTimesReport report = store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE));

        assertThat(report.groups()).extracting(GroupReport::key).containsExactly("NONE", "QEUH");
        assertThat(report.groups().get(0))
                .isEqualTo(openOnly("NONE", 3, 0).withOutcomes(dispositions(0, 0, 0, 0, 0, 0), 3, pathways(2, 0, 1)));
        GroupReport qeuh = report.groups().get(1);
        assertThat(qeuh.cases()).isEqualTo(7);
        assertThat(qeuh.open()).isEqualTo(1);
        assertThat(qeuh.outcomes()).isEqualTo(outcomes(4, 0, 0, 1, 0));
        assertThat(qeuh.handoverTime().count())
                .as("r1 never arrived: in no time figure")
                .isEqualTo(4);
        assertThat(qeuh.dispositions()).containsExactlyEntriesOf(dispositions(1, 0, 1, 0, 1, 1));
        assertThat(qeuh.avoidedByReferralAtScene()).isEqualTo(1);
        assertThat(qeuh.avoidedByReferralPathway()).containsExactlyEntriesOf(pathways(0, 1, 0));
    }

    @Test
    void givenTheSameCases_whenGroupedByDay_thenTheDayHoldsTheSumsOfBothSites() {
        givenTheCasesOfMarch10();

        GroupReport day = store.report(query("2026-03-10", "2026-03-11", GroupBy.DAY))
                .groups()
                .get(0);

        assertThat(day.cases()).isEqualTo(10);
        assertThat(day.dispositions()).containsExactlyEntriesOf(dispositions(1, 0, 1, 0, 1, 1));
        assertThat(day.avoidedByReferralAtScene()).isEqualTo(4);
        assertThat(day.avoidedByReferralPathway()).containsExactlyEntriesOf(pathways(2, 1, 1));
    }

    @Test
    void givenTheSameCases_whenWrittenAsCsv_thenTheNewColumnsHoldTheHandComputedCounts() {
        givenTheCasesOfMarch10();

        String csv = ReportCsv.write(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)));

        String[] lines = csv.split("\r\n");
        assertThat(lines[0])
                .endsWith(
                        ",legalClockBreaches,repeatAttendances30d,repeatAttendances90d,dispositions_ADMITTED_INFORMAL,dispositions_ADMITTED_DETAINED,"
                                + "dispositions_DISCHARGED,dispositions_REFERRED_COMMUNITY_MENTAL_HEALTH,"
                                + "dispositions_REFERRED_DBI,dispositions_OTHER,avoidedByReferralAtScene,"
                                + "avoidedByReferralPathway_NHS24_MENTAL_HEALTH_HUB,avoidedByReferralPathway_DBI,"
                                + "avoidedByReferralPathway_OTHER"
                                + ",arrivalToAssessment_count,arrivalToAssessment_median,arrivalToAssessment_p90,arrivalToAssessment_mean,arrivalToAssessment_max,delayReasons_AWAITING_MENTAL_HEALTH_ASSESSMENT,delayReasons_AWAITING_MEDICAL_ASSESSMENT,delayReasons_AWAITING_MENTAL_HEALTH_OFFICER,delayReasons_AWAITING_BED,delayReasons_INTOXICATION,delayReasons_STAFFING,delayReasons_OTHER,closedNotRecorded");
        assertThat(lines[1]).startsWith("NONE,3,0,").endsWith(",0,0,0,0,0,0,0,0,0,0,0,3,2,0,1,0,,,,,0,0,0,0,0,0,0,0");
        assertThat(lines[2]).startsWith("QEUH,7,1,").endsWith(",0,0,0,0,0,0,1,0,1,0,1,1,1,0,1,0,0,,,,,0,0,0,0,0,0,0,0");
    }

    @Test
    void givenTheSameCases_whenGroupedBySiteType_thenCasesWithoutASiteAreOfUnknownType() {
        givenTheCasesOfMarch10();

        List<GroupReport> groups = store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE_TYPE))
                .groups();

        assertThat(groups)
                .filteredOn(group -> group.key().equals(GroupBy.UNKNOWN))
                .singleElement()
                .satisfies(group -> {
                    assertThat(group.cases()).isEqualTo(3);
                    assertThat(group.avoidedByReferralAtScene()).isEqualTo(3);
                });
    }

    /**
     * Stale cases a supervisor closed as not recorded (issue 14), report day 2026-03-12, site QEUH. The processor gives
     * a NOT_RECORDED case no intervals and no legal-clock breach, whatever was recorded before the closure.
     *
     * <pre>
     * case site  outcome        recorded before the closure
     * c1   QEUH  CLEARED        standard: acknowledged 120 s, handed over 600 s, cleared 300 s later, 2 officers
     * n1   QEUH  NOT_RECORDED   arrival and handover (no clearance), escalated to level 1
     * n2   QEUH  NOT_RECORDED   arrival only
     *
     * QEUH  cases 3, open 0; outcomes CLEARED 1 (NOT_RECORDED is none of the five); complete 1 (c1)
     *       every time figure is c1's alone: handover count 1, median 600, within 15 min 1, officer-hours 0.50
     *       escalations level 1: 1 (n1, a fact of the time it was open); closedNotRecorded 2 (n1, n2)
     * </pre>
     */
    @Test
    void givenCasesClosedAsNotRecorded_whenReported_thenTheyAreInNoTimeFigureAndCountedAsClosedNotRecorded() {
        String day = "2026-03-12";
        store.closed(standard("c1", "QEUH", "G", day));
        store.closed(notRecorded("n1", day, 1));
        store.closed(notRecorded("n2", day, 0));

        GroupReport qeuh =
                store.report(query(day, "2026-03-13", GroupBy.SITE)).groups().get(0);
        String[] csv = ReportCsv.write(store.report(query(day, "2026-03-13", GroupBy.SITE)))
                .split("\r\n");

        assertThat(qeuh.cases()).isEqualTo(3);
        assertThat(qeuh.closedNotRecorded()).isEqualTo(2);
        assertThat(qeuh.escalations()).containsEntry("1", 1L);
        assertThat(qeuh)
                .usingRecursiveComparison()
                .ignoringFields("cases", "closedNotRecorded", "escalations")
                .isEqualTo(ReportFixtures.standardGroup("QEUH", 1));
        assertThat(csv[0]).endsWith(",delayReasons_OTHER,closedNotRecorded");
        assertThat(csv[1]).startsWith("QEUH,3,0,1,0,0,0,0,1,").endsWith(",0,2");
    }

    private static ClosedCase notRecorded(String name, String day, int escalationLevel) {
        return new ClosedCase(
                ReportFixtures.id(name),
                4,
                "NOT_RECORDED",
                "QEUH",
                "G",
                ReportFixtures.noon(day),
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                escalationLevel,
                false);
    }

    private static ClosedCase referred(String name, String site, String pathway) {
        return closed(name, 2, "REFERRED_AT_SCENE", site, "G", "2026-03-10", false, null, null, null, null, null)
                .withOutcomes(null, pathway);
    }

    private static ClosedCase reversion(ClosedCase c, long version) {
        return new ClosedCase(
                c.caseId(),
                version,
                c.outcome(),
                c.siteCode(),
                c.division(),
                c.reportAt(),
                c.complete(),
                c.arrivalToAcknowledgedSeconds(),
                c.handoverSeconds(),
                c.handoverToClearSeconds(),
                c.timeAtEdSeconds(),
                c.officerSeconds(),
                c.legalBasis(),
                c.maxEscalationLevel(),
                c.legalClockBreached());
    }

    private static Map<String, Long> dispositions(
            long informal, long detained, long discharged, long community, long dbi, long other) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("ADMITTED_INFORMAL", informal);
        map.put("ADMITTED_DETAINED", detained);
        map.put("DISCHARGED", discharged);
        map.put("REFERRED_COMMUNITY_MENTAL_HEALTH", community);
        map.put("REFERRED_DBI", dbi);
        map.put("OTHER", other);
        return map;
    }

    private static Map<String, Long> pathways(long nhs24, long dbi, long other) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("NHS24_MENTAL_HEALTH_HUB", nhs24);
        map.put("DBI", dbi);
        map.put("OTHER", other);
        return map;
    }
}
