package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One closed case as the reports see it: the latest {@code CompletedCase} record of the case, mapped from the wire at
 * the edge ({@link ReportRecords}). Intervals are whole seconds, null unless both ends are known.
 *
 * @param version the case's sequence number; a record with a lower version than the one held is stale and ignored
 * @param outcome the terminal state name ({@code CLEARED}, {@code CANCELLED}, {@code DIVERTED}, {@code ABSCONDED},
 *     {@code ENDED_WITHOUT_HANDOVER}, or {@code ENTERED_IN_ERROR}, which every report leaves out)
 * @param division the police division code, null when unknown
 * @param reportDay the Europe/London calendar day of arrivedAt, or of firstEventAt when the case never arrived
 * @param complete arrival, an end of handover and clearance all recorded
 * @param officerSeconds officer count × time at ED, null when either is unknown
 */
record ClosedCase(
        String caseId,
        long version,
        String outcome,
        String siteCode,
        String division,
        LocalDate reportDay,
        boolean complete,
        Long arrivalToAcknowledgedSeconds,
        Long handoverSeconds,
        Long handoverToClearSeconds,
        Long timeAtEdSeconds,
        Long officerSeconds) {

    static final String ENTERED_IN_ERROR = "ENTERED_IN_ERROR";

    ClosedCase {
        requireNonNull(caseId, "caseId");
        requireNonNull(outcome, "outcome");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(reportDay, "reportDay");
    }

    boolean isVoid() {
        return ENTERED_IN_ERROR.equals(outcome);
    }
}
