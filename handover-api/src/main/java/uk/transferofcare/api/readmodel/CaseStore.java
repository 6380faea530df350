package uk.transferofcare.api.readmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.CaseSnapshot;

/**
 * The latest snapshot of every case, from the compacted {@code handover-state} topic, indexed by site and police
 * division. Each instance holds all of it (the topic is compacted: one record per case) and rebuilds it from offset 0
 * at start-up, so losing it costs time, never data.
 *
 * <p>It also remembers, per partition, the offset up to which it has applied the topic. That position is what a
 * board stream hands out as {@code Last-Event-ID}: it means the same on every instance, so a browser can reconnect
 * to any of them and receive only the cases that changed since.
 */
@Component
public class CaseStore {

    /** A snapshot with where it came from. */
    public record StoredCase(CaseSnapshot snapshot, int partition, long offset) {}

    /** Told about every applied snapshot, under the store's lock: it must only enqueue. */
    @FunctionalInterface
    public interface Listener {
        void changed(StoredCase stored, String position);
    }

    private final Map<String, StoredCase> cases = new HashMap<>();
    private final Map<String, Set<String>> bySite = new HashMap<>();
    private final Map<String, Set<String>> byDivision = new HashMap<>();
    private final TreeMap<Integer, Long> positions = new TreeMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Applies one record of {@code handover-state}; a null snapshot is a tombstone. */
    public synchronized void apply(String caseId, CaseSnapshot snapshot, int partition, long offset) {
        positions.merge(partition, offset + 1, Math::max);
        if (snapshot == null) {
            StoredCase removed = cases.remove(caseId);
            if (removed != null) {
                unindex(removed.snapshot());
            }
            return;
        }
        StoredCase current = cases.get(caseId);
        if (current != null && current.snapshot().getVersion() > snapshot.getVersion()) {
            return;
        }
        StoredCase stored = new StoredCase(snapshot, partition, offset);
        cases.put(caseId, stored);
        bySite.computeIfAbsent(snapshot.getSiteCode(), k -> new LinkedHashSet<>())
                .add(caseId);
        if (snapshot.getPoliceDivision() != null) {
            byDivision
                    .computeIfAbsent(snapshot.getPoliceDivision(), k -> new LinkedHashSet<>())
                    .add(caseId);
        }
        String position = position();
        for (Listener listener : listeners) {
            listener.changed(stored, position);
        }
    }

    /** Records how far a partition has been read even when no record was applied (control records, idling). */
    public synchronized void advance(int partition, long position) {
        positions.merge(partition, position, Math::max);
    }

    public synchronized Optional<CaseSnapshot> get(String caseId) {
        return Optional.ofNullable(cases.get(caseId)).map(StoredCase::snapshot);
    }

    /** Cases at a site, open ones only if asked, earliest arrival (or pre-alert) first. */
    public synchronized List<CaseSnapshot> atSite(String siteCode, boolean openOnly) {
        return select(bySite.get(siteCode), s -> !openOnly || s.getOpen());
    }

    /** Cases of a police division, open ones only if asked. */
    public synchronized List<CaseSnapshot> ofDivision(String division, boolean openOnly) {
        return select(byDivision.get(division), s -> !openOnly || s.getOpen());
    }

    public synchronized int size() {
        return cases.size();
    }

    /**
     * Registers a listener and computes what it must be sent first, atomically: every change after the returned
     * value reaches the listener, none before it.
     */
    public synchronized <T> T subscribe(Listener listener, Supplier<T> initial) {
        T value = initial.get();
        listeners.add(listener);
        return value;
    }

    public void unsubscribe(Listener listener) {
        listeners.remove(listener);
    }

    /** The cases matching the filter whose snapshot is newer than the given position (for Last-Event-ID). */
    public synchronized List<StoredCase> changedSince(Map<Integer, Long> seen, Predicate<CaseSnapshot> filter) {
        return cases.values().stream()
                .filter(c -> c.offset() >= seen.getOrDefault(c.partition(), 0L))
                .filter(c -> filter.test(c.snapshot()))
                .sorted(Comparator.comparingLong(StoredCase::offset))
                .toList();
    }

    /** Where this store is in the topic, as {@code partition:offset} pairs, e.g. {@code 0:17,1:4,2:9}. */
    public synchronized String position() {
        return positions.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** Parses a position written by {@link #position()}; empty if it is not one. */
    public static Optional<Map<Integer, Long>> parsePosition(String value) {
        if (value == null || value.isBlank() || value.length() > 4096) {
            return Optional.empty();
        }
        Map<Integer, Long> result = new HashMap<>();
        try {
            for (String pair : value.split(",")) {
                String[] parts = pair.split(":");
                if (parts.length != 2) {
                    return Optional.empty();
                }
                result.put(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(result);
    }

    private List<CaseSnapshot> select(Set<String> ids, Predicate<CaseSnapshot> filter) {
        if (ids == null) {
            return List.of();
        }
        List<CaseSnapshot> result = new ArrayList<>();
        for (String id : ids) {
            StoredCase stored = cases.get(id);
            if (stored != null && filter.test(stored.snapshot())) {
                result.add(stored.snapshot());
            }
        }
        result.sort(Comparator.comparing(CaseStore::clockStart));
        return result;
    }

    private static java.time.Instant clockStart(CaseSnapshot s) {
        var points = s.getPoints();
        if (points.getArrivedAt() != null) {
            return points.getArrivedAt();
        }
        if (points.getPreAlertedAt() != null) {
            return points.getPreAlertedAt();
        }
        return s.getOpenedAt();
    }

    private void unindex(CaseSnapshot snapshot) {
        Set<String> site = bySite.get(snapshot.getSiteCode());
        if (site != null) {
            site.remove(snapshot.getCaseId());
        }
        if (snapshot.getPoliceDivision() != null) {
            Set<String> division = byDivision.get(snapshot.getPoliceDivision());
            if (division != null) {
                division.remove(snapshot.getCaseId());
            }
        }
    }
}
