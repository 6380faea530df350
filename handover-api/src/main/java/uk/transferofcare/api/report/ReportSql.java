package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The SQL text of a report's pass over {@code projection.report_facts}, and the reading of its rows: what a group
 * counts ({@link #COUNTED}, as packed counters or FILTER counts), sums and summarises per interval, how a dimension's
 * key is computed and shown, and which cases a report covers. {@link ReportQueries} runs it; the columns it names here
 * (c, f, l, n, b, w, v, o, s, m and an index) are read back by {@link #found} alone.
 */
final class ReportSql {
    /** The intervals a report summarises, as columns of report_facts, in the order of its summaries. */
    static final String[] INTERVALS = {
        "arrival_to_acknowledged_seconds",
        "handover_seconds",
        "handover_to_clear_seconds",
        "time_at_ed_seconds",
        "arrival_to_assessment_seconds"
    };

    /** Where in {@link #INTERVALS} the handover and the time at the site are: thresholds are counted on them. */
    private static final int HANDOVER = 1;

    private static final int TIME_AT_ED = 3;

    /**
     * What a report counts per group, each a predicate over a row of report_facts, in the order {@link #found} reads
     * them: open; closed with each outcome; complete; escalated to each level; legal clock breached; repeat within 30
     * and 90 days; each disposition; referred at the scene; each referral pathway; each delay reason; closed not
     * recorded; handover within 15, 30, 45 and 60 minutes and over 60; time at the site over 4, 8 and 12 hours. Built
     * once: a vocabulary value without a code in {@code report_flags} stops the API at start-up.
     */
    static final List<String> COUNTED = counted();

    /** The exact sums a report rounds to hours: handover time past 15 minutes, past 60, and officers' time. */
    static final List<String> SUMS = List.of(
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

    private ReportSql() {}

    /**
     * A group as the pass found it: its keys as the report shows them and as report_facts holds them, its summary per
     * interval, whether a median or p90 fell outside its window, and the rest of its report given the summaries.
     */
    record Found(
            List<String> keys,
            List<Object> stored,
            Summary[] summaries,
            boolean missed,
            Function<Summary[], GroupReport> report) {}

    /**
     * The inner query's aggregates: the cases; the sums of the packed counter columns that hold a {@link #COUNTED}
     * predicate (c0, c1, …) and a FILTER count for each predicate not packed (f0, f1, …, by its index); the {@link
     * #SUMS} (l0, l1, l2); then per interval its count, per percentile the values below the window and the window's
     * values sorted, its sum and maximum.
     */
    static String aggregates(String sort, int[] positions, ReportWindows windows) {
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
        for (String outcome : ReportCodes.OUTCOMES) {
            counted.add(ReportFlags.closedWithOutcome(outcome));
        }
        counted.add(ReportFlags.closedWith(ReportFlags.COMPLETE));
        for (int level = 1; level <= ReportCodes.ESCALATION_LEVELS; level++) {
            counted.add(ReportFlags.closedEscalatedTo(level));
        }
        counted.add(ReportFlags.closedWith(ReportFlags.LEGAL_CLOCK_BREACHED));
        counted.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_30D));
        counted.add(ReportFlags.closedWith(ReportFlags.REPEAT_WITHIN_90D));
        for (String disposition : ReportCodes.DISPOSITIONS) {
            counted.add(ReportFlags.closedWithDisposition(ReportCodes.DISPOSITIONS, disposition));
        }
        counted.add(ReportFlags.closedWithOutcome(ReportCodes.REFERRED_AT_SCENE));
        for (String pathway : ReportCodes.REFERRAL_PATHWAYS) {
            counted.add(ReportFlags.closedReferredTo(ReportCodes.REFERRAL_PATHWAYS, pathway));
        }
        for (String reason : ReportCodes.DELAY_REASONS) {
            counted.add(ReportFlags.closedDelayedBy(ReportCodes.DELAY_REASONS, reason));
        }
        counted.add(ReportFlags.closedWithOutcome(ReportCodes.NOT_RECORDED));
        for (int minutes : ReportCodes.WITHIN_MINUTES) {
            counted.add(INTERVALS[HANDOVER] + " <= " + minutes * 60);
        }
        counted.add(INTERVALS[HANDOVER] + " > 3600");
        for (int hours : ReportCodes.OVER_HOURS) {
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
    static String measures(int[] positions, ReportWindows windows) {
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

    /** Every predicate counted with a FILTER: no packed counter read. */
    static int[] unpacked() {
        int[] positions = new int[COUNTED.size()];
        Arrays.fill(positions, -1);
        return positions;
    }

    /** A dimension's value per case: a column of report_facts where it can be, so grouping compares plain values. */
    static String keyExpression(GroupBy groupBy) {
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
    static String keyFormat(GroupBy groupBy, String key) {
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

    /** The FROM and WHERE of a report over these days (from inclusive, to exclusive), site and division. */
    static String where(LocalDate from, LocalDate to, String siteCode, String division, List<Object> arguments) {
        return " FROM projection.report_facts" + filter(from, to, siteCode, division, arguments);
    }

    /** The WHERE of a report over these days (from inclusive, to exclusive), site and division. */
    static String filter(LocalDate from, LocalDate to, String siteCode, String division, List<Object> arguments) {
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

    /** Reads a group off a row of the pass whose columns {@link #aggregates} and {@link #measures} named. */
    static Found found(ResultSet rs, int dimensions, int[] positions, Set<Integer> missed) throws SQLException {
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
        for (String outcome : ReportCodes.OUTCOMES) {
            outcomes.put(outcome, counts[c++]);
        }
        long complete = counts[c++];
        Map<String, Long> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ReportCodes.ESCALATION_LEVELS; level++) {
            escalations.put(Integer.toString(level), counts[c++]);
        }
        long legalClockBreaches = counts[c++];
        long repeatAttendances30d = counts[c++];
        long repeatAttendances90d = counts[c++];
        Map<String, Long> dispositions = new LinkedHashMap<>();
        for (String disposition : ReportCodes.DISPOSITIONS) {
            dispositions.put(disposition, counts[c++]);
        }
        long avoided = counts[c++];
        Map<String, Long> pathways = new LinkedHashMap<>();
        for (String pathway : ReportCodes.REFERRAL_PATHWAYS) {
            pathways.put(pathway, counts[c++]);
        }
        Map<String, Long> delayReasons = new LinkedHashMap<>();
        for (String reason : ReportCodes.DELAY_REASONS) {
            delayReasons.put(reason, counts[c++]);
        }
        long closedNotRecorded = counts[c++];
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : ReportCodes.WITHIN_MINUTES) {
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
                        ReportCodes.hours(lost15),
                        ReportCodes.hours(lost60),
                        ReportCodes.hours(officerSeconds),
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
}
