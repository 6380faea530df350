package uk.transferofcare.api.report;

import java.time.LocalDate;
import java.util.List;

/**
 * A handover-times report: the query's range, grouping and filters, and one entry per group. Enumerated dimensions
 * (day, week, month: every one the range touches; hour: 00 to 23; weekday: MONDAY to SUNDAY) list every value in
 * order, empty ones included, so a trend or a heat map has no gaps; the others (site, division, board, siteType,
 * legalBasis) list the values that have at least one case, in alphabetical order. With two dimensions the groups are
 * ordered by the first, then the second, and every combination of the values of the other dimensions that occurs is
 * crossed with every value of the enumerated ones.
 *
 * @param groupBy the dimensions, as the parameter names them ({@code site}, {@code weekday,hour})
 * @param siteCode the site filter, null when none
 * @param division the division filter, null when none
 */
record HandoverTimesReport(
        LocalDate from, LocalDate to, String groupBy, String siteCode, String division, List<GroupReport> groups) {

    HandoverTimesReport {
        groups = List.copyOf(groups);
    }
}
