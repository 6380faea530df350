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

    private long sendAgainAt = Long.MAX_VALUE;
    private long sendFirstAt = Long.MAX_VALUE;

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
     * What to send now, in this order: while a fresh step is being retried after a transient failure, only it (the
     * platform may have received it); else an awaited step whose re-send is due and whose verdict can come now (a
     * PENDING one, or a HELD one whose releasing submission was received), as a phone's offline queue re-sends on its
     * own timer before the user's next submission; else the next fresh step when it is due and its case id is known;
     * else a held step whose re-send is due though its releasing submission has not been received (it is sent after
     * the fresh step that may release it).
     */
    Step pick(long now) {
        Step fresh = fresh();
        boolean freshDue =
                fresh != null && fresh.target.caseId() != null && Math.max(fresh.dueMillis, fresh.retryAtMillis) <= now;
        if (fresh != null && fresh.attempts > 0) {
            return freshDue ? fresh : null;
        }
        Step again = earliestDue(now, true);
        if (again != null) {
            return again;
        }
        if (freshDue) {
            return fresh;
        }
        return earliestDue(now, false);
    }

    private Step earliestDue(long now, boolean canBeJudged) {
        Step earliest = null;
        for (Step waiting : awaiting) {
            if (waiting.retryAtMillis <= now
                    && canBeJudgedNow(waiting) == canBeJudged
                    && (earliest == null || waiting.retryAtMillis < earliest.retryAtMillis)) {
                earliest = waiting;
            }
        }
        return earliest;
    }

    /** An awaited step whose re-send can get its verdict: not held, or its releasing submission was received. */
    private boolean canBeJudgedNow(Step waiting) {
        ExpectedCase.Expectation releasedBy = waiting.expected.releasedBy();
        return releasedBy == null || received(releasedBy);
    }

    /**
     * Computes the chain's two keys in the runner's queue, {@link #sendAgainAt} (a retry or a re-send that can be
     * judged now, see {@link #pick}) and {@link #sendFirstAt} (the next fresh step, or a held re-send that waits for
     * it); Long.MAX_VALUE where nothing is due (see {@link #blocked}).
     */
    void computeWakeAt() {
        sendAgainAt = Long.MAX_VALUE;
        sendFirstAt = Long.MAX_VALUE;
        Step fresh = fresh();
        long freshAt = fresh != null && fresh.target.caseId() != null
                ? Math.max(fresh.dueMillis, fresh.retryAtMillis)
                : Long.MAX_VALUE;
        if (fresh != null && fresh.attempts > 0) {
            sendAgainAt = freshAt;
            return;
        }
        sendFirstAt = freshAt;
        for (Step waiting : awaiting) {
            if (canBeJudgedNow(waiting)) {
                sendAgainAt = Math.min(sendAgainAt, waiting.retryAtMillis);
            } else {
                sendFirstAt = Math.min(sendFirstAt, waiting.retryAtMillis);
            }
        }
    }

    /** When the chain can send a step again that can be judged now (epoch ms), as of {@link #computeWakeAt}. */
    long sendAgainAt() {
        return sendAgainAt;
    }

    /** When the chain can send a first send (or a held re-send that waits for one), as of {@link #computeWakeAt}. */
    long sendFirstAt() {
        return sendFirstAt;
    }

    /** Ordering key of the chain's next fresh step on the simulation clock (its last step once all were sent). */
    long nextSendMillis() {
        Step fresh = fresh();
        return (fresh != null ? fresh : steps.get(steps.size() - 1)).sendAt.toEpochMilli();
    }
}
