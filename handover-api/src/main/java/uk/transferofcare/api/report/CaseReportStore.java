package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every case the reports know, in memory, built for reports over millions of cases.
 *
 * <p><b>Layout.</b> One slot per case in columnar primitive arrays (report day as an epoch day, site and division as
 * dictionary ids, outcome, the four intervals and officer-seconds as longs with -1 for "not known"). A report scans
 * the columns sequentially; blocks of {@value #BLOCK_SIZE} slots keep the smallest and largest report day they hold
 * (a zone map), so blocks outside the requested range are skipped without reading them. Slots are filled in the order
 * records arrive, which is roughly chronological, so the zone maps prune well.
 *
 * <p><b>Updates.</b> {@code handover-completed} is compacted: the latest record of a case is the truth. A record for a
 * known case replaces the case's slot in place (a correction of a closed case, an ENTERED_IN_ERROR re-emission); a
 * record with a lower version than the one held is stale and ignored. Open cases come from {@code handover-state}
 * snapshots with {@code open = true} and only ever fill a slot with a higher version, so a late snapshot cannot reopen
 * a closed case; snapshots of closed cases are ignored (the completed record carries the numbers). A null value (a
 * tombstone) on either topic forgets the case. ENTERED_IN_ERROR cases stay in the store (their version still matters)
 * but are in no report.
 *
 * <p><b>Concurrency.</b> A read-write lock: updates (a consumer thread, in batches) take the write lock; a report
 * takes the read lock only to scan, then sorts and summarises outside it.
 */
final class CaseReportStore {

    static final int BLOCK_SHIFT = 12;
    static final int BLOCK_SIZE = 1 << BLOCK_SHIFT;

    /** The terminal outcomes every report lists, in this order, even when zero. */
    static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");

    static final int[] WITHIN_MINUTES = {15, 30, 45, 60};

    private static final byte FREE = 0;
    private static final byte OPEN = 1;
    private static final byte CLOSED = 2;
    private static final byte VOID = 3;
    private static final long UNKNOWN = -1;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final CaseIdIndex index = new CaseIdIndex();
    private final CodeDictionary sites = new CodeDictionary();
    private final CodeDictionary divisions = new CodeDictionary();
    private final CodeDictionary outcomes = new CodeDictionary();

    private int used;
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int openCount;
    private int closedCount;
    private int voidCount;

    private byte[] status = new byte[0];
    private long[] version = new long[0];
    private int[] day = new int[0];
    private short[] site = new short[0];
    private short[] division = new short[0];
    private byte[] outcome = new byte[0];
    private boolean[] complete = new boolean[0];
    private long[] arrivalToAck = new long[0];
    private long[] handover = new long[0];
    private long[] handoverToClear = new long[0];
    private long[] timeAtEd = new long[0];
    private long[] officerSeconds = new long[0];
    private int[] blockMin = new int[0];
    private int[] blockMax = new int[0];

    CaseReportStore() {
        OUTCOMES.forEach(outcomes::idOf);
        outcomes.idOf(ClosedCase.ENTERED_IN_ERROR);
    }

    // ---------------------------------------------------------------------------------------------
    // Updates

    /** The latest {@code handover-completed} record of a case. */
    void closed(ClosedCase record) {
        lock.writeLock().lock();
        try {
            applyClosed(record);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A {@code handover-state} snapshot of a case that is still open. */
    void open(OpenCase record) {
        lock.writeLock().lock();
        try {
            applyOpen(record);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A batch of updates under one lock: each element a {@link ClosedCase}, {@link OpenCase} or {@link Forget}. */
    void apply(List<?> updates) {
        lock.writeLock().lock();
        try {
            for (Object update : updates) {
                if (update instanceof ClosedCase closed) {
                    applyClosed(closed);
                } else if (update instanceof OpenCase open) {
                    applyOpen(open);
                } else if (update instanceof Forget forget) {
                    applyForget(forget);
                } else {
                    throw new IllegalArgumentException("not a report update: " + update);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A tombstone (null value) on {@code handover-completed} or {@code handover-state}. */
    void forget(Forget forget) {
        lock.writeLock().lock();
        try {
            applyForget(forget);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A tombstone for a case: from {@code handover-completed} it forgets a closed or void case, from {@code
     * handover-state} an open one (a tombstone on one topic does not erase what the other topic says).
     */
    record Forget(String caseId, boolean closedCase) {}

    private void applyClosed(ClosedCase record) {
        int slot = index.get(record.caseId());
        if (slot >= 0 && record.version() < version[slot]) {
            return;
        }
        if (slot < 0) {
            slot = allocate();
            index.put(record.caseId(), slot);
        } else {
            uncount(slot);
        }
        byte newStatus = record.isVoid() ? VOID : CLOSED;
        status[slot] = newStatus;
        version[slot] = record.version();
        setDay(slot, (int) record.reportDay().toEpochDay());
        site[slot] = (short) sites.idOf(record.siteCode());
        division[slot] = divisionId(record.division());
        outcome[slot] = (byte) outcomes.idOf(record.outcome());
        complete[slot] = record.complete();
        arrivalToAck[slot] = orUnknown(record.arrivalToAcknowledgedSeconds());
        handover[slot] = orUnknown(record.handoverSeconds());
        handoverToClear[slot] = orUnknown(record.handoverToClearSeconds());
        timeAtEd[slot] = orUnknown(record.timeAtEdSeconds());
        officerSeconds[slot] = orUnknown(record.officerSeconds());
        if (newStatus == VOID) {
            voidCount++;
        } else {
            closedCount++;
        }
    }

    private void applyOpen(OpenCase record) {
        int slot = index.get(record.caseId());
        if (slot >= 0 && record.version() <= version[slot] && status[slot] != OPEN) {
            return; // never reopen what a completed record closed at this version or later
        }
        if (slot >= 0 && record.version() < version[slot]) {
            return;
        }
        if (slot < 0) {
            slot = allocate();
            index.put(record.caseId(), slot);
        } else {
            uncount(slot);
        }
        status[slot] = OPEN;
        version[slot] = record.version();
        setDay(slot, (int) record.reportDay().toEpochDay());
        site[slot] = (short) sites.idOf(record.siteCode());
        division[slot] = divisionId(record.division());
        outcome[slot] = -1;
        complete[slot] = false;
        arrivalToAck[slot] = UNKNOWN;
        handover[slot] = UNKNOWN;
        handoverToClear[slot] = UNKNOWN;
        timeAtEd[slot] = UNKNOWN;
        officerSeconds[slot] = UNKNOWN;
        openCount++;
    }

    private void applyForget(Forget forget) {
        int slot = index.get(forget.caseId());
        if (slot < 0) {
            return;
        }
        boolean held = forget.closedCase() ? status[slot] == CLOSED || status[slot] == VOID : status[slot] == OPEN;
        if (!held) {
            return;
        }
        index.remove(forget.caseId());
        uncount(slot);
        status[slot] = FREE;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    private void uncount(int slot) {
        switch (status[slot]) {
            case OPEN -> openCount--;
            case CLOSED -> closedCount--;
            case VOID -> voidCount--;
            default -> {}
        }
    }

    private short divisionId(String code) {
        return code == null ? -1 : (short) divisions.idOf(code);
    }

    private static long orUnknown(Long value) {
        return value == null ? UNKNOWN : value;
    }

    private void setDay(int slot, int epochDay) {
        day[slot] = epochDay;
        int block = slot >>> BLOCK_SHIFT;
        blockMin[block] = Math.min(blockMin[block], epochDay);
        blockMax[block] = Math.max(blockMax[block], epochDay);
    }

    private int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (used == status.length) {
            int capacity = Math.max(BLOCK_SIZE, status.length + (status.length >> 1));
            status = Arrays.copyOf(status, capacity);
            version = Arrays.copyOf(version, capacity);
            day = Arrays.copyOf(day, capacity);
            site = Arrays.copyOf(site, capacity);
            division = Arrays.copyOf(division, capacity);
            outcome = Arrays.copyOf(outcome, capacity);
            complete = Arrays.copyOf(complete, capacity);
            arrivalToAck = Arrays.copyOf(arrivalToAck, capacity);
            handover = Arrays.copyOf(handover, capacity);
            handoverToClear = Arrays.copyOf(handoverToClear, capacity);
            timeAtEd = Arrays.copyOf(timeAtEd, capacity);
            officerSeconds = Arrays.copyOf(officerSeconds, capacity);
            int blocks = (capacity + BLOCK_SIZE - 1) >>> BLOCK_SHIFT;
            int oldBlocks = blockMin.length;
            blockMin = Arrays.copyOf(blockMin, blocks);
            blockMax = Arrays.copyOf(blockMax, blocks);
            Arrays.fill(blockMin, oldBlocks, blocks, Integer.MAX_VALUE);
            Arrays.fill(blockMax, oldBlocks, blocks, Integer.MIN_VALUE);
        }
        return used++;
    }

    /** How many cases the store holds: open, closed and entered in error. */
    Counts counts() {
        lock.readLock().lock();
        try {
            return new Counts(openCount, closedCount, voidCount);
        } finally {
            lock.readLock().unlock();
        }
    }

    record Counts(int open, int closed, int enteredInError) {}

    // ---------------------------------------------------------------------------------------------
    // Reports

    HandoverTimesReport report(ReportQuery query) {
        int from = (int) query.from().toEpochDay();
        int to = (int) query.to().toEpochDay();
        Grouping grouping;
        List<Accumulator> groups;
        lock.readLock().lock();
        try {
            grouping = new Grouping(query.groupBy(), query.from(), from, to);
            groups = scan(from, to, query.siteCode(), query.division(), grouping);
        } finally {
            lock.readLock().unlock();
        }
        List<GroupReport> reports = new ArrayList<>(groups.size());
        for (Accumulator group : groups) {
            reports.add(group.report());
        }
        if (!query.groupBy().isTime()) {
            reports.sort(Comparator.comparing(GroupReport::key));
        }
        return new HandoverTimesReport(
                query.from(),
                query.to(),
                query.groupBy().parameterValue(),
                query.siteCode(),
                query.division(),
                reports);
    }

    HandoverTimeDistribution distribution(DistributionQuery query) {
        int from = (int) query.from().toEpochDay();
        int to = (int) query.to().toEpochDay();
        int bins = query.maxMinutes() / query.binMinutes();
        long binSeconds = query.binMinutes() * 60L;
        long maxSeconds = query.maxMinutes() * 60L;
        long[] counts = new long[bins];
        long over = 0;
        long total = 0;
        lock.readLock().lock();
        try {
            int siteFilter = filterId(sites, query.siteCode());
            int divisionFilter = filterId(divisions, query.division());
            if (siteFilter != NO_MATCH && divisionFilter != NO_MATCH) {
                for (int block = 0; block << BLOCK_SHIFT < used; block++) {
                    if (blockMax[block] < from || blockMin[block] >= to) {
                        continue;
                    }
                    int end = Math.min(used, (block + 1) << BLOCK_SHIFT);
                    for (int i = block << BLOCK_SHIFT; i < end; i++) {
                        if (status[i] != CLOSED
                                || day[i] < from
                                || day[i] >= to
                                || (siteFilter >= 0 && site[i] != siteFilter)
                                || (divisionFilter >= 0 && division[i] != divisionFilter)) {
                            continue;
                        }
                        long seconds = handover[i];
                        if (seconds < 0) {
                            continue;
                        }
                        total++;
                        if (seconds > maxSeconds) {
                            over++;
                        } else {
                            // (k·bin, (k+1)·bin] is bin k; 0 belongs to the first bin.
                            counts[seconds == 0 ? 0 : (int) ((seconds - 1) / binSeconds)]++;
                        }
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<HandoverTimeDistribution.Bin> list = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            list.add(new HandoverTimeDistribution.Bin(k * query.binMinutes(), (k + 1) * query.binMinutes(), counts[k]));
        }
        return new HandoverTimeDistribution(
                query.from(),
                query.to(),
                query.siteCode(),
                query.division(),
                query.binMinutes(),
                query.maxMinutes(),
                total,
                list,
                over);
    }

    private static final int NO_FILTER = -1;
    private static final int NO_MATCH = -2;

    private static int filterId(CodeDictionary dictionary, String code) {
        if (code == null) {
            return NO_FILTER;
        }
        int id = dictionary.find(code);
        return id < 0 ? NO_MATCH : id;
    }

    /** Reads the matching slots into per-group accumulators. Called under the read lock. */
    private List<Accumulator> scan(int from, int to, String siteCode, String divisionCode, Grouping grouping) {
        int siteFilter = filterId(sites, siteCode);
        int divisionFilter = filterId(divisions, divisionCode);
        if (siteFilter == NO_MATCH || divisionFilter == NO_MATCH) {
            return grouping.groups();
        }
        for (int block = 0; block << BLOCK_SHIFT < used; block++) {
            if (blockMax[block] < from || blockMin[block] >= to) {
                continue;
            }
            int end = Math.min(used, (block + 1) << BLOCK_SHIFT);
            for (int i = block << BLOCK_SHIFT; i < end; i++) {
                byte st = status[i];
                int d = day[i];
                if ((st != OPEN && st != CLOSED)
                        || d < from
                        || d >= to
                        || (siteFilter >= 0 && site[i] != siteFilter)
                        || (divisionFilter >= 0 && division[i] != divisionFilter)) {
                    continue;
                }
                Accumulator group = grouping.groupOf(d, site[i], division[i]);
                group.cases++;
                if (st == OPEN) {
                    group.open++;
                } else {
                    group.addClosed(i);
                }
            }
        }
        return grouping.groups();
    }

    /** Maps a slot to its group: a table by day for time groupings, by code id for sites and divisions. */
    private final class Grouping {
        private final GroupBy groupBy;
        private final int from;
        private final int[] groupOfDay;
        private int[] groupOfCode = new int[0];
        private final List<Accumulator> groups = new ArrayList<>();

        Grouping(GroupBy groupBy, LocalDate start, int from, int to) {
            this.groupBy = groupBy;
            this.from = from;
            if (groupBy.isTime()) {
                groupOfDay = new int[to - from];
                String previous = null;
                for (int d = from; d < to; d++) {
                    String key = groupBy.keyOf(start.plusDays(d - from));
                    if (!key.equals(previous)) {
                        groups.add(new Accumulator(key));
                        previous = key;
                    }
                    groupOfDay[d - from] = groups.size() - 1;
                }
            } else {
                groupOfDay = null;
            }
        }

        Accumulator groupOf(int epochDay, short siteId, short divisionId) {
            return switch (groupBy) {
                case SITE -> byCode(siteId, sites.code(siteId));
                case DIVISION ->
                    divisionId < 0
                            ? byCode(divisions.size(), GroupBy.UNKNOWN_DIVISION)
                            : byCode(divisionId, divisions.code(divisionId));
                default -> groups.get(groupOfDay[epochDay - from]);
            };
        }

        private Accumulator byCode(int id, String key) {
            if (id >= groupOfCode.length) {
                int old = groupOfCode.length;
                groupOfCode = Arrays.copyOf(groupOfCode, Math.max(id + 1, old * 2));
                Arrays.fill(groupOfCode, old, groupOfCode.length, -1);
            }
            int g = groupOfCode[id];
            if (g < 0) {
                g = groups.size();
                groups.add(new Accumulator(key));
                groupOfCode[id] = g;
            }
            return groups.get(g);
        }

        List<Accumulator> groups() {
            return groups;
        }
    }

    /** One group's counters and the values its summaries need. Filled under the read lock, summarised outside. */
    private final class Accumulator {
        final String key;
        long cases;
        long open;
        long complete;
        final long[] outcomeCounts = new long[Math.max(outcomes.size(), 1)];
        final Values arrivalToAcknowledged = new Values();
        final Values handoverTime = new Values();
        final Values handoverToClear = new Values();
        final Values timeAtEd = new Values();
        final long[] within = new long[WITHIN_MINUTES.length];
        long over60;
        long lostBeyond15;
        long lostBeyond60;
        long officerSecondsSum;

        Accumulator(String key) {
            this.key = key;
        }

        void addClosed(int i) {
            outcomeCounts[outcome[i]]++;
            if (CaseReportStore.this.complete[i]) {
                complete++;
            }
            arrivalToAcknowledged.add(arrivalToAck[i]);
            handoverToClear.add(CaseReportStore.this.handoverToClear[i]);
            timeAtEd.add(CaseReportStore.this.timeAtEd[i]);
            long h = handover[i];
            if (h >= 0) {
                handoverTime.add(h);
                for (int m = 0; m < WITHIN_MINUTES.length; m++) {
                    if (h <= WITHIN_MINUTES[m] * 60L) {
                        within[m]++;
                    }
                }
                if (h > 3600) {
                    over60++;
                }
                lostBeyond15 += Math.max(0, h - 900);
                lostBeyond60 += Math.max(0, h - 3600);
            }
            if (officerSeconds[i] >= 0) {
                officerSecondsSum += officerSeconds[i];
            }
        }

        GroupReport report() {
            Map<String, Long> byOutcome = new LinkedHashMap<>();
            for (String name : OUTCOMES) {
                byOutcome.put(name, outcomeCounts[outcomes.find(name)]);
            }
            for (int id = 0; id < outcomeCounts.length; id++) {
                String name = outcomes.code(id);
                if (outcomeCounts[id] > 0 && !byOutcome.containsKey(name)) {
                    byOutcome.put(name, outcomeCounts[id]);
                }
            }
            Map<String, Long> withinMap = new LinkedHashMap<>();
            for (int m = 0; m < WITHIN_MINUTES.length; m++) {
                withinMap.put(Integer.toString(WITHIN_MINUTES[m]), within[m]);
            }
            return new GroupReport(
                    key,
                    cases,
                    open,
                    byOutcome,
                    complete,
                    arrivalToAcknowledged.summary(),
                    handoverTime.summary(),
                    handoverToClear.summary(),
                    timeAtEd.summary(),
                    withinMap,
                    over60,
                    hours(lostBeyond15),
                    hours(lostBeyond60),
                    hours(officerSecondsSum));
        }
    }

    static BigDecimal hours(long seconds) {
        return BigDecimal.valueOf(seconds).divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
    }

    /** A growable array of the known (non-negative) values of one interval. */
    private static final class Values {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (value < 0) {
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        Summary summary() {
            return Summary.of(values, size);
        }
    }
}
