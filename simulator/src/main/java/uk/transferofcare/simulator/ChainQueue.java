package uk.transferofcare.simulator;

import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The chains waiting to run. A chain is queued under up to two keys computed by {@link Chain#computeWakeAt()}: when it
 * can send a step again that can be judged now ({@link Chain#sendAgainAt()}: a retry after a 503 or a refused
 * connection, a re-send after 202 PENDING, a held one's after its releasing submission was received) and when it can
 * send its next first send ({@link Chain#sendFirstAt()}). Of the chains that are due, one due to send again runs
 * before any due only for a first send, each kind in the order it became due (first sends then in the order of the
 * simulation clock).
 *
 * <p>Why: on a real phone the offline queue re-sends on its own timer, whatever the user or other officers do next;
 * the simulator plays every user on a few threads and, in a historic run, sends the cases' first sends in the order of
 * the simulation clock as fast as its rate allows. Were a re-send kept behind first sends, a user's wait for the
 * verdict (first attempt → final answer, which the fault suite measures) would be the simulator's schedule, not the
 * platform's: a re-send after a 202 PENDING waited for its case's last step, 1.5–2.5 minutes in the fault suite's
 * runs of 2026-12-06.
 */
final class ChainQueue implements Iterable<Chain> {

    private final PriorityQueue<Chain> again = new PriorityQueue<>(Comparator.comparingLong(Chain::sendAgainAt)
            .thenComparingLong(Chain::nextSendMillis)
            .thenComparingInt(c -> c.index));
    private final PriorityQueue<Chain> first = new PriorityQueue<>(Comparator.comparingLong(Chain::sendFirstAt)
            .thenComparingLong(Chain::nextSendMillis)
            .thenComparingInt(c -> c.index));

    /** Queues a chain whose {@link Chain#computeWakeAt()} has just been called (its keys must not change while queued). */
    void add(Chain chain) {
        if (chain.sendAgainAt() != Long.MAX_VALUE) {
            again.add(chain);
        }
        if (chain.sendFirstAt() != Long.MAX_VALUE || chain.sendAgainAt() == Long.MAX_VALUE) {
            first.add(chain); // a chain with nothing to send stays accounted for (never due)
        }
    }

    /** The chain to run at {@code now}, removed from the queue under both its keys, or null when none is due. */
    Chain pollDue(long now) {
        Chain head = again.peek();
        if (head != null && head.sendAgainAt() <= now) {
            again.poll();
            first.remove(head);
            return head;
        }
        head = first.peek();
        if (head != null && head.sendFirstAt() <= now) {
            first.poll();
            again.remove(head);
            return head;
        }
        return null;
    }

    /** When the earliest queued chain can run (epoch ms); Long.MAX_VALUE when none can. */
    long nextWakeAt() {
        long at = Long.MAX_VALUE;
        if (!again.isEmpty()) {
            at = again.peek().sendAgainAt();
        }
        if (!first.isEmpty()) {
            at = Math.min(at, first.peek().sendFirstAt());
        }
        return at;
    }

    boolean isEmpty() {
        return again.isEmpty() && first.isEmpty();
    }

    /** Every queued chain once. */
    @Override
    public Iterator<Chain> iterator() {
        Set<Chain> all = Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(again);
        all.addAll(first);
        return all.iterator();
    }
}
