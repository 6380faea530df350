package uk.transferofcare.api.report;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One closed case as the reports see it: the latest {@code CompletedCase} record of the case, mapped from the wire at
 * the edge ({@link ReportRecords}). Intervals are whole seconds, null unless both ends are known.
 *
 * @param version the case's sequence number; a record with a lower version than the one held is stale and ignored
 * @param outcome the terminal state name ({@code CLEARED}, {@code CANCELLED}, {@code DIVERTED}, {@code ABSCONDED},
 *     {@code ENDED_WITHOUT_HANDOVER}, or {@code ENTERED_IN_ERROR}, which every report leaves out)
 * @param division the police division code, null when unknown
 * @param reportAt arrivedAt, or firstEventAt when the case never arrived: its Europe/London day is the report day, its
 *     London hour and weekday the hour and weekday groupings
 * @param complete arrival, an end of handover and clearance all recorded
 * @param officerSeconds the officer count integrated over arrival → clearance (officer count × time at ED when it
 *     never changed), null when the count at arrival or the time at ED is unknown
 * @param legalBasis the legal basis name (S297, S136...), null when not recorded
 * @param maxEscalationLevel the highest escalation level that fired (0 when none)
 * @param legalClockBreached the legal clock ran out before police involvement ended
 * @param arrivalToAssessmentSeconds arrival → start of the assessment (ASSESSMENT_STARTED), null unless both known
 * @param delayReasons the distinct delay reason codes recorded (DELAY_REASON_RECORDED), in code order
 */
record ClosedCase(
        String caseId,
        long version,
        String outcome,
        String siteCode,
        String division,
        Instant reportAt,
        boolean complete,
        Long arrivalToAcknowledgedSeconds,
        Long handoverSeconds,
        Long handoverToClearSeconds,
        Long timeAtEdSeconds,
        Long officerSeconds,
        String legalBasis,
        int maxEscalationLevel,
        boolean legalClockBreached,
        Long arrivalToAssessmentSeconds,
        List<String> delayReasons) {

    static final String ENTERED_IN_ERROR = "ENTERED_IN_ERROR";

    ClosedCase {
        requireNonNull(caseId, "caseId");
        requireNonNull(outcome, "outcome");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(reportAt, "reportAt");
        delayReasons = delayReasons == null ? List.of() : List.copyOf(delayReasons);
    }

    /** A closed case without an assessment or delay reasons. */
    ClosedCase(
            String caseId,
            long version,
            String outcome,
            String siteCode,
            String division,
            Instant reportAt,
            boolean complete,
            Long arrivalToAcknowledgedSeconds,
            Long handoverSeconds,
            Long handoverToClearSeconds,
            Long timeAtEdSeconds,
            Long officerSeconds,
            String legalBasis,
            int maxEscalationLevel,
            boolean legalClockBreached) {
        this(
                caseId,
                version,
                outcome,
                siteCode,
                division,
                reportAt,
                complete,
                arrivalToAcknowledgedSeconds,
                handoverSeconds,
                handoverToClearSeconds,
                timeAtEdSeconds,
                officerSeconds,
                legalBasis,
                maxEscalationLevel,
                legalClockBreached,
                null,
                List.of());
    }

    /** The Europe/London day of {@link #reportAt}: the day reports count the case on. */
    LocalDate reportDay() {
        return LocalDate.ofInstant(reportAt, ReportRecords.LONDON);
    }

    boolean isVoid() {
        return ENTERED_IN_ERROR.equals(outcome);
    }
}
