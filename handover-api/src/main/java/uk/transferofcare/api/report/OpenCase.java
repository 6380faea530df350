package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A case still open (no terminal outcome yet), from its latest {@code CaseSnapshot}: it counts in a report's
 * {@code cases} and {@code open} and in no metric.
 *
 * @param division the police division code, null while unknown
 * @param reportDay the Europe/London day of arrivedAt, or of the earliest recorded point when not arrived
 */
record OpenCase(String caseId, long version, String siteCode, String division, LocalDate reportDay) {

    OpenCase {
        requireNonNull(caseId, "caseId");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(reportDay, "reportDay");
    }
}
