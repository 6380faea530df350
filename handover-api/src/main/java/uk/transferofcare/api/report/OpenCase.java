package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A case still open (no terminal outcome yet), from its latest {@code CaseSnapshot}: it counts in a report's
 * {@code cases} and {@code open} and in no metric.
 *
 * @param division the police division code, null while unknown
 * @param reportAt arrivedAt, or the earliest recorded point when not arrived
 * @param legalBasis the legal basis name, null while not recorded
 */
record OpenCase(String caseId, long version, String siteCode, String division, Instant reportAt, String legalBasis) {

    OpenCase {
        requireNonNull(caseId, "caseId");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(reportAt, "reportAt");
    }

    /** The Europe/London day of {@link #reportAt}. */
    LocalDate reportDay() {
        return LocalDate.ofInstant(reportAt, ReportRecords.LONDON);
    }
}
