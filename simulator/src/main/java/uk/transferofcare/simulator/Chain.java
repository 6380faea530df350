package uk.transferofcare.simulator;

import java.util.List;

/**
 * The steps of one case, or of a case and the case its diversion opened, in the order they are sent: a chain runs
 * one step at a time, so the platform receives a case's submissions in exactly this order.
 */
final class Chain {

    final int index;
    final List<Step> steps;
    final List<ExpectedCase> cases;
    int next;
    int attempts;
    /** Wall-clock time before which the current step is not retried (after 429, 503 or a network error). */
    long retryAtMillis;

    Chain(int index, List<Step> steps, List<ExpectedCase> cases) {
        this.index = index;
        this.steps = List.copyOf(steps);
        this.cases = List.copyOf(cases);
    }

    boolean done() {
        return next >= steps.size();
    }

    Step current() {
        return steps.get(next);
    }

    /** Ordering key of the chain's next step on the simulation clock. */
    long nextSendMillis() {
        return current().sendAt.toEpochMilli();
    }
}
