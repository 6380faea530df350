package uk.transferofcare.api.report;

import java.time.LocalDate;
import java.util.List;

/**
 * How handover times are distributed: closed cases with a known handover time (ENTERED_IN_ERROR excluded), counted in
 * bins of {@code binMinutes}. A bin holds times t with {@code fromMinutes < t ≤ toMinutes} (the first also t = 0), so
 * the bins up to 60 minutes add up to the report's {@code handoverWithin."60"}; {@code over} counts times beyond
 * {@code maxMinutes}.
 */
record HandoverTimeDistribution(
        LocalDate from,
        LocalDate to,
        String siteCode,
        String division,
        int binMinutes,
        int maxMinutes,
        long count,
        List<Bin> bins,
        long over) {

    HandoverTimeDistribution {
        bins = List.copyOf(bins);
    }

    record Bin(int fromMinutes, int toMinutes, long count) {}
}
