package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * What the state machine decided about one submission: every submission gets exactly one (a held
 * one first {@link Held}, then its judgement). The standing verdict of each eventId is kept in
 * {@link CaseFile#submissions()}.
 */
public sealed interface Verdict {

    SubmissionStatus status();

    /** The rule a rejection or duplicate names; null when applied or held. */
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

    /** The submission's field a rejection is about (as the API's body names it), or null. */
    default String field() {
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
     * @param field the submission's field the rule is about, e.g. {@code occurredAt}, {@code
     *     siteCode}, {@code type}, {@code caseId}, {@code eventId}
     */
    record Rejected(RuleCode rule, String message, TimePoint conflictingPoint, String field) implements Verdict {
        public Rejected {
            requireNonNull(rule, "rule");
            requireNonNull(message, "message");
        }

        /** A rejection whose field follows from its rule and the submission (see {@link RejectionField}). */
        public Rejected(RuleCode rule, String message, TimePoint conflictingPoint) {
            this(rule, message, conflictingPoint, null);
        }

        /** This rejection with {@code field} set, unless it names one already. */
        public Rejected withDefaultField(String defaultField) {
            return field != null ? this : new Rejected(rule, message, conflictingPoint, defaultField);
        }

        @Override
        public SubmissionStatus status() {
            return SubmissionStatus.REJECTED;
        }
    }

    /**
     * A no-op: the same fact under another eventId.
     *
     * @param originalEventId the eventId that first recorded the fact
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

    /**
     * Not judged yet: the case is not open. Judged when an opening event opens it, or rejected
     * {@code UNKNOWN_CASE} at {@code until}.
     */
    record Held(String message, Instant until) implements Verdict {
        public Held {
            requireNonNull(message, "message");
            requireNonNull(until, "until");
        }

        @Override
        public SubmissionStatus status() {
            return SubmissionStatus.HELD;
        }
    }
}
