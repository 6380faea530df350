package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.id;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * repeatAttendances30d and repeatAttendances90d, hand-computed, through the projection's report table and the SQL of
 * {@link ReportQueries} on a real PostgreSQL, and as the JSON and CSV of the report.
 */
@WithPostgres
class RepeatAttendanceReportIT {

    private ReportStore store;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    /**
     * The processor's flags as the completed cases carry them.
     *
     * <pre>
     * case  site  day         outcome           30d   90d   counts in
     * r1    QEUH  2026-06-10  CLEARED           yes   yes   QEUH 30d, 90d
     * r2    QEUH  2026-06-10  CLEARED           no    yes   QEUH 90d
     * r3    QEUH  2026-06-11  ABSCONDED         yes   yes   QEUH 30d, 90d
     * r4    QEUH  2026-06-11  CLEARED           no    no    -
     * r5    QEUH  2026-06-11  ENTERED_IN_ERROR  yes   yes   nothing (void)
     * r6    QEUH  2026-06-11  open              -     -     nothing (open: cases and open only)
     * r7    RIE   2026-06-10  CLEARED           no    yes   RIE 90d
     * r8    RIE   2026-06-12  CLEARED           yes   yes   nothing (the range is 10 and 11 June: to is exclusive)
     *
     * QEUH: cases 5 (r1..r4, r6), repeatAttendances30d 2 (r1, r3), repeatAttendances90d 3 (r1, r2, r3)
     * RIE:  cases 1 (r7),         repeatAttendances30d 0,          repeatAttendances90d 1 (r7)
     * by day: 2026-06-10 30d 1 (r1), 90d 3 (r1, r2, r7); 2026-06-11 30d 1 (r3), 90d 1 (r3)
     * </pre>
     */
    private void givenTheFlaggedCases() {
        store.closed(flagged("r1", "QEUH", "CLEARED", "2026-06-10T10:00:00Z", true, true));
        store.closed(flagged("r2", "QEUH", "CLEARED", "2026-06-10T11:00:00Z", false, true));
        store.closed(flagged("r3", "QEUH", "ABSCONDED", "2026-06-11T10:00:00Z", true, true));
        store.closed(flagged("r4", "QEUH", "CLEARED", "2026-06-11T11:00:00Z", false, false));
        store.closed(flagged("r5", "QEUH", "ENTERED_IN_ERROR", "2026-06-11T12:00:00Z", true, true));
        store.open(new OpenCase(id("r6"), 2, "QEUH", "G", Instant.parse("2026-06-11T13:00:00Z"), null));
        store.closed(flagged("r7", "RIE", "CLEARED", "2026-06-10T09:00:00Z", false, true));
        store.closed(flagged("r8", "RIE", "CLEARED", "2026-06-12T09:00:00Z", true, true));
    }

    private static ClosedCase flagged(
            String name, String site, String outcome, String arrived, boolean within30d, boolean within90d) {
        return new ClosedCase(
                id(name),
                5,
                outcome,
                site,
                "G",
                Instant.parse(arrived),
                true,
                60L,
                600L,
                300L,
                900L,
                1800L,
                "S136",
                0,
                false,
                within30d,
                within90d,
                null,
                null,
                null,
                List.of());
    }

    private HandoverTimesReport report(String groupBy) {
        return store.report(ReportQuery.parse("2026-06-10", "2026-06-12", groupBy, null, null));
    }

    private static List<String> rows(HandoverTimesReport report) {
        return report.groups().stream()
                .map(g -> g.key() + " cases=" + g.cases() + " repeat30=" + g.repeatAttendances30d() + " repeat90="
                        + g.repeatAttendances90d())
                .toList();
    }

    @Test
    void givenFlaggedCases_whenGroupedBySiteAndByDay_thenTheRepeatCountsAreTheHandComputedOnes() {
        givenTheFlaggedCases();

        assertThat(rows(report("site")))
                .containsExactly("QEUH cases=5 repeat30=2 repeat90=3", "RIE cases=1 repeat30=0 repeat90=1");
        assertThat(rows(report("day")))
                .containsExactly(
                        "2026-06-10 cases=3 repeat30=1 repeat90=3", "2026-06-11 cases=3 repeat30=1 repeat90=1");
    }

    @Test
    void givenFlaggedCases_whenTheReportIsJsonOrCsv_thenEveryGroupCarriesTheRepeatCounts() {
        givenTheFlaggedCases();
        HandoverTimesReport bySite = report("site");

        JsonNode json = JsonMapper.builder().findAndAddModules().build().valueToTree(bySite);
        assertThat(json.get("groups").get(0).get("repeatAttendances30d").asLong())
                .isEqualTo(2);
        assertThat(json.get("groups").get(0).get("repeatAttendances90d").asLong())
                .isEqualTo(3);
        assertThat(json.get("groups").get(1).get("repeatAttendances30d").asLong())
                .isZero();
        assertThat(json.get("groups").get(1).get("repeatAttendances90d").asLong())
                .isEqualTo(1);

        List<String> csv = ReportCsv.write(bySite).lines().toList();
        List<String> header = List.of(csv.get(0).split(","));
        int repeat30 = header.indexOf("repeatAttendances30d");
        int repeat90 = header.indexOf("repeatAttendances90d");
        assertThat(repeat30).isPositive();
        assertThat(repeat90).isEqualTo(repeat30 + 1);
        assertThat(csv).hasSize(3);
        assertThat(List.of(csv.get(1).split(",")).subList(repeat30, repeat90 + 1))
                .containsExactly("2", "3");
        assertThat(List.of(csv.get(2).split(",")).subList(repeat30, repeat90 + 1))
                .containsExactly("0", "1");
    }
}
