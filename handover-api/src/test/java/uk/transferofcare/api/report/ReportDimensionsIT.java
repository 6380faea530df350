package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.escalations;
import static uk.transferofcare.api.report.ReportFixtures.hours;
import static uk.transferofcare.api.report.ReportFixtures.id;
import static uk.transferofcare.api.report.ReportFixtures.outcomes;
import static uk.transferofcare.api.report.ReportFixtures.summary;
import static uk.transferofcare.api.report.ReportFixtures.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * Issue 13's dimensions (board, siteType, legalBasis, hour, weekday, and two at once) and fields (over4h, over8h,
 * over12h, escalations, legalClockBreaches), hand-computed over a small fixed set of cases, through the projection's
 * report table and the SQL of {@link ReportQueries} on a real PostgreSQL. The site reference data is {@link
 * ReportStore#sites()}.
 */
@WithPostgres
class ReportDimensionsIT {

    private ReportStore store;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    /**
     * Nine cases in June 2026 (British Summer Time, London = UTC+1). 2026-06-10 is a Wednesday, the 11th a Thursday.
     *
     * <pre>
     * case site  type      board    basis     arrived (UTC)     London          status      at site  &gt;4 &gt;8 &gt;12 esc breach
     * c1   QEUH  ED        GGC      S297      06-10 09:15       WED 10:15       CLEARED       10800   -  -   -    1   -
     * c2   GRI   ED        GGC      S297      06-10 09:40       WED 10:40       CLEARED       14400   -  -   -    2   -   (exactly 4 h: not over)
     * c3   LEVH  PoS       GGC      S136      06-10 13:00       WED 14:00       CLEARED       14401   x  -   -    3   -
     * c4   REH   PoS       Lothian  S297      06-10 23:30       THU 00:30       CLEARED       30000   x  x   -    3   x   (UTC: Wednesday, hour 23)
     * c5   ECC   SafeSpace Lothian  VOLUNTARY 06-11 10:00       THU 11:00       ENDED_W/O_H   50000   x  x   x    0   -
     * c6   RIE   ED        Lothian  (none)    06-11 09:30       THU 10:30       ABSCONDED         -   -  -   -    1   x   (never cleared)
     * c7   QEUH  ED        GGC      S297      06-11 12:00       THU 13:00       open              (cases and open only)
     * c8   REH   PoS       Lothian  S297      06-10 12:00       WED 13:00       ENTERED_IN_ERROR 99999 x x x  3   x   → in nothing
     * c9   NOPE  (not in the reference data) S136 06-11 15:00   THU 16:00       CLEARED       46000   x  x   x    0   -
     * </pre>
     *
     * esc is the highest escalation level reached; a group's escalations["L"] counts the closed cases with esc ≥ L.
     */
    private void givenTheNineCasesOfJune() {
        store.closed(closedAt("c1", "CLEARED", "QEUH", "S297", "2026-06-10T09:15:00Z", 10800L, 1, false));
        store.closed(closedAt("c2", "CLEARED", "GRI", "S297", "2026-06-10T09:40:00Z", 14400L, 2, false));
        store.closed(closedAt("c3", "CLEARED", "LEVH", "S136", "2026-06-10T13:00:00Z", 14401L, 3, false));
        store.closed(closedAt("c4", "CLEARED", "REH", "S297", "2026-06-10T23:30:00Z", 30000L, 3, true));
        store.closed(
                closedAt("c5", "ENDED_WITHOUT_HANDOVER", "ECC", "VOLUNTARY", "2026-06-11T10:00:00Z", 50000L, 0, false));
        store.closed(closedAt("c6", "ABSCONDED", "RIE", null, "2026-06-11T09:30:00Z", null, 1, true));
        store.open(new OpenCase(id("c7"), 3, "QEUH", "G", Instant.parse("2026-06-11T12:00:00Z"), "S297"));
        store.closed(closedAt("c8", "ENTERED_IN_ERROR", "REH", "S297", "2026-06-10T12:00:00Z", 99999L, 3, true));
        store.closed(closedAt("c9", "CLEARED", "NOPE", "S136", "2026-06-11T15:00:00Z", 46000L, 0, false));
    }

    /**
     * A closed case of division G arriving at {@code arrived}: acknowledged after 60 s, no handover time, two officers
     * for its time at the site (officer-seconds 2 × atSite), complete when the time at the site is known.
     */
    private static ClosedCase closedAt(
            String name,
            String outcome,
            String site,
            String legalBasis,
            String arrived,
            Long atSite,
            int escalationLevel,
            boolean breached) {
        return new ClosedCase(
                id(name),
                5,
                outcome,
                site,
                "G",
                Instant.parse(arrived),
                atSite != null,
                60L,
                null,
                null,
                atSite,
                atSite == null ? null : 2 * atSite,
                legalBasis,
                escalationLevel,
                breached);
    }

    private List<String> rows(String groupBy) {
        return rows(store.report(ReportQuery.parse("2026-06-10", "2026-06-12", groupBy, null, null)));
    }

    /** Each group's key, case counts and issue 13's fields, one line per group. */
    private static List<String> rows(HandoverTimesReport report) {
        return report.groups().stream().map(ReportDimensionsIT::row).toList();
    }

    private static String row(GroupReport g) {
        return g.key() + " cases=" + g.cases() + " open=" + g.open() + " over=" + g.over4h() + "/" + g.over8h() + "/"
                + g.over12h() + " esc=" + g.escalations().get("1") + "/"
                + g.escalations().get("2") + "/"
                + g.escalations().get("3") + " breaches=" + g.legalClockBreaches();
    }

    private static String empty(String key) {
        return key + " cases=0 open=0 over=0/0/0 esc=0/0/0 breaches=0";
    }

    @Test
    void givenTheNineCases_whenGroupedByBoard_thenEachBoardOfTheReferenceDataAndUnknownForAnUnlistedSite() {
        givenTheNineCasesOfJune();

        // GGC: c1 c2 c3 c7 (open); over 4 h c3; esc ≥1 c1 c2 c3, ≥2 c2 c3, ≥3 c3.
        // Lothian: c4 c5 c6; over 4 h c4 c5, over 8 h c4 c5, over 12 h c5; esc ≥1 c4 c6, ≥2 c4, ≥3 c4; breaches c4 c6.
        // UNKNOWN: c9 (site NOPE is not in the reference data).
        assertThat(rows("board"))
                .containsExactly(
                        "NHS Greater Glasgow and Clyde cases=4 open=1 over=1/0/0 esc=3/2/1 breaches=0",
                        "NHS Lothian cases=3 open=0 over=2/2/1 esc=2/1/1 breaches=2",
                        "UNKNOWN cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
    }

    @Test
    void givenTheNineCases_whenGroupedBySiteType_thenEdsPlacesOfSafetyAndSafeSpacesCompare() {
        givenTheNineCasesOfJune();

        // ED: c1 c2 c6 c7 (open); c2's 14400 s is exactly 4 h, not over; esc ≥1 c1 c2 c6, ≥2 c2; breach c6.
        // PoS: c3 c4; over 4 h both, over 8 h c4; esc 3 and 3; breach c4. Safe space: c5. UNKNOWN: c9.
        assertThat(rows("siteType"))
                .containsExactly(
                        "EMERGENCY_DEPARTMENT cases=4 open=1 over=0/0/0 esc=3/1/0 breaches=1",
                        "PLACE_OF_SAFETY cases=2 open=0 over=2/1/0 esc=2/2/2 breaches=1",
                        "SAFE_SPACE cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0",
                        "UNKNOWN cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
    }

    @Test
    void givenTheNineCases_whenGroupedBySiteType_thenEveryOtherMetricIsCarriedToo() {
        givenTheNineCasesOfJune();

        HandoverTimesReport report =
                store.report(ReportQuery.parse("2026-06-10", "2026-06-12", "siteType", "ECC", null));

        // c5 alone: ENDED_WITHOUT_HANDOVER, acknowledged after 60 s, 50000 s at the site, 2 officers = 100000 s.
        assertThat(report)
                .isEqualTo(new HandoverTimesReport(
                        LocalDate.parse("2026-06-10"),
                        LocalDate.parse("2026-06-12"),
                        "siteType",
                        "ECC",
                        null,
                        List.of(new GroupReport(
                                "SAFE_SPACE",
                                List.of("SAFE_SPACE"),
                                1,
                                0,
                                outcomes(0, 0, 0, 0, 1),
                                1,
                                summary(1, 60, 60, 60, 60),
                                Summary.EMPTY,
                                Summary.EMPTY,
                                summary(1, 50000, 50000, 50000, 50000),
                                within(0, 0, 0, 0),
                                0,
                                hours("0.00"),
                                hours("0.00"),
                                hours("27.78"),
                                1,
                                1,
                                1,
                                escalations(0, 0, 0),
                                0))));
    }

    @Test
    void givenTheNineCases_whenGroupedByLegalBasis_thenEachRecordedBasisAndUnknown() {
        givenTheNineCasesOfJune();

        // S136: c3 c9; over 4 h both, over 8 h and 12 h c9; esc c3 (3). S297: c1 c2 c4 c7 (open); over c4 (30000 s);
        // esc ≥1 c1 c2 c4, ≥2 c2 c4, ≥3 c4; breach c4. UNKNOWN: c6. VOLUNTARY: c5.
        assertThat(rows("legalBasis"))
                .containsExactly(
                        "S136 cases=2 open=0 over=2/1/1 esc=1/1/1 breaches=0",
                        "S297 cases=4 open=1 over=1/1/0 esc=3/2/1 breaches=1",
                        "UNKNOWN cases=1 open=0 over=0/0/0 esc=1/0/0 breaches=1",
                        "VOLUNTARY cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
    }

    @Test
    void givenAnArrivalAt2330UtcInSummer_whenGroupedByHourAndWeekday_thenItCountsAtLondonMidnightOnThursday() {
        givenTheNineCasesOfJune();

        // Every hour 00 to 23 is listed. c4 arrived 23:30 UTC on Wednesday = 00:30 BST on Thursday: hour 00, not 23.
        // 10: c1, c2 (Wednesday) and c6 (Thursday); 11: c5; 13: c7 (open); 14: c3; 16: c9.
        List<String> expectedHours = new java.util.ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            expectedHours.add(empty(String.format("%02d", hour)));
        }
        expectedHours.set(0, "00 cases=1 open=0 over=1/1/0 esc=1/1/1 breaches=1");
        expectedHours.set(10, "10 cases=3 open=0 over=0/0/0 esc=3/1/0 breaches=1");
        expectedHours.set(11, "11 cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
        expectedHours.set(13, "13 cases=1 open=1 over=0/0/0 esc=0/0/0 breaches=0");
        expectedHours.set(14, "14 cases=1 open=0 over=1/0/0 esc=1/1/1 breaches=0");
        expectedHours.set(16, "16 cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
        assertThat(rows("hour")).containsExactlyElementsOf(expectedHours);

        // Wednesday: c1 c2 c3. Thursday: c4 c5 c6 c7 (open) c9; over 4 h c4 c5 c9, 8 h the same, 12 h c5 c9.
        assertThat(rows("weekday"))
                .containsExactly(
                        empty("MONDAY"),
                        empty("TUESDAY"),
                        "WEDNESDAY cases=3 open=0 over=1/0/0 esc=3/2/1 breaches=0",
                        "THURSDAY cases=5 open=1 over=3/3/2 esc=2/1/1 breaches=2",
                        empty("FRIDAY"),
                        empty("SATURDAY"),
                        empty("SUNDAY"));
        // The same London day as the day grouping.
        assertThat(rows("day"))
                .containsExactly(
                        "2026-06-10 cases=3 open=0 over=1/0/0 esc=3/2/1 breaches=0",
                        "2026-06-11 cases=5 open=1 over=3/3/2 esc=2/1/1 breaches=2");
    }

    @Test
    void givenTheNineCases_whenGroupedByWeekdayAndHour_thenEveryCellOfTheWeekInOrder() {
        givenTheNineCasesOfJune();

        HandoverTimesReport report =
                store.report(ReportQuery.parse("2026-06-10", "2026-06-12", "weekday,hour", null, null));

        assertThat(report.groupBy()).isEqualTo("weekday,hour");
        assertThat(report.groups()).hasSize(7 * 24);
        assertThat(report.groups().get(0).keys()).containsExactly("MONDAY", "00");
        assertThat(report.groups().get(7 * 24 - 1).key()).isEqualTo("SUNDAY|23");
        // Wednesday is cells 48 to 71, Thursday 72 to 95.
        assertThat(report.groups().get(48 + 10).key()).isEqualTo("WEDNESDAY|10");
        assertThat(rows(report).stream().filter(r -> !r.contains(" cases=0 ")).toList())
                .containsExactly(
                        "WEDNESDAY|10 cases=2 open=0 over=0/0/0 esc=2/1/0 breaches=0",
                        "WEDNESDAY|14 cases=1 open=0 over=1/0/0 esc=1/1/1 breaches=0",
                        "THURSDAY|00 cases=1 open=0 over=1/1/0 esc=1/1/1 breaches=1",
                        "THURSDAY|10 cases=1 open=0 over=0/0/0 esc=1/0/0 breaches=1",
                        "THURSDAY|11 cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0",
                        "THURSDAY|13 cases=1 open=1 over=0/0/0 esc=0/0/0 breaches=0",
                        "THURSDAY|16 cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
    }

    @Test
    void givenTheNineCases_whenGroupedByTwoListedDimensions_thenOnlyTheCombinationsThatOccurInOrder() {
        givenTheNineCasesOfJune();

        assertThat(rows("siteType,board"))
                .containsExactly(
                        "EMERGENCY_DEPARTMENT|NHS Greater Glasgow and Clyde cases=3 open=1 over=0/0/0 esc=2/1/0 breaches=0",
                        "EMERGENCY_DEPARTMENT|NHS Lothian cases=1 open=0 over=0/0/0 esc=1/0/0 breaches=1",
                        "PLACE_OF_SAFETY|NHS Greater Glasgow and Clyde cases=1 open=0 over=1/0/0 esc=1/1/1 breaches=0",
                        "PLACE_OF_SAFETY|NHS Lothian cases=1 open=0 over=1/1/0 esc=1/1/1 breaches=1",
                        "SAFE_SPACE|NHS Lothian cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0",
                        "UNKNOWN|UNKNOWN cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
    }

    @Test
    void givenTheNineCases_whenAListedAndAnEnumeratedDimensionAreCombined_thenEachFoundValueGetsEveryHour() {
        givenTheNineCasesOfJune();

        List<String> boardHour = rows("board,hour");
        List<String> hourBoard = rows("hour,board");

        // Three boards found × 24 hours, in board order then hour order; and in hour order then board order.
        assertThat(boardHour).hasSize(72);
        assertThat(boardHour.subList(0, 2))
                .containsExactly(empty("NHS Greater Glasgow and Clyde|00"), empty("NHS Greater Glasgow and Clyde|01"));
        assertThat(boardHour.get(24)).isEqualTo("NHS Lothian|00 cases=1 open=0 over=1/1/0 esc=1/1/1 breaches=1");
        assertThat(boardHour.get(48 + 16)).isEqualTo("UNKNOWN|16 cases=1 open=0 over=1/1/1 esc=0/0/0 breaches=0");
        assertThat(hourBoard).hasSize(72);
        assertThat(hourBoard.subList(0, 4))
                .containsExactly(
                        empty("00|NHS Greater Glasgow and Clyde"),
                        "00|NHS Lothian cases=1 open=0 over=1/1/0 esc=1/1/1 breaches=1",
                        empty("00|UNKNOWN"),
                        empty("01|NHS Greater Glasgow and Clyde"));
        // 10:00-10:59: c1 and c2 (GGC), c6 (Lothian).
        assertThat(hourBoard.subList(30, 33))
                .containsExactly(
                        "10|NHS Greater Glasgow and Clyde cases=2 open=0 over=0/0/0 esc=2/1/0 breaches=0",
                        "10|NHS Lothian cases=1 open=0 over=0/0/0 esc=1/0/0 breaches=1",
                        empty("10|UNKNOWN"));
    }
}
