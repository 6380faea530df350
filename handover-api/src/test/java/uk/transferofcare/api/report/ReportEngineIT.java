package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.cleared;
import static uk.transferofcare.api.report.ReportFixtures.closed;
import static uk.transferofcare.api.report.ReportFixtures.escalations;
import static uk.transferofcare.api.report.ReportFixtures.hours;
import static uk.transferofcare.api.report.ReportFixtures.id;
import static uk.transferofcare.api.report.ReportFixtures.open;
import static uk.transferofcare.api.report.ReportFixtures.openOnly;
import static uk.transferofcare.api.report.ReportFixtures.outcomes;
import static uk.transferofcare.api.report.ReportFixtures.query;
import static uk.transferofcare.api.report.ReportFixtures.standard;
import static uk.transferofcare.api.report.ReportFixtures.standardGroup;
import static uk.transferofcare.api.report.ReportFixtures.summary;
import static uk.transferofcare.api.report.ReportFixtures.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * The reports' hand-computed cases (formerly {@code CaseReportStoreTest}, against the in-memory engine), now through
 * the projection's report table and the SQL of {@link ReportQueries} on a real PostgreSQL: the expectations are the
 * same, unchanged.
 */
@WithPostgres
class ReportEngineIT {

    private ReportStore store;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    /**
     * Ten cases at QEUH (division G) whose report day is 2026-03-10.
     *
     * <pre>
     * case outcome                 ack   handover  h→clear  at ED   officers  officer-s  complete
     * c1   CLEARED                   60       600      300     900     2         1800     yes
     * c2   CLEARED                  120      1200      600    1800     2         3600     yes
     * c3   CLEARED                  300      1800      900    2700     1         2700     yes
     * c4   CLEARED                  600      4000     1400    5400     ?            -     yes
     * c5   CLEARED                 1500      9000     1200   10200     3        30600     yes
     * c6   ABSCONDED                200         -        -       -     2            -     no (no clearance)
     * c7   ENDED_WITHOUT_HANDOVER   100         -        -    7200     2        14400     yes
     * c8   CANCELLED                  -         -        -       -     2            -     no (never arrived)
     * c9   open (snapshot)
     * c10  ENTERED_IN_ERROR          10       100       10     110     1          110     yes  → in nothing
     * </pre>
     */
    private void givenTheTenCasesOfMarch10() {
        store.closed(closed("c1", 4, "CLEARED", "QEUH", "G", "2026-03-10", true, 60L, 600L, 300L, 900L, 1800L));
        store.closed(closed("c2", 4, "CLEARED", "QEUH", "G", "2026-03-10", true, 120L, 1200L, 600L, 1800L, 3600L));
        store.closed(closed("c3", 4, "CLEARED", "QEUH", "G", "2026-03-10", true, 300L, 1800L, 900L, 2700L, 2700L));
        store.closed(closed("c4", 4, "CLEARED", "QEUH", "G", "2026-03-10", true, 600L, 4000L, 1400L, 5400L, null));
        store.closed(closed("c5", 6, "CLEARED", "QEUH", "G", "2026-03-10", true, 1500L, 9000L, 1200L, 10200L, 30600L));
        store.closed(closed("c6", 3, "ABSCONDED", "QEUH", "G", "2026-03-10", false, 200L, null, null, null, null));
        store.closed(closed(
                "c7", 4, "ENDED_WITHOUT_HANDOVER", "QEUH", "G", "2026-03-10", true, 100L, null, null, 7200L, 14400L));
        store.closed(closed("c8", 2, "CANCELLED", "QEUH", "G", "2026-03-10", false, null, null, null, null, null));
        store.open(open("c9", 2, "QEUH", "G", "2026-03-10"));
        store.closed(closed("c10", 5, "ENTERED_IN_ERROR", "QEUH", "G", "2026-03-10", true, 10L, 100L, 10L, 110L, 110L));
    }

    /**
     * The hand computation for {@link #givenTheTenCasesOfMarch10()} (ranks: median ⌈n/2⌉, p90 ⌈0.9 n⌉).
     *
     * <pre>
     * cases 9 (c1..c9; c10 is void), open 1 (c9)
     * outcomes CLEARED 5 (c1..c5), CANCELLED 1, DIVERTED 0, ABSCONDED 1, ENDED_WITHOUT_HANDOVER 1
     * complete 6 (c1..c5, c7)
     * arrival→ack  c1..c7: 60 100 120 200 300 600 1500 (sorted), n 7
     *              median rank 4 → 200; p90 rank ⌈6.3⌉ = 7 → 1500; mean 2880/7 = 411.43 → 411; max 1500
     * handover     600 1200 1800 4000 9000, n 5
     *              median rank 3 → 1800; p90 rank ⌈4.5⌉ = 5 → 9000; mean 16600/5 = 3320; max 9000
     * handover→clear 300 600 900 1200 1400, n 5
     *              median rank 3 → 900; p90 rank 5 → 1400; mean 4400/5 = 880; max 1400
     * time at ED   900 1800 2700 5400 7200 10200, n 6
     *              median rank 3 → 2700; p90 rank ⌈5.4⌉ = 6 → 10200; mean 28200/6 = 4700; max 10200
     * within 15 min (≤ 900 s): 600 → 1; 30 (≤ 1800): 600 1200 1800 → 3; 45 (≤ 2700): 3; 60 (≤ 3600): 3
     * over 60 (> 3600): 4000 9000 → 2
     * lost beyond 15: 0 + 300 + 900 + 3100 + 8100 = 12400 s = 3.444 h → 3.44
     * lost beyond 60: 0 + 0 + 0 + 400 + 5400 = 5800 s = 1.611 h → 1.61
     * officer-hours: 1800 + 3600 + 2700 + 30600 + 14400 = 53100 s = 14.75 h
     * </pre>
     */
    private static GroupReport theHandComputedGroup(String key) {
        return new GroupReport(
                key,
                List.of(key),
                9,
                1,
                outcomes(5, 1, 0, 1, 1),
                6,
                summary(7, 200, 1500, 411, 1500),
                summary(5, 1800, 9000, 3320, 9000),
                summary(5, 900, 1400, 880, 1400),
                summary(6, 2700, 10200, 4700, 10200),
                within(1, 3, 3, 3),
                2,
                hours("3.44"),
                hours("1.61"),
                hours("14.75"),
                0,
                0,
                0,
                escalations(0, 0, 0),
                0);
    }

    @Test
    void givenTenCasesOfOneDay_whenGroupedBySite_thenEveryMetricIsTheHandComputedValue() {
        givenTheTenCasesOfMarch10();

        HandoverTimesReport report = store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE));

        assertThat(report)
                .isEqualTo(new HandoverTimesReport(
                        LocalDate.parse("2026-03-10"),
                        LocalDate.parse("2026-03-11"),
                        "site",
                        null,
                        null,
                        List.of(theHandComputedGroup("QEUH"))));
    }

    @Test
    void givenTenCasesOfOneDay_whenGroupedByDivisionDayWeekAndMonth_thenTheSameNumbersUnderEachKey() {
        givenTheTenCasesOfMarch10();

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DIVISION))
                        .groups())
                .containsExactly(theHandComputedGroup("G"));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DAY)).groups())
                .containsExactly(theHandComputedGroup("2026-03-10"));
        // 2026-03-10 is a Tuesday of ISO week 11 (Monday 9 March to Sunday 15 March).
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.WEEK)).groups())
                .containsExactly(theHandComputedGroup("2026-W11"));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.MONTH))
                        .groups())
                .containsExactly(theHandComputedGroup("2026-03"));
    }

    @Test
    void givenCasesOnEitherSideOfTheRange_whenReported_thenFromIsInclusiveAndToExclusive() {
        store.closed(standard("before", "QEUH", "G", "2026-03-09"));
        store.closed(standard("first", "QEUH", "G", "2026-03-10"));
        store.closed(standard("last", "QEUH", "G", "2026-03-11"));
        store.closed(standard("after", "QEUH", "G", "2026-03-12"));

        HandoverTimesReport report = store.report(query("2026-03-10", "2026-03-12", GroupBy.SITE));

        assertThat(report.groups()).containsExactly(standardGroup("QEUH", 2));
    }

    @Test
    void givenAClosedCaseCorrectedAcrossMidnight_whenReportedByDay_thenOnlyTheLatestRecordCounts() {
        // Closed at version 5: arrived on the 10th, handover 4000 s, cleared 1400 s later, 2 officers.
        store.closed(closed("late", 5, "CLEARED", "QEUH", "G", "2026-03-10", true, 600L, 4000L, 1400L, 5400L, 10800L));
        // A supervisor corrects arrivedAt 20 minutes earlier, before midnight: re-emitted at version 7 on the 9th,
        // handover 4000 + 1200 = 5200 s, ack 600 + 1200 = 1800, at ED 5400 + 1200 = 6600 s, officer-s 13200.
        store.closed(closed("late", 7, "CLEARED", "QEUH", "G", "2026-03-09", true, 1800L, 5200L, 1400L, 6600L, 13200L));
        // The version 5 record delivered again (a replay) is stale and changes nothing.
        store.closed(closed("late", 5, "CLEARED", "QEUH", "G", "2026-03-10", true, 600L, 4000L, 1400L, 5400L, 10800L));

        HandoverTimesReport report = store.report(query("2026-03-09", "2026-03-11", GroupBy.DAY));

        // 9th: one case. within 60: 5200 > 3600 → 0 everywhere, over 60: 1.
        // lost 15: 5200 - 900 = 4300 s = 1.1944 h → 1.19; lost 60: 1600 s = 0.444 h → 0.44; officer 13200 s = 3.67 h.
        GroupReport ninth = new GroupReport(
                "2026-03-09",
                List.of("2026-03-09"),
                1,
                0,
                outcomes(1, 0, 0, 0, 0),
                1,
                summary(1, 1800, 1800, 1800, 1800),
                summary(1, 5200, 5200, 5200, 5200),
                summary(1, 1400, 1400, 1400, 1400),
                summary(1, 6600, 6600, 6600, 6600),
                within(0, 0, 0, 0),
                1,
                hours("1.19"),
                hours("0.44"),
                hours("3.67"),
                0,
                0,
                0,
                escalations(0, 0, 0),
                0);
        assertThat(report.groups()).containsExactly(ninth, openOnly("2026-03-10", 0, 0));
        assertThat(store.counts()).isEqualTo(new ReportStore.Counts(0, 1, 0));
    }

    @Test
    void givenACaseEnteredInErrorAfterItClosed_whenReported_thenItIsInNoGroupAndNoMetric() {
        store.closed(standard("kept", "GRI", "E", "2026-03-10"));
        store.closed(standard("void", "QEUH", "G", "2026-03-10"));
        store.closed(
                closed("void", 9, "ENTERED_IN_ERROR", "QEUH", "G", "2026-03-10", true, 120L, 600L, 300L, 900L, 1800L));

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("GRI", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DAY)).groups())
                .containsExactly(standardGroup("2026-03-10", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DIVISION, "QEUH", null))
                        .groups())
                .isEmpty();
        assertThat(store.counts()).isEqualTo(new ReportStore.Counts(0, 1, 1));
    }

    @Test
    void givenACaseVoidedWhileOpen_whenReported_thenItNoLongerCountsAsOpen() {
        store.open(open("o", 3, "QEUH", "G", "2026-03-10"));
        store.closed(
                closed("o", 4, "ENTERED_IN_ERROR", "QEUH", "G", "2026-03-10", false, null, null, null, null, null));

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DAY)).groups())
                .containsExactly(openOnly("2026-03-10", 0, 0));
    }

    @Test
    void givenOpenCases_whenReported_thenTheyCountInCasesAndOpenButInNoMetric() {
        store.closed(standard("closed", "QEUH", "G", "2026-03-10"));
        store.open(open("waiting", 3, "QEUH", "G", "2026-03-10"));
        store.open(open("pre-alerted", 1, "QEUH", "G", "2026-03-10"));

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("QEUH", 1, 2));
        assertThat(store.counts()).isEqualTo(new ReportStore.Counts(2, 1, 0));
    }

    @Test
    void givenAnOpenCaseThatClosed_whenAnOlderOpenSnapshotArrivesLate_thenItStaysClosed() {
        store.open(open("x", 3, "QEUH", "G", "2026-03-10"));
        store.closed(standard("x", "QEUH", "G", "2026-03-10")); // version 5
        store.open(open("x", 4, "QEUH", "G", "2026-03-10")); // a snapshot older than the completed record
        store.open(open("x", 5, "QEUH", "G", "2026-03-10")); // same version as the completed record

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("QEUH", 1));
    }

    @Test
    void givenAnOpenCase_whenANewerSnapshotMovesItsDay_thenItCountsOnTheNewDayOnly() {
        // Opened by a pre-alert on the 9th; the (late) arrival fills arrivedAt on the 10th.
        store.open(open("moving", 1, "QEUH", "G", "2026-03-09"));
        store.open(open("moving", 2, "QEUH", "G", "2026-03-10"));
        store.open(open("moving", 1, "QEUH", "G", "2026-03-09")); // replayed older snapshot: ignored

        assertThat(store.report(query("2026-03-09", "2026-03-11", GroupBy.DAY)).groups())
                .containsExactly(openOnly("2026-03-09", 0, 0), openOnly("2026-03-10", 1, 1));
    }

    @Test
    void givenTombstones_whenReported_thenTheForgottenCasesAreGoneAndTheOtherTopicsTombstoneIsIgnored() {
        store.closed(standard("closed", "QEUH", "G", "2026-03-10"));
        store.open(open("open", 1, "QEUH", "G", "2026-03-10"));
        store.forget(new ReportStore.Forget(id("closed"), false)); // a handover-state tombstone: not its topic
        store.forget(new ReportStore.Forget(id("open"), true)); // a handover-completed tombstone: not its topic
        assertThat(store.counts()).isEqualTo(new ReportStore.Counts(1, 1, 0));

        store.forget(new ReportStore.Forget(id("closed"), true));
        store.forget(new ReportStore.Forget(id("open"), false));
        store.closed(standard("new", "GRI", "E", "2026-03-10")); // reuses a freed slot

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("GRI", 1));
        assertThat(store.counts()).isEqualTo(new ReportStore.Counts(0, 1, 0));
    }

    @Test
    void givenSeveralSitesAndDivisions_whenFiltered_thenOnlyMatchingCasesCountAndKeysAreSorted() {
        store.closed(standard("a", "QEUH", "G", "2026-03-10"));
        store.closed(standard("b", "QEUH", "K", "2026-03-10"));
        store.closed(standard("c", "GRI", "G", "2026-03-10"));
        store.closed(standard("d", "RIE", "E", "2026-03-10"));
        store.closed(standard("e", "QEUH", null, "2026-03-10")); // division never recorded
        store.open(open("f", 1, "GRI", "G", "2026-03-10"));

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("GRI", 1, 1), standardGroup("QEUH", 3), standardGroup("RIE", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DIVISION))
                        .groups())
                .containsExactly(
                        standardGroup("E", 1),
                        standardGroup("G", 2, 1),
                        standardGroup("K", 1),
                        standardGroup("UNKNOWN", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE, null, "G"))
                        .groups())
                .containsExactly(standardGroup("GRI", 1, 1), standardGroup("QEUH", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DIVISION, "QEUH", null))
                        .groups())
                .containsExactly(standardGroup("G", 1), standardGroup("K", 1), standardGroup("UNKNOWN", 1));
        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.DAY, "QEUH", "G"))
                        .groups())
                .containsExactly(standardGroup("2026-03-10", 1));
    }

    @Test
    void givenAFilterNoCaseHas_whenReported_thenSiteGroupsAreEmptyAndTimeGroupsAreZero() {
        store.closed(standard("a", "QEUH", "G", "2026-03-10"));

        assertThat(store.report(query("2026-03-10", "2026-03-11", GroupBy.SITE, "NOPE", null))
                        .groups())
                .isEmpty();
        assertThat(store.report(query("2026-03-10", "2026-03-12", GroupBy.DAY, null, "Z"))
                        .groups())
                .containsExactly(openOnly("2026-03-10", 0, 0), openOnly("2026-03-11", 0, 0));
    }

    @Test
    void givenTheDaysAroundTheClocksGoingForward_whenGroupedByDay_thenEveryDayIsListedInOrder() {
        // Report days come from ReportRecords (see ReportRecordsTest for the BST/GMT mapping itself).
        store.closed(standard("sat", "QEUH", "G", "2026-03-28"));
        store.closed(standard("sun1", "QEUH", "G", "2026-03-29"));
        store.closed(standard("sun2", "QEUH", "G", "2026-03-29"));

        assertThat(store.report(query("2026-03-27", "2026-03-31", GroupBy.DAY)).groups())
                .containsExactly(
                        openOnly("2026-03-27", 0, 0),
                        standardGroup("2026-03-28", 1),
                        standardGroup("2026-03-29", 2),
                        openOnly("2026-03-30", 0, 0));
    }

    @Test
    void givenCasesAroundTheYearEnd_whenGroupedByWeek_thenKeysUseTheIsoWeekBasedYear() {
        // 1 January 2026 is a Thursday, so 2026 has 53 ISO weeks: W53 runs Monday 28 December 2026 to Sunday
        // 3 January 2027, and 2027-W01 starts on Monday 4 January. 2025-12-30 is in 2026-W01 (Monday 29 December).
        store.closed(standard("a", "QEUH", "G", "2025-12-30"));
        store.closed(standard("b", "QEUH", "G", "2026-12-31"));
        store.closed(standard("c", "QEUH", "G", "2027-01-01"));
        store.closed(standard("d", "QEUH", "G", "2027-01-03"));
        store.closed(standard("e", "QEUH", "G", "2027-01-04"));
        store.closed(standard("f", "QEUH", "G", "2027-01-11"));

        assertThat(store.report(query("2026-12-30", "2027-01-12", GroupBy.WEEK)).groups())
                .containsExactly(
                        standardGroup("2026-W53", 3), standardGroup("2027-W01", 1), standardGroup("2027-W02", 1));
        assertThat(store.report(query("2025-12-29", "2026-01-05", GroupBy.WEEK)).groups())
                .containsExactly(standardGroup("2026-W01", 1));
        assertThat(store.report(query("2026-12-30", "2027-01-12", GroupBy.MONTH))
                        .groups())
                .containsExactly(standardGroup("2026-12", 1), standardGroup("2027-01", 4));
    }

    @Test
    void givenCasesOverManyBlocks_whenReportedForOneDay_thenBlocksOutsideTheRangeDoNotChangeTheResult() {
        // 3 blocks' worth of cases one day each in order, then one more case for an early day at the end (a late
        // record in a block whose other days are later), which the zone maps must still find.
        LocalDate start = LocalDate.parse("2026-01-01");
        int perDay = 100;
        int total = 3 * ReportStore.BLOCK_SIZE;
        for (int i = 0; i < total; i++) {
            store.closed(standard(
                    "bulk-" + i, "QEUH", "G", start.plusDays(i / perDay).toString()));
        }
        store.closed(standard("late-record", "QEUH", "G", "2026-01-02"));

        assertThat(store.report(query("2026-01-02", "2026-01-03", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("QEUH", perDay + 1));
        assertThat(store.report(query("2026-01-01", "2026-12-31", GroupBy.SITE)).groups())
                .containsExactly(standardGroup("QEUH", total + 1));
    }

    @Test
    void givenHandoverTimes_whenDistributed_thenEachTimeIsInTheBinWhoseUpperBoundIsAtOrAboveIt() {
        // Bins of 15 minutes up to 360: (0, 900] s is bin 0 (0 included), (900, 1800] bin 1, ..., (21300, 21600] bin
        // 23.
        store.closed(cleared("zero", "QEUH", "G", "2026-03-10", 0, 0, 60, 1)); // bin 0
        store.closed(cleared("at15", "QEUH", "G", "2026-03-10", 60, 900, 60, 1)); // bin 0
        store.closed(cleared("past15", "QEUH", "G", "2026-03-10", 60, 901, 60, 1)); // bin 1
        store.closed(cleared("at60", "QEUH", "G", "2026-03-10", 60, 3600, 60, 1)); // bin 3
        store.closed(cleared("at360", "QEUH", "G", "2026-03-10", 60, 21600, 60, 1)); // bin 23
        store.closed(cleared("past360", "QEUH", "G", "2026-03-10", 60, 21601, 60, 1)); // over
        store.closed(
                closed("noHandover", 3, "ABSCONDED", "QEUH", "G", "2026-03-10", false, 60L, null, null, null, null));
        store.closed(cleared("otherSite", "GRI", "G", "2026-03-10", 60, 600, 60, 1));
        store.closed(closed("void", 6, "ENTERED_IN_ERROR", "QEUH", "G", "2026-03-10", true, 1L, 60L, 1L, 61L, 61L));

        HandoverTimeDistribution distribution = store.distribution(new DistributionQuery(
                LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-11"), "QEUH", null, 15, 360));

        long[] expected = new long[24];
        expected[0] = 2;
        expected[1] = 1;
        expected[3] = 1;
        expected[23] = 1;
        List<HandoverTimeDistribution.Bin> bins = new java.util.ArrayList<>();
        for (int k = 0; k < 24; k++) {
            bins.add(new HandoverTimeDistribution.Bin(15 * k, 15 * (k + 1), expected[k]));
        }
        assertThat(distribution)
                .isEqualTo(new HandoverTimeDistribution(
                        LocalDate.parse("2026-03-10"),
                        LocalDate.parse("2026-03-11"),
                        "QEUH",
                        null,
                        15,
                        360,
                        6,
                        bins,
                        1));
    }
}
