package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.ReferralPathway;

/**
 * The reports as SQL over {@code projection.report_facts} (the reports' narrow copy of the OPEN and CLOSED rows of
 * {@code projection.report_cases}, kept by triggers: migration V13), with exactly the definitions of {@code
 * docs/analysts.md}: cases by the London day of arrival (of the first event when never arrived), ENTERED_IN_ERROR
 * (status VOID) in nothing, open cases only in {@code cases} and {@code open}, the summaries over the closed cases where
 * the interval is known. Median and p90 are the value at rank ⌈p · n⌉ of the group's values sorted, the nearest-rank
 * definition (PostgreSQL's {@code percentile_disc(0.5)} and {@code (0.9)}, as the analysts' views compute them).
 *
 * <p>Over a million cases, sorting every value costs most of a report. So a large report sorts only the values in a
 * window around each percentile, placed by a sample of its cases and as wide as its groups' size needs ({@link
 * #windows}), and counts those below it: the value at rank k is then the (k − below)-th of the window's values sorted.
 * Where a group's rank falls outside the window (its cases unlike the sample), that group's percentiles are computed
 * again with {@code percentile_disc} over its values ({@link #exactPercentiles}): the windows change the time a report
 * takes, never its numbers. The values are sorted as int4 arrays (intarray's {@code sort_asc}); the counts are sums of
 * packed counters (migration V14, {@link #COUNTED}), each field a one where a predicate over {@code report_flags}
 * ({@link ReportFlags}) or a time holds; means and hours are rounded in Java from exact sums.
 */
@Component
class ReportQueries {

    /** The terminal outcomes every report lists, in this order, even when zero. */
    static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");

    static final int[] WITHIN_MINUTES = {15, 30, 45, 60};

    /** The disposition codes every report lists, in this order, even when zero. */
    static final List<String> DISPOSITIONS =
            java.util.Arrays.stream(Disposition.values()).map(Enum::name).toList();

    /** The referral pathways every report lists, in this order, even when zero. */
    static final List<String> REFERRAL_PATHWAYS =
            java.util.Arrays.stream(ReferralPathway.values()).map(Enum::name).toList();

    /** The outcome of a case the officer referred at the point of contact: an ED visit avoided. */
    static final String REFERRED_AT_SCENE = "REFERRED_AT_SCENE";

    /**
     * The outcome of a stale case a supervisor closed because its end was never recorded: a data-quality gap. The
     * processor gives such a case no intervals (and no legal-clock breach), so it is in no time figure.
     */
    static final String NOT_RECORDED = "NOT_RECORDED";

    /** Time at the site over these many hours: the 4-hour ED standard and Public Health Scotland's 8 and 12. */
    static final int[] OVER_HOURS = {4, 8, 12};

    /**
     * The escalation levels reports count: the processor's three marks (handover.timers.escalation-minutes, 30, 60
     * and 120 minutes by default). A processor configured with more marks would have its higher levels left out as
     * levels of their own (a case that reached level 4 still counts in 1, 2 and 3).
     */
    static final int ESCALATION_LEVELS = 3;

    private static final String[] INTERVALS = {
        "arrival_to_acknowledged_seconds",
        "handover_seconds",
        "handover_to_clear_seconds",
        "time_at_ed_seconds",
        "arrival_to_assessment_seconds"
    };

    /** The delay reason codes every report counts, in this order, even when zero. */
    static final List<String> DELAY_REASONS =
            Arrays.stream(DelayReason.values()).map(Enum::name).toList();

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    /** Where in {@link #INTERVALS} the handover and the time at the site are: thresholds are counted on them. */
    private static final int HANDOVER = 1;

    private static final int TIME_AT_ED = 3;

    /**
     * What a report counts per group, each a predicate over a row of report_facts, in the order {@link #group} reads
     * them: open; closed with each outcome; complete; escalated to each level; legal clock breached; repeat within 30
     * and 90 days; each disposition; referred at the scene; each referral pathway; each delay reason; closed not
     * recorded; handover within 15, 30, 45 and 60 minutes and over 60; time at the site over 4, 8 and 12 hours. Built
     * once: a vocabulary value without a code in {@code report_flags} stops the API at start-up.
     */
    static final List<String> COUNTED = counted();

    /** The exact sums a report rounds to hours: handover time past 15 minutes, past 60, and officers' time. */
    private static final List<String> SUMS = List.of(
            "coalesce(sum(greatest(handover_seconds - 900, 0)), 0)",
            "coalesce(sum(greatest(handover_seconds - 3600, 0)), 0)",
            "coalesce(sum(officer_seconds), 0)");

    /**
     * The packed counters (migration V14): every row of report_facts carries, in columns {@code counters_0}, {@code
     * counters_1}, …, a one in the field of each {@link #COUNTED} predicate it meets, {@value #COUNTERS_PER_COLUMN}
     * fields of {@value #COUNTER_BITS} bits a column, at the position {@code projection.report_counters} gives the
     * predicate. One {@code sum} of a column then counts three predicates at once, exactly while no field overflows:
     * while the group has at most {@link #PACKED_UP_TO} cases.
     */
    static final int COUNTER_BITS = 21;

    static final int COUNTERS_PER_COLUMN = 3;

    /** The most cases a group may have for its packed counters to be read: a field's largest value. */
    static final long PACKED_UP_TO = (1L << COUNTER_BITS) - 1;

    /**
     * Reports over at least this many cases sort only the values near each percentile (windows; see {@link
     * #windows}); smaller ones sort every value, which costs them little.
     */
    static final long WINDOWS_FROM = 100_000;

    /** About this many pages of report_facts (some 55 cases each) are sampled to place the windows. */
    static final long SAMPLE_PAGES = 400;

    /**
     * How wide the windows are, in quantiles of the sample on each side of the percentile: {@value #WINDOW_Z} standard
     * errors of a group's quantile (√(p(1 − p) / m) for a group of m cases, so a day's 900 cases get wider windows
     * than a site's 60,000) plus a margin for the sample's own error and groups unlike the rest ({@link
     * #MEDIAN_MARGIN}, {@link #P90_MARGIN}): a day ±7 points around the median, a site ±2.6. A group whose rank still
     * falls outside is computed again exactly ({@link #exactPercentiles}), which costs little for a few groups.
     * Measured on 1,100,000 cases (psql, same minutes): a report by day 1.21-1.28 s with windows of 4 errors and 0.03,
     * 1.07-1.19 s with 3 and 0.02, 0.90-0.95 s with a site's windows (which would miss for many days).
     */
    static final double WINDOW_Z = 3;

    static final double MEDIAN_MARGIN = 0.02;

    static final double P90_MARGIN = 0.015;

    /** The sample's quantiles are read at these steps (0, 0.005, … 1); a window's bounds are the nearest outside. */
    private static final int QUANTILE_STEPS = 200;

    /**
     * PostgreSQL's {@code work_mem} for a report's aggregation. Each group holds ten arrays of values while it is
     * aggregated: a report by day over 1,100,000 cases (1,096 groups) needs some 16 MB in each process, and with the
     * default 4 MB the hash aggregation spilled 85 MB to disk in each and took 1.45 s instead of 0.97 s.
     */
    static final String WORK_MEM = "64MB";

    /** {@code schema.sort_asc}: intarray's sort, in whichever schema the extension is installed. */
    private volatile String sortFunction;

    /** Per {@link #COUNTED} predicate, its position among the packed counters, or -1 (counted with a FILTER). */
    private volatile int[] counterPositions;

    private final JdbcTemplate jdbc;
    private final SiteCatalogue catalogue;

    /** {@link #WINDOWS_FROM}, lower in tests; {@code Long.MAX_VALUE} for no windows. */
    private final long windowsFrom;

    /** {@link #PACKED_UP_TO}, lower in tests. */
    private final long packedUpTo;

    @Autowired
    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue) {
        this(jdbc, catalogue, WINDOWS_FROM, PACKED_UP_TO);
    }

    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue, long windowsFrom, long packedUpTo) {
        if (packedUpTo > PACKED_UP_TO) {
            throw new IllegalArgumentException(
                    "a packed counter holds at most " + PACKED_UP_TO + ", not " + packedUpTo);
        }
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.windowsFrom = windowsFrom;
        this.packedUpTo = packedUpTo;
    }

    HandoverTimesReport report(ReportQuery query) {
        Windows windows = windows(query);
        Computed computed = compute(query, windows, true);
        if (computed.overflow()) {
            // A group of more cases than a packed counter holds: every count with a FILTER.
            computed = compute(query, windows, false);
        }
        List<GroupReport> groups = new ArrayList<>();
        for (List<String> keys : keys(query, computed.groups().keySet())) {
            groups.add(computed.groups().getOrDefault(keys, empty(keys)));
        }
        return new HandoverTimesReport(
                query.from(), query.to(), query.groupByParameter(), query.siteCode(), query.division(), groups);
    }

    /**
     * The groups found; the intervals whose window missed a group's median or p90 (computed again exactly for those
     * groups); whether a group had more cases than the packed counters hold (then the groups are not final: {@link
     * #report} computes again without them).
     */
    record Computed(Map<List<String>, GroupReport> groups, Set<Integer> missed, boolean overflow) {}

    /**
     * A group as the pass found it: its keys as the report shows them and as report_facts holds them, its summary per
     * interval, whether a median or p90 fell outside its window, and the rest of its report given the summaries.
     */
    private record Found(
            List<String> keys,
            List<Object> stored,
            Summary[] summaries,
            boolean missed,
            java.util.function.Function<Summary[], GroupReport> report) {}

    /**
     * At most this many groups whose ranks fell outside a window are computed again exactly by their keys; beyond, the
     * intervals that missed are computed again for every group with every value.
     */
    static final int EXACT_GROUPS_UP_TO = 500;

    /**
     * One pass over {@code projection.report_facts}. Inner: one row per group with its counts and sums and, per
     * interval and percentile, the number of values below the window and the values in it as one sorted int4 array
     * (every value when the interval has no window). Outer: the value at the nearest rank ⌈p · n⌉ when that rank falls
     * in the window, else a miss. The counts are sums of the packed counters when {@code packed}, else a FILTER count
     * each. PostgreSQL aggregates in parallel workers.
     */
    Computed compute(ReportQuery query, Windows windows, boolean packed) {
        int[] positions = packed ? counterPositions() : unpacked();
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(keyFormat(dimensions.get(i), "x.k" + i))
                    .append(", x.k")
                    .append(i)
                    .append(" AS r");
            sql.append(i).append(',');
        }
        sql.append(measures(positions, windows)).append(" FROM (SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(keyExpression(dimensions.get(i)))
                    .append(" AS k")
                    .append(i)
                    .append(',');
        }
        sql.append(aggregates(positions, windows));
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_facts");
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" GROUP BY ");
        sql.append(dimensions.size() == 1 ? "1" : "1, 2");
        sql.append(") AS x");

        List<Found> found = new ArrayList<>();
        Set<Integer> missed = new TreeSet<>();
        boolean[] overflow = {false};
        withReportMemory(report -> report.query(
                sql.toString(),
                rs -> {
                    long cases = rs.getLong("cases");
                    if (cases > packedUpTo && packed) {
                        overflow[0] = true;
                        return;
                    }
                    found.add(group(rs, dimensions.size(), positions, missed));
                },
                arguments.toArray()));
        if (overflow[0]) {
            return new Computed(Map.of(), missed, true);
        }
        List<Found> missing = found.stream().filter(Found::missed).toList();
        if (missing.size() > EXACT_GROUPS_UP_TO) {
            // Many groups unlike the sample (a report by day and site, say): those intervals again with every value.
            return compute(query, windows.without(missed), packed);
        }
        if (!missing.isEmpty()) {
            exactPercentiles(query, missing, missed);
        }
        Map<List<String>, GroupReport> groups = new HashMap<>();
        for (Found group : found) {
            groups.put(group.keys(), group.report().apply(group.summaries()));
        }
        return new Computed(groups, missed, false);
    }

    /**
     * The median and p90 of these intervals for the groups whose rank fell outside a window, computed again with every
     * value of just those groups (selected by their stored keys): PostgreSQL's {@code percentile_disc}, the nearest
     * rank. The counts, means and maxima stay.
     */
    private void exactPercentiles(ReportQuery query, List<Found> groups, Set<Integer> intervals) {
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (GroupBy dimension : dimensions) {
            sql.append(' ')
                    .append(keyFormat(dimension, keyExpression(dimension)))
                    .append(',');
        }
        StringBuilder percentiles = new StringBuilder();
        for (int interval : intervals) {
            percentiles
                    .append(percentiles.isEmpty() ? " " : ", ")
                    .append("percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ")
                    .append(INTERVALS[interval])
                    .append(")");
        }
        sql.append(percentiles).append(" FROM projection.report_facts");
        List<Object> arguments = new ArrayList<>();
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" AND (");
        for (int d = 0; d < dimensions.size(); d++) {
            sql.append(d == 0 ? "" : ", ").append(keyExpression(dimensions.get(d)));
        }
        sql.append(") IN (");
        Map<List<String>, Found> byKeys = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            Found group = groups.get(g);
            byKeys.put(group.keys(), group);
            sql.append(g == 0 ? "(" : ", (");
            for (int d = 0; d < dimensions.size(); d++) {
                sql.append(d == 0 ? "?" : ", ?");
                arguments.add(group.stored().get(d));
            }
            sql.append(')');
        }
        sql.append(") GROUP BY ").append(dimensions.size() == 1 ? "1" : "1, 2");
        jdbc.query(
                sql.toString(),
                rs -> {
                    List<String> keys = new ArrayList<>(dimensions.size());
                    for (int d = 0; d < dimensions.size(); d++) {
                        keys.add(rs.getString(1 + d));
                    }
                    Found group = byKeys.get(keys);
                    int column = 1 + dimensions.size();
                    for (int interval : intervals) {
                        java.sql.Array values = rs.getArray(column++);
                        Summary summary = group.summaries()[interval];
                        if (summary.count() > 0) {
                            Object[] medianAndP90 = (Object[]) values.getArray();
                            group.summaries()[interval] = new Summary(
                                    summary.count(),
                                    ((Number) medianAndP90[0]).longValue(),
                                    ((Number) medianAndP90[1]).longValue(),
                                    summary.mean(),
                                    summary.max());
                        }
                    }
                },
                arguments.toArray());
    }

    /**
     * Runs {@code work} on one connection with {@link #WORK_MEM} for its aggregation, then gives the connection back as
     * it was.
     */
    private void withReportMemory(java.util.function.Consumer<JdbcTemplate> work) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            JdbcTemplate report = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            report.execute("SET work_mem = '" + WORK_MEM + "'");
            try {
                work.accept(report);
            } finally {
                report.execute("RESET work_mem");
            }
            return null;
        });
    }

    /**
     * Windows for this report: per interval, the values between two quantiles of a sample of the report's own cases
     * around the median and around p90, as wide as the expected size of its groups needs ({@link #WINDOW_Z}), or none
     * (every value) for a report over fewer than {@link #windowsFrom} cases, where sorting them all costs little.
     */
    Windows windows(ReportQuery query) {
        if (windowsFrom == Long.MAX_VALUE) {
            return Windows.NONE;
        }
        Long pages = jdbc.queryForObject(
                "SELECT pg_relation_size('projection.report_facts') / current_setting('block_size')::bigint",
                Long.class);
        double percent = pages == null || pages <= SAMPLE_PAGES ? 100.0 : 100.0 * SAMPLE_PAGES / pages;
        StringBuilder grid = new StringBuilder("ARRAY[");
        for (int step = 0; step <= QUANTILE_STEPS; step++) {
            grid.append(step == 0 ? "" : ", ")
                    .append(java.math.BigDecimal.valueOf(step, 0)
                            .divide(java.math.BigDecimal.valueOf(QUANTILE_STEPS))
                            .toPlainString());
        }
        grid.append(']');
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        List<GroupBy> dimensions = query.groupBy();
        for (GroupBy dimension : dimensions) {
            sql.append(", count(DISTINCT ").append(sampledKey(dimension)).append(')');
        }
        for (String interval : INTERVALS) {
            sql.append(", percentile_disc(")
                    .append(grid)
                    .append(") WITHIN GROUP (ORDER BY ")
                    .append(interval)
                    .append(')');
        }
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_facts TABLESAMPLE SYSTEM (")
                .append(percent)
                .append(") REPEATABLE (0)")
                .append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        return jdbc.queryForObject(
                sql.toString(),
                (rs, row) -> {
                    double cases = rs.getLong(1) * 100.0 / percent;
                    if (cases < windowsFrom) {
                        return Windows.NONE; // the report's own cases are few: sort them all
                    }
                    double groups = 1;
                    for (int d = 0; d < dimensions.size(); d++) {
                        groups *= groupsAtMost(dimensions.get(d), query, rs.getLong(2 + d));
                    }
                    double perGroup = Math.max(1, cases / groups);
                    double medianHalf = WINDOW_Z * Math.sqrt(0.25 / perGroup) + MEDIAN_MARGIN;
                    double p90Half = WINDOW_Z * Math.sqrt(0.09 / perGroup) + P90_MARGIN;
                    double[] fractions = {0.5 - medianHalf, 0.5 + medianHalf, 0.9 - p90Half, 0.9 + p90Half};
                    long[][] bounds = new long[INTERVALS.length][];
                    for (int i = 0; i < INTERVALS.length; i++) {
                        java.sql.Array quantiles = rs.getArray(2 + dimensions.size() + i);
                        if (quantiles == null) {
                            continue; // no value of this interval in the sample: every value
                        }
                        Object[] values = (Object[]) quantiles.getArray();
                        bounds[i] = new long[fractions.length];
                        for (int j = 0; j < fractions.length; j++) {
                            double step = fractions[j] * QUANTILE_STEPS;
                            int at = j % 2 == 0 ? (int) Math.floor(step) : (int) Math.ceil(step);
                            bounds[i][j] = ((Number) values[Math.max(0, Math.min(QUANTILE_STEPS, at))]).longValue();
                        }
                    }
                    return new Windows(bounds);
                },
                arguments.toArray());
    }

    /** What the sample counts distinct values of to estimate a dimension's groups: its key, or the site for a site's. */
    private static String sampledKey(GroupBy dimension) {
        return switch (dimension) {
            case BOARD, SITE_TYPE -> "site_code"; // at least as many sites as boards or types
            default -> keyExpression(dimension);
        };
    }

    /**
     * How many groups of this dimension the report has at most, for the windows' width: from the dates for the time
     * dimensions, else the distinct keys the sample saw.
     */
    private static double groupsAtMost(GroupBy dimension, ReportQuery query, long sampledKeys) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(query.from(), query.to());
        return switch (dimension) {
            case DAY -> days;
            case WEEK -> days / 7 + 2;
            case MONTH -> days / 28 + 2;
            case HOUR -> 24;
            case WEEKDAY -> Math.min(7, days);
            default -> Math.max(1, sampledKeys);
        };
    }

    /**
     * Per interval, the bounds of the median's window and p90's ({@code [lowMedian, highMedian, lowP90, highP90]},
     * inclusive), or null for every value. The windows only decide how many values are sorted: a rank outside its
     * window is a miss and that group's percentiles are computed again exactly, so the result is the same with any.
     */
    record Windows(long[][] bounds) {

        static final Windows NONE = new Windows(new long[INTERVALS.length][]);

        Windows without(Set<Integer> intervals) {
            long[][] kept = bounds.clone();
            intervals.forEach(i -> kept[i] = null);
            return new Windows(kept);
        }

        boolean has(int interval) {
            return bounds[interval] != null;
        }
    }

    /**
     * The inner query's aggregates: the cases; the sums of the packed counter columns that hold a {@link #COUNTED}
     * predicate (c0, c1, …) and a FILTER count for each predicate not packed (f0, f1, …, by its index); the {@link
     * #SUMS} (l0, l1, l2); then per interval its count, per percentile the values below the window and the window's
     * values sorted, its sum and maximum.
     */
    private String aggregates(int[] positions, Windows windows) {
        String sort = sortFunction();
        StringBuilder sql = new StringBuilder(" count(*) AS cases,");
        for (int column : packedColumns(positions)) {
            sql.append(" sum(counters_")
                    .append(column)
                    .append(") AS c")
                    .append(column)
                    .append(',');
        }
        for (int i = 0; i < COUNTED.size(); i++) {
            if (positions[i] < 0) {
                sql.append(" count(*) FILTER (WHERE ")
                        .append(COUNTED.get(i))
                        .append(") AS f")
                        .append(i)
                        .append(',');
            }
        }
        for (int i = 0; i < SUMS.size(); i++) {
            sql.append(' ').append(SUMS.get(i)).append(" AS l").append(i).append(',');
        }
        for (int i = 0; i < INTERVALS.length; i++) {
            String interval = INTERVALS[i];
            // int4 for intarray: a value past 68 years is held at 2^31 - 1 in the array; the sum and the maximum stay
            // exact.
            String values = sort + "(array_agg(least(" + interval + ", 2147483647)::int4) FILTER (WHERE ";
            sql.append(" count(").append(interval).append(") AS n").append(i).append(',');
            if (windows.has(i)) {
                for (int p = 0; p < 2; p++) {
                    long low = windows.bounds()[i][2 * p];
                    long high = windows.bounds()[i][2 * p + 1];
                    sql.append(" count(*) FILTER (WHERE ")
                            .append(interval)
                            .append(" < ")
                            .append(low)
                            .append(") AS b")
                            .append(i)
                            .append('_')
                            .append(p)
                            .append(", ")
                            .append(values)
                            .append(interval)
                            .append(" >= ")
                            .append(low)
                            .append(" AND ")
                            .append(interval)
                            .append(" <= ")
                            .append(high)
                            .append(")) AS w")
                            .append(i)
                            .append('_')
                            .append(p)
                            .append(',');
                }
            } else {
                sql.append(' ')
                        .append(values)
                        .append(interval)
                        .append(" IS NOT NULL)) AS w")
                        .append(i)
                        .append(',');
            }
            sql.append(" sum(")
                    .append(interval)
                    .append(") AS s")
                    .append(i)
                    .append(", max(")
                    .append(interval)
                    .append(") AS m")
                    .append(i)
                    .append(i == INTERVALS.length - 1 ? "" : ",");
        }
        return sql.toString();
    }

    /** The packed counter columns that hold a predicate of these positions, in order. */
    private static SortedSet<Integer> packedColumns(int[] positions) {
        SortedSet<Integer> columns = new TreeSet<>();
        for (int position : positions) {
            if (position >= 0) {
                columns.add(position / COUNTERS_PER_COLUMN);
            }
        }
        return columns;
    }

    private static List<String> counted() {
        List<String> counted = new ArrayList<>();
        counted.add(ReportFlags.open());
        for (String outcome : OUTCOMES) {
            counted.add(ReportFlags.closedWithOutcome(outcome));
        }
        counted.add(ReportFlags.closedWith(ReportFlags.COMPLETE));
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            counted.add(ReportFlags.closedEscalatedTo(level));
        }
        counted.add(ReportFlags.closedWith(ReportFlags.LEGAL_CLOCK_BREACHED));
        counted.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_30D));
        counted.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_90D));
        for (String disposition : DISPOSITIONS) {
            counted.add(ReportFlags.closedWithDisposition(DISPOSITIONS, disposition));
        }
        counted.add(ReportFlags.closedWithOutcome(REFERRED_AT_SCENE));
        for (String pathway : REFERRAL_PATHWAYS) {
            counted.add(ReportFlags.closedReferredTo(REFERRAL_PATHWAYS, pathway));
        }
        for (String reason : DELAY_REASONS) {
            counted.add(ReportFlags.closedDelayedBy(DELAY_REASONS, reason));
        }
        counted.add(ReportFlags.closedWithOutcome(NOT_RECORDED));
        for (int minutes : WITHIN_MINUTES) {
            counted.add(INTERVALS[HANDOVER] + " <= " + minutes * 60);
        }
        counted.add(INTERVALS[HANDOVER] + " > 3600");
        for (int hours : OVER_HOURS) {
            counted.add(INTERVALS[TIME_AT_ED] + " > " + hours * 3600);
        }
        return List.copyOf(counted);
    }

    /**
     * The outer query's columns: the cases, the packed columns' sums and the FILTER counts, the {@link #SUMS}, then per
     * interval its count; for the median and p90 the value at the nearest rank ⌈p · n⌉ in integer arithmetic (as
     * {@link Summary#nearestRank}) read off the window or the array of every value, and whether the rank fell outside
     * the window (a miss); its sum and maximum.
     */
    private static String measures(int[] positions, Windows windows) {
        StringBuilder sql = new StringBuilder(" x.cases,");
        for (int column : packedColumns(positions)) {
            sql.append(" x.c").append(column).append(',');
        }
        for (int i = 0; i < COUNTED.size(); i++) {
            if (positions[i] < 0) {
                sql.append(" x.f").append(i).append(',');
            }
        }
        for (int i = 0; i < SUMS.size(); i++) {
            sql.append(" x.l").append(i).append(',');
        }
        int[] percents = {50, 90};
        for (int i = 0; i < INTERVALS.length; i++) {
            String n = "x.n" + i;
            sql.append(' ').append(n).append(',');
            for (int p = 0; p < 2; p++) {
                String rank = "((" + percents[p] + "::bigint * " + n + " + 99) / 100)";
                if (!windows.has(i)) {
                    sql.append(" x.w")
                            .append(i)
                            .append('[')
                            .append(rank)
                            .append("::int] AS v")
                            .append(i)
                            .append('_');
                    sql.append(p)
                            .append(", false AS o")
                            .append(i)
                            .append('_')
                            .append(p)
                            .append(',');
                    continue;
                }
                String below = "x.b" + i + "_" + p;
                String values = "x.w" + i + "_" + p;
                String inWindow = rank + " > " + below + " AND " + rank + " - " + below + " <= coalesce(cardinality("
                        + values + "), 0)";
                sql.append(" CASE WHEN ")
                        .append(inWindow)
                        .append(" THEN ")
                        .append(values)
                        .append("[(")
                        .append(rank)
                        .append(" - ")
                        .append(below)
                        .append(")::int] END AS v")
                        .append(i)
                        .append('_')
                        .append(p)
                        .append(", ")
                        .append(n)
                        .append(" > 0 AND NOT (")
                        .append(inWindow)
                        .append(") AS o")
                        .append(i)
                        .append('_')
                        .append(p)
                        .append(',');
            }
            sql.append(" x.s").append(i).append(", x.m").append(i).append(i == INTERVALS.length - 1 ? "" : ",");
        }
        return sql.toString();
    }

    /**
     * Per {@link #COUNTED} predicate, its position among the packed counters ({@code projection.report_counters},
     * migration V14), or -1 for one the database does not pack: that one is counted with a FILTER, slower and as
     * exact. Read once.
     */
    int[] counterPositions() {
        int[] positions = counterPositions;
        if (positions == null) {
            Map<String, Integer> packed = new HashMap<>();
            jdbc.query("SELECT position, predicate FROM projection.report_counters", rs -> {
                packed.put(rs.getString(2), rs.getInt(1));
            });
            positions = new int[COUNTED.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = packed.getOrDefault(COUNTED.get(i), -1);
            }
            counterPositions = positions;
        }
        return positions;
    }

    private static int[] unpacked() {
        int[] positions = new int[COUNTED.size()];
        Arrays.fill(positions, -1);
        return positions;
    }

    /** intarray's {@code sort_asc}, qualified by the schema the extension lives in (V12 puts it in report_support). */
    private String sortFunction() {
        String function = sortFunction;
        if (function == null) {
            List<String> schemas = jdbc.queryForList(
                    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                            + " WHERE e.extname = 'intarray'",
                    String.class);
            if (schemas.isEmpty()) {
                throw new IllegalStateException("the reports need PostgreSQL's intarray extension (migration V12"
                        + " creates it; see docs/operations.md), and this database has none");
            }
            function = '"' + schemas.get(0).replace("\"", "\"\"") + "\".sort_asc";
            sortFunction = function;
        }
        return function;
    }

    /**
     * The groups a report lists, in order: every value of an enumerated dimension, the values found of the others;
     * with two dimensions, each found combination of the non-enumerated values crossed with every enumerated value.
     */
    private static List<List<String>> keys(ReportQuery query, Set<List<String>> found) {
        List<GroupBy> dimensions = query.groupBy();
        // For each found key, the part of it in non-enumerated dimensions (null where enumerated), in order.
        SortedSet<List<String>> partial = new TreeSet<>(ReportQueries::compareKeys);
        for (List<String> keys : found) {
            List<String> part = new ArrayList<>(keys);
            for (int i = 0; i < dimensions.size(); i++) {
                if (dimensions.get(i).isEnumerated()) {
                    part.set(i, "");
                }
            }
            partial.add(part);
        }
        List<List<String>> values = new ArrayList<>();
        for (GroupBy dimension : dimensions) {
            values.add(dimension.isEnumerated() ? dimension.enumerate(query.from(), query.to()) : null);
        }
        List<List<String>> all = new ArrayList<>();
        if (dimensions.stream().allMatch(GroupBy::isEnumerated)) {
            partial = new TreeSet<>(ReportQueries::compareKeys);
            partial.add(dimensions.size() == 1 ? List.of("") : List.of("", ""));
        }
        for (List<String> part : partial) {
            expand(part, 0, dimensions, values, new ArrayList<>(), all);
        }
        if (dimensions.size() == 2
                && !dimensions.get(0).isEnumerated()
                && dimensions.get(1).isEnumerated()) {
            return all; // already ordered by the first (found values, sorted), then the second (enumeration order)
        }
        if (dimensions.size() == 2
                && dimensions.get(0).isEnumerated()
                && !dimensions.get(1).isEnumerated()) {
            // Ordered by the first (enumeration order), then the second (sorted).
            Map<String, Integer> order = new HashMap<>();
            List<String> first = values.get(0);
            for (int i = 0; i < first.size(); i++) {
                order.put(first.get(i), i);
            }
            all.sort(Comparator.<List<String>>comparingInt(k -> order.get(k.get(0)))
                    .thenComparing(k -> k.get(1)));
        }
        return all;
    }

    private static void expand(
            List<String> part,
            int index,
            List<GroupBy> dimensions,
            List<List<String>> values,
            List<String> prefix,
            List<List<String>> out) {
        if (index == dimensions.size()) {
            out.add(List.copyOf(prefix));
            return;
        }
        List<String> choices = values.get(index) == null ? List.of(part.get(index)) : values.get(index);
        for (String choice : choices) {
            prefix.add(choice);
            expand(part, index + 1, dimensions, values, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    HandoverTimeDistribution distribution(DistributionQuery query) {
        int bins = query.maxMinutes() / query.binMinutes();
        long binSeconds = query.binMinutes() * 60L;
        long maxSeconds = query.maxMinutes() * 60L;
        List<Object> arguments = new ArrayList<>();
        arguments.add(maxSeconds);
        arguments.add(binSeconds);
        // (k·bin, (k+1)·bin] is bin k; 0 belongs to the first bin; -1 is beyond maxMinutes.
        String sql = "SELECT CASE WHEN handover_seconds > ? THEN -1 WHEN handover_seconds = 0 THEN 0"
                + " ELSE (handover_seconds - 1) / ? END AS bin, count(*)"
                + where(query.from(), query.to(), query.siteCode(), query.division(), arguments)
                + " AND " + ReportFlags.COLUMN + " & " + ReportFlags.CLOSED + " = " + ReportFlags.CLOSED
                + " AND handover_seconds IS NOT NULL GROUP BY 1";
        long[] counts = new long[bins];
        long[] over = {0};
        long[] total = {0};
        jdbc.query(
                sql,
                rs -> {
                    int bin = rs.getInt(1);
                    long count = rs.getLong(2);
                    total[0] += count;
                    if (bin < 0) {
                        over[0] += count;
                    } else {
                        counts[bin] += count;
                    }
                },
                arguments.toArray());
        List<HandoverTimeDistribution.Bin> list = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            list.add(new HandoverTimeDistribution.Bin(k * query.binMinutes(), (k + 1) * query.binMinutes(), counts[k]));
        }
        return new HandoverTimeDistribution(
                query.from(),
                query.to(),
                query.siteCode(),
                query.division(),
                query.binMinutes(),
                query.maxMinutes(),
                total[0],
                list,
                over[0]);
    }

    /** How many cases the reports know: open, closed and entered in error. */
    Counts counts() {
        Map<String, Long> byStatus = new HashMap<>();
        jdbc.query("SELECT status, count(*) FROM projection.report_cases GROUP BY status", rs -> {
            byStatus.put(rs.getString(1), rs.getLong(2));
        });
        return new Counts(
                byStatus.getOrDefault("OPEN", 0L),
                byStatus.getOrDefault("CLOSED", 0L),
                byStatus.getOrDefault("VOID", 0L));
    }

    record Counts(long open, long closed, long enteredInError) {}

    /** A dimension's value per case: a column of report_facts where it can be, so grouping compares plain values. */
    private static String keyExpression(GroupBy groupBy) {
        return switch (groupBy) {
            case SITE -> "site_code";
            case DIVISION -> "coalesce(police_division, '" + GroupBy.UNKNOWN + "')";
            case BOARD -> "coalesce(site_ref.board, '" + GroupBy.UNKNOWN + "')";
            case SITE_TYPE -> "coalesce(site_ref.type, '" + GroupBy.UNKNOWN + "')";
            case LEGAL_BASIS -> "coalesce(legal_basis, '" + GroupBy.UNKNOWN + "')";
            case DAY -> "report_day";
            case WEEK -> "report_week";
            case MONTH -> "report_month";
            case HOUR -> "report_hour";
            case WEEKDAY -> "report_weekday";
        };
    }

    /**
     * A group's key as the report shows it, from {@link #keyExpression}'s value: the London day, the ISO week of its
     * Monday, the month of its first day, the hour as two digits (report_at in Europe/London), the English day name.
     */
    private static String keyFormat(GroupBy groupBy, String key) {
        return switch (groupBy) {
            case DAY -> "to_char(" + key + ", 'YYYY-MM-DD')";
            case WEEK -> "to_char(" + key + ", 'IYYY-\"W\"IW')";
            case MONTH -> "to_char(" + key + ", 'YYYY-MM')";
            case HOUR -> "lpad(" + key + "::text, 2, '0')";
            case WEEKDAY ->
                "(ARRAY['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'])[" + key + "]";
            default -> key;
        };
    }

    /**
     * The site reference data (board and type of every configured site) as a small inline table joined by site code:
     * always the configuration the API runs with, no copy in the database to keep in step.
     */
    private String siteReference(List<Object> arguments) {
        List<ReferenceDataProperties.Site> sites = catalogue.sites();
        StringBuilder join = new StringBuilder(" LEFT JOIN (VALUES ");
        for (int i = 0; i < sites.size(); i++) {
            join.append(i == 0 ? "" : ", ").append("(?::text, ?::text, ?::text)");
            ReferenceDataProperties.Site site = sites.get(i);
            arguments.add(site.code());
            arguments.add(site.board());
            arguments.add(site.type().name());
        }
        return join.append(") AS site_ref (code, board, type) ON site_ref.code = site_code")
                .toString();
    }

    private static String where(
            LocalDate from, LocalDate to, String siteCode, String division, List<Object> arguments) {
        return " FROM projection.report_facts" + filter(from, to, siteCode, division, arguments);
    }

    private static String filter(
            LocalDate from, LocalDate to, String siteCode, String division, List<Object> arguments) {
        StringBuilder where = new StringBuilder(" WHERE report_day >= ? AND report_day < ?");
        arguments.add(Date.valueOf(from));
        arguments.add(Date.valueOf(to));
        if (siteCode != null) {
            where.append(" AND site_code = ?");
            arguments.add(siteCode);
        }
        if (division != null) {
            where.append(" AND police_division = ?");
            arguments.add(division);
        }
        return where.toString();
    }

    private static Found group(ResultSet rs, int dimensions, int[] positions, Set<Integer> missed) throws SQLException {
        List<String> keys = new ArrayList<>(dimensions);
        List<Object> stored = new ArrayList<>(dimensions);
        for (int i = 0; i < dimensions; i++) {
            keys.add(rs.getString(1 + 2 * i));
            stored.add(rs.getObject(2 + 2 * i));
        }
        long cases = rs.getLong("cases");
        Map<Integer, Long> columns = new HashMap<>();
        for (int column : packedColumns(positions)) {
            columns.put(column, rs.getBigDecimal("c" + column).longValueExact());
        }
        long[] counts = new long[COUNTED.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = positions[i] < 0
                    ? rs.getLong("f" + i)
                    : columns.get(positions[i] / COUNTERS_PER_COLUMN)
                                    >>> (COUNTER_BITS * (positions[i] % COUNTERS_PER_COLUMN))
                            & PACKED_UP_TO;
        }
        int c = 0; // COUNTED, in its order
        long open = counts[c++];
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            outcomes.put(outcome, counts[c++]);
        }
        long complete = counts[c++];
        Map<String, Long> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            escalations.put(Integer.toString(level), counts[c++]);
        }
        long legalClockBreaches = counts[c++];
        long repeatAttendances30d = counts[c++];
        long repeatAttendances90d = counts[c++];
        Map<String, Long> dispositions = new LinkedHashMap<>();
        for (String disposition : DISPOSITIONS) {
            dispositions.put(disposition, counts[c++]);
        }
        long avoided = counts[c++];
        Map<String, Long> pathways = new LinkedHashMap<>();
        for (String pathway : REFERRAL_PATHWAYS) {
            pathways.put(pathway, counts[c++]);
        }
        Map<String, Long> delayReasons = new LinkedHashMap<>();
        for (String reason : DELAY_REASONS) {
            delayReasons.put(reason, counts[c++]);
        }
        long closedNotRecorded = counts[c++];
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), counts[c++]);
        }
        long over60 = counts[c++];
        long over4h = counts[c++];
        long over8h = counts[c++];
        long over12h = counts[c++];
        BigDecimal lost15 = rs.getBigDecimal("l0");
        BigDecimal lost60 = rs.getBigDecimal("l1");
        BigDecimal officerSeconds = rs.getBigDecimal("l2");
        // per interval
        Summary[] summaries = new Summary[INTERVALS.length];
        boolean groupMissed = false;
        for (int i = 0; i < INTERVALS.length; i++) {
            long count = rs.getLong("n" + i);
            long median = rs.getLong("v" + i + "_0");
            boolean medianMissed = rs.getBoolean("o" + i + "_0");
            long p90 = rs.getLong("v" + i + "_1");
            boolean p90Missed = rs.getBoolean("o" + i + "_1");
            BigDecimal sum = rs.getBigDecimal("s" + i);
            long max = rs.getLong("m" + i);
            if (medianMissed || p90Missed) {
                missed.add(i);
                groupMissed = true;
            }
            summaries[i] = count == 0
                    ? Summary.EMPTY
                    : new Summary(count, median, p90, Summary.roundHalfUp(sum.longValueExact(), count), max);
        }
        return new Found(
                keys,
                stored,
                summaries,
                groupMissed,
                s -> new GroupReport(
                        GroupReport.keyOf(keys),
                        keys,
                        cases,
                        open,
                        outcomes,
                        complete,
                        s[0],
                        s[1],
                        s[2],
                        s[3],
                        within,
                        over60,
                        hours(lost15),
                        hours(lost60),
                        hours(officerSeconds),
                        over4h,
                        over8h,
                        over12h,
                        escalations,
                        legalClockBreaches,
                        repeatAttendances30d,
                        repeatAttendances90d,
                        dispositions,
                        avoided,
                        pathways,
                        s[4],
                        delayReasons,
                        closedNotRecorded));
    }

    static GroupReport empty(List<String> keys) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> outcomes.put(o, 0L));
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), 0L);
        }
        Map<String, Long> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            escalations.put(Integer.toString(level), 0L);
        }
        return new GroupReport(
                GroupReport.keyOf(keys),
                keys,
                0,
                0,
                outcomes,
                0,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                within,
                0,
                hours(BigDecimal.ZERO),
                hours(BigDecimal.ZERO),
                hours(BigDecimal.ZERO),
                0,
                0,
                0,
                escalations,
                0,
                0,
                0,
                zeros(DISPOSITIONS),
                0,
                zeros(REFERRAL_PATHWAYS),
                Summary.EMPTY,
                noDelayReasons(),
                0);
    }

    static Map<String, Long> zeros(List<String> codes) {
        Map<String, Long> map = new LinkedHashMap<>();
        codes.forEach(code -> map.put(code, 0L));
        return map;
    }

    /** Every delay reason code with a count of zero. */
    static Map<String, Long> noDelayReasons() {
        Map<String, Long> delayReasons = new LinkedHashMap<>();
        DELAY_REASONS.forEach(reason -> delayReasons.put(reason, 0L));
        return delayReasons;
    }

    static BigDecimal hours(long seconds) {
        return hours(BigDecimal.valueOf(seconds));
    }

    static BigDecimal hours(BigDecimal seconds) {
        return seconds.divide(SECONDS_PER_HOUR, 2, java.math.RoundingMode.HALF_UP);
    }
}
