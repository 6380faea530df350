package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The reports as SQL over {@code projection.report_cases}, with exactly the definitions of {@code docs/analysts.md}:
 * cases by the London day of arrival (of the first event when never arrived), ENTERED_IN_ERROR (status VOID) in
 * nothing, open cases only in {@code cases} and {@code open}, the summaries over the closed cases where the interval is
 * known. Median and p90 are PostgreSQL's {@code percentile_disc(0.5)} and {@code (0.9)}: the value at rank ⌈p · n⌉
 * of the sorted values, the nearest-rank definition. Means and hours are rounded in Java from exact sums.
 */
@Component
class ReportQueries {

    /** The terminal outcomes every report lists, in this order, even when zero. */
    static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");

    static final int[] WITHIN_MINUTES = {15, 30, 45, 60};

    private static final String[] INTERVALS = {
        "arrival_to_acknowledged_seconds", "handover_seconds", "handover_to_clear_seconds", "time_at_ed_seconds"
    };

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final JdbcTemplate jdbc;

    ReportQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    HandoverTimesReport report(ReportQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(keyExpression(query.groupBy()))
                .append(" AS key,");
        sql.append(" count(*) AS cases, count(*) FILTER (WHERE status = 'OPEN') AS open,");
        for (int i = 0; i < OUTCOMES.size(); i++) {
            sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND outcome = '")
                    .append(OUTCOMES.get(i))
                    .append("') AS outcome_")
                    .append(i)
                    .append(',');
        }
        sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND complete) AS complete,");
        for (String interval : INTERVALS) {
            sql.append(" count(")
                    .append(interval)
                    .append("), percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ")
                    .append(interval)
                    .append("), sum(")
                    .append(interval)
                    .append("), max(")
                    .append(interval)
                    .append("),");
        }
        for (int minutes : WITHIN_MINUTES) {
            sql.append(" count(*) FILTER (WHERE handover_seconds <= ")
                    .append(minutes * 60)
                    .append("),");
        }
        sql.append(" count(*) FILTER (WHERE handover_seconds > 3600),");
        sql.append(" coalesce(sum(greatest(handover_seconds - 900, 0)), 0),");
        sql.append(" coalesce(sum(greatest(handover_seconds - 3600, 0)), 0),");
        sql.append(" coalesce(sum(officer_seconds), 0)");
        List<Object> arguments = new ArrayList<>();
        sql.append(where(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" AND status IN ('OPEN', 'CLOSED') GROUP BY 1");

        Map<String, GroupReport> found = new HashMap<>();
        jdbc.query(
                sql.toString(),
                rs -> {
                    GroupReport group = group(rs);
                    found.put(group.key(), group);
                },
                arguments.toArray());

        List<GroupReport> groups = new ArrayList<>();
        if (query.groupBy().isTime()) {
            String previous = null;
            for (LocalDate day = query.from(); day.isBefore(query.to()); day = day.plusDays(1)) {
                String key = query.groupBy().keyOf(day);
                if (!key.equals(previous)) {
                    groups.add(found.getOrDefault(key, empty(key)));
                    previous = key;
                }
            }
        } else {
            groups.addAll(found.values());
            groups.sort(Comparator.comparing(GroupReport::key));
        }
        return new HandoverTimesReport(
                query.from(), query.to(), query.groupBy().parameterValue(), query.siteCode(), query.division(), groups);
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
                + " AND status = 'CLOSED' AND handover_seconds IS NOT NULL GROUP BY 1";
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

    private static String keyExpression(GroupBy groupBy) {
        return switch (groupBy) {
            case SITE -> "site_code";
            case DIVISION -> "coalesce(police_division, '" + GroupBy.UNKNOWN_DIVISION + "')";
            case DAY -> "to_char(report_day, 'YYYY-MM-DD')";
            case WEEK -> "to_char(report_day, 'IYYY-\"W\"IW')";
            case MONTH -> "to_char(report_day, 'YYYY-MM')";
        };
    }

    private static String where(
            LocalDate from, LocalDate to, String siteCode, String division, List<Object> arguments) {
        StringBuilder where =
                new StringBuilder(" FROM projection.report_cases WHERE report_day >= ? AND report_day < ?");
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

    private static GroupReport group(ResultSet rs) throws SQLException {
        int column = 1;
        String key = rs.getString(column++);
        long cases = rs.getLong(column++);
        long open = rs.getLong(column++);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            outcomes.put(outcome, rs.getLong(column++));
        }
        long complete = rs.getLong(column++);
        Summary[] summaries = new Summary[INTERVALS.length];
        for (int i = 0; i < INTERVALS.length; i++) {
            long count = rs.getLong(column++);
            Array percentiles = rs.getArray(column++);
            BigDecimal sum = rs.getBigDecimal(column++);
            long max = rs.getLong(column++);
            if (count == 0) {
                summaries[i] = Summary.EMPTY;
            } else {
                Object[] values = (Object[]) percentiles.getArray();
                summaries[i] = new Summary(
                        count,
                        ((Number) values[0]).longValue(),
                        ((Number) values[1]).longValue(),
                        Summary.roundHalfUp(sum.longValueExact(), count),
                        max);
            }
        }
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), rs.getLong(column++));
        }
        long over60 = rs.getLong(column++);
        BigDecimal lost15 = rs.getBigDecimal(column++);
        BigDecimal lost60 = rs.getBigDecimal(column++);
        BigDecimal officerSeconds = rs.getBigDecimal(column);
        return new GroupReport(
                key,
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
                hours(officerSeconds));
    }

    static GroupReport empty(String key) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> outcomes.put(o, 0L));
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), 0L);
        }
        return new GroupReport(
                key,
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
                hours(BigDecimal.ZERO));
    }

    static BigDecimal hours(long seconds) {
        return hours(BigDecimal.valueOf(seconds));
    }

    static BigDecimal hours(BigDecimal seconds) {
        return seconds.divide(SECONDS_PER_HOUR, 2, java.math.RoundingMode.HALF_UP);
    }
}
