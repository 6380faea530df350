package uk.transferofcare.notification;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.testkit.KafkaTestClients;

/** Reads the audit trail for the cases a test created. */
public final class Outcomes {

    private final KafkaTestClients kafka;

    public Outcomes(KafkaTestClients kafka) {
        this.kafka = kafka;
    }

    /** Outcomes of these cases, read until {@code done} holds for them. */
    public List<NotificationOutcome> of(
            Collection<String> caseIds, Predicate<List<NotificationOutcome>> done, Duration timeout) {
        Set<String> cases = Set.copyOf(caseIds);
        return kafka
                .readUntil(
                        "notification-outcomes",
                        NotificationOutcome.class,
                        records -> done.test(filter(records, cases)),
                        timeout)
                .stream()
                .map(ConsumerRecord::value)
                .filter(o -> cases.contains(o.getCaseId()))
                .toList();
    }

    private static List<NotificationOutcome> filter(
            List<ConsumerRecord<String, NotificationOutcome>> records, Set<String> cases) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(o -> cases.contains(o.getCaseId()))
                .toList();
    }

    public static long count(List<NotificationOutcome> outcomes, NotificationStatus status) {
        return outcomes.stream().filter(o -> o.getStatus() == status).count();
    }

    /** An outcome as expected, with the time it was recorded taken from the actual one. */
    public static NotificationOutcome expected(NotificationOutcome.Builder builder, NotificationOutcome actual) {
        return builder.setAt(actual.getAt()).build();
    }
}
