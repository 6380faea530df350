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
 * @param personKeys the processor's own topic of attendances keyed by person key (repeat attendance); named under
 *     the application id {@value #INTERNAL_PREFIX} so the processor's prefixed ACL covers it, and read by nothing else
 * @param repeatFlags the processor's own topic of repeat flags keyed by case id, back to the case side
 */
public record TopicNames(
        String submissions,
        String events,
        String state,
        String rejections,
        String outcomes,
        String completed,
        String submissionsDeadLetter,
        String personKeys,
        String repeatFlags) {

    /** The processor's application id and the prefix of its own topics (ACL: prefixed topic handover-processor-). */
    public static final String INTERNAL_PREFIX = "handover-processor-";

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
        Objects.requireNonNull(personKeys, "personKeys");
        Objects.requireNonNull(repeatFlags, "repeatFlags");
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
                p + Topics.SUBMISSIONS.deadLetterTopic(),
                p + INTERNAL_PREFIX + "person-keys",
                p + INTERNAL_PREFIX + "repeat-flags");
    }

    /** Every topic the topology touches. */
    public List<String> all() {
        return List.of(
                submissions,
                events,
                state,
                rejections,
                outcomes,
                completed,
                submissionsDeadLetter,
                personKeys,
                repeatFlags);
    }

    /** The processor's own topics (repeat attendance), which it creates itself with the platform's partition count. */
    public List<String> internal() {
        return List.of(personKeys, repeatFlags);
    }
}
