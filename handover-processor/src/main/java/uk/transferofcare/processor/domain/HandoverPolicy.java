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
 * @param undoWindow how long after a point was recorded (its event's receivedAt) its author may still withdraw it
 *     with ACTION_UNDONE, judged by the undo's receivedAt (default 5 minutes)
 */
public record HandoverPolicy(
        Duration clockSkewTolerance, TimerPolicy timers, Duration holdingHorizon, Duration undoWindow) {

    /** Rule 8's default holding horizon. */
    public static final Duration DEFAULT_HOLDING_HORIZON = Duration.ofHours(24);

    /** The default undo window. */
    public static final Duration DEFAULT_UNDO_WINDOW = Duration.ofMinutes(5);

    public static final HandoverPolicy DEFAULT = new HandoverPolicy(Duration.ofMinutes(2), TimerPolicy.DEFAULT);

    public HandoverPolicy {
        requireNonNull(clockSkewTolerance, "clockSkewTolerance");
        requireNonNull(timers, "timers");
        requireNonNull(holdingHorizon, "holdingHorizon");
        requireNonNull(undoWindow, "undoWindow");
        if (clockSkewTolerance.isNegative()) {
            throw new IllegalArgumentException("clock skew tolerance must not be negative");
        }
        if (holdingHorizon.isNegative() || holdingHorizon.isZero()) {
            throw new IllegalArgumentException("the holding horizon must be positive");
        }
        if (undoWindow.isNegative() || undoWindow.isZero()) {
            throw new IllegalArgumentException("the undo window must be positive");
        }
    }

    /** A policy with the default undo window. */
    public HandoverPolicy(Duration clockSkewTolerance, TimerPolicy timers, Duration holdingHorizon) {
        this(clockSkewTolerance, timers, holdingHorizon, DEFAULT_UNDO_WINDOW);
    }

    /** A policy with the default holding horizon and undo window. */
    public HandoverPolicy(Duration clockSkewTolerance, TimerPolicy timers) {
        this(clockSkewTolerance, timers, DEFAULT_HOLDING_HORIZON, DEFAULT_UNDO_WINDOW);
    }
}
