package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The state machine's configuration.
 *
 * @param clockSkewTolerance rule 2: how far after receivedAt an occurredAt (or removedAt, or
 *     correctedTo) may be before it is rejected as a future timestamp (default 2 minutes)
 * @param timers escalation marks and legal clocks
 * @param holdingHorizon rule 8: how long a submission for a case that is not open yet is held
 *     (from when the processor first held it) before it is rejected as an unknown case (default 24
 *     hours)
 */
public record HandoverPolicy(Duration clockSkewTolerance, TimerPolicy timers, Duration holdingHorizon) {

    /** Rule 8's default holding horizon. */
    public static final Duration DEFAULT_HOLDING_HORIZON = Duration.ofHours(24);

    public static final HandoverPolicy DEFAULT = new HandoverPolicy(Duration.ofMinutes(2), TimerPolicy.DEFAULT);

    public HandoverPolicy {
        requireNonNull(clockSkewTolerance, "clockSkewTolerance");
        requireNonNull(timers, "timers");
        requireNonNull(holdingHorizon, "holdingHorizon");
        if (clockSkewTolerance.isNegative()) {
            throw new IllegalArgumentException("clock skew tolerance must not be negative");
        }
        if (holdingHorizon.isNegative() || holdingHorizon.isZero()) {
            throw new IllegalArgumentException("the holding horizon must be positive");
        }
    }

    /** A policy with the default holding horizon. */
    public HandoverPolicy(Duration clockSkewTolerance, TimerPolicy timers) {
        this(clockSkewTolerance, timers, DEFAULT_HOLDING_HORIZON);
    }
}
