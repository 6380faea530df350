package uk.transferofcare.notification.routing;

import java.util.Optional;
import uk.transferofcare.events.NotificationChannel;

/**
 * One notification the routing asks for: a recipient on a channel. {@code unaddressable} says why it cannot be sent
 * (e.g. the event has no police division for a division mailbox); such a notification is recorded as SUPPRESSED.
 *
 * @param notificationId the dedupe key
 * @param recipient recipient id from the configuration
 * @param channel the channel
 * @param unaddressable why no address can be made, if none can
 * @param addressSite the site whose address the recipient gets: the case's, or for a DIVERTED route with {@code
 *     site-of: destination} the destination's
 */
public record PlannedDelivery(
        String notificationId,
        String recipient,
        NotificationChannel channel,
        Optional<String> unaddressable,
        String addressSite) {}
