package uk.transferofcare.processor.stream;

import java.util.List;
import java.util.Objects;
import uk.transferofcare.events.Topics;

/**
 * The topics the processor reads and writes: the names of the topic catalogue ({@link Topics}), behind an optional
 * prefix. Production uses no prefix; tests and benchmarks use one so that several runs share a broker without
 * reading each other's records.
 *
 * @param submissions source, and sink of the linked-case submissions a diversion opens
 * @param submissionsDeadLetter undecodable submissions and submissions the processor could not judge
 */
public record TopicNames(
        String submissions,
        String events,
        String state,
        String rejections,
        String outcomes,
        String completed,
        String submissionsDeadLetter) {

    /** The catalogue's names. */
    public static final TopicNames DEFAULT = withPrefix("");

    public TopicNames {
        Objects.requireNonNull(submissions, "submissions");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(rejections, "rejections");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(submissionsDeadLetter, "submissionsDeadLetter");
    }

    /** The catalogue's names, each behind {@code prefix} (empty for none). */
    public static TopicNames withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new TopicNames(
                p + Topics.SUBMISSIONS.name(),
                p + Topics.EVENTS.name(),
                p + Topics.STATE.name(),
                p + Topics.REJECTIONS.name(),
                p + Topics.OUTCOMES.name(),
                p + Topics.COMPLETED.name(),
                p + Topics.SUBMISSIONS.deadLetterTopic());
    }

    /** Every topic the topology touches. */
    public List<String> all() {
        return List.of(submissions, events, state, rejections, outcomes, completed, submissionsDeadLetter);
    }
}
