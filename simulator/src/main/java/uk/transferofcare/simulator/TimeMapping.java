package uk.transferofcare.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps the simulation's clock to the platform's. Until {@code now} (the moment the run started) simulated time is
 * real time: those events happened in the past and are sent at once, as a backfill. After {@code now} the clock runs
 * {@code speed} times faster than real time: an event {@code d} after now in simulated time happens, and is sent,
 * {@code d / speed} after now in real time. Occurrence times are therefore never in the future when they are sent
 * (the platform refuses occurredAt more than 2 minutes ahead of its clock), and every duration after now is
 * compressed by the speed factor.
 */
final class TimeMapping {

    private final Instant now;
    private final double speed;

    TimeMapping(Instant now, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.now = now;
        this.speed = speed;
    }

    Instant now() {
        return now;
    }

    double speed() {
        return speed;
    }

    /** The platform instant of a simulated instant (identity until now, compressed after). */
    Instant wire(Instant simulated) {
        if (!simulated.isAfter(now)) {
            return simulated;
        }
        long nanos = Duration.between(now, simulated).toNanos();
        return now.plusNanos((long) (nanos / speed));
    }

    /** When a step simulated at {@code sendAt} is due, in epoch milliseconds of the wall clock; 0 = at once. */
    long dueMillis(Instant sendAt) {
        return sendAt.isAfter(now) ? wire(sendAt).toEpochMilli() : 0;
    }
}
