package uk.transferofcare.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restarts a process of the ready stack when it dies, as compose's {@code restart: unless-stopped} does, within the
 * limits of a {@link RestartPolicy}: one thread per process waits for its exit, says so, waits the back-off, starts it
 * again and reports when it is ready. When a process keeps dying, {@link #gaveUp()} completes and the launcher stops
 * everything.
 */
final class Supervisor {

    /** What the supervisor needs from the stack. */
    interface Host {
        /**
         * Starts {@code child} again in place of {@code dead}, its output after {@code marker} in the same log; empty
         * when the stack is stopping.
         */
        Optional<ManagedProcess> relaunch(Child child, ManagedProcess dead, String marker) throws IOException;

        /** One line of progress in the launcher's output. */
        void status(String name, String text);
    }

    /**
     * A process kept dying (or could not be started again): the launcher prints {@code message} and the last lines of
     * {@code process}'s log, then stops the stack for {@code reason}.
     */
    record GaveUp(ManagedProcess process, String message, String reason) {}

    private final RestartPolicy policy;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final Host host;
    private final CompletableFuture<GaveUp> gaveUp = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

    Supervisor(RestartPolicy policy, Duration readyTimeout, Duration pollInterval, Host host) {
        this.policy = policy;
        this.readyTimeout = readyTimeout;
        this.pollInterval = pollInterval;
        this.host = host;
    }

    /** Watches {@code process}, started from {@code child}, from now on. */
    void watch(Child child, ManagedProcess process) {
        Thread thread = new Thread(() -> supervise(child, process), "restart-" + child.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes when a process keeps dying. */
    CompletableFuture<GaveUp> gaveUp() {
        return gaveUp;
    }

    /** The stack is stopping: exits are expected from now on, nothing is restarted. */
    void stop() {
        stopRequested.complete(null);
    }

    private void supervise(Child child, ManagedProcess first) {
        RestartPolicy.History history = policy.history();
        ManagedProcess process = first;
        try {
            while (awaitExitOrStop(process, null)) {
                String exit = ManagedProcess.describeExit(process.exitCode().orElse(-1));
                RestartPolicy.Decision decision = history.recordDeath(System.nanoTime());
                if (!decision.restart()) {
                    giveUp(
                            process,
                            keepsDying(child, exit, decision),
                            child.name() + (policy.maxRestarts() == 0 ? " died" : " keeps dying"));
                    return;
                }
                Optional<String> refusal = child.restartRefusal().get();
                if (refusal.isPresent()) {
                    giveUp(
                            process,
                            child.name() + " died (" + exit + ") and is not restarted: " + refusal.get(),
                            child.name() + " died");
                    return;
                }
                int attempt = decision.deathsInWindow();
                host.status(
                        child.name(),
                        "died (" + exit + ") after " + Platform.seconds(process.uptime()) + "; restarting in "
                                + Platform.seconds(decision.backoff()) + " (attempt " + attempt + " of at most "
                                + policy.maxRestarts() + " within "
                                + policy.window().toSeconds() + " s)");
                if (awaitStop(decision.backoff())) {
                    return;
                }
                String marker = "---- local-stack: " + child.name() + " restarted at " + Instant.now() + " (attempt "
                        + attempt + ", after " + exit + ") ----";
                Optional<ManagedProcess> next = host.relaunch(child, process, marker);
                if (next.isEmpty()) {
                    return;
                }
                process = next.get();
                awaitReady(child, process, attempt);
            }
        } catch (IOException | UncheckedIOException e) {
            giveUp(process, "cannot restart " + child.name() + ": " + e.getMessage(), child.name() + " died");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            giveUp(process, "restarting " + child.name() + " failed: " + e, "internal error");
        }
    }

    private String keepsDying(Child child, String exit, RestartPolicy.Decision decision) {
        if (policy.maxRestarts() == 0) {
            return child.name() + " died (" + exit + "); --max-restarts is 0, so it is not restarted";
        }
        return child.name() + " keeps dying: " + decision.deathsInWindow() + " deaths within "
                + policy.window().toSeconds() + " s, the last with " + exit + "; --max-restarts "
                + policy.maxRestarts() + " allows " + policy.maxRestarts() + " restart"
                + (policy.maxRestarts() == 1 ? "" : "s") + " within --restart-window "
                + policy.window().toSeconds()
                + " s";
    }

    /**
     * Polls readiness until the restarted process is ready, dies (the caller's loop then counts the death) or the
     * stack stops. Past the start-up timeout it says once that it is still waiting, and keeps waiting.
     */
    private void awaitReady(Child child, ManagedProcess process, int attempt) throws InterruptedException {
        String restarted = "restarted (attempt " + attempt + ", pid " + process.pid() + ")";
        boolean warned = false;
        try (Child.Probe probe = child.readiness().open()) {
            while (!stopRequested.isDone() && process.isAlive()) {
                if (probe.ready()) {
                    host.status(
                            child.name(),
                            String.format(
                                    Locale.ROOT,
                                    "%s, ready in %s (%s)",
                                    restarted,
                                    Platform.seconds(process.uptime()),
                                    child.address()));
                    return;
                }
                if (!warned && process.uptime().compareTo(readyTimeout) > 0) {
                    host.status(
                            child.name(),
                            restarted + ", not ready after " + readyTimeout.toSeconds() + " s; still waiting (log: "
                                    + process.log() + ")");
                    warned = true;
                }
                awaitExitOrStop(process, pollInterval);
            }
        }
    }

    /**
     * Waits until {@code process} exits or the stack stops, at most {@code timeout} (null: no limit).
     *
     * @return true if the process exited while the stack was not stopping
     */
    private boolean awaitExitOrStop(ManagedProcess process, Duration timeout) throws InterruptedException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(process.onExit(), stopRequested);
        try {
            if (timeout == null) {
                either.get();
            } else {
                either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return !stopRequested.isDone() && !process.isAlive();
    }

    /** Waits {@code backoff}; true if the stack began to stop meanwhile. */
    private boolean awaitStop(Duration backoff) throws InterruptedException {
        try {
            stopRequested.get(backoff.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void giveUp(ManagedProcess process, String message, String reason) {
        if (!stopRequested.isDone()) {
            gaveUp.complete(new GaveUp(process, message, reason));
        }
    }
}
