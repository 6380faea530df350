package uk.transferofcare.notification.audit;

import uk.transferofcare.events.EventType;
import uk.transferofcare.events.NotificationChannel;

/**
 * What an outcome is about: one notification (event, recipient, channel).
 *
 * @param notificationId the dedupe key
 * @param eventId the event
 * @param caseId the case (the outcome's key)
 * @param eventType the event's type
 * @param siteCode the case's site
 * @param policeDivision the case's police division, null while unknown
 * @param escalationLevel ESCALATED only
 * @param recipient recipient id (a role)
 * @param channel the channel
 */
public record Notice(
        String notificationId,
        String eventId,
        String caseId,
        EventType eventType,
        String siteCode,
        String policeDivision,
        Integer escalationLevel,
        String recipient,
        NotificationChannel channel) {}
