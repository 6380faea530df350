package uk.transferofcare.support.kafka;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The thread of a health metric's check: one daemon thread, the check at once and then {@code interval} after each. */
final class PeriodicCheck {

    private PeriodicCheck() {}

    /** Starts {@code check} on a daemon thread named {@code threadName}; shut the returned scheduler down to stop it. */
    static ScheduledExecutorService start(String threadName, Duration interval, Runnable check) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler;
    }
}
