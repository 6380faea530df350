package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.id;
import static uk.transferofcare.api.report.ReportFixtures.noon;
import static uk.transferofcare.api.report.ReportFixtures.query;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;

/**
 * The reports' windows ({@link ReportWindows}): a large report sorts only the values near each percentile,
 * placed by a sample, and computes an interval again with every value where a group's rank fell outside its window.
 * Here the windows are used from the first case, on 3,000 cases, and every report must equal the one that sorts every
 * value and counts with a FILTER per count instead of the packed counters, and its percentiles PostgreSQL's own {@code
 * percentile_disc} over {@code report_cases}: whether the cases of the groups are alike (every rank in its window) or
 * unlike (some miss, and the fallback answers).
 */
@WithPostgres
class ReportWindowsIT {

    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-03-01");
    private static final int DAYS = 60;
    private static final String FROM = "2026-03-01";
    private static final String TO = "2026-04-30";

    private ReportStore windowed;
    private ReportStore everyValue;

    @BeforeEach
    void twoEnginesOnOneTable(TestDatabase database) {
        windowed = ReportStore.on(database, 1);
        everyValue = ReportStore.on(database, Long.MAX_VALUE, 0);
    }

    @Test
    void givenSitesWithLikeTimes_whenReportedBySite_thenNoRankMisses_andEveryDimensionEqualsEveryValues() {
        write(3000, site -> 1.0);

        ReportQuery bySite = query(FROM, TO, GroupBy.SITE);
        ReportWindows windows = windowed.queries().windows(bySite);
        for (int i = 0; i < 5; i++) {
            assertThat(windows.has(i)).as("interval %d has windows", i).isTrue();
        }
        assertThat(windowed.queries().compute(bySite, windows, true).missed()).isEmpty();
        assertThat(windowed.queries().compute(bySite, windows, true).overflow()).isFalse();
        ReportQueries smallCounters = new ReportQueries(windowed.jdbc(), ReportStore.sites(), 1, 900);
        assertThat(smallCounters.compute(bySite, windows, true).overflow())
                .as("a site of some 980 cases overflows counters that hold 900")
                .isTrue();
        assertThat(smallCounters.report(bySite)).isEqualTo(everyValue.report(bySite));

        for (GroupBy groupBy : GroupBy.values()) {
            ReportQuery query = query(FROM, TO, groupBy);
            assertThat(windowed.report(query)).as(groupBy.name()).isEqualTo(everyValue.report(query));
        }
        ReportQuery filtered = query(FROM, TO, GroupBy.WEEK, "QEUH", "G");
        assertThat(windowed.report(filtered)).isEqualTo(everyValue.report(filtered));
        assertPercentilesArePercentileDisc(windowed.report(bySite));
    }

    @Test
    void givenOneSiteTenTimesSlower_whenReportedBySite_thenItsRanksMissAndTheReportStillEqualsEveryValues() {
        write(3000, site -> site.equals("GRI") ? 10.0 : 1.0);

        ReportQuery bySite = query(FROM, TO, GroupBy.SITE);
        ReportWindows windows = windowed.queries().windows(bySite);
        ReportQueries.Computed first = windowed.queries().compute(bySite, windows, true);
        assertThat(first.missed()).as("intervals that missed a window").isNotEmpty();

        HandoverTimesReport report = windowed.report(bySite);
        assertThat(report).isEqualTo(everyValue.report(bySite));
        assertPercentilesArePercentileDisc(report);
        // Every dimension and some pairs: the groups that miss are computed again by their stored keys (text, dates,
        // hours, days of the week, boards through the site reference).
        for (GroupBy groupBy : GroupBy.values()) {
            ReportQuery query = query(FROM, TO, groupBy);
            assertThat(windowed.report(query)).as(groupBy.name()).isEqualTo(everyValue.report(query));
        }
        for (List<GroupBy> pair : List.of(
                List.of(GroupBy.SITE, GroupBy.DAY),
                List.of(GroupBy.HOUR, GroupBy.BOARD),
                List.of(GroupBy.WEEKDAY, GroupBy.SITE_TYPE),
                List.of(GroupBy.MONTH, GroupBy.LEGAL_BASIS))) {
            ReportQuery query = new ReportQuery(LocalDate.parse(FROM), LocalDate.parse(TO), pair, null, null);
            assertThat(windowed.report(query)).as(pair.toString()).isEqualTo(everyValue.report(query));
        }
    }

    /** The median and p90 of every interval of every site, as {@code percentile_disc} over report_cases gives them. */
    private void assertPercentilesArePercentileDisc(HandoverTimesReport report) {
        String[] intervals = {
            "arrival_to_acknowledged_seconds",
            "handover_seconds",
            "handover_to_clear_seconds",
            "time_at_ed_seconds",
            "arrival_to_assessment_seconds"
        };
        Map<String, List<Summary>> bySite = new HashMap<>();
        for (GroupReport group : report.groups()) {
            bySite.put(
                    group.keys().get(0),
                    List.of(
                            group.arrivalToAcknowledged(),
                            group.handoverTime(),
                            group.handoverToClear(),
                            group.timeAtEd(),
                            group.arrivalToAssessment()));
        }
        int compared = 0;
        for (int i = 0; i < intervals.length; i++) {
            int interval = i;
            String column = intervals[i];
            for (Map<String, Object> row : windowed.jdbc()
                    .queryForList("SELECT site_code, percentile_disc(0.5) WITHIN GROUP (ORDER BY " + column
                            + ") AS median, percentile_disc(0.9) WITHIN GROUP (ORDER BY " + column
                            + ") AS p90 FROM projection.report_cases WHERE status IN ('OPEN', 'CLOSED') AND "
                            + column + " IS NOT NULL GROUP BY site_code")) {
                Summary summary = bySite.get((String) row.get("site_code")).get(interval);
                assertThat(summary.median())
                        .as("%s median at %s", column, row.get("site_code"))
                        .isEqualTo(((Number) row.get("median")).longValue());
                assertThat(summary.p90())
                        .as("%s p90 at %s", column, row.get("site_code"))
                        .isEqualTo(((Number) row.get("p90")).longValue());
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(5 * 3);
    }

    /**
     * {@code cases} cases over three sites and two divisions in {@link #DAYS} days, their times drawn from one seed and
     * multiplied by the site's factor; one in 20 still open, one in 25 absconded (no handover), one in 50 entered in
     * error, one in seven without an assessment; times rounded to the minute in one case of four, so values repeat.
     */
    private void write(int cases, java.util.function.ToDoubleFunction<String> factor) {
        Random random = new Random(20261206);
        String[] sites = {"QEUH", "GRI", "RIE"};
        for (int n = 0; n < cases; n++) {
            String site = sites[n % sites.length];
            String division = n % 2 == 0 ? "G" : "E";
            String day = FIRST_DAY.plusDays(random.nextInt(DAYS)).toString();
            String name = "w" + n;
            if (n % 20 == 0) {
                windowed.open(new OpenCase(id(name), 3, site, division, noon(day), null));
                continue;
            }
            double f = factor.applyAsDouble(site);
            long ack = time(random, 300 * f, n);
            long handover = Math.max(ack, time(random, 2700 * f, n));
            long toClear = time(random, 720 * f, n);
            boolean absconded = n % 25 == 0;
            Long assessment = n % 7 == 0 ? null : time(random, 1800 * f, n);
            windowed.closed(new ClosedCase(
                    id(name),
                    5,
                    n % 50 == 0 ? ClosedCase.ENTERED_IN_ERROR : absconded ? "ABSCONDED" : "CLEARED",
                    site,
                    division,
                    noon(day),
                    !absconded,
                    ack,
                    absconded ? null : handover,
                    toClear,
                    handover + toClear,
                    (handover + toClear) * 2,
                    "S136",
                    0,
                    false,
                    false,
                    false,
                    null,
                    null,
                    assessment,
                    List.of()));
        }
        windowed.jdbc().execute("ANALYZE projection.report_facts");
    }

    private static long time(Random random, double median, int n) {
        long seconds = Math.round(median * Math.exp(0.9 * random.nextGaussian()));
        return n % 4 == 0 ? seconds / 60 * 60 : seconds;
    }
}
