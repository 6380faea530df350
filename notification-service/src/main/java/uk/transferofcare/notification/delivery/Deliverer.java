package uk.transferofcare.notification.delivery;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.audit.Notice;
import uk.transferofcare.notification.audit.OutcomeRecorder;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.routing.Router;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * One delivery round of one notification: suppress it if it was delivered before, otherwise resolve the address
 * from the current routing configuration, render, and send through {@link ResilientDelivery}. Delivered: the
 * dedupe store first, then the DELIVERED outcome. Failed with a retryable reason (including an open circuit): a
 * RETRYING outcome and a {@link RetryableDeliveryException}, which moves the task to the next retry topic, or on
 * the last round to the dead-letter topic. Failed permanently: {@link PermanentDeliveryException}, straight to the
 * dead-letter topic. The dead-letter handler records FAILED.
 *
 * <p>Rounds of the same notification in this instance never overlap (a striped lock), so two copies of one task
 * (say, a replay racing a retry) cannot both call the receiver.
 */
@Component
class Deliverer {

    private static final int STRIPES = 256;

    private final Object[] stripes = new Object[STRIPES];
    private final DedupeStore dedupe;
    private final OutcomeRecorder outcomes;
    private final ResilientDelivery resilient;
    private final Router router;
    private final MessageRenderer renderer;
    private final Map<NotificationChannel, DeliveryChannel> channels = new EnumMap<>(NotificationChannel.class);
    private final int attempts;

    Deliverer(
            DedupeStore dedupe,
            OutcomeRecorder outcomes,
            ResilientDelivery resilient,
            Router router,
            MessageRenderer renderer,
            List<DeliveryChannel> channels,
            NotificationProperties properties) {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.dedupe = dedupe;
        this.outcomes = outcomes;
        this.resilient = resilient;
        this.router = router;
        this.renderer = renderer;
        channels.forEach(c -> this.channels.put(c.channel(), c));
        this.attempts = properties.retries().attempts();
    }

    /** Delivers, or throws to hand the task to the next retry topic or the dead-letter topic. */
    void deliver(DeliveryTask task, int attempt) {
        synchronized (stripes[Math.floorMod(task.getNotificationId().hashCode(), STRIPES)]) {
            Notice notice = notice(task);
            Optional<java.time.Instant> deliveredAt = dedupe.deliveredAt(task.getNotificationId());
            if (deliveredAt.isPresent()) {
                outcomes.record(
                        notice,
                        NotificationStatus.SUPPRESSED,
                        attempt,
                        "duplicate: already delivered at " + deliveredAt.get());
                return;
            }
            NotificationChannel channel = notice.channel();
            String address = router.address(task.getRecipient(), channel, task.getSiteCode(), task.getPoliceDivision())
                    .orElseThrow(() -> new PermanentDeliveryException("recipient '" + task.getRecipient()
                            + "' has no usable " + channel + " address in the routing configuration"));
            DeliveryChannel sender = channels.get(channel);
            Message message = renderer.render(task);
            ResilientDelivery.Result result =
                    resilient.deliver(channel, sender.endpoint(address), () -> sender.send(task, address, message));
            if (result instanceof ResilientDelivery.Result.Delivered d) {
                dedupe.markDelivered(task.getNotificationId());
                outcomes.record(notice, NotificationStatus.DELIVERED, attempt, d.detail());
            } else if (result instanceof ResilientDelivery.Result.CircuitOpen open) {
                retryLater(
                        notice,
                        attempt,
                        open.earlierFailures().isEmpty()
                                ? "circuit open"
                                : "circuit open (after " + open.earlierFailures() + ")");
            } else if (result instanceof ResilientDelivery.Result.Failed f && !f.retryable()) {
                throw new PermanentDeliveryException(f.detail());
            } else if (result instanceof ResilientDelivery.Result.Failed f) {
                retryLater(notice, attempt, f.detail());
            }
        }
    }

    private void retryLater(Notice notice, int attempt, String detail) {
        if (attempt < attempts) {
            outcomes.record(notice, NotificationStatus.RETRYING, attempt, detail);
        }
        throw new RetryableDeliveryException(detail);
    }

    static Notice notice(DeliveryTask task) {
        return new Notice(
                task.getNotificationId(),
                task.getEventId(),
                task.getCaseId(),
                EventType.valueOf(task.getEventType()),
                task.getSiteCode(),
                task.getEscalationLevel(),
                task.getRecipient(),
                NotificationChannel.valueOf(task.getChannel()));
    }
}
