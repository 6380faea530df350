package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * What the state machine decided about one submission: every submission gets exactly one. The
 * first verdict for each eventId is kept in {@link CaseFile#submissions()}.
 */
public sealed interface Verdict {

    SubmissionStatus status();

    /** The rule a rejection or duplicate names; null when applied. */
    default RuleCode rule() {
        return null;
    }

    /** Human message naming the rule (and any conflicting point); null when applied. */
    default String message() {
        return null;
    }

    /** The time point a rejection conflicted with, or null. */
    default TimePoint conflictingPoint() {
        return null;
    }

    /** Accepted: became the applied event with this per-case sequence number. */
    record Applied(long sequence) implements Verdict {
        @Override
        public SubmissionStatus status() {
            return SubmissionStatus.APPLIED;
        }
    }

    /**
     * Refused; changed nothing but the case's rejected count.
     *
     * @param conflictingPoint the time point the submission conflicted with, or null
     */
    record Rejected(RuleCode rule, String message, TimePoint conflictingPoint) implements Verdict {
        public Rejected {
            requireNonNull(rule, "rule");
            requireNonNull(message, "message");
        }

        @Override
        public SubmissionStatus status() {
            return SubmissionStatus.REJECTED;
        }
    }

    /**
     * A no-op: the same eventId again, or the same fact under another eventId.
     *
     * @param originalEventId the eventId that first recorded the fact (the submission's own eventId
     *     for a resend)
     */
    record Duplicate(RuleCode rule, String message, String originalEventId) implements Verdict {
        public Duplicate {
            requireNonNull(rule, "rule");
            requireNonNull(message, "message");
            requireNonNull(originalEventId, "originalEventId");
        }

        @Override
        public SubmissionStatus status() {
            return SubmissionStatus.DUPLICATE;
        }
    }
}
