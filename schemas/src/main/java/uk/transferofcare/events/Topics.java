package uk.transferofcare.events;

import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: the one place that names every platform topic with its key and value types, cleanup policy and
 * retention. Immutable; the README's topic table is generated from the same facts.
 *
 * <p>Retention: Kafka is the system of record (every read model, the API's projection included, is rebuilt from these
 * topics), so every topic here keeps its records for ever, stated on the topic itself ({@code retention.ms=-1}) rather
 * than left to a broker default. The two snapshot topics are compacted on top: the latest record per case is kept, the
 * older ones are cleaned. Only dead-letter topics expire ({@link Topic#DEAD_LETTER_RETENTION_MS}).
 */
public final class Topics {

    /**
     * Submissions as users sent them. Written by handover-api; read by handover-processor. Kept for ever: the input the
     * processor's every verdict can be replayed from.
     */
    public static final Topic<HandoverSubmission> SUBMISSIONS = new Topic<>(
            "handover-submissions",
            HandoverSubmission.class,
            false,
            Topic.KEEP_FOREVER,
            "Submissions as users sent them (written by handover-api, judged by handover-processor)");

    /** Applied events: the facts. Written by handover-processor. Kept for ever: the history itself. */
    public static final Topic<HandoverEvent> EVENTS = new Topic<>(
            "handover-events",
            HandoverEvent.class,
            false,
            Topic.KEEP_FOREVER,
            "Applied events with per-case sequence and resulting state (the facts)");

    /** Case snapshots after every change. Compacted, kept for ever: the projection's cases are rebuilt from it. */
    public static final Topic<CaseSnapshot> STATE = new Topic<>(
            "handover-state",
            CaseSnapshot.class,
            true,
            Topic.KEEP_FOREVER,
            "Snapshot of each case after every change (compacted)");

    /** Rejected submissions with rule and message. Kept for ever: the audit of every refusal. */
    public static final Topic<SubmissionRejected> REJECTIONS = new Topic<>(
            "handover-rejections",
            SubmissionRejected.class,
            false,
            Topic.KEEP_FOREVER,
            "Rejected submissions with the rule, a human message and the original submission");

    /**
     * One outcome (APPLIED, REJECTED, DUPLICATE) per submission record. Kept for ever: the projection's submission
     * statuses are rebuilt from it.
     */
    public static final Topic<SubmissionOutcome> OUTCOMES = new Topic<>(
            "handover-outcomes",
            SubmissionOutcome.class,
            false,
            Topic.KEEP_FOREVER,
            "One outcome per submission delivery: APPLIED, REJECTED or DUPLICATE (the submitter's status)");

    /**
     * One flat record per closed case for analysts. Compacted, kept for ever: the reports are rebuilt from it.
     */
    public static final Topic<CompletedCase> COMPLETED = new Topic<>(
            "handover-completed",
            CompletedCase.class,
            true,
            Topic.KEEP_FOREVER,
            "One flat record per closed case for analysts (compacted: the latest per case is the truth)");

    /** The notification audit trail. Kept for ever, as an audit trail is. */
    public static final Topic<NotificationOutcome> NOTIFICATION_OUTCOMES = new Topic<>(
            "notification-outcomes",
            NotificationOutcome.class,
            false,
            Topic.KEEP_FOREVER,
            "Every notification attempt's outcome: delivered, retrying, failed, suppressed");

    /**
     * Every replay of the notification dead-letter topic: who (the ADMIN's user id, role, org), when, from where to
     * where, how many. Key = replay id. Kept for ever, as an audit trail is.
     */
    public static final Topic<DeadLettersReplayed> NOTIFICATION_REPLAYS = new Topic<>(
            "notification-replays",
            DeadLettersReplayed.class,
            false,
            Topic.KEEP_FOREVER,
            "Every replay of the notification dead-letter topic: who asked, when, how many (an ADMIN audit)");

    private static final List<Topic<?>> ALL = List.of(
            SUBMISSIONS, EVENTS, STATE, REJECTIONS, OUTCOMES, COMPLETED, NOTIFICATION_OUTCOMES, NOTIFICATION_REPLAYS);

    private Topics() {}

    /** Every platform topic, in pipeline order. */
    public static List<Topic<?>> all() {
        return ALL;
    }

    /** The topic with this name, if it is a platform topic. */
    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
