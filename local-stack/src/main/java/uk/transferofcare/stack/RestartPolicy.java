package uk.transferofcare.stack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the launcher restarts a process that died once the platform was ready, and when it gives up: as compose's
 * {@code restart: unless-stopped}, with a limit so that a process that keeps dying stops the stack instead of looping.
 *
 * <p>A process is restarted at most {@code maxRestarts} times within any {@code window}: the death after that, the
 * {@code maxRestarts + 1}-th within the window, means it keeps dying. {@code maxRestarts} 0 restarts nothing (the first
 * death stops the stack). Each process has its own count. The wait before a restart doubles with every death in the
 * window: 1 s, 2 s, 4 s ... at most {@link #MAX_BACKOFF}.
 *
 * @param maxRestarts restarts of one process allowed within {@code window}
 * @param window how far back deaths count
 */
record RestartPolicy(int maxRestarts, Duration window) {

    static final int DEFAULT_MAX_RESTARTS = 5;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    static final int MAX_MAX_RESTARTS = 100;
    static final int MAX_WINDOW_SECONDS = 86_400;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    RestartPolicy {
        if (maxRestarts < 0 || maxRestarts > MAX_MAX_RESTARTS) {
            throw new IllegalArgumentException("maxRestarts must be between 0 and " + MAX_MAX_RESTARTS);
        }
        if (window.isNegative() || window.isZero() || window.toSeconds() > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException("window must be between 1 s and " + MAX_WINDOW_SECONDS + " s");
        }
    }

    static RestartPolicy defaults() {
        return new RestartPolicy(DEFAULT_MAX_RESTARTS, DEFAULT_WINDOW);
    }

    /** For the launcher's first line. */
    String describe() {
        return maxRestarts == 0
                ? "restarts: off"
                : "restarts: at most " + maxRestarts + " per process within " + window.toSeconds() + " s";
    }

    /** The wait before the restart that follows the {@code deathsInWindow}-th death: 1 s, 2 s, 4 s ... 30 s. */
    static Duration backoff(int deathsInWindow) {
        int doublings = Math.min(Math.max(deathsInWindow - 1, 0), 16);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /** The deaths of one process, each at a {@link System#nanoTime()} instant; used by one thread at a time. */
    History history() {
        return new History(this);
    }

    /**
     * What to do after a death.
     *
     * @param restart false when the process keeps dying (or restarts are off)
     * @param deathsInWindow deaths within the window, this one included: the restart's attempt number
     * @param backoff how long to wait before the restart
     */
    record Decision(boolean restart, int deathsInWindow, Duration backoff) {}

    static final class History {
        private final RestartPolicy policy;
        private final Deque<Long> deaths = new ArrayDeque<>();

        private History(RestartPolicy policy) {
            this.policy = policy;
        }

        Decision recordDeath(long nowNanos) {
            deaths.addLast(nowNanos);
            long windowNanos = policy.window().toNanos();
            while (nowNanos - deaths.peekFirst() >= windowNanos) {
                deaths.removeFirst();
            }
            int inWindow = deaths.size();
            return new Decision(inWindow <= policy.maxRestarts(), inWindow, backoff(inWindow));
        }
    }
}
