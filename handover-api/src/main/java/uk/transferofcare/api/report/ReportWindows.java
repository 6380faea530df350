package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Per interval, the bounds of the median's window and p90's ({@code [lowMedian, highMedian, lowP90, highP90]},
 * inclusive), or null for every value. Over a million cases, sorting every value costs most of a report, so a large
 * report sorts only the values in a window around each percentile and counts those below it ({@link ReportQueries}).
 * The windows only decide how many values are sorted: a rank outside its window is a miss and that group's
 * percentiles are computed again exactly, so the result is the same with any.
 */
record ReportWindows(long[][] bounds) {

    /** Every value of every interval. */
    static final ReportWindows NONE = new ReportWindows(new long[ReportSql.INTERVALS.length][]);

    /**
     * Reports over at least this many cases sort only the values near each percentile; smaller ones sort every value,
     * which costs them little.
     */
    static final long WINDOWS_FROM = 100_000;

    /** About this many pages of report_facts (some 55 cases each) are sampled to place the windows. */
    static final long SAMPLE_PAGES = 400;

    /**
     * How wide the windows are, in quantiles of the sample on each side of the percentile: {@value #WINDOW_Z} standard
     * errors of a group's quantile (√(p(1 − p) / m) for a group of m cases, so a day's 900 cases get wider windows
     * than a site's 60,000) plus a margin for the sample's own error and groups unlike the rest ({@link
     * #MEDIAN_MARGIN}, {@link #P90_MARGIN}): a day ±7 points around the median, a site ±2.6. A group whose rank still
     * falls outside is computed again exactly, which costs little for a few groups. Measured on 1,100,000 cases (psql,
     * same minutes): a report by day 1.21-1.28 s with windows of 4 errors and 0.03, 1.07-1.19 s with 3 and 0.02,
     * 0.90-0.95 s with a site's windows (which would miss for many days).
     */
    static final double WINDOW_Z = 3;

    static final double MEDIAN_MARGIN = 0.02;

    static final double P90_MARGIN = 0.015;

    /** The sample's quantiles are read at these steps (0, 0.005, … 1); a window's bounds are the nearest outside. */
    private static final int QUANTILE_STEPS = 200;

    /**
     * Windows for this report: per interval, the values between two quantiles of a sample of the report's own cases
     * around the median and around p90, as wide as the expected size of its groups needs ({@link #WINDOW_Z}), or none
     * (every value) for a report over fewer than {@code windowsFrom} cases, where sorting them all costs little.
     */
    static ReportWindows sampled(JdbcTemplate jdbc, ReportQuery query, long windowsFrom) {
        if (windowsFrom == Long.MAX_VALUE) {
            return NONE;
        }
        Long pages = jdbc.queryForObject(
                "SELECT pg_relation_size('projection.report_facts') / current_setting('block_size')::bigint",
                Long.class);
        double percent = pages == null || pages <= SAMPLE_PAGES ? 100.0 : 100.0 * SAMPLE_PAGES / pages;
        StringBuilder grid = new StringBuilder("ARRAY[");
        for (int step = 0; step <= QUANTILE_STEPS; step++) {
            grid.append(step == 0 ? "" : ", ")
                    .append(BigDecimal.valueOf(step, 0)
                            .divide(BigDecimal.valueOf(QUANTILE_STEPS))
                            .toPlainString());
        }
        grid.append(']');
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        List<GroupBy> dimensions = query.groupBy();
        for (GroupBy dimension : dimensions) {
            sql.append(", count(DISTINCT ").append(sampledKey(dimension)).append(')');
        }
        for (String interval : ReportSql.INTERVALS) {
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
                .append(ReportSql.filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        return jdbc.queryForObject(
                sql.toString(),
                (rs, row) -> {
                    double cases = rs.getLong(1) * 100.0 / percent;
                    if (cases < windowsFrom) {
                        return NONE; // the report's own cases are few: sort them all
                    }
                    double groups = 1;
                    for (int d = 0; d < dimensions.size(); d++) {
                        groups *= groupsAtMost(dimensions.get(d), query, rs.getLong(2 + d));
                    }
                    double perGroup = Math.max(1, cases / groups);
                    double medianHalf = WINDOW_Z * Math.sqrt(0.25 / perGroup) + MEDIAN_MARGIN;
                    double p90Half = WINDOW_Z * Math.sqrt(0.09 / perGroup) + P90_MARGIN;
                    double[] fractions = {0.5 - medianHalf, 0.5 + medianHalf, 0.9 - p90Half, 0.9 + p90Half};
                    long[][] bounds = new long[ReportSql.INTERVALS.length][];
                    for (int i = 0; i < ReportSql.INTERVALS.length; i++) {
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
                    return new ReportWindows(bounds);
                },
                arguments.toArray());
    }

    /** The same windows, with every value for these intervals. */
    ReportWindows without(Set<Integer> intervals) {
        long[][] kept = bounds.clone();
        intervals.forEach(i -> kept[i] = null);
        return new ReportWindows(kept);
    }

    boolean has(int interval) {
        return bounds[interval] != null;
    }

    /** What the sample counts distinct values of to estimate a dimension's groups: its key, or the site for a site's. */
    private static String sampledKey(GroupBy dimension) {
        return switch (dimension) {
            case BOARD, SITE_TYPE -> "site_code"; // at least as many sites as boards or types
            default -> ReportSql.keyExpression(dimension);
        };
    }

    /**
     * How many groups of this dimension the report has at most, for the windows' width: from the dates for the time
     * dimensions, else the distinct keys the sample saw.
     */
    private static double groupsAtMost(GroupBy dimension, ReportQuery query, long sampledKeys) {
        long days = ChronoUnit.DAYS.between(query.from(), query.to());
        return switch (dimension) {
            case DAY -> days;
            case WEEK -> days / 7 + 2;
            case MONTH -> days / 28 + 2;
            case HOUR -> 24;
            case WEEKDAY -> Math.min(7, days);
            default -> Math.max(1, sampledKeys);
        };
    }
}
