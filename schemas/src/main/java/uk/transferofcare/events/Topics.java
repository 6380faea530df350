package uk.transferofcare.events;

import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: the one place that names every platform topic with its key and value types. Immutable; the
 * README's topic table is generated from the same facts.
 */
public final class Topics {

    /** Submissions as users sent them. Written by handover-api; read by handover-processor. */
    public static final Topic<HandoverSubmission> SUBMISSIONS = new Topic<>(
            "handover-submissions",
            HandoverSubmission.class,
            false,
            "Submissions as users sent them (written by handover-api, judged by handover-processor)");

    /** Applied events: the facts. Written by handover-processor. */
    public static final Topic<HandoverEvent> EVENTS = new Topic<>(
            "handover-events",
            HandoverEvent.class,
            false,
            "Applied events with per-case sequence and resulting state (the facts)");

    /** Case snapshots after every change. Compacted. */
    public static final Topic<CaseSnapshot> STATE = new Topic<>(
            "handover-state", CaseSnapshot.class, true, "Snapshot of each case after every change (compacted)");

    /** Rejected submissions with rule and message. */
    public static final Topic<SubmissionRejected> REJECTIONS = new Topic<>(
            "handover-rejections",
            SubmissionRejected.class,
            false,
            "Rejected submissions with the rule, a human message and the original submission");

    /** One outcome (APPLIED, REJECTED, DUPLICATE) per submission record. */
    public static final Topic<SubmissionOutcome> OUTCOMES = new Topic<>(
            "handover-outcomes",
            SubmissionOutcome.class,
            false,
            "One outcome per submission delivery: APPLIED, REJECTED or DUPLICATE (the submitter's status)");

    /** One flat record per closed case for analysts. Compacted. */
    public static final Topic<CompletedCase> COMPLETED = new Topic<>(
            "handover-completed",
            CompletedCase.class,
            true,
            "One flat record per closed case for analysts (compacted: the latest per case is the truth)");

    /** The notification audit trail. */
    public static final Topic<NotificationOutcome> NOTIFICATION_OUTCOMES = new Topic<>(
            "notification-outcomes",
            NotificationOutcome.class,
            false,
            "Every notification attempt's outcome: delivered, retrying, failed, suppressed");

    private static final List<Topic<?>> ALL =
            List.of(SUBMISSIONS, EVENTS, STATE, REJECTIONS, OUTCOMES, COMPLETED, NOTIFICATION_OUTCOMES);

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
