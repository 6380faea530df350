package uk.transferofcare.events;

import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: the one place that names every platform topic with its key and value types, cleanup policy and
 * retention. Immutable; the README's topic table is generated from the same facts.
 *
 * <p>Retention, stated on every topic itself rather than left to a broker default, and configurable per topic
 * ({@code platform.kafka.topics.retention.<topic>}): Kafka is the system of record (every read model, the API's
 * projection included, is rebuilt from these topics), but free text must not be kept for ever. So the topics whose
 * records carry notes, reasons or local references (submissions, events, snapshots, rejections) keep them
 * {@link Topic#FREE_TEXT_RETENTION_MS} (400 days); the others (outcomes, completed cases, the notification audit) keep
 * theirs for ever ({@code retention.ms=-1}). The snapshot topic is compacted and deleted: the latest record per case
 * stays until it is older than the retention. A rebuild of the projection therefore shows the cases changed within the
 * retention; reports, built from {@code handover-completed}, keep every closed case. Dead-letter topics expire after
 * {@link Topic#DEAD_LETTER_RETENTION_MS}. docs/security.md, "Retention".
 */
public final class Topics {

    /**
     * Submissions as users sent them. Written by handover-api; read by handover-processor. Free text: kept
     * {@link Topic#FREE_TEXT_RETENTION_MS}.
     */
    public static final Topic<HandoverSubmission> SUBMISSIONS = new Topic<>(
            "handover-submissions",
            HandoverSubmission.class,
            false,
            Topic.FREE_TEXT_RETENTION_MS,
            "Submissions as users sent them (written by handover-api, judged by handover-processor)");

    /** Applied events: the facts. Written by handover-processor. Free text: kept {@link Topic#FREE_TEXT_RETENTION_MS}. */
    public static final Topic<HandoverEvent> EVENTS = new Topic<>(
            "handover-events",
            HandoverEvent.class,
            false,
            Topic.FREE_TEXT_RETENTION_MS,
            "Applied events with per-case sequence and resulting state (the facts)");

    /**
     * Case snapshots after every change; the projection's cases are rebuilt from it. Compacted, and free text: the
     * latest snapshot of a case is kept until it is {@link Topic#FREE_TEXT_RETENTION_MS} old.
     */
    public static final Topic<CaseSnapshot> STATE = new Topic<>(
            "handover-state",
            CaseSnapshot.class,
            true,
            Topic.FREE_TEXT_RETENTION_MS,
            "Snapshot of each case after every change (compacted)");

    /**
     * Rejected submissions with rule and message, and the original submission. Free text: kept
     * {@link Topic#FREE_TEXT_RETENTION_MS}.
     */
    public static final Topic<SubmissionRejected> REJECTIONS = new Topic<>(
            "handover-rejections",
            SubmissionRejected.class,
            false,
            Topic.FREE_TEXT_RETENTION_MS,
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
