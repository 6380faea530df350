package uk.transferofcare.api.handover;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.TimePoints;

/**
 * The part of a case the courtesy transition check needs, mapped from the processor's snapshot.
 *
 * @param state the case state name (e.g. CLEARED, ENTERED_IN_ERROR)
 * @param points every recorded time point
 * @param implied points the processor filled by implication (rule 6), which a real event may still record
 */
public record CaseTimeline(String state, Map<Point, Instant> points, Set<Point> implied) {

    public static CaseTimeline of(CaseSnapshot snapshot) {
        TimePoints p = snapshot.getPoints();
        Map<Point, Instant> points = new EnumMap<>(Point.class);
        put(points, Point.REMOVED, p.getRemovedAt());
        put(points, Point.PRE_ALERTED, p.getPreAlertedAt());
        put(points, Point.ARRIVED, p.getArrivedAt());
        put(points, Point.ACKNOWLEDGED, p.getAcknowledgedAt());
        put(points, Point.HANDOVER_STARTED, p.getHandoverStartedAt());
        put(points, Point.HANDED_OVER, p.getHandedOverAt());
        put(points, Point.CLEARED, p.getClearedAt());
        put(points, Point.OUTCOME, p.getOutcomeAt());
        Set<Point> implied = EnumSet.noneOf(Point.class);
        for (PointRecord record : snapshot.getPointRecords()) {
            if (record.getImplied()) {
                implied.add(Point.valueOf(record.getPoint().name()));
            }
        }
        return new CaseTimeline(snapshot.getState().name(), points, implied);
    }

    private static void put(Map<Point, Instant> points, Point point, Instant value) {
        if (value != null) {
            points.put(point, value);
        }
    }
}
