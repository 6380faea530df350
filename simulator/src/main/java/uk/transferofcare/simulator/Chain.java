package uk.transferofcare.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The steps of one case, or of a case and the case its diversion opened, in the order they are sent. A chain has one
 * request in flight at a time and sends each step only after the previous one was answered (201, 200, 202 or a
 * refusal), so the platform receives a case's submissions in exactly this order. A step answered 202 (HELD or
 * PENDING) no longer holds the chain back: it waits in {@link #awaiting} and is sent again, same eventId and body,
 * until its verdict comes.
 */
final class Chain {

    final int index;
    final List<Step> steps;
    final List<ExpectedCase> cases;
    /** The next step to send for the first time. */
    int next;
    /** Steps answered 202 whose verdict has not come yet. */
    final List<Step> awaiting = new ArrayList<>();
    /** When the chain can run next (epoch ms): its key in the runner's queue, set while it is not in the queue. */
    long wakeAt;

    private boolean sendAgain;

    private final Set<ExpectedCase.Expectation> received = Collections.newSetFromMap(new IdentityHashMap<>());

    Chain(int index, List<Step> steps, List<ExpectedCase> cases) {
        this.index = index;
        this.steps = List.copyOf(steps);
        this.cases = List.copyOf(cases);
        for (int i = 0; i < this.steps.size(); i++) {
            this.steps.get(i).chain = index;
            this.steps.get(i).position = i;
        }
    }

    boolean done() {
        return next >= steps.size() && awaiting.isEmpty();
    }

    /** The next step to send for the first time, or null. */
    Step fresh() {
        return next < steps.size() ? steps.get(next) : null;
    }

    /**
     * True when the next step cannot be sent and nothing awaited can change that: its case is one a diversion was to
     * open, and the diversion's answer never named it.
     */
    boolean blocked() {
        Step fresh = fresh();
        return fresh != null && fresh.target.caseId() == null && awaiting.isEmpty();
    }

    /** Whether the platform has received the submission with this expectation (its first send was answered). */
    boolean received(ExpectedCase.Expectation expectation) {
        return received.contains(expectation);
    }

    /**
     * Records that the platform received the step; held steps it releases are sent again at once, since their
     * verdict is now known.
     */
    void markReceived(Step step) {
        step.received = true;
        received.add(step.expected);
        for (Step waiting : awaiting) {
            if (waiting.expected.releasedBy() == step.expected) {
                waiting.retryAtMillis = 0;
            }
        }
    }

    /**
     * What to send now: the next fresh step when it is due and its case id is known, else an awaited step whose
     * re-send is due. While a fresh step is being retried after a transient failure, only it is sent (the platform
     * may have received it).
     */
    Step pick(long now) {
        Step fresh = fresh();
        if (fresh != null && fresh.target.caseId() != null && Math.max(fresh.dueMillis, fresh.retryAtMillis) <= now) {
            return fresh;
        }
        if (fresh != null && fresh.attempts > 0) {
            return null;
        }
        Step earliest = null;
        for (Step waiting : awaiting) {
            if (waiting.retryAtMillis <= now && (earliest == null || waiting.retryAtMillis < earliest.retryAtMillis)) {
                earliest = waiting;
            }
        }
        return earliest;
    }

    /**
     * When {@link #pick} will have something (epoch ms), Long.MAX_VALUE when nothing (see {@link #blocked}); also
     * records whether that something is a step tried before ({@link #wakesToSendAgain}).
     */
    long computeWakeAt() {
        long at = Long.MAX_VALUE;
        sendAgain = false;
        Step fresh = fresh();
        if (fresh != null && fresh.target.caseId() != null) {
            at = Math.max(fresh.dueMillis, fresh.retryAtMillis);
        }
        if (fresh != null && fresh.attempts > 0) {
            sendAgain = fresh.target.caseId() != null;
            return at;
        }
        for (Step waiting : awaiting) {
            if (waiting.retryAtMillis < at) {
                at = waiting.retryAtMillis;
                sendAgain = true;
            }
        }
        return at;
    }

    /**
     * Whether the chain wakes at {@link #wakeAt} to send a step that was tried before: a re-send after 202, or a retry
     * of a first send after a transient failure (as of the last {@link #computeWakeAt}).
     */
    boolean wakesToSendAgain() {
        return sendAgain;
    }

    /** Ordering key of the chain's next fresh step on the simulation clock (its last step once all were sent). */
    long nextSendMillis() {
        Step fresh = fresh();
        return (fresh != null ? fresh : steps.get(steps.size() - 1)).sendAt.toEpochMilli();
    }
}
