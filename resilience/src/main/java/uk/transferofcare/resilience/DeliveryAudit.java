package uk.transferofcare.resilience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.Topics;

/**
 * The notification service's own audit trail ({@code notification-outcomes}: every attempt to tell one recipient about
 * one event on one channel) for one row's cases, held against what the receivers got. A notification the service
 * recorded as DELIVERED must be at its receiver (the webhook's {@code Idempotency-Key}, the email's Message-ID, both
 * the notification id); one whose last outcome is FAILED was given up, and one still RETRYING when the row settled was
 * never delivered. This checks delivery, not routing: who must hear about which event is the service's configuration,
 * which the suite does not model on its own.
 */
final class DeliveryAudit {

    private static final String MESSAGE_ID_SUFFIX = "@notification-service.transfer-of-care>";

    /**
     * One row's audit.
     *
     * @param notifications distinct notification ids the service recorded for the row's cases
     * @param delivered of those, recorded DELIVERED
     * @param suppressed of those, recorded SUPPRESSED (a rule chose not to send) and never delivered
     * @param notReceived recorded DELIVERED, yet not at the receiver: lost between them
     * @param gaveUp last recorded FAILED, never DELIVERED: lost once the retries were over
     * @param pending last recorded RETRYING (or UNKNOWN) when the row settled: not delivered (yet)
     * @param examples up to five of the notification ids behind the last three counts
     */
    record Result(
            long notifications,
            long delivered,
            long suppressed,
            long notReceived,
            long gaveUp,
            long pending,
            List<String> examples) {

        boolean clean() {
            return notReceived == 0 && gaveUp == 0 && pending == 0;
        }

        @Override
        public String toString() {
            return notifications + " planned, " + delivered + " delivered, " + suppressed + " suppressed; missing: "
                    + notReceived + " not at the receiver, " + gaveUp + " given up, " + pending + " still retrying"
                    + (examples.isEmpty() ? "" : " (e.g. " + String.join(", ", examples) + ")");
        }
    }

    private DeliveryAudit() {}

    /**
     * Reads {@code notification-outcomes} from its beginning to its end as of now ({@code read_committed}) and audits
     * the notifications of {@code caseIds}.
     *
     * @param receivedKeys every webhook idempotency key answered 2xx and every email Message-ID the receivers hold
     */
    static Result audit(String bootstrap, Set<String> caseIds, ReceivedKeys receivedKeys) throws Exception {
        Map<String, List<String>> statuses = new HashMap<>();
        for (GenericRecord outcome : TopicReader.readAll(
                bootstrap, Topics.NOTIFICATION_OUTCOMES.name(), NotificationOutcome.getClassSchema())) {
            if (caseIds.contains(outcome.get("caseId").toString())) {
                statuses.computeIfAbsent(outcome.get("notificationId").toString(), id -> new ArrayList<>())
                        .add(outcome.get("status").toString());
            }
        }
        // The receivers are read after the audit trail: what was recorded DELIVERED by then is at its receiver by now.
        return judge(statuses, receivedKeys.get());
    }

    /** What the receivers hold, read when the audit trail has been. */
    @FunctionalInterface
    interface ReceivedKeys {
        Set<String> get() throws Exception;
    }

    /** The audit of each notification's statuses in the order recorded. */
    static Result judge(Map<String, List<String>> statuses, Set<String> receivedKeys) {
        long delivered = 0;
        long suppressed = 0;
        long notReceived = 0;
        long gaveUp = 0;
        long pending = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : new TreeMap<>(statuses).entrySet()) {
            String id = entry.getKey();
            List<String> history = entry.getValue();
            String last = history.get(history.size() - 1);
            String problem = null;
            if (history.contains("DELIVERED")) {
                delivered++;
                if (!receivedKeys.contains(id) && !receivedKeys.contains(messageId(id))) {
                    notReceived++;
                    problem = id + " not received";
                }
            } else if (last.equals("SUPPRESSED")) {
                suppressed++;
            } else if (last.equals("FAILED")) {
                gaveUp++;
                problem = id + " given up";
            } else {
                pending++;
                problem = id + " " + last;
            }
            if (problem != null && examples.size() < 5) {
                examples.add(problem);
            }
        }
        return new Result(statuses.size(), delivered, suppressed, notReceived, gaveUp, pending, List.copyOf(examples));
    }

    /** The Message-ID the notification service gives the email of a notification id. */
    static String messageId(String notificationId) {
        return "<" + notificationId + MESSAGE_ID_SUFFIX;
    }
}
