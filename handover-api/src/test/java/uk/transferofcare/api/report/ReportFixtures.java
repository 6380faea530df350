package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the report tests: cases and expected groups written out in full. */
final class ReportFixtures {

    private ReportFixtures() {}

    /** A stable UUID case id per name, so tests read "c1" but the store sees real ids. */
    static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    static ClosedCase closed(
            String name,
            long version,
            String outcome,
            String site,
            String division,
            String day,
            boolean complete,
            Long ack,
            Long handover,
            Long handoverToClear,
            Long timeAtEd,
            Long officerSeconds) {
        return new ClosedCase(
                id(name),
                version,
                outcome,
                site,
                division,
                noon(day),
                complete,
                ack,
                handover,
                handoverToClear,
                timeAtEd,
                officerSeconds,
                null,
                0,
                false);
    }

    /** 12:00 Europe/London on the day: a report instant whose London day is the day, whatever the season. */
    static Instant noon(String day) {
        return LocalDate.parse(day).atTime(12, 0).atZone(ReportRecords.LONDON).toInstant();
    }

    /** A CLEARED, complete case with every interval: time at ED = handover + handover→clear. */
    static ClosedCase cleared(
            String name,
            String site,
            String division,
            String day,
            long ack,
            long handover,
            long toClear,
            int officers) {
        return closed(
                name,
                5,
                "CLEARED",
                site,
                division,
                day,
                true,
                ack,
                handover,
                toClear,
                handover + toClear,
                officers * (handover + toClear));
    }

    static OpenCase open(String name, long version, String site, String division, String day) {
        return new OpenCase(id(name), version, site, division, noon(day), null);
    }

    static Map<String, Long> outcomes(long cleared, long cancelled, long diverted, long absconded, long ended) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("CLEARED", cleared);
        map.put("CANCELLED", cancelled);
        map.put("DIVERTED", diverted);
        map.put("ABSCONDED", absconded);
        map.put("ENDED_WITHOUT_HANDOVER", ended);
        return map;
    }

    static Map<String, Long> within(long m15, long m30, long m45, long m60) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("15", m15);
        map.put("30", m30);
        map.put("45", m45);
        map.put("60", m60);
        return map;
    }

    static Summary summary(long count, long median, long p90, long mean, long max) {
        return new Summary(count, median, p90, mean, max);
    }

    static BigDecimal hours(String value) {
        return new BigDecimal(value);
    }

    static Map<String, Long> escalations(long level1, long level2, long level3) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("1", level1);
        map.put("2", level2);
        map.put("3", level3);
        return map;
    }

    /** A group with no closed case: only cases and open can be non-zero. */
    static GroupReport openOnly(String key, long cases, long open) {
        return new GroupReport(
                key,
                List.of(key.split("\\|")),
                cases,
                open,
                outcomes(0, 0, 0, 0, 0),
                0,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                within(0, 0, 0, 0),
                0,
                hours("0.00"),
                hours("0.00"),
                hours("0.00"),
                0,
                0,
                0,
                escalations(0, 0, 0),
                0);
    }

    /**
     * A standard CLEARED case, to test grouping rather than arithmetic: acknowledged after 120 s, handed over after
     * 600 s (10 min), cleared 300 s later (time at ED 900 s), two officers (officer-seconds 1800 = 0.5 h).
     */
    static ClosedCase standard(String name, String site, String division, String day) {
        return cleared(name, site, division, day, 120, 600, 300, 2);
    }

    /** The group of n standard cases: every summary is the single value, officer-hours n × 0.5. */
    static GroupReport standardGroup(String key, int n) {
        return standardGroup(key, n, 0);
    }

    /** n standard closed cases and {@code open} open ones. */
    static GroupReport standardGroup(String key, int n, int open) {
        return new GroupReport(
                key,
                List.of(key.split("\\|")),
                n + open,
                open,
                outcomes(n, 0, 0, 0, 0),
                n,
                summary(n, 120, 120, 120, 120),
                summary(n, 600, 600, 600, 600),
                summary(n, 300, 300, 300, 300),
                summary(n, 900, 900, 900, 900),
                within(n, n, n, n),
                0,
                hours("0.00"),
                hours("0.00"),
                BigDecimal.valueOf(n * 50L, 2),
                0,
                0,
                0,
                escalations(0, 0, 0),
                0);
    }

    static ReportQuery query(String from, String to, GroupBy groupBy) {
        return new ReportQuery(LocalDate.parse(from), LocalDate.parse(to), groupBy, null, null);
    }

    static ReportQuery query(String from, String to, GroupBy groupBy, String site, String division) {
        return new ReportQuery(LocalDate.parse(from), LocalDate.parse(to), groupBy, site, division);
    }
}
