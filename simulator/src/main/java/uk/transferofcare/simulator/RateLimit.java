package uk.transferofcare.simulator;

/** At most {@code perSecond} permits a second, spread evenly (0 = unlimited). Thread-safe. */
final class RateLimit {

    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimit(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
    }

    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            next = Math.max(next, now - intervalNanos); // no bursts after idling beyond one interval
            wait = next - now;
            next += intervalNanos;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
