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
 * known. Median and p90 are the value at rank ⌈p · n⌉ of the group's values sorted, the nearest-rank definition
 * (PostgreSQL's {@code percentile_disc(0.5)} and {@code (0.9)}, as the analysts' views compute them); the values are
 * sorted as one int4 array per group and interval (intarray's {@code sort_asc}, a third of the time percentile_disc
 * takes over a million cases), and the counts test bits of {@code report_flags} ({@link ReportFlags}). Means and hours
 * are rounded in Java from exact sums.
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

    /** The outer query's columns after the keys, in the order {@link #group} reads them. */
    private static final String MEASURES = measures();

    /** {@code schema.sort_asc}: intarray's sort, in whichever schema the extension is installed. */
    private volatile String sortFunction;

    private final JdbcTemplate jdbc;
    private final SiteCatalogue catalogue;

    ReportQueries(JdbcTemplate jdbc, SiteCatalogue catalogue) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
    }

    HandoverTimesReport report(ReportQuery query) {
        List<GroupBy> dimensions = query.groupBy();
        // Inner: one row per group with its counts, sums and, per interval, the group's values as one sorted int4
        // array. Outer: the nearest ranks and the threshold counts read off the sorted arrays (width_bucket is a binary
        // search: the number of elements <= the operand). PostgreSQL aggregates the arrays in parallel workers.
        StringBuilder sql = new StringBuilder("SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(" x.k").append(i).append(',');
        }
        sql.append(MEASURES).append(" FROM (SELECT");
        for (int i = 0; i < dimensions.size(); i++) {
            sql.append(' ')
                    .append(keyExpression(dimensions.get(i)))
                    .append(" AS k")
                    .append(i)
                    .append(',');
        }
        sql.append(aggregates());
        List<Object> arguments = new ArrayList<>();
        sql.append(" FROM projection.report_cases");
        if (dimensions.stream().anyMatch(GroupBy::needsSiteReference)) {
            sql.append(siteReference(arguments));
        }
        sql.append(filter(query.from(), query.to(), query.siteCode(), query.division(), arguments));
        sql.append(" AND status IN ('OPEN', 'CLOSED') GROUP BY ");
        sql.append(dimensions.size() == 1 ? "1" : "1, 2");
        sql.append(") AS x");

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

    /** The inner query's aggregates: {@link #COUNTS}, then per interval its sorted values, sum and maximum. */
    private String aggregates() {
        String sort = sortFunction();
        StringBuilder sql = new StringBuilder();
        for (String count : COUNTS) {
            sql.append(' ').append(count).append(',');
        }
        for (int i = 0; i < INTERVALS.length; i++) {
            String interval = INTERVALS[i];
            // int4 for intarray: a value past 68 years is held at 2^31 - 1 in the array (it still counts over every
            // threshold); the sum and the maximum stay exact.
            sql.append(' ')
                    .append(sort)
                    .append("(array_agg(least(")
                    .append(interval)
                    .append(", 2147483647)::int4) FILTER (WHERE ")
                    .append(interval)
                    .append(" IS NOT NULL)) AS v")
                    .append(i)
                    .append(", sum(")
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
     * The outer query's columns: cases, open, outcomes, complete; per interval count, median, p90, sum, max (nearest
     * rank ⌈p · n⌉ in integer arithmetic, as {@link Summary#nearestRank}); within 15/30/45/60 minutes and over 60;
     * minutes lost past 15 and 60 and officer time; over 4/8/12 hours at the site; escalations, breaches, repeats,
     * dispositions, referrals, pathways, delay reasons, not recorded.
     */
    private static String measures() {
        StringBuilder sql = new StringBuilder();
        int count = 0;
        // cases, open, the outcomes, complete
        for (int i = 0; i < 2 + OUTCOMES.size() + 1; i++) {
            sql.append(" x.a").append(count++).append(',');
        }
        for (int i = 0; i < INTERVALS.length; i++) {
            String values = "x.v" + i;
            String n = "cardinality(" + values + ")";
            sql.append(" coalesce(").append(n).append(", 0),");
            sql.append(' ').append(values).append("[((50::bigint * ").append(n).append(" + 99) / 100)::int],");
            sql.append(' ').append(values).append("[((90::bigint * ").append(n).append(" + 99) / 100)::int],");
            sql.append(" x.s").append(i).append(", x.m").append(i).append(',');
        }
        String handover = "x.v" + HANDOVER;
        for (int minutes : WITHIN_MINUTES) {
            sql.append(" coalesce(width_bucket(")
                    .append(minutes * 60)
                    .append(", ")
                    .append(handover)
                    .append("), 0),");
        }
        sql.append(" coalesce(cardinality(")
                .append(handover)
                .append(") - width_bucket(3600, ")
                .append(handover)
                .append("), 0),");
        // lost past 15, past 60, officer seconds
        for (int i = 0; i < 3; i++) {
            sql.append(" x.a").append(count++).append(',');
        }
        String timeAtEd = "x.v" + TIME_AT_ED;
        for (int hours : OVER_HOURS) {
            sql.append(" coalesce(cardinality(")
                    .append(timeAtEd)
                    .append(") - width_bucket(")
                    .append(hours * 3600)
                    .append(", ")
                    .append(timeAtEd)
                    .append("), 0),");
        }
        while (count < COUNTS.size()) {
            sql.append(" x.a").append(count++).append(count == COUNTS.size() ? "" : ",");
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
            long median = rs.getLong(column++);
            long p90 = rs.getLong(column++);
            BigDecimal sum = rs.getBigDecimal(column++);
            long max = rs.getLong(column++);
            summaries[i] = count == 0
                    ? Summary.EMPTY
                    : new Summary(count, median, p90, Summary.roundHalfUp(sum.longValueExact(), count), max);
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
