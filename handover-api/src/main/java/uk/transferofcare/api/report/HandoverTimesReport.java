package uk.transferofcare.api.report;

import java.time.LocalDate;
import java.util.List;

/**
 * A handover-times report: the query's range, grouping and filters, and one entry per group. Time groupings list
 * every day, week or month the range touches, in order, empty ones included (so a trend has no gaps); site and
 * division groupings list the codes that have at least one case, in code order.
 *
 * @param siteCode the site filter, null when none
 * @param division the division filter, null when none
 */
record HandoverTimesReport(
        LocalDate from, LocalDate to, String groupBy, String siteCode, String division, List<GroupReport> groups) {

    HandoverTimesReport {
        groups = List.copyOf(groups);
    }
}
