package uk.transferofcare.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The chains waiting to run, each keyed by when it can run ({@link Chain#wakeAt}). Of the chains that are due, one
 * waking to send a step again (a re-send after 202, a retry after 503 or a refused connection) runs before any chain
 * waking for a first send, each kind in the order it became due.
 *
 * <p>Why: on a real phone the offline queue re-sends on its own timer, whatever other officers do; the simulator
 * plays every user on a few threads, so once it falls behind its asked rate, first sends become overdue. Were re-sends
 * queued among them by due time, each would wait out the whole backlog, and the user's wait for the verdict (first
 * attempt → final answer, which the fault suite measures) would be the simulator's lateness, not the platform's. A
 * first send's own lateness delays when it is first tried, and that is not counted as the user's wait.
 */
final class ChainQueue implements Iterable<Chain> {

    private static final Comparator<Chain> ORDER = Comparator.comparingLong((Chain c) -> c.wakeAt)
            .thenComparingLong(Chain::nextSendMillis)
            .thenComparingInt(c -> c.index);

    private final PriorityQueue<Chain> again = new PriorityQueue<>(ORDER);
    private final PriorityQueue<Chain> first = new PriorityQueue<>(ORDER);

    /** Queues a chain whose {@link Chain#computeWakeAt()} has just been stored in {@link Chain#wakeAt}. */
    void add(Chain chain) {
        (chain.wakesToSendAgain() ? again : first).add(chain);
    }

    /** The chain to run at {@code now}, removed from the queue, or null when none is due. */
    Chain pollDue(long now) {
        Chain head = again.peek();
        if (head != null && head.wakeAt <= now) {
            return again.poll();
        }
        head = first.peek();
        if (head != null && head.wakeAt <= now) {
            return first.poll();
        }
        return null;
    }

    /** When the earliest queued chain can run (epoch ms); Long.MAX_VALUE when the queue is empty. */
    long nextWakeAt() {
        long at = Long.MAX_VALUE;
        if (!again.isEmpty()) {
            at = again.peek().wakeAt;
        }
        if (!first.isEmpty()) {
            at = Math.min(at, first.peek().wakeAt);
        }
        return at;
    }

    boolean isEmpty() {
        return again.isEmpty() && first.isEmpty();
    }

    @Override
    public Iterator<Chain> iterator() {
        List<Chain> all = new ArrayList<>(again.size() + first.size());
        all.addAll(again);
        all.addAll(first);
        return all.iterator();
    }
}
