package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What a handover-time distribution asks for: a range of London days, filters and the bins. */
record DistributionQuery(
        LocalDate from, LocalDate to, String siteCode, String division, int binMinutes, int maxMinutes) {

    static final int DEFAULT_BIN_MINUTES = 15;
    static final int DEFAULT_MAX_MINUTES = 360;
    static final int MAX_BINS = 500;

    DistributionQuery {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
    }

    /** @throws ReportParameterException naming every parameter that is missing or wrong */
    static DistributionQuery parse(
            String from, String to, String siteCode, String division, String binMinutes, String maxMinutes) {
        List<ParameterError> errors = new ArrayList<>();
        ReportQuery.DateRange range = ReportQuery.DateRange.parse(from, to, errors);
        String site = ReportQuery.code("siteCode", siteCode, errors);
        String div = ReportQuery.code("division", division, errors);
        Integer bin = minutes("binMinutes", binMinutes, DEFAULT_BIN_MINUTES, 1, 1440, errors);
        Integer max = minutes("maxMinutes", maxMinutes, DEFAULT_MAX_MINUTES, 1, 10080, errors);
        if (bin != null && max != null) {
            if (max % bin != 0) {
                errors.add(new ParameterError(
                        "maxMinutes",
                        "multiple",
                        "maxMinutes (" + max + ") must be a multiple of binMinutes (" + bin + ")"));
            } else if (max / bin > MAX_BINS) {
                errors.add(new ParameterError(
                        "binMinutes",
                        "range",
                        "at most " + MAX_BINS + " bins: maxMinutes / binMinutes is " + max / bin));
            }
        }
        if (!errors.isEmpty()) {
            throw new ReportParameterException(errors);
        }
        return new DistributionQuery(range.from(), range.to(), site, div, bin, max);
    }

    private static Integer minutes(
            String parameter, String value, int fallback, int min, int max, List<ParameterError> errors) {
        if (ReportQuery.isBlank(value)) {
            return fallback;
        }
        try {
            int minutes = Integer.parseInt(value.strip());
            if (minutes < min || minutes > max) {
                errors.add(new ParameterError(
                        parameter, "range", parameter + " must be between " + min + " and " + max + " (minutes)"));
                return null;
            }
            return minutes;
        } catch (NumberFormatException e) {
            errors.add(new ParameterError(
                    parameter,
                    "range",
                    parameter + " must be a whole number of minutes between " + min + " and " + max));
            return null;
        }
    }
}
