package uk.transferofcare.notification.routing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import uk.transferofcare.events.NotificationChannel;

/** The dedupe key of one notification: the same event, recipient and channel always give the same id. */
public final class NotificationIds {

    private NotificationIds() {}

    /** A name-based (version 3) UUID of {@code eventId|recipient|channel}. */
    public static String of(String eventId, String recipient, NotificationChannel channel) {
        return UUID.nameUUIDFromBytes(
                        (eventId + "|" + recipient + "|" + channel.name()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
