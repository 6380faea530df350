package uk.transferofcare.api.projection;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the latest moment everything committed to the projected topics was in PostgreSQL, from the end offsets read at
 * a series of moments and the group's committed offsets read afterwards.
 *
 * <p>A moment's end offsets are caught up once the group's committed offset of every partition has reached them. Under
 * steady traffic the committed offsets almost never equal the end offsets of the check that just read them (records
 * keep arriving between the two reads), but they pass the end offsets of a check made shortly before: keeping the
 * recent moments, and taking the latest one that is caught up, gives a caught-up time that trails now by about one
 * check interval while the projection keeps up, and stops advancing as soon as it does not.
 *
 * <p>Not thread-safe: one checker calls it.
 */
final class CaughtUpTracker {

    private record Snapshot(Instant at, Map<TopicPartition, Long> ends) {}

    private final int capacity;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();

    /** @param capacity how many moments not yet caught up are kept (the oldest is dropped first) */
    CaughtUpTracker(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records the end offsets (last stable offsets) of every partition read at {@code at}. */
    void ends(Instant at, Map<TopicPartition, Long> ends) {
        snapshots.addLast(new Snapshot(at, Map.copyOf(ends)));
        while (snapshots.size() > capacity) {
            snapshots.removeFirst();
        }
    }

    /**
     * The latest recorded moment whose end offsets the group's {@code committed} offsets (a partition without one is at
     * 0) have all reached, if any; that moment and every earlier one are then forgotten.
     */
    Optional<Instant> caughtUp(Map<TopicPartition, Long> committed) {
        Snapshot latest = null;
        for (Iterator<Snapshot> it = snapshots.descendingIterator(); it.hasNext(); ) {
            Snapshot s = it.next();
            if (reached(committed, s.ends())) {
                latest = s;
                break;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        while (snapshots.peekFirst() != latest) {
            snapshots.removeFirst();
        }
        snapshots.removeFirst();
        return Optional.of(latest.at());
    }

    /** Records behind the newest recorded end offsets (end minus committed, summed over partitions). */
    long behindNewest(Map<TopicPartition, Long> committed) {
        Snapshot newest = snapshots.peekLast();
        if (newest == null) {
            return 0;
        }
        long behind = 0;
        for (var e : newest.ends().entrySet()) {
            behind += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
        }
        return behind;
    }

    /** Forgets every moment (the partitions changed, or a check failed half-way). */
    void clear() {
        snapshots.clear();
    }

    private static boolean reached(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        for (var e : ends.entrySet()) {
            if (committed.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
