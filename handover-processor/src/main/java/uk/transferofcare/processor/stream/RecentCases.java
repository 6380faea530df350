package uk.transferofcare.processor.stream;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cases one task read or wrote last, decoded, with the exact bytes they were decoded from (or encoded to). A case
 * is taken from here only when the store's bytes equal those bytes, so a value changed behind it (a restore, an
 * aborted transaction's rollback, a replacement) is decoded afresh: the cache can make a read faster, never different.
 * Decoding was 9% of the stream thread's samples in the processor benchmark (JFR, 2026-12-06), and a case is read
 * again for each of its next submissions, minutes to hours apart.
 *
 * <p>Least recently used out first; not thread-safe (one per processor, which one stream thread runs).
 */
final class RecentCases {

    /**
     * Per task by default ({@code handover.streams.recent-cases}): 3.1–4.1 KB of heap a decoded case plus 0.5–0.7 KB of
     * bytes, so 3.6–4.8 MB a task.
     */
    static final int DEFAULT_CAPACITY = 1000;

    private record Entry(byte[] bytes, StoredCase stored) {}

    private final Map<String, Entry> entries;

    /** @param capacity how many cases to keep; 0 keeps none (every read decodes) */
    RecentCases(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.entries = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The stored case these bytes hold: from the cache when they are the bytes it holds, otherwise decoded. */
    StoredCase decode(String caseId, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Entry entry = entries.get(caseId);
        if (entry != null && Arrays.equals(entry.bytes(), bytes)) {
            return entry.stored();
        }
        StoredCase stored = CaseStoreFormat.decode(caseId, bytes);
        entries.put(caseId, new Entry(bytes, stored));
        return stored;
    }

    /** Records what was just written under {@code caseId}. */
    void written(String caseId, byte[] bytes, StoredCase stored) {
        entries.put(caseId, new Entry(bytes, stored));
    }
}
