package uk.transferofcare.api.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV form of reports (RFC 4180: comma-separated, CRLF line ends, a header row, fields with a comma, quote or line
 * break quoted with inner quotes doubled). One row per group; nested members become flat columns such as {@code
 * handoverTime_median}, {@code outcomes_CLEARED}, {@code handoverWithin_15}, {@code escalations_1}, {@code
 * dispositions_DISCHARGED}, {@code avoidedByReferralPathway_DBI}; an unknown value is
 * an empty field. With two dimensions, {@code key} is followed by one column per dimension holding its value.
 *
 * <p>Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with {@code = + - @}, a tab or a
 * carriage return as a formula. Every field that is not a plain decimal number and starts with one of those gets a
 * leading {@code '} and is quoted ({@link #neutralise}), so it opens as text. Plain numbers, negative ones included
 * ({@code -12}, {@code -0.5}), are written unchanged: a negative number is not a formula in any spreadsheet, and
 * analysts sum and chart these columns. Anything else starting with {@code -} ({@code -1+2}, {@code -A1}) is
 * neutralised.
 */
final class ReportCsv {

    static final String MEDIA_TYPE = "text/csv";

    private static final List<String> SUMMARIES =
            List.of("arrivalToAcknowledged", "handoverTime", "handoverToClear", "timeAtEd");

    private ReportCsv() {}

    static String write(HandoverTimesReport report) {
        StringBuilder out = new StringBuilder(256 + report.groups().size() * 256);
        write(report, out);
        return out.toString();
    }

    static void write(HandoverTimesReport report, Appendable out) {
        Set<String> outcomeColumns = new LinkedHashSet<>(ReportCodes.OUTCOMES);
        report.groups().forEach(g -> outcomeColumns.addAll(g.outcomes().keySet()));
        List<String> dimensions = List.of(report.groupBy().split(","));
        List<String> header = new ArrayList<>(List.of("key"));
        if (dimensions.size() > 1) {
            // Two dimensions: the key's values also one per column, named after the dimension.
            header.addAll(dimensions);
        }
        header.addAll(List.of("cases", "open"));
        outcomeColumns.forEach(o -> header.add("outcomes_" + o));
        header.add("complete");
        for (String summary : SUMMARIES) {
            for (String part : List.of("count", "median", "p90", "mean", "max")) {
                header.add(summary + "_" + part);
            }
        }
        for (int minutes : ReportCodes.WITHIN_MINUTES) {
            header.add("handoverWithin_" + minutes);
        }
        header.addAll(List.of("handoverOver60", "hoursLostBeyond15", "hoursLostBeyond60", "officerHours"));
        header.addAll(List.of("over4h", "over8h", "over12h"));
        for (int level = 1; level <= ReportCodes.ESCALATION_LEVELS; level++) {
            header.add("escalations_" + level);
        }
        header.add("legalClockBreaches");
        header.addAll(List.of("repeatAttendances30d", "repeatAttendances90d"));
        ReportCodes.DISPOSITIONS.forEach(d -> header.add("dispositions_" + d));
        header.add("avoidedByReferralAtScene");
        ReportCodes.REFERRAL_PATHWAYS.forEach(p -> header.add("avoidedByReferralPathway_" + p));
        for (String part : List.of("count", "median", "p90", "mean", "max")) {
            header.add("arrivalToAssessment_" + part);
        }
        for (String reason : ReportCodes.DELAY_REASONS) {
            header.add("delayReasons_" + reason);
        }
        header.add("closedNotRecorded");
        row(out, header);
        for (GroupReport g : report.groups()) {
            List<String> fields = new ArrayList<>(header.size());
            fields.add(g.key());
            if (dimensions.size() > 1) {
                fields.addAll(g.keys());
            }
            fields.add(Long.toString(g.cases()));
            fields.add(Long.toString(g.open()));
            outcomeColumns.forEach(o -> fields.add(Long.toString(g.outcomes().getOrDefault(o, 0L))));
            fields.add(Long.toString(g.complete()));
            for (Summary s : List.of(g.arrivalToAcknowledged(), g.handoverTime(), g.handoverToClear(), g.timeAtEd())) {
                fields.add(Long.toString(s.count()));
                fields.add(text(s.median()));
                fields.add(text(s.p90()));
                fields.add(text(s.mean()));
                fields.add(text(s.max()));
            }
            for (int minutes : ReportCodes.WITHIN_MINUTES) {
                fields.add(Long.toString(g.handoverWithin().get(Integer.toString(minutes))));
            }
            fields.add(Long.toString(g.handoverOver60()));
            fields.add(plain(g.hoursLostBeyond15()));
            fields.add(plain(g.hoursLostBeyond60()));
            fields.add(plain(g.officerHours()));
            fields.add(Long.toString(g.over4h()));
            fields.add(Long.toString(g.over8h()));
            fields.add(Long.toString(g.over12h()));
            for (int level = 1; level <= ReportCodes.ESCALATION_LEVELS; level++) {
                fields.add(Long.toString(g.escalations().getOrDefault(Integer.toString(level), 0L)));
            }
            fields.add(Long.toString(g.legalClockBreaches()));
            fields.add(Long.toString(g.repeatAttendances30d()));
            fields.add(Long.toString(g.repeatAttendances90d()));
            ReportCodes.DISPOSITIONS.forEach(
                    d -> fields.add(Long.toString(g.dispositions().getOrDefault(d, 0L))));
            fields.add(Long.toString(g.avoidedByReferralAtScene()));
            ReportCodes.REFERRAL_PATHWAYS.forEach(
                    p -> fields.add(Long.toString(g.avoidedByReferralPathway().getOrDefault(p, 0L))));
            Summary assessment = g.arrivalToAssessment();
            fields.add(Long.toString(assessment.count()));
            fields.add(text(assessment.median()));
            fields.add(text(assessment.p90()));
            fields.add(text(assessment.mean()));
            fields.add(text(assessment.max()));
            for (String reason : ReportCodes.DELAY_REASONS) {
                fields.add(Long.toString(g.delayReasons().getOrDefault(reason, 0L)));
            }
            fields.add(Long.toString(g.closedNotRecorded()));
            row(out, fields);
        }
    }

    static String write(HandoverTimeDistribution distribution) {
        StringBuilder out = new StringBuilder();
        row(out, List.of("fromMinutes", "toMinutes", "count"));
        for (HandoverTimeDistribution.Bin bin : distribution.bins()) {
            row(
                    out,
                    List.of(
                            Integer.toString(bin.fromMinutes()),
                            Integer.toString(bin.toMinutes()),
                            Long.toString(bin.count())));
        }
        row(out, List.of(Integer.toString(distribution.maxMinutes()), "", Long.toString(distribution.over())));
        return out.toString();
    }

    private static String text(Long value) {
        return value == null ? "" : value.toString();
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static void row(Appendable out, List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(fields.get(i)));
            }
            out.append("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.regex.Pattern PLAIN_NUMBER =
            java.util.regex.Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?");

    /**
     * The field as a spreadsheet must show it: unchanged when it is a plain decimal number or does not start with a
     * formula character; else {@code '} + the field (which {@link #quote} then quotes).
     */
    static String neutralise(String field) {
        if (field.isEmpty() || PLAIN_NUMBER.matcher(field).matches()) {
            return field;
        }
        return switch (field.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + field;
            default -> field;
        };
    }

    /**
     * RFC 4180 after {@link #neutralise}: quote a field holding a comma, a double quote, CR or LF, or neutralised;
     * double the quotes inside.
     */
    static String quote(String raw) {
        String field = neutralise(raw);
        if (field.startsWith("'") && !raw.startsWith("'")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
