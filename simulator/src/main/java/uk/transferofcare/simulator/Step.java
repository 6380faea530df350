package uk.transferofcare.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One submission a chain sends, with what the simulator expects of it and, once the run is under way, how its sends
 * went. A step is sent once, then, after a 202 (HELD or PENDING), again with the same eventId and body until its
 * verdict comes.
 */
final class Step {

    /** When the device sends it, on the simulation's clock. */
    final Instant sendAt;
    /** When it is due on the wall clock (epoch ms); 0 = as soon as possible (a backfill). */
    final long dueMillis;

    final Submission submission;
    /** The case it is for: its id is the path's (known at run time only for the case a diversion opens). */
    final ExpectedCase target;
    /** The same eventId sent again (a client retry, an offline queue resending): gets the first verdict again. */
    final boolean resend;
    /** Why the simulator sends something it expects the platform to refuse or ignore; null for ordinary steps. */
    final String intent;
    /** The stress scenario it belongs to, or null. */
    final CaseGenerator.Scenario scenario;

    ExpectedCase.Expectation expected;
    /** Its chain's index and its position in the chain (the order the platform receives the chain's steps). */
    int chain;

    int position;

    // How the run went: read and written only by the worker that holds the chain.

    /** Transient failures (429, 503, 5xx, network) of the current send. */
    int attempts;
    /** Not before (epoch ms): the retry after a transient failure, or the next re-send after a 202. */
    long retryAtMillis;
    /** The platform has it: its first send was answered (201, 200, 202 or a refusal). */
    boolean received;
    /** Sends after the first answer. */
    int resends;
    /** When PENDING answers started (epoch ms), 0 when the last answer was not PENDING. */
    long pendingSinceMillis;

    /** The first attempt to send it, answered or not (a 503 or a refused connection counts): the user's wait starts. */
    Instant firstAttemptAt;
    /** The platform answered (any answer the runner acted on, the last one is the verdict); null until then. */
    Instant answeredAt;
    /** It was answered HELD at least once: it waited for another submission, not for the platform. */
    boolean held;

    Instant firstSentAt;
    /** When the first answer that was not a transient failure came (the end of the request sent at firstSentAt). */
    Instant firstAnsweredAt;

    int firstStatus;
    String firstAnswer;

    /**
     * Every request sent for this step, in order (at most {@link #MAX_TRIES}): when it became due (none for a step due at
     * once, or a held one released by another submission's answer, due at that answer), when it was sent,
     * how long it took and its HTTP status (-1 for a timeout, -2 for a refused or broken connection). Where a user's
     * wait went: the simulator's scheduling (due → sent) or the platform (sent → answered).
     */
    final List<Try> tries = new ArrayList<>();

    static final int MAX_TRIES = 50;

    record Try(long dueMillis, Instant sentAt, long millis, int status) {}

    void tried(long dueMillis, Instant sentAt, int status) {
        if (tries.size() < MAX_TRIES) {
            tries.add(new Try(
                    dueMillis, sentAt, Math.max(0, System.currentTimeMillis() - sentAt.toEpochMilli()), status));
        }
    }

    Step(
            Instant sendAt,
            long dueMillis,
            Submission submission,
            ExpectedCase target,
            boolean resend,
            String intent,
            CaseGenerator.Scenario scenario) {
        this.sendAt = sendAt;
        this.dueMillis = dueMillis;
        this.submission = submission;
        this.target = target;
        this.resend = resend;
        this.intent = intent;
        this.scenario = scenario;
    }
}
