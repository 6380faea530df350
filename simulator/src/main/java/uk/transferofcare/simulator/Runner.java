package uk.transferofcare.simulator;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the chains against the API with a few worker threads. A chain has one request in flight at a time and sends
 * each step only after the previous one was answered, so the platform receives each case's submissions in the
 * chain's order; different chains run concurrently. The chain to run next is the one whose next send is due
 * earliest, then earliest on the simulation clock, so a backfill replays history roughly in order, and live steps
 * wait for their moment on the wall clock.
 *
 * <p>Answers, as issue 9's contract gives them: 201, 200 and every 4xx but 401, 408 and 429 are final, and each is
 * compared with the oracle's expectation (status, and the rule of a refusal or duplicate, and the HTTP code the
 * contract gives it); any difference is unexpected. A 202 is not final: HELD must be expected by the oracle too, and
 * the step is sent again (same eventId, same body) with a back-off, and at once when the submission that releases it
 * has been received, until its verdict comes; PENDING (no verdict within the API's wait) is sent again the same way,
 * for at most {@value #NO_VERDICT_LIMIT_MILLIS} ms. A 202 does not hold the chain back: the next step is sent after
 * it. 429, 503, 408, other 5xx (500 is PROCESSING_FAILED) and network errors are retried after {@code Retry-After}
 * with the same eventId, {@value #MAX_ATTEMPTS} times at most.
 */
final class Runner {

    private static final int MAX_ATTEMPTS = 30;
    private static final long NO_VERDICT_LIMIT_MILLIS = 120_000;

    /**
     * How long the runner waits before sending again: after a network error or timeout ({@code networkMillis}), a
     * refused token ({@code tokenMillis}), a 429/503/408/5xx without Retry-After ({@code busyMillis}) and the floor
     * under a Retry-After ({@code retryAfterFloorMillis}); after a 202 the first re-send waits {@code resendFirstMillis},
     * doubling with each re-send up to {@code heldResendMaxMillis} (HELD) or {@code pendingResendMaxMillis} (PENDING).
     * {@link #PRODUCTION} against a real platform; tests against a stand-in may shorten them.
     */
    record Delays(
            long networkMillis,
            long tokenMillis,
            long busyMillis,
            long retryAfterFloorMillis,
            long resendFirstMillis,
            long heldResendMaxMillis,
            long pendingResendMaxMillis) {

        static final Delays PRODUCTION = new Delays(1000, 200, 1000, 200, 250, 5_000, 2_000);
    }

    private final ApiClient api;
    private final ChainSource source;
    private final TruthLog truth;
    private final Progress progress;
    private final RateLimit rate;
    private final int concurrency;
    private final long deadlineMillis;
    private final Delays delays;

    private final Object lock = new Object();
    private final ChainQueue queue = new ChainQueue();
    private final List<Chain> inFlight = new ArrayList<>();
    private volatile boolean stopping;
    private int finishedChains;
    private final List<ExpectedCase> finishedCases = new ArrayList<>();

    Runner(
            ApiClient api,
            ChainSource source,
            TruthLog truth,
            Progress progress,
            RateLimit rate,
            int concurrency,
            long deadlineMillis) {
        this(api, source, truth, progress, rate, concurrency, deadlineMillis, Delays.PRODUCTION);
    }

    Runner(
            ApiClient api,
            ChainSource source,
            TruthLog truth,
            Progress progress,
            RateLimit rate,
            int concurrency,
            long deadlineMillis,
            Delays delays) {
        this.delays = delays;
        this.api = api;
        this.source = source;
        this.truth = truth;
        this.progress = progress;
        this.rate = rate;
        this.concurrency = concurrency;
        this.deadlineMillis = deadlineMillis;
    }

    /** Runs until every chain is done, the deadline passes or {@link #stop()} is called; returns unfinished cases. */
    List<ExpectedCase> run() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread worker = new Thread(this::work, "simulator-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        List<ExpectedCase> unfinished = new ArrayList<>();
        synchronized (lock) {
            for (Chain chain : queue) {
                unfinished.addAll(chain.cases);
            }
            for (Chain chain : inFlight) {
                unfinished.addAll(chain.cases);
            }
        }
        return unfinished;
    }

    void stop() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    int finishedChains() {
        synchronized (lock) {
            return finishedChains;
        }
    }

    /** Every case whose chain ran to its end. */
    List<ExpectedCase> finishedCases() {
        synchronized (lock) {
            return List.copyOf(finishedCases);
        }
    }

    private void work() {
        try {
            while (true) {
                Chain chain = take();
                if (chain == null) {
                    return;
                }
                try {
                    Step step = chain.pick(System.currentTimeMillis());
                    if (step != null) {
                        submit(chain, step);
                    }
                } catch (RuntimeException e) {
                    progress.unexpected.incrementAndGet();
                    System.err.println("\nsimulator: " + e);
                    abandon(chain);
                }
                release(chain);
                progress.tick(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Chain take() throws InterruptedException {
        synchronized (lock) {
            while (true) {
                if (stopping) {
                    return null;
                }
                long now = System.currentTimeMillis();
                if (deadlineMillis > 0 && now >= deadlineMillis) {
                    stopping = true;
                    lock.notifyAll();
                    return null;
                }
                admit();
                if (queue.isEmpty()) {
                    if (inFlight.isEmpty() && source.peekArrival() == null) {
                        lock.notifyAll();
                        return null;
                    }
                    lock.wait(200);
                    continue;
                }
                Chain chain = queue.pollDue(now);
                if (chain == null) {
                    lock.wait(Math.max(1, Math.min(queue.nextWakeAt() - now, 200)));
                    continue;
                }
                inFlight.add(chain);
                return chain;
            }
        }
    }

    /**
     * Brings in the next cases while they start within an hour of the earliest pending step on the simulation clock
     * (of any queued chain: the next to run may be a chain re-sending a held submission
     * whose next step is a correction days later).
     */
    private void admit() {
        long earliest = Long.MAX_VALUE;
        for (Chain chain : queue) {
            earliest = Math.min(earliest, chain.nextSendMillis());
        }
        while (true) {
            Instant arrival = source.peekArrival();
            if (arrival == null) {
                return;
            }
            if (earliest != Long.MAX_VALUE && arrival.toEpochMilli() > earliest + 3_600_000L) {
                return;
            }
            Chain chain = source.next();
            if (!chain.steps.isEmpty()) {
                chain.computeWakeAt();
                queue.add(chain);
                earliest = Math.min(earliest, chain.nextSendMillis());
            }
        }
    }

    private void release(Chain chain) {
        synchronized (lock) {
            inFlight.remove(chain);
            while (chain.blocked()) {
                Step step = chain.fresh();
                chain.next++;
                unexpected(step, null, "not sent: the DIVERTED's answer never named the case it opened");
            }
            if (chain.done()) {
                finishedChains++;
                for (ExpectedCase c : chain.cases) {
                    truth.expectedCase(c);
                    finishedCases.add(c);
                }
                progress.casesDone.incrementAndGet(); // a diverted case and the case it opened count once
            } else {
                chain.computeWakeAt();
                queue.add(chain);
            }
            lock.notifyAll();
        }
    }

    /** After a failure of the simulator itself: the chain's remaining steps are not sent. */
    private void abandon(Chain chain) {
        chain.next = chain.steps.size();
        chain.awaiting.clear();
    }

    private void submit(Chain chain, Step step) throws InterruptedException {
        Submission s = step.submission;
        boolean first = !step.received;
        ExpectedCase.Judgement expected = step.expected.now(chain::received);
        // When it became due: the first send's time, a retry's or re-send's; unknown (-1) for a held one released
        // by another submission's answer (sent at once, see Chain.markReceived).
        long dueMillis = step.firstAttemptAt == null && step.retryAtMillis == 0
                ? step.dueMillis
                : step.retryAtMillis > 0 ? step.retryAtMillis : -1;
        rate.acquire();
        Instant sentAt = Instant.now();
        if (step.firstAttemptAt == null) {
            step.firstAttemptAt = sentAt;
        }
        ApiClient.Answer answer;
        try {
            answer = api.submit(step.target.caseId(), s, api.token(s.user()));
        } catch (HttpTimeoutException e) {
            step.tried(dueMillis, sentAt, -1);
            retryLater(chain, step, "timeout", delays.networkMillis());
            return;
        } catch (IOException e) {
            step.tried(dueMillis, sentAt, -2);
            retryLater(chain, step, "io: " + e.getMessage(), delays.networkMillis());
            return;
        }
        int status = answer.status();
        step.tried(dueMillis, sentAt, status);
        if (status == 401) {
            api.forgetToken(s.user());
            retryLater(chain, step, "token refused", delays.tokenMillis());
            return;
        }
        if (status == 408 || status == 429 || status >= 500) {
            long wait = answer.retryAfter() == null
                    ? delays.busyMillis()
                    : Math.max(
                            delays.retryAfterFloorMillis(), answer.retryAfter().toMillis());
            retryLater(chain, step, status + " " + brief(answer.body()), wait);
            return;
        }
        Reply reply = Reply.of(answer);
        step.attempts = 0;
        step.answeredAt = Instant.now();
        if (reply.held()) {
            step.held = true;
        }
        if (first) {
            progress.sent.incrementAndGet();
            if (step.scenario != null) {
                progress.scenarioSubmission(step.scenario);
            }
            step.firstSentAt = sentAt;
            step.firstAnsweredAt = step.answeredAt;
            step.firstStatus = status;
            step.firstAnswer = reply.toString();
            chain.next++;
            chain.markReceived(step);
        } else {
            progress.resent.incrementAndGet();
            step.resends++;
        }
        long now = System.currentTimeMillis();
        if (reply.pending()) {
            progress.pendingAnswers.incrementAndGet();
            if (step.pendingSinceMillis == 0) {
                step.pendingSinceMillis = now;
            }
            if (now - step.pendingSinceMillis > NO_VERDICT_LIMIT_MILLIS) {
                unexpected(step, reply, "no verdict within " + NO_VERDICT_LIMIT_MILLIS / 1000 + " s of re-sending");
                chain.awaiting.remove(step);
                return;
            }
            sendAgain(chain, step, now);
            return;
        }
        step.pendingSinceMillis = 0;
        if (reply.held()) {
            progress.heldAnswers.incrementAndGet();
        }
        String mismatch = reply.mismatch(expected);
        if (mismatch != null
                && (!first || (step.resend && !attributedByTheCase(s, expected)))
                && !step.target.mayRead(s.user())
                && reply.mismatch(ExpectedCase.notYourCase(s.user())) == null) {
            // Issue 13: once a transfer or correction moved the case away from the sender's organisation, the API
            // answers a re-send with its standing verdict when the processor's outcome says the case records the
            // sender as the one who first sent the eventId (an applied fact with its actor), else only when its
            // projection already names the sender; a re-send that overtakes the projection is refused as another
            // organisation's. When that happens depends on the platform's speed, so either answer is right. The
            // first send of a resend step whose applied fact the case records must get its verdict: no leniency.
            mismatch = null;
        }
        if (mismatch != null) {
            unexpected(step, reply, mismatch);
            chain.awaiting.remove(step);
            return;
        }
        if (reply.held() && step.expected.verdict().isFinal()) {
            if (chain.fresh() == null && !chain.received(step.expected.releasedBy())) {
                unexpected(step, reply, "held, and the submission that was to open the case was never received");
                chain.awaiting.remove(step);
                return;
            }
            sendAgain(chain, step, now); // a later submission of the chain releases it
            return;
        }
        if (s.type().equals("DIVERTED") && expected.verdict() == ExpectedCase.Verdict.APPLIED) {
            ExpectedCase linked = step.target.linkedCase();
            String why = reply.linkedCaseId() == null
                    ? "a DIVERTED applied without naming the case it opened (linkedCaseId)"
                    : linked != null && !linked.resolve(reply.linkedCaseId())
                            ? "a DIVERTED named another linked case (" + reply.linkedCaseId() + ") than before ("
                                    + linked.caseId() + ")"
                            : null;
            if (why != null) {
                unexpected(step, reply, why);
                chain.awaiting.remove(step);
                return;
            }
        }
        chain.awaiting.remove(step);
        progress.verdict(expected.verdict());
        truth.submission(step, reply, null);
    }

    /**
     * True when the case keeps an applied fact of this submission with the user who sent it, so the processor tells
     * the API whether a re-sender sent it first: every applied type but the officer-count changes (whose records keep
     * no actor) and the processor's own events.
     */
    private static boolean attributedByTheCase(Submission s, ExpectedCase.Judgement expected) {
        return expected.verdict() == ExpectedCase.Verdict.APPLIED
                && !s.type().equals("OFFICER_RETAINED")
                && !s.type().equals("OFFICER_RELEASED");
    }

    /**
     * After a 202: the same submission again later, with a back-off (the chain sends it at once when the submission
     * that releases a held one has been received, see {@link Chain#markReceived}).
     */
    private void sendAgain(Chain chain, Step step, long now) {
        long max = step.expected.releasedBy() == null ? delays.pendingResendMaxMillis() : delays.heldResendMaxMillis();
        step.retryAtMillis = now + Math.min(max, delays.resendFirstMillis() << Math.min(step.resends, 6));
        if (!chain.awaiting.contains(step)) {
            chain.awaiting.add(step);
        }
    }

    private void retryLater(Chain chain, Step step, String why, long waitMillis) {
        progress.retried.incrementAndGet();
        step.attempts++;
        if (step.attempts >= MAX_ATTEMPTS) {
            if (!step.received) {
                chain.next++; // given up: never received, so it changes nothing for the steps after it
            }
            chain.awaiting.remove(step);
            unexpected(step, null, "gave up after " + MAX_ATTEMPTS + " attempts: " + why);
            return;
        }
        step.retryAtMillis = System.currentTimeMillis() + waitMillis;
    }

    private void unexpected(Step step, Reply reply, String why) {
        progress.unexpected.incrementAndGet();
        truth.submission(step, reply, why);
        System.err.println("\nsimulator: unexpected answer to " + step.submission.type() + " "
                + step.submission.eventId() + " of case " + step.target.caseId() + ": " + why);
    }

    static String brief(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
