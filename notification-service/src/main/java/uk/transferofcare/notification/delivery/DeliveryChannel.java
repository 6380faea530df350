package uk.transferofcare.notification.delivery;

import java.util.concurrent.CompletableFuture;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * One way of reaching a recipient. Implementations make exactly one attempt per call, and return at once: the send
 * goes on without holding the caller's thread.
 */
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
     * @return completes with a short detail for the outcome, e.g. "HTTP 204", or with a {@link DeliveryFailure} when
     *     the receiver did not accept it
     */
    CompletableFuture<String> send(DeliveryTask task, String address, Message message);
}
