package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a handover-times report asks for: Europe/London days {@code from} (inclusive) to {@code to} (exclusive),
 * grouped by one or two dimensions {@code groupBy} (in that order), optionally only one site and/or one police
 * division.
 */
record ReportQuery(LocalDate from, LocalDate to, List<GroupBy> groupBy, String siteCode, String division) {

    /** The most dimensions one report groups by. */
    static final int MAX_GROUP_BY = 2;

    /** The longest range one report covers. */
    static final int MAX_RANGE_YEARS = 3;

    /** Site and division codes, as the reference data defines them (a capital letter, then up to 7 capitals or digits). */
    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]{0,7}");

    ReportQuery {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(groupBy, "groupBy");
        groupBy = List.copyOf(groupBy);
        if (groupBy.isEmpty()
                || groupBy.size() > MAX_GROUP_BY
                || Set.copyOf(groupBy).size() != groupBy.size()) {
            throw new IllegalArgumentException("one or two distinct groupings, not " + groupBy);
        }
    }

    ReportQuery(LocalDate from, LocalDate to, GroupBy groupBy, String siteCode, String division) {
        this(from, to, List.of(requireNonNull(groupBy, "groupBy")), siteCode, division);
    }

    /** The groupBy parameter as given: the dimensions' parameter values joined by a comma. */
    String groupByParameter() {
        return groupBy.stream().map(GroupBy::parameterValue).collect(Collectors.joining(","));
    }

    /**
     * Parses the query parameters, collecting every problem (each naming its parameter and rule) before refusing.
     *
     * @throws ReportParameterException naming every parameter that is missing or wrong
     */
    static ReportQuery parse(String from, String to, String groupBy, String siteCode, String division) {
        List<ParameterError> errors = new ArrayList<>();
        DateRange range = DateRange.parse(from, to, errors);
        List<GroupBy> grouping = groupBy(groupBy, errors);
        String site = code("siteCode", siteCode, errors);
        String div = code("division", division, errors);
        if (!errors.isEmpty()) {
            throw new ReportParameterException(errors);
        }
        return new ReportQuery(range.from(), range.to(), grouping, site, div);
    }

    /**
     * One or two dimensions separated by a comma ({@code weekday,hour}); spaces around a name are ignored. Rules:
     * {@code required}, {@code enum} (a name that is not a dimension), {@code repeated} (the same one twice), {@code
     * max-items} (more than two).
     */
    static List<GroupBy> groupBy(String value, List<ParameterError> errors) {
        if (isBlank(value)) {
            errors.add(new ParameterError(
                    "groupBy",
                    "required",
                    "groupBy is required: one or two of " + GroupBy.allParameterValues() + ", separated by a comma"));
            return null;
        }
        String[] names = value.split(",", -1);
        if (names.length > MAX_GROUP_BY) {
            errors.add(new ParameterError(
                    "groupBy",
                    "max-items",
                    "groupBy takes at most " + MAX_GROUP_BY
                            + " dimensions separated by a comma, e.g. weekday,hour (not '" + abbreviate(value) + "')"));
            return null;
        }
        Set<GroupBy> grouping = new LinkedHashSet<>();
        for (String name : names) {
            GroupBy dimension = GroupBy.fromParameter(name.strip()).orElse(null);
            if (dimension == null) {
                errors.add(new ParameterError(
                        "groupBy",
                        "enum",
                        "groupBy must be one or two of " + GroupBy.allParameterValues()
                                + ", separated by a comma (not '" + abbreviate(value) + "')"));
                return null;
            }
            if (!grouping.add(dimension)) {
                errors.add(new ParameterError(
                        "groupBy",
                        "repeated",
                        "groupBy names " + dimension.parameterValue() + " twice: two dimensions must differ (not '"
                                + abbreviate(value) + "')"));
                return null;
            }
        }
        return List.copyOf(grouping);
    }

    /** A blank filter means no filter (an empty form field); otherwise a site or division code. */
    static String code(String parameter, String value, List<ParameterError> errors) {
        if (isBlank(value)) {
            return null;
        }
        if (!CODE.matcher(value).matches()) {
            errors.add(new ParameterError(
                    parameter,
                    "pattern",
                    parameter
                            + " must be a code such as QEUH or G: a capital letter, then up to 7 capitals or digits"));
            return null;
        }
        return value;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** A validated [from, to) range of London days. */
    record DateRange(LocalDate from, LocalDate to) {

        static DateRange parse(String from, String to, List<ParameterError> errors) {
            LocalDate start = date("from", from, errors);
            LocalDate end = date("to", to, errors);
            if (start != null && end != null) {
                if (!end.isAfter(start)) {
                    errors.add(new ParameterError(
                            "to",
                            "after-from",
                            "to (exclusive) must be after from (inclusive): " + from + " to " + to + " covers no day"));
                } else if (end.isAfter(start.plusYears(MAX_RANGE_YEARS))) {
                    errors.add(new ParameterError(
                            "to",
                            "max-range",
                            "a report covers at most " + MAX_RANGE_YEARS + " years: to may be at most "
                                    + start.plusYears(MAX_RANGE_YEARS) + " for from " + from));
                }
            }
            return new DateRange(start, end);
        }

        private static LocalDate date(String parameter, String value, List<ParameterError> errors) {
            if (isBlank(value)) {
                errors.add(new ParameterError(
                        parameter, "required", parameter + " is required, as a date YYYY-MM-DD (Europe/London)"));
                return null;
            }
            try {
                if (value.length() != 10) {
                    throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
                }
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                errors.add(new ParameterError(
                        parameter,
                        "date",
                        parameter + " must be a date YYYY-MM-DD, e.g. 2026-03-29 (not '" + abbreviate(value) + "')"));
                return null;
            }
        }
    }
}
