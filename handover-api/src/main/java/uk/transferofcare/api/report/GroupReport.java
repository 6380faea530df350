package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One group of a handover-times report. Open cases count in {@code cases} and {@code open} only; every other number
 * is over the group's closed cases (ENTERED_IN_ERROR cases are in nothing).
 *
 * @param key the group's value of each dimension, joined by {@value #KEY_SEPARATOR} when there are two: site code,
 *     division code, board, site type, legal basis, {@code YYYY-MM-DD}, {@code YYYY-Www}, {@code YYYY-MM}, hour
 *     {@code 00}-{@code 23} or weekday {@code MONDAY}-{@code SUNDAY}
 * @param keys the same values one by one, in the order of the report's groupBy
 * @param outcomes closed cases by terminal state (the five outcomes always present, zero or not)
 * @param complete closed cases with arrival, an end of handover and clearance all recorded
 * @param handoverWithin closed cases with a handover time ≤ 15, 30, 45, 60 minutes (keys "15", "30", "45", "60")
 * @param handoverOver60 closed cases with a handover time &gt; 60 minutes
 * @param hoursLostBeyond15 Σ max(0, handover time − 15 min), hours to 2 decimals
 * @param hoursLostBeyond60 Σ max(0, handover time − 60 min), hours to 2 decimals
 * @param officerHours Σ officer-seconds / 3600, hours to 2 decimals: each case's officer count integrated over
 *     arrival → clearance (the count at arrival, changed by OFFICER_RETAINED / OFFICER_RELEASED naming a new total);
 *     cases where the count at arrival and the time at ED are known
 * @param over4h closed cases whose time at the site (arrival to clearance) exceeded 4 hours (&gt; 14,400 s)
 * @param over8h the same over 8 hours (&gt; 28,800 s)
 * @param over12h the same over 12 hours (&gt; 43,200 s)
 * @param escalations closed cases that reached each escalation level (keys "1", "2", "3"): the processor's marks
 *     fire in order of strictly increasing thresholds, so this is also the number of escalations of each level
 * @param legalClockBreaches closed cases whose legal clock ran out before police involvement ended
 * @param repeatAttendances30d closed cases flagged {@code repeatWithin30d}: the same person (by pseudonymous person
 *     key) arrived at another case, not entered in error, within the 30 days before this case's arrival
 * @param repeatAttendances90d the same within 90 days
 * @param dispositions closed cases by their standing disposition (every code always present, zero or not; cases
 *     without a recorded disposition are in none)
 * @param avoidedByReferralAtScene closed cases that ended REFERRED_AT_SCENE: ED visits avoided (not in outcomes, no
 *     arrival, so in no time figure)
 * @param avoidedByReferralPathway the same by referral pathway (every pathway always present)
 * @param arrivalToAssessment arrival → start of the assessment, over the closed cases where both are known
 * @param delayReasons closed cases that recorded each delay reason code (every code always present; a case with
 *     several reasons counts once under each, so the counts may add up to more than the cases)
 * @param closedNotRecorded closed cases a supervisor closed as not recorded (outcome NOT_RECORDED: a stale case whose
 *     end was never recorded): a data-quality gap, not in outcomes and in no time figure
 */
record GroupReport(
        String key,
        List<String> keys,
        long cases,
        long open,
        Map<String, Long> outcomes,
        long complete,
        Summary arrivalToAcknowledged,
        Summary handoverTime,
        Summary handoverToClear,
        Summary timeAtEd,
        Map<String, Long> handoverWithin,
        long handoverOver60,
        BigDecimal hoursLostBeyond15,
        BigDecimal hoursLostBeyond60,
        BigDecimal officerHours,
        long over4h,
        long over8h,
        long over12h,
        Map<String, Long> escalations,
        long legalClockBreaches,
        long repeatAttendances30d,
        long repeatAttendances90d,
        Map<String, Long> dispositions,
        long avoidedByReferralAtScene,
        Map<String, Long> avoidedByReferralPathway,
        Summary arrivalToAssessment,
        Map<String, Long> delayReasons,
        long closedNotRecorded) {

    /** Between the values of a two-dimensional key. */
    static final String KEY_SEPARATOR = "|";

    GroupReport {
        keys = List.copyOf(keys);
        // Insertion order is the order of the JSON members and CSV columns.
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        handoverWithin = Collections.unmodifiableMap(new LinkedHashMap<>(handoverWithin));
        escalations = Collections.unmodifiableMap(new LinkedHashMap<>(escalations));
        dispositions = Collections.unmodifiableMap(new LinkedHashMap<>(dispositions));
        avoidedByReferralPathway = Collections.unmodifiableMap(new LinkedHashMap<>(avoidedByReferralPathway));
        delayReasons = Collections.unmodifiableMap(new LinkedHashMap<>(delayReasons));
    }

    /** A group without cases closed as not recorded. */
    GroupReport(
            String key,
            List<String> keys,
            long cases,
            long open,
            Map<String, Long> outcomes,
            long complete,
            Summary arrivalToAcknowledged,
            Summary handoverTime,
            Summary handoverToClear,
            Summary timeAtEd,
            Map<String, Long> handoverWithin,
            long handoverOver60,
            BigDecimal hoursLostBeyond15,
            BigDecimal hoursLostBeyond60,
            BigDecimal officerHours,
            long over4h,
            long over8h,
            long over12h,
            Map<String, Long> escalations,
            long legalClockBreaches,
            long repeatAttendances30d,
            long repeatAttendances90d,
            Map<String, Long> dispositions,
            long avoidedByReferralAtScene,
            Map<String, Long> avoidedByReferralPathway,
            Summary arrivalToAssessment,
            Map<String, Long> delayReasons) {
        this(
                key,
                keys,
                cases,
                open,
                outcomes,
                complete,
                arrivalToAcknowledged,
                handoverTime,
                handoverToClear,
                timeAtEd,
                handoverWithin,
                handoverOver60,
                hoursLostBeyond15,
                hoursLostBeyond60,
                officerHours,
                over4h,
                over8h,
                over12h,
                escalations,
                legalClockBreaches,
                repeatAttendances30d,
                repeatAttendances90d,
                dispositions,
                avoidedByReferralAtScene,
                avoidedByReferralPathway,
                arrivalToAssessment,
                delayReasons,
                0);
    }

    /**
     * A group with no repeat attendance, without dispositions or referrals at scene, assessments or delay reasons
     * (every count zero).
     */
    GroupReport(
            String key,
            List<String> keys,
            long cases,
            long open,
            Map<String, Long> outcomes,
            long complete,
            Summary arrivalToAcknowledged,
            Summary handoverTime,
            Summary handoverToClear,
            Summary timeAtEd,
            Map<String, Long> handoverWithin,
            long handoverOver60,
            BigDecimal hoursLostBeyond15,
            BigDecimal hoursLostBeyond60,
            BigDecimal officerHours,
            long over4h,
            long over8h,
            long over12h,
            Map<String, Long> escalations,
            long legalClockBreaches) {
        this(
                key,
                keys,
                cases,
                open,
                outcomes,
                complete,
                arrivalToAcknowledged,
                handoverTime,
                handoverToClear,
                timeAtEd,
                handoverWithin,
                handoverOver60,
                hoursLostBeyond15,
                hoursLostBeyond60,
                officerHours,
                over4h,
                over8h,
                over12h,
                escalations,
                legalClockBreaches,
                0,
                0,
                ReportCodes.zeros(ReportCodes.DISPOSITIONS),
                0,
                ReportCodes.zeros(ReportCodes.REFERRAL_PATHWAYS),
                Summary.EMPTY,
                ReportCodes.noDelayReasons());
    }

    /** The same group with these disposition and referral-at-scene counts. */
    GroupReport withOutcomes(Map<String, Long> dispositions, long avoided, Map<String, Long> byPathway) {
        return new GroupReport(
                key,
                keys,
                cases,
                open,
                outcomes,
                complete,
                arrivalToAcknowledged,
                handoverTime,
                handoverToClear,
                timeAtEd,
                handoverWithin,
                handoverOver60,
                hoursLostBeyond15,
                hoursLostBeyond60,
                officerHours,
                over4h,
                over8h,
                over12h,
                escalations,
                legalClockBreaches,
                repeatAttendances30d,
                repeatAttendances90d,
                dispositions,
                avoided,
                byPathway,
                arrivalToAssessment,
                delayReasons,
                closedNotRecorded);
    }

    /** The same group with this count of cases closed as not recorded. */
    GroupReport withClosedNotRecorded(long count) {
        return new GroupReport(
                key,
                keys,
                cases,
                open,
                outcomes,
                complete,
                arrivalToAcknowledged,
                handoverTime,
                handoverToClear,
                timeAtEd,
                handoverWithin,
                handoverOver60,
                hoursLostBeyond15,
                hoursLostBeyond60,
                officerHours,
                over4h,
                over8h,
                over12h,
                escalations,
                legalClockBreaches,
                repeatAttendances30d,
                repeatAttendances90d,
                dispositions,
                avoidedByReferralAtScene,
                avoidedByReferralPathway,
                arrivalToAssessment,
                delayReasons,
                count);
    }

    /** A group the report lists without cases: every count zero, every summary empty. */
    static GroupReport empty(List<String> keys) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        ReportCodes.OUTCOMES.forEach(o -> outcomes.put(o, 0L));
        Map<String, Long> within = new LinkedHashMap<>();
        for (int minutes : ReportCodes.WITHIN_MINUTES) {
            within.put(Integer.toString(minutes), 0L);
        }
        Map<String, Long> escalations = new LinkedHashMap<>();
        for (int level = 1; level <= ReportCodes.ESCALATION_LEVELS; level++) {
            escalations.put(Integer.toString(level), 0L);
        }
        return new GroupReport(
                GroupReport.keyOf(keys),
                keys,
                0,
                0,
                outcomes,
                0,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                Summary.EMPTY,
                within,
                0,
                ReportCodes.hours(BigDecimal.ZERO),
                ReportCodes.hours(BigDecimal.ZERO),
                ReportCodes.hours(BigDecimal.ZERO),
                0,
                0,
                0,
                escalations,
                0,
                0,
                0,
                ReportCodes.zeros(ReportCodes.DISPOSITIONS),
                0,
                ReportCodes.zeros(ReportCodes.REFERRAL_PATHWAYS),
                Summary.EMPTY,
                ReportCodes.noDelayReasons(),
                0);
    }

    static String keyOf(List<String> keys) {
        return String.join(KEY_SEPARATOR, keys);
    }
}
