package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One group of a handover-times report. Open cases count in {@code cases} and {@code open} only; every other number
 * is over the group's closed cases (ENTERED_IN_ERROR cases are in nothing).
 *
 * @param key site code, division code, {@code YYYY-MM-DD}, {@code YYYY-Www} or {@code YYYY-MM}
 * @param outcomes closed cases by terminal state (the five outcomes always present, zero or not)
 * @param complete closed cases with arrival, an end of handover and clearance all recorded
 * @param handoverWithin closed cases with a handover time ≤ 15, 30, 45, 60 minutes (keys "15", "30", "45", "60")
 * @param handoverOver60 closed cases with a handover time &gt; 60 minutes
 * @param hoursLostBeyond15 Σ max(0, handover time − 15 min), hours to 2 decimals
 * @param hoursLostBeyond60 Σ max(0, handover time − 60 min), hours to 2 decimals
 * @param officerHours Σ officer count × time at ED, hours to 2 decimals (cases where both are known)
 */
record GroupReport(
        String key,
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
        BigDecimal officerHours) {

    GroupReport {
        // Insertion order is the order of the JSON members and CSV columns.
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        handoverWithin = Collections.unmodifiableMap(new LinkedHashMap<>(handoverWithin));
    }
}
