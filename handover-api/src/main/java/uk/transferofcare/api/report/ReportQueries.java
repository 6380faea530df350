package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.sql.Array;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.sites.ReferenceDataProperties;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.ReferralPathway;

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

    private final JdbcTemplate jdbc;
    private final SiteCatalogue catalogue;

    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
    }

    HandoverTimesReport report(ReportQuery query) {
        List<GroupBy> dimensions = query.groupBy();
        StringBuilder sql = new StringBuilder("SELECT");
        for (GroupBy dimension : dimensions) {
            sql.append(' ').append(keyExpression(dimension)).append(',');
        }
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
        sql.append(" coalesce(sum(officer_seconds), 0),");
        // Time at the site (arrival to clearance) is only known for closed cases; open rows hold null.
        for (int hours : OVER_HOURS) {
            sql.append(" count(*) FILTER (WHERE time_at_ed_seconds > ")
                    .append(hours * 3600)
                    .append("),");
        }
        for (int level = 1; level <= ESCALATION_LEVELS; level++) {
            sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND max_escalation_level >= ")
                    .append(level)
                    .append("),");
        }
        sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND legal_clock_breached),");
        sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND repeat_within_30d),");
        sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND repeat_within_90d),");
        for (String disposition : DISPOSITIONS) {
            sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND disposition = '")
                    .append(disposition)
                    .append("'),");
        }
        sql.append(" count(*) FILTER (WHERE status = 'CLOSED' AND outcome = '")
                .append(REFERRED_AT_SCENE)
                .append("')");
        for (String pathway : REFERRAL_PATHWAYS) {
            sql.append(", count(*) FILTER (WHERE status = 'CLOSED' AND outcome = '")
                    .append(REFERRED_AT_SCENE)
                    .append("' AND referral_pathway = '")
                    .append(pathway)
                    .append("')");
        }
        for (String reason : DELAY_REASONS) {
            // The codes are the vocabulary's constants, never user input.
            sql.append(", count(*) FILTER (WHERE status = 'CLOSED' AND '")
                    .append(reason)
                    .append("' = ANY(delay_reasons))");
        }
        sql.append(", count(*) FILTER (WHERE status = 'CLOSED' AND outcome = '")
                .append(NOT_RECORDED)
                .append("')");
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_cases");
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" AND status IN ('OPEN', 'CLOSED') GROUP BY ");
        sql.append(dimensions.size() == 1 ? "1" : "1, 2");

        Map<List<String>, GroupReport> found = new HashMap<>();
        jdbc.query(
                sql.toString(),
                rs -> {
                    GroupReport group = group(rs, dimensions.size());
                    found.put(group.keys(), group);
                },
                arguments.toArray());

        List<GroupReport> groups = new ArrayList<>();
        for (List<String> keys : keys(query, found.keySet())) {
            groups.add(found.getOrDefault(keys, empty(keys)));
        }
        return new HandoverTimesReport(
                query.from(), query.to(), query.groupByParameter(), query.siteCode(), query.division(), groups);
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
            case DIVISION -> "coalesce(police_division, '" + GroupBy.UNKNOWN + "')";
            case BOARD -> "coalesce(site_ref.board, '" + GroupBy.UNKNOWN + "')";
            case SITE_TYPE -> "coalesce(site_ref.type, '" + GroupBy.UNKNOWN + "')";
            case LEGAL_BASIS -> "coalesce(legal_basis, '" + GroupBy.UNKNOWN + "')";
            case DAY -> "to_char(report_day, 'YYYY-MM-DD')";
            case WEEK -> "to_char(report_day, 'IYYY-\"W\"IW')";
            case MONTH -> "to_char(report_day, 'YYYY-MM')";
            // report_day is the London day of report_at; FMDAY is the English day name without padding.
            case HOUR -> "to_char(report_at AT TIME ZONE 'Europe/London', 'HH24')";
            case WEEKDAY -> "to_char(report_day, 'FMDAY')";
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
        return " FROM projection.report_cases" + filter(from, to, siteCode, division, arguments);
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

    private static GroupReport group(ResultSet rs, int dimensions) throws SQLException {
        int column = 1;
        List<String> keys = new ArrayList<>(dimensions);
        for (int i = 0; i < dimensions; i++) {
            keys.add(rs.getString(column++));
        }
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
        BigDecimal officerSeconds = rs.getBigDecimal(column++);
        long over4h = rs.getLong(column++);
        long over8h = rs.getLong(column++);
        long over12h = rs.getLong(column++);
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
