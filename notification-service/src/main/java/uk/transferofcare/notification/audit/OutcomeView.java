package uk.transferofcare.notification.audit;

import java.time.Instant;
import uk.transferofcare.events.NotificationOutcome;

/** One outcome as the read endpoint shows it (REST DTO; the Avro record stays on the wire). */
record OutcomeView(
        String notificationId,
        String eventId,
        String caseId,
        String eventType,
        String siteCode,
        String policeDivision,
        Integer escalationLevel,
        String recipient,
        String channel,
        String status,
        int attempt,
        String detail,
        Instant at) {

    static OutcomeView of(NotificationOutcome o) {
        return new OutcomeView(
                o.getNotificationId(),
                o.getEventId(),
                o.getCaseId(),
                o.getEventType().name(),
                o.getSiteCode(),
                o.getPoliceDivision(),
                o.getEscalationLevel(),
                o.getRecipient(),
                o.getChannel().name(),
                o.getStatus().name(),
                o.getAttempt(),
                o.getDetail(),
                o.getAt());
    }
}
