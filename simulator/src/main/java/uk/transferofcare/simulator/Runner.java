package uk.transferofcare.simulator;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Plays the chains against the API with a few worker threads. A chain sends one step at a time and only after the
 * previous one was answered, so the platform receives each case's submissions in the chain's order; different
 * chains run concurrently. The next step to run is always the one earliest on the simulation clock, so a backfill
 * replays history roughly in order, and live steps wait for their moment on the wall clock.
 *
 * <p>Answers: 202 is accepted; 409 is fine when the simulator expected a refusal; 429 and 503 are retried after
 * {@code Retry-After} with the same eventId (the platform must absorb that); network errors are retried the same way;
 * anything else is counted as unexpected and recorded in the truth file.
 */
final class Runner {

    /** How a chain's step ended. */
    private record Outcome(boolean advance, long retryInMillis) {
        static final Outcome ADVANCE = new Outcome(true, 0);

        static Outcome retry(long millis) {
            return new Outcome(false, millis);
        }
    }

    private static final int MAX_ATTEMPTS = 30;
    private static final long AWAIT_CASE_LIMIT_MILLIS = 120_000;

    private final ApiClient api;
    private final ChainSource source;
    private final TruthLog truth;
    private final Progress progress;
    private final RateLimit rate;
    private final int concurrency;
    private final long deadlineMillis;

    private final Object lock = new Object();
    private final PriorityQueue<Chain> queue = new PriorityQueue<>(Comparator.comparingLong(Runner::effectiveDue)
            .thenComparingLong(Chain::nextSendMillis)
            .thenComparingInt(c -> c.index));
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

    private static long effectiveDue(Chain chain) {
        return Math.max(chain.current().dueMillis, chain.retryAtMillis);
    }

    private void work() {
        try {
            while (true) {
                Chain chain = take();
                if (chain == null) {
                    return;
                }
                Outcome outcome;
                try {
                    outcome = execute(chain);
                } catch (RuntimeException e) {
                    progress.unexpected.incrementAndGet();
                    System.err.println("\nsimulator: " + e);
                    outcome = Outcome.ADVANCE;
                }
                release(chain, outcome);
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
                Chain head = queue.peek();
                if (head == null) {
                    if (inFlight.isEmpty() && source.peekArrival() == null) {
                        lock.notifyAll();
                        return null;
                    }
                    lock.wait(200);
                    continue;
                }
                long due = effectiveDue(head);
                if (due > now) {
                    lock.wait(Math.min(due - now, 200));
                    continue;
                }
                Chain chain = queue.poll();
                inFlight.add(chain);
                return chain;
            }
        }
    }

    /** Brings in the next cases while they start within an hour of the earliest pending step. */
    private void admit() {
        while (true) {
            Instant arrival = source.peekArrival();
            if (arrival == null) {
                return;
            }
            Chain head = queue.peek();
            if (head != null && arrival.toEpochMilli() > head.nextSendMillis() + 3_600_000L) {
                return;
            }
            Chain chain = source.next();
            if (!chain.steps.isEmpty()) {
                queue.add(chain);
            }
        }
    }

    private void release(Chain chain, Outcome outcome) {
        synchronized (lock) {
            inFlight.remove(chain);
            if (outcome.advance()) {
                chain.next++;
                chain.attempts = 0;
                chain.retryAtMillis = 0;
            } else {
                chain.attempts++;
                chain.retryAtMillis = System.currentTimeMillis() + outcome.retryInMillis();
            }
            if (chain.done()) {
                finishedChains++;
                for (ExpectedCase c : chain.cases) {
                    truth.expectedCase(c);
                    finishedCases.add(c);
                }
                progress.casesDone.incrementAndGet(); // a diverted case and the case it opened count once
            } else {
                queue.add(chain);
            }
            lock.notifyAll();
        }
    }

    private Outcome execute(Chain chain) throws InterruptedException {
        Step step = chain.current();
        return step.kind == Step.Kind.AWAIT_CASE ? awaitCase(chain, step) : submit(chain, step);
    }

    private Outcome awaitCase(Chain chain, Step step) throws InterruptedException {
        long waited = chain.attempts * 300L;
        try {
            ApiClient.Answer answer = api.getCase(step.awaitCaseId, api.token(User.admin()));
            if (answer.status() == 200) {
                return Outcome.ADVANCE;
            }
            if (answer.status() == 401) {
                api.forgetToken(User.admin());
            }
        } catch (IOException e) {
            // retried below
        }
        if (waited > AWAIT_CASE_LIMIT_MILLIS) {
            progress.unexpected.incrementAndGet();
            System.err.println("\nsimulator: case " + step.awaitCaseId + " (opened by a diversion) never appeared");
            return Outcome.ADVANCE;
        }
        return Outcome.retry(300);
    }

    private Outcome submit(Chain chain, Step step) throws InterruptedException {
        Submission s = step.submission;
        rate.acquire();
        Instant sentAt = Instant.now();
        ApiClient.Answer answer;
        try {
            answer = api.submit(s, api.token(s.user()));
            progress.sent.incrementAndGet();
        } catch (HttpTimeoutException e) {
            return retryOrGiveUp(chain, step, -1, "timeout", sentAt, 1000);
        } catch (IOException e) {
            return retryOrGiveUp(chain, step, -1, "io: " + e.getMessage(), sentAt, 1000);
        }
        int status = answer.status();
        boolean expectApplied = step.expected.verdict() == ExpectedCase.Verdict.APPLIED;
        switch (status) {
            case 202 -> {
                progress.accepted.incrementAndGet();
                truth.submission(step, status, "accepted", chain.attempts + 1, sentAt);
                return Outcome.ADVANCE;
            }
            case 409 -> {
                if (expectApplied) {
                    return unexpected(chain, step, answer, sentAt);
                }
                progress.refusedAsExpected.incrementAndGet();
                truth.submission(
                        step, status, "refused as expected: " + brief(answer.body()), chain.attempts + 1, sentAt);
                return Outcome.ADVANCE;
            }
            case 429, 503 -> {
                long wait =
                        answer.retryAfter() == null ? 1000 : answer.retryAfter().toMillis();
                return retryOrGiveUp(chain, step, status, "retry after " + wait + " ms", sentAt, Math.max(200, wait));
            }
            case 401 -> {
                api.forgetToken(s.user());
                return retryOrGiveUp(chain, step, status, "token refused", sentAt, 200);
            }
            case 404 -> {
                // The API may not know a case opened a moment ago through the processor yet.
                return chain.attempts < 10
                        ? retryOrGiveUp(chain, step, status, "unknown case yet", sentAt, 500)
                        : unexpected(chain, step, answer, sentAt);
            }
            default -> {
                return unexpected(chain, step, answer, sentAt);
            }
        }
    }

    private Outcome retryOrGiveUp(Chain chain, Step step, int status, String why, Instant sentAt, long waitMillis) {
        progress.retried.incrementAndGet();
        if (chain.attempts + 1 >= MAX_ATTEMPTS) {
            progress.unexpected.incrementAndGet();
            truth.submission(
                    step, status, "gave up after " + MAX_ATTEMPTS + " attempts: " + why, chain.attempts + 1, sentAt);
            return Outcome.ADVANCE;
        }
        return Outcome.retry(waitMillis);
    }

    private Outcome unexpected(Chain chain, Step step, ApiClient.Answer answer, Instant sentAt) {
        progress.unexpected.incrementAndGet();
        truth.submission(step, answer.status(), "unexpected: " + brief(answer.body()), chain.attempts + 1, sentAt);
        return Outcome.ADVANCE;
    }

    private static String brief(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
