package uk.transferofcare.notification.delivery;

import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.wire.DeliveryTask;

/** One way of reaching a recipient. Implementations make exactly one attempt per call. */
interface DeliveryChannel {

    NotificationChannel channel();

    /**
     * The endpoint this address is delivered through, which names the Resilience4j instances (circuit breaker, retry,
     * bulkhead, time limiter): for a webhook the URL's host and port, for e-mail the SMTP server.
     */
    String endpoint(String address);

    /**
     * Sends once.
     *
     * @return a short detail for the outcome, e.g. "HTTP 204"
     * @throws DeliveryFailure when the receiver did not accept it
     */
    String send(DeliveryTask task, String address, Message message);
}
