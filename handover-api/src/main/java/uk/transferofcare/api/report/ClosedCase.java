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
 *     {@code ENDED_WITHOUT_HANDOVER}, {@code REFERRED_AT_SCENE}, or {@code ENTERED_IN_ERROR}, which every report
 *     leaves out)
 * @param division the police division code, null when unknown
 * @param reportAt arrivedAt, or firstEventAt when the case never arrived: its Europe/London day is the report day, its
 *     London hour and weekday the hour and weekday groupings
 * @param complete arrival, an end of handover and clearance all recorded
 * @param officerSeconds the officer count integrated over arrival → clearance (officer count × time at ED when it
 *     never changed), null when the count at arrival or the time at ED is unknown
 * @param legalBasis the legal basis name (S297, S136...), null when not recorded
 * @param maxEscalationLevel the highest escalation level that fired (0 when none)
 * @param legalClockBreached the legal clock ran out before police involvement ended
 * @param repeatWithin30d the same person (by person key) arrived at another case within the 30 days before this one's
 *     arrival (docs/analysts.md, "Repeat attendance")
 * @param repeatWithin90d the same within 90 days
 * @param disposition the standing disposition's name, null when none is recorded
 * @param referralPathway the referral pathway's name of a REFERRED_AT_SCENE case, else null
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
        boolean repeatWithin30d,
        boolean repeatWithin90d,
        String disposition,
        String referralPathway,
        Long arrivalToAssessmentSeconds,
        List<String> delayReasons) {

    static final String ENTERED_IN_ERROR = "ENTERED_IN_ERROR";

    /** A case that is no repeat attendance, without a disposition, referral pathway, assessment or delay reason. */
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
                false,
                false,
                null,
                null,
                null,
                List.of());
    }

    /** The same case with its disposition and referral pathway. */
    ClosedCase withOutcomes(String disposition, String referralPathway) {
        return new ClosedCase(
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
                repeatWithin30d,
                repeatWithin90d,
                disposition,
                referralPathway,
                arrivalToAssessmentSeconds,
                delayReasons);
    }

    ClosedCase {
        requireNonNull(caseId, "caseId");
        requireNonNull(outcome, "outcome");
        requireNonNull(siteCode, "siteCode");
        requireNonNull(reportAt, "reportAt");
        delayReasons = delayReasons == null ? List.of() : List.copyOf(delayReasons);
    }

    /** The Europe/London day of {@link #reportAt}: the day reports count the case on. */
    LocalDate reportDay() {
        return LocalDate.ofInstant(reportAt, ReportRecords.LONDON);
    }

    boolean isVoid() {
        return ENTERED_IN_ERROR.equals(outcome);
    }
}
