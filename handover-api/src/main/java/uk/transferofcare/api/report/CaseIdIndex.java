package uk.transferofcare.api.report;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Case id → slot, compact for the ids the platform uses. Case ids are client-chosen UUIDs; a canonical one (the
 * lower-case 36-character form) is kept as two longs in an open-addressing table with linear probing (about 20
 * bytes per case instead of roughly 150 for a {@code HashMap<String, Integer>} entry), anything else in a plain map.
 * Not thread-safe: the store guards it.
 */
final class CaseIdIndex {

    private static final int NONE = -1;

    private long[] high = new long[1024];
    private long[] low = new long[1024];
    /** slot + 1; 0 marks a free cell. */
    private int[] slots = new int[1024];

    private int mask = 1023;
    private int size;
    private final Map<String, Integer> others = new HashMap<>();

    int size() {
        return size + others.size();
    }

    /** The slot of the case, or -1. */
    int get(String caseId) {
        UUID uuid = canonical(caseId);
        if (uuid == null) {
            return others.getOrDefault(caseId, NONE);
        }
        int cell = find(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        return slots[cell] == 0 ? NONE : slots[cell] - 1;
    }

    /** Maps the case to the slot (replacing any earlier slot). */
    void put(String caseId, int slot) {
        UUID uuid = canonical(caseId);
        if (uuid == null) {
            others.put(caseId, slot);
            return;
        }
        if ((size + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        long hi = uuid.getMostSignificantBits();
        long lo = uuid.getLeastSignificantBits();
        int cell = find(hi, lo);
        if (slots[cell] == 0) {
            size++;
            high[cell] = hi;
            low[cell] = lo;
        }
        slots[cell] = slot + 1;
    }

    /** Forgets the case; returns its slot, or -1 when unknown. */
    int remove(String caseId) {
        UUID uuid = canonical(caseId);
        if (uuid == null) {
            Integer slot = others.remove(caseId);
            return slot == null ? NONE : slot;
        }
        int cell = find(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        if (slots[cell] == 0) {
            return NONE;
        }
        int slot = slots[cell] - 1;
        size--;
        // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
        int hole = cell;
        int next = (hole + 1) & mask;
        while (slots[next] != 0) {
            int home = hash(high[next], low[next]) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                high[hole] = high[next];
                low[hole] = low[next];
                slots[hole] = slots[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        slots[hole] = 0;
        return slot;
    }

    private int find(long hi, long lo) {
        int cell = hash(hi, lo) & mask;
        while (slots[cell] != 0 && (high[cell] != hi || low[cell] != lo)) {
            cell = (cell + 1) & mask;
        }
        return cell;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldSlots = slots;
        int capacity = (mask + 1) * 2;
        high = new long[capacity];
        low = new long[capacity];
        slots = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != 0) {
                int cell = find(oldHigh[i], oldLow[i]);
                high[cell] = oldHigh[i];
                low[cell] = oldLow[i];
                slots[cell] = oldSlots[i];
            }
        }
    }

    private static int hash(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The UUID when the id is exactly its canonical text, else null (so two spellings never share an entry). */
    private static UUID canonical(String caseId) {
        if (caseId.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(caseId);
            return uuid.toString().equals(caseId) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
