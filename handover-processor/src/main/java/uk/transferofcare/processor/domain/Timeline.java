package uk.transferofcare.processor.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import uk.transferofcare.vocabulary.TimePoint;

/** Every recorded time point of a case, each with who recorded it. Immutable. */
public record Timeline(Map<TimePoint, PointRecord> records) {

    public static final Timeline EMPTY = new Timeline(Map.of());

    public Timeline {
        EnumMap<TimePoint, PointRecord> copy = new EnumMap<>(TimePoint.class);
        records.forEach((point, record) -> {
            if (record.point() != point) {
                throw new IllegalArgumentException("record for " + record.point() + " filed under " + point);
            }
            copy.put(point, record);
        });
        records = Collections.unmodifiableMap(copy);
    }

    /** The record of a point, or null when it is not recorded. */
    public PointRecord record(TimePoint point) {
        return records.get(point);
    }

    /** The instant of a point, or null when it is not recorded. */
    public Instant at(TimePoint point) {
        PointRecord record = records.get(point);
        return record == null ? null : record.at();
    }

    public Optional<Instant> find(TimePoint point) {
        return Optional.ofNullable(at(point));
    }

    public boolean has(TimePoint point) {
        return records.containsKey(point);
    }

    public Instant removedAt() {
        return at(TimePoint.REMOVED);
    }

    public Instant preAlertedAt() {
        return at(TimePoint.PRE_ALERTED);
    }

    public Instant arrivedAt() {
        return at(TimePoint.ARRIVED);
    }

    public Instant acknowledgedAt() {
        return at(TimePoint.ACKNOWLEDGED);
    }

    public Instant handoverStartedAt() {
        return at(TimePoint.HANDOVER_STARTED);
    }

    public Instant handedOverAt() {
        return at(TimePoint.HANDED_OVER);
    }

    public Instant clearedAt() {
        return at(TimePoint.CLEARED);
    }

    public Instant outcomeAt() {
        return at(TimePoint.OUTCOME);
    }

    /** True when acknowledgedAt was implied by HANDED_OVER (rule 6) and not since replaced. */
    public boolean acknowledgedImplied() {
        PointRecord ack = records.get(TimePoint.ACKNOWLEDGED);
        return ack != null && ack.implied();
    }

    /** The earliest instant of any point, or null when none is recorded. */
    public Instant earliest() {
        return records.values().stream()
                .map(PointRecord::at)
                .min(Instant::compareTo)
                .orElse(null);
    }

    /** The timeline without the point (a withdrawal): the state is derived from what remains. */
    Timeline without(TimePoint point) {
        EnumMap<TimePoint, PointRecord> copy = new EnumMap<>(TimePoint.class);
        copy.putAll(records);
        copy.remove(point);
        return new Timeline(copy);
    }

    Timeline with(PointRecord record) {
        EnumMap<TimePoint, PointRecord> copy = new EnumMap<>(TimePoint.class);
        copy.putAll(records);
        copy.put(record.point(), record);
        return new Timeline(copy);
    }
}
