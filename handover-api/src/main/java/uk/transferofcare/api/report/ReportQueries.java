package uk.transferofcare.api.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;

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
 * ReportWindows}), and counts those below it: the value at rank k is then the (k − below)-th of the window's values
 * sorted. Where a group's rank falls outside the window (its cases unlike the sample), that group's percentiles are
 * computed again with {@code percentile_disc} over its values ({@link #exactPercentiles}): the windows change the time
 * a report takes, never its numbers. The values are sorted as int4 arrays (intarray's {@code sort_asc}); the counts are
 * sums of packed counters (migration V14, {@link ReportSql#COUNTED}), each field a one where a predicate over {@code
 * report_flags} ({@link ReportFlags}) or a time holds; means and hours are rounded in Java from exact sums.
 */
@Component
class ReportQueries {

    /**
     * PostgreSQL's {@code work_mem} for a report's aggregation. Each group holds ten arrays of values while it is
     * aggregated: a report by day over 1,100,000 cases (1,096 groups) needs some 16 MB in each process, and with the
     * default 4 MB the hash aggregation spilled 85 MB to disk in each and took 1.45 s instead of 0.97 s.
     */
    static final String WORK_MEM = "64MB";

    /** {@code schema.sort_asc}: intarray's sort, in whichever schema the extension is installed. */
    private volatile String sortFunction;

    /** Per {@link ReportSql#COUNTED} predicate, its packed counter's position, or -1 (counted with a FILTER). */
    private volatile int[] counterPositions;

    private final JdbcTemplate jdbc;
    private final SiteCatalogue catalogue;

    /** {@link ReportWindows#WINDOWS_FROM}, lower in tests; {@code Long.MAX_VALUE} for no windows. */
    private final long windowsFrom;

    /** {@link ReportSql#PACKED_UP_TO}, lower in tests. */
    private final long packedUpTo;

    @Autowired
    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue) {
        this(jdbc, catalogue, ReportWindows.WINDOWS_FROM, ReportSql.PACKED_UP_TO);
    }

    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue, long windowsFrom, long packedUpTo) {
        if (packedUpTo > ReportSql.PACKED_UP_TO) {
            throw new IllegalArgumentException(
                    "a packed counter holds at most " + ReportSql.PACKED_UP_TO + ", not " + packedUpTo);
        }
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.windowsFrom = windowsFrom;
        this.packedUpTo = packedUpTo;
    }

    HandoverTimesReport report(ReportQuery query) {
        ReportWindows windows = windows(query);
        Computed computed = compute(query, windows, true);
        if (computed.overflow()) {
            // A group of more cases than a packed counter holds: every count with a FILTER.
            computed = compute(query, windows, false);
        }
        List<GroupReport> groups = new ArrayList<>();
        for (List<String> keys : GroupKeys.listed(query, computed.groups().keySet())) {
            groups.add(computed.groups().getOrDefault(keys, GroupReport.empty(keys)));
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
    Computed compute(ReportQuery query, ReportWindows windows, boolean packed) {
        int[] positions = packed ? counterPositions() : ReportSql.unpacked();
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(ReportSql.keyFormat(dimensions.get(i), "x.k" + i))
                    .append(", x.k")
                    .append(i)
                    .append(" AS r");
            sql.append(i).append(',');
        }
        sql.append(ReportSql.measures(positions, windows)).append(" FROM (SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(ReportSql.keyExpression(dimensions.get(i)))
                    .append(" AS k")
                    .append(i)
                    .append(',');
        }
        sql.append(ReportSql.aggregates(sortFunction(), positions, windows));
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_facts");
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(ReportSql.filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" GROUP BY ");
        sql.append(dimensions.size() == 1 ? "1" : "1, 2");
        sql.append(") AS x");

        List<ReportSql.Found> found = new ArrayList<>();
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
                    found.add(ReportSql.found(rs, dimensions.size(), positions, missed));
                },
                arguments.toArray()));
        if (overflow[0]) {
            return new Computed(Map.of(), missed, true);
        }
        List<ReportSql.Found> missing =
                found.stream().filter(ReportSql.Found::missed).toList();
        if (missing.size() > EXACT_GROUPS_UP_TO) {
            // Many groups unlike the sample (a report by day and site, say): those intervals again with every value.
            return compute(query, windows.without(missed), packed);
        }
        if (!missing.isEmpty()) {
            exactPercentiles(query, missing, missed);
        }
        Map<List<String>, GroupReport> groups = new HashMap<>();
        for (ReportSql.Found group : found) {
            groups.put(group.keys(), group.report().apply(group.summaries()));
        }
        return new Computed(groups, missed, false);
    }

    /**
     * The median and p90 of these intervals for the groups whose rank fell outside a window, computed again with every
     * value of just those groups (selected by their stored keys): PostgreSQL's {@code percentile_disc}, the nearest
     * rank. The counts, means and maxima stay.
     */
    private void exactPercentiles(ReportQuery query, List<ReportSql.Found> groups, Set<Integer> intervals) {
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (GroupBy dimension : dimensions) {
            sql.append(' ')
                    .append(ReportSql.keyFormat(dimension, ReportSql.keyExpression(dimension)))
                    .append(',');
        }
        StringBuilder percentiles = new StringBuilder();
        for (int interval : intervals) {
            percentiles
                    .append(percentiles.isEmpty() ? " " : ", ")
                    .append("percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ")
                    .append(ReportSql.INTERVALS[interval])
                    .append(")");
        }
        sql.append(percentiles).append(" FROM projection.report_facts");
        List<Object> arguments = new ArrayList<>();
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(ReportSql.filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" AND (");
        for (int d = 0; d < dimensions.size(); d++) {
            sql.append(d == 0 ? "" : ", ").append(ReportSql.keyExpression(dimensions.get(d)));
        }
        sql.append(") IN (");
        Map<List<String>, ReportSql.Found> byKeys = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            ReportSql.Found group = groups.get(g);
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
                    ReportSql.Found group = byKeys.get(keys);
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
    private void withReportMemory(Consumer<JdbcTemplate> work) {
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

    /** This report's windows: {@link ReportWindows#sampled}, with this engine's threshold. */
    ReportWindows windows(ReportQuery query) {
        return ReportWindows.sampled(jdbc, query, windowsFrom);
    }

    /**
     * Per {@link ReportSql#COUNTED} predicate, its position among the packed counters ({@code
     * projection.report_counters}, migration V14), or -1 for one the database does not pack: that one is counted with a
     * FILTER, slower and as exact. Read once.
     */
    int[] counterPositions() {
        int[] positions = counterPositions;
        if (positions == null) {
            Map<String, Integer> packed = new HashMap<>();
            jdbc.query("SELECT position, predicate FROM projection.report_counters", rs -> {
                packed.put(rs.getString(2), rs.getInt(1));
            });
            positions = new int[ReportSql.COUNTED.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = packed.getOrDefault(ReportSql.COUNTED.get(i), -1);
            }
            counterPositions = positions;
        }
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
                + ReportSql.where(query.from(), query.to(), query.siteCode(), query.division(), arguments)
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
}
