package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The state machine's configuration.
 *
 * @param clockSkewTolerance rule 2: how far after receivedAt an occurredAt (or removedAt, or
 *     correctedTo) may be before it is rejected as a future timestamp (default 2 minutes)
 * @param timers escalation marks and legal clocks
 */
public record HandoverPolicy(Duration clockSkewTolerance, TimerPolicy timers) {

    public static final HandoverPolicy DEFAULT = new HandoverPolicy(Duration.ofMinutes(2), TimerPolicy.DEFAULT);

    public HandoverPolicy {
        requireNonNull(clockSkewTolerance, "clockSkewTolerance");
        requireNonNull(timers, "timers");
        if (clockSkewTolerance.isNegative()) {
            throw new IllegalArgumentException("clock skew tolerance must not be negative");
        }
    }
}
