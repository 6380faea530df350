package uk.transferofcare.api.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One dimension a report groups its cases by; the parameter value is {@link #parameterValue()}. A report groups by one
 * or two of them ({@code groupBy=weekday,hour}).
 */
enum GroupBy {
    /** Key: the site code. */
    SITE("site"),
    /** Key: the police division code, {@value #UNKNOWN} when the case's division is not known. */
    DIVISION("division"),
    /** Key: the NHS board of the case's site (reference data), {@value #UNKNOWN} for a site no longer listed. */
    BOARD("board"),
    /** Key: the type of the case's site, EMERGENCY_DEPARTMENT, PLACE_OF_SAFETY or SAFE_SPACE ({@value #UNKNOWN} as board). */
    SITE_TYPE("siteType"),
    /** Key: the case's legal basis (S297, S136, VOLUNTARY, ARREST, OTHER), {@value #UNKNOWN} when not recorded. */
    LEGAL_BASIS("legalBasis"),
    /** Key: the Europe/London day, {@code YYYY-MM-DD}. */
    DAY("day"),
    /** Key: the ISO week, {@code YYYY-Www}, where YYYY is the ISO week-based year (2027-01-01 is in 2026-W53). */
    WEEK("week"),
    /** Key: the month, {@code YYYY-MM}. */
    MONTH("month"),
    /** Key: the Europe/London hour of arrival, {@code 00} to {@code 23}. */
    HOUR("hour"),
    /** Key: the Europe/London weekday of arrival, {@code MONDAY} to {@code SUNDAY}. */
    WEEKDAY("weekday");

    /** The key of cases whose division, board, site type or legal basis is not known. */
    static final String UNKNOWN = "UNKNOWN";

    private final String parameterValue;

    GroupBy(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    String parameterValue() {
        return parameterValue;
    }

    /** The parameter values, in the order the API documents them. */
    static String allParameterValues() {
        return String.join(
                ", ", Arrays.stream(values()).map(GroupBy::parameterValue).toList());
    }

    /**
     * True when a report lists every value of this dimension, empty ones included (days, weeks and months of the
     * range, the 24 hours, the 7 weekdays): a trend or a heat map has no gaps. The other dimensions list the values
     * that have at least one case.
     */
    boolean isEnumerated() {
        return this == DAY || this == WEEK || this == MONTH || this == HOUR || this == WEEKDAY;
    }

    /** Whether the key comes from the site reference data (board, site type). */
    boolean needsSiteReference() {
        return this == BOARD || this == SITE_TYPE;
    }

    static Optional<GroupBy> fromParameter(String value) {
        return Arrays.stream(values())
                .filter(g -> g.parameterValue().equals(value))
                .findFirst();
    }

    /** Every key of an enumerated dimension for the London days [from, to), in order. */
    List<String> enumerate(LocalDate from, LocalDate to) {
        List<String> keys = new ArrayList<>();
        switch (this) {
            case HOUR -> {
                for (int hour = 0; hour < 24; hour++) {
                    keys.add(String.format(Locale.ROOT, "%02d", hour));
                }
            }
            case WEEKDAY -> Arrays.stream(DayOfWeek.values()).forEach(d -> keys.add(d.name()));
            case DAY, WEEK, MONTH -> {
                for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
                    String key = keyOf(day);
                    if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key)) {
                        keys.add(key);
                    }
                }
            }
            default -> throw new IllegalStateException(this + " is not enumerated");
        }
        return keys;
    }

    /** The key of a day, for the time groupings. */
    String keyOf(LocalDate day) {
        return switch (this) {
            case DAY -> day.toString();
            case WEEK ->
                String.format(
                        Locale.ROOT,
                        "%04d-W%02d",
                        day.get(IsoFields.WEEK_BASED_YEAR),
                        day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%04d-%02d", day.getYear(), day.getMonthValue());
            default -> throw new IllegalStateException(this + " is not a time grouping");
        };
    }
}
