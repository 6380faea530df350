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
import org.springframework.jdbc.core.JdbcTemplate;
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
 * window around each percentile, placed by a sample of its cases ({@link #windows}), and counts those below it: the
 * value at rank k is then the (k − below)-th of the window's values sorted. Where a group's rank falls outside the
 * window (its cases unlike the sample), the report computes that interval again with every value: the windows change
 * the time a report takes, never its numbers. The values are sorted as int4 arrays (intarray's {@code sort_asc}), the
 * counts test bits of {@code report_flags} ({@link ReportFlags}); means and hours are rounded in Java from exact sums.
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
     * The inner query's aggregates but the interval arrays, named a0, a1, … in the order {@link #group} reads them,
     * built once: a vocabulary value without a code in {@code report_flags} stops the API at start-up.
     */
    private static final List<String> COUNTS = countAggregates();

    /**
     * The threshold counts, named t0, t1, … in this order: handover within 15, 30, 45 and 60 minutes and over 60; time
     * at the site over 4, 8 and 12 hours.
     */
    private static final List<String> THRESHOLDS = thresholds();

    /**
     * Reports over at least this many cases sort only the values near each percentile (windows; see {@link
     * #windows}); smaller ones sort every value, which costs them little.
     */
    static final long WINDOWS_FROM = 100_000;

    /** About this many pages of report_facts (some 55 cases each) are sampled to place the windows. */
    static final long SAMPLE_PAGES = 400;

    /**
     * The quantiles of the sample that bound the median's window and p90's. A group's percentile falls outside them
     * only when its cases differ from the report's as a whole (its rank among them further than 8 or 5 points from
     * the percentile): then that interval is computed again with every value. Measured on 1,000,000 cases: windows
     * this wide hold 26% of the values.
     */
    private static final double[] MEDIAN_WINDOW = {0.42, 0.58};

    private static final double[] P90_WINDOW = {0.85, 0.95};

    /** {@code schema.sort_asc}: intarray's sort, in whichever schema the extension is installed. */
    private volatile String sortFunction;

    private final JdbcTemplate jdbc;
    private final SiteCatalogue catalogue;

    /** {@link #WINDOWS_FROM}, lower in tests; {@code Long.MAX_VALUE} for no windows. */
    private final long windowsFrom;

    @Autowired
    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue) {
        this(jdbc, catalogue, WINDOWS_FROM);
    }

    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue, long windowsFrom) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.windowsFrom = windowsFrom;
    }

    HandoverTimesReport report(ReportQuery query) {
        Windows windows = windows(query);
        Computed computed = compute(query, windows);
        if (!computed.missed().isEmpty()) {
            // A group whose median or p90 lay outside the window of its interval: that interval again with every value
            // (the others keep their windows; the counts and sums are the same either way).
            computed = compute(query, windows.without(computed.missed()));
        }
        List<GroupReport> groups = new ArrayList<>();
        for (List<String> keys : keys(query, computed.groups().keySet())) {
            groups.add(computed.groups().getOrDefault(keys, empty(keys)));
        }
        return new HandoverTimesReport(
                query.from(), query.to(), query.groupByParameter(), query.siteCode(), query.division(), groups);
    }

    /** The groups found, and the intervals whose window missed a group's median or p90 (then nothing is final). */
    record Computed(Map<List<String>, GroupReport> groups, Set<Integer> missed) {}

    /**
     * One pass over {@code projection.report_facts}. Inner: one row per group with its counts and sums and, per
     * interval and percentile, the number of values below the window and the values in it as one sorted int4 array
     * (every value when the interval has no window). Outer: the value at the nearest rank ⌈p · n⌉ when that rank falls
     * in the window, else a miss. PostgreSQL aggregates in parallel workers.
     */
    Computed compute(ReportQuery query, Windows windows) {
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ').append(keyFormat(dimensions.get(i), "x.k" + i)).append(',');
        }
        sql.append(measures(windows)).append(" FROM (SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(keyExpression(dimensions.get(i)))
                    .append(" AS k")
                    .append(i)
                    .append(',');
        }
        sql.append(aggregates(windows));
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_facts");
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" GROUP BY ");
        sql.append(dimensions.size() == 1 ? "1" : "1, 2");
        sql.append(") AS x");

        Map<List<String>, GroupReport> found = new HashMap<>();
        Set<Integer> missed = new TreeSet<>();
        jdbc.query(
                sql.toString(),
                rs -> {
                    GroupReport group = group(rs, dimensions.size(), missed);
                    found.put(group.keys(), group);
                },
                arguments.toArray());
        return new Computed(found, missed);
    }

    /**
     * Windows for this report: per interval, the values between two quantiles of a sample of the report's own cases
     * around the median and around p90, or none (every value) for a report over fewer than {@link #windowsFrom} cases,
     * where sorting them all costs little.
     */
    Windows windows(ReportQuery query) {
        if (windowsFrom == Long.MAX_VALUE) {
            return Windows.NONE;
        }
        Long pages = jdbc.queryForObject(
                "SELECT pg_relation_size('projection.report_facts') / current_setting('block_size')::bigint",
                Long.class);
        double percent = pages == null || pages <= SAMPLE_PAGES ? 100.0 : 100.0 * SAMPLE_PAGES / pages;
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String interval : INTERVALS) {
            sql.append(", percentile_disc(ARRAY[")
                    .append(MEDIAN_WINDOW[0])
                    .append(", ")
                    .append(MEDIAN_WINDOW[1])
                    .append(", ")
                    .append(P90_WINDOW[0])
                    .append(", ")
                    .append(P90_WINDOW[1])
                    .append("]) WITHIN GROUP (ORDER BY ")
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
                    long sampled = rs.getLong(1);
                    if (sampled * 100.0 / percent < windowsFrom) {
                        return Windows.NONE; // the report's own cases are few: sort them all
                    }
                    long[][] bounds = new long[INTERVALS.length][];
                    for (int i = 0; i < INTERVALS.length; i++) {
                        java.sql.Array quantiles = rs.getArray(2 + i);
                        if (quantiles == null) {
                            continue; // no value of this interval in the sample: every value
                        }
                        Object[] values = (Object[]) quantiles.getArray();
                        bounds[i] = new long[values.length];
                        for (int j = 0; j < values.length; j++) {
                            bounds[i][j] = ((Number) values[j]).longValue();
                        }
                    }
                    return new Windows(bounds);
                },
                arguments.toArray());
    }

    /**
     * Per interval, the bounds of the median's window and p90's ({@code [lowMedian, highMedian, lowP90, highP90]},
     * inclusive), or null for every value. The windows only decide how many values are sorted: a rank outside its
     * window is a miss and the interval is computed again with every value, so the result is the same with any.
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
     * The inner query's aggregates: {@link #COUNTS}, the threshold counts, then per interval its count, per percentile
     * the values below the window and the window's values sorted, its sum and maximum.
     */
    private String aggregates(Windows windows) {
        String sort = sortFunction();
        StringBuilder sql = new StringBuilder();
        for (String count : COUNTS) {
            sql.append(' ').append(count).append(',');
        }
        for (int t = 0; t < THRESHOLDS.size(); t++) {
            sql.append(" count(*) FILTER (WHERE ")
                    .append(THRESHOLDS.get(t))
                    .append(") AS t")
                    .append(t)
                    .append(',');
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

    private static List<String> thresholds() {
        List<String> thresholds = new ArrayList<>();
        for (int minutes : WITHIN_MINUTES) {
            thresholds.add(INTERVALS[HANDOVER] + " <= " + minutes * 60);
        }
        thresholds.add(INTERVALS[HANDOVER] + " > 3600");
        for (int hours : OVER_HOURS) {
            thresholds.add(INTERVALS[TIME_AT_ED] + " > " + hours * 3600);
        }
        return List.copyOf(thresholds);
    }

    private static List<String> countAggregates() {
        List<String> counts = new ArrayList<>();
        counts.add("count(*)");
        counts.add(ReportFlags.open());
        for (String outcome : OUTCOMES) {
            counts.add(ReportFlags.closedWithOutcome(outcome));
        }
        counts.add(ReportFlags.closedWith(ReportFlags.COMPLETE));
        counts.add("coalesce(sum(greatest(handover_seconds - 900, 0)), 0)");
        counts.add("coalesce(sum(greatest(handover_seconds - 3600, 0)), 0)");
        counts.add("coalesce(sum(officer_seconds), 0)");
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            counts.add(ReportFlags.closedEscalatedTo(level));
        }
        counts.add(ReportFlags.closedWith(ReportFlags.LEGAL_CLOCK_BREACHED));
        counts.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_30D));
        counts.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_90D));
        for (String disposition : DISPOSITIONS) {
            counts.add(ReportFlags.closedWithDisposition(DISPOSITIONS, disposition));
        }
        counts.add(ReportFlags.closedWithOutcome(REFERRED_AT_SCENE));
        for (String pathway : REFERRAL_PATHWAYS) {
            counts.add(ReportFlags.closedReferredTo(REFERRAL_PATHWAYS, pathway));
        }
        for (String reason : DELAY_REASONS) {
            counts.add(ReportFlags.closedDelayedBy(DELAY_REASONS, reason));
        }
        counts.add(ReportFlags.closedWithOutcome(NOT_RECORDED));
        List<String> named = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            named.add(counts.get(i) + " AS a" + i);
        }
        return List.copyOf(named);
    }

    /**
     * The outer query's columns: {@link #COUNTS}, the {@link #THRESHOLDS} counts, then per interval its count; for the
     * median and p90 the value at the nearest rank ⌈p · n⌉ in integer arithmetic (as {@link Summary#nearestRank}) read
     * off the window or the array of every value, and whether the rank fell outside the window (a miss); its sum and
     * maximum.
     */
    private static String measures(Windows windows) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < COUNTS.size(); i++) {
            sql.append(" x.a").append(i).append(',');
        }
        for (int t = 0; t < THRESHOLDS.size(); t++) {
            sql.append(" x.t").append(t).append(',');
        }
        int[] percents = {50, 90};
        for (int i = 0; i < INTERVALS.length; i++) {
            String n = "x.n" + i;
            sql.append(' ').append(n).append(',');
            for (int p = 0; p < 2; p++) {
                String rank = "((" + percents[p] + "::bigint * " + n + " + 99) / 100)";
                if (!windows.has(i)) {
                    sql.append(" x.w").append(i).append('[').append(rank).append("::int], false,");
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
                        .append(")::int] END, ")
                        .append(n)
                        .append(" > 0 AND NOT (")
                        .append(inWindow)
                        .append("),");
            }
            sql.append(" x.s").append(i).append(", x.m").append(i).append(i == INTERVALS.length - 1 ? "" : ",");
        }
        return sql.toString();
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

    private static GroupReport group(ResultSet rs, int dimensions, Set<Integer> missed) throws SQLException {
        int column = 1;
        List<String> keys = new ArrayList<>(dimensions);
        for (int i = 0; i < dimensions; i++) {
            keys.add(rs.getString(column++));
        }
        // COUNTS, in their order
        long cases = rs.getLong(column++);
        long open = rs.getLong(column++);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            outcomes.put(outcome, rs.getLong(column++));
        }
        long complete = rs.getLong(column++);
        BigDecimal lost15 = rs.getBigDecimal(column++);
        BigDecimal lost60 = rs.getBigDecimal(column++);
        BigDecimal officerSeconds = rs.getBigDecimal(column++);
        Map<String, Long> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            escalations.put(Integer.toString(level), rs.getLong(column++));
        }
        long legalClockBreaches = rs.getLong(column++);
        long repeatAttendances30d = rs.getLong(column++);
        long repeatAttendances90d = rs.getLong(column++);
        Map<String, Long> dispositions = new LinkedHashMap<>();
        for (String disposition : DISPOSITIONS) {
            dispositions.put(disposition, rs.getLong(column++));
        }
        long avoided = rs.getLong(column++);
        Map<String, Long> pathways = new LinkedHashMap<>();
        for (String pathway : REFERRAL_PATHWAYS) {
            pathways.put(pathway, rs.getLong(column++));
        }
        Map<String, Long> delayReasons = new LinkedHashMap<>();
        for (String reason : DELAY_REASONS) {
            delayReasons.put(reason, rs.getLong(column++));
        }
        long closedNotRecorded = rs.getLong(column++);
        // THRESHOLDS, in their order
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), rs.getLong(column++));
        }
        long over60 = rs.getLong(column++);
        long over4h = rs.getLong(column++);
        long over8h = rs.getLong(column++);
        long over12h = rs.getLong(column++);
        // per interval
        Summary[] summaries = new Summary[INTERVALS.length];
        for (int i = 0; i < INTERVALS.length; i++) {
            long count = rs.getLong(column++);
            long median = rs.getLong(column++);
            boolean medianMissed = rs.getBoolean(column++);
            long p90 = rs.getLong(column++);
            boolean p90Missed = rs.getBoolean(column++);
            BigDecimal sum = rs.getBigDecimal(column++);
            long max = rs.getLong(column++);
            if (medianMissed || p90Missed) {
                missed.add(i);
            }
            summaries[i] = count == 0
                    ? Summary.EMPTY
                    : new Summary(count, median, p90, Summary.roundHalfUp(sum.longValueExact(), count), max);
        }
        return new GroupReport(
                GroupReport.keyOf(keys),
                keys,
                cases,
                open,
                outcomes,
                complete,
                summaries[0],
                summaries[1],
                summaries[2],
                summaries[3],
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
                summaries[4],
                delayReasons,
                closedNotRecorded);
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
