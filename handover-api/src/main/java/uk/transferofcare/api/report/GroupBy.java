package uk.transferofcare.api.report;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a report groups its cases; the parameter value is the lower-case name. */
enum GroupBy {
    /** Key: the ED site code. */
    SITE,
    /** Key: the police division code, {@value #UNKNOWN_DIVISION} when the case's division is not known. */
    DIVISION,
    /** Key: the Europe/London day, {@code YYYY-MM-DD}. */
    DAY,
    /** Key: the ISO week, {@code YYYY-Www}, where YYYY is the ISO week-based year (2027-01-01 is in 2026-W53). */
    WEEK,
    /** Key: the month, {@code YYYY-MM}. */
    MONTH;

    /** The key of cases whose police division is not recorded. */
    static final String UNKNOWN_DIVISION = "UNKNOWN";

    String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean isTime() {
        return this == DAY || this == WEEK || this == MONTH;
    }

    static Optional<GroupBy> fromParameter(String value) {
        return Arrays.stream(values())
                .filter(g -> g.parameterValue().equals(value))
                .findFirst();
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
