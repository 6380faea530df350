package uk.transferofcare.notification.delivery;

import io.micrometer.observation.Observation;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.audit.Notice;
import uk.transferofcare.notification.audit.OutcomeRecorder;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.routing.Router;
import uk.transferofcare.notification.support.DeliveryThreads;
import uk.transferofcare.notification.support.KeyedSequencer;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * One delivery round of one notification: suppress it if it was delivered before, otherwise resolve the address
 * from the current routing configuration, render, and send through {@link ResilientDelivery}. Delivered: the
 * dedupe store first, then the DELIVERED outcome. Failed with a retryable reason (including an open circuit): a
 * RETRYING outcome and a {@link RetryableDeliveryException}, which moves the task to the next retry topic, or on
 * the last round to the dead-letter topic. Failed permanently: {@link PermanentDeliveryException}, straight to the
 * dead-letter topic. The dead-letter handler records FAILED.
 *
 * <p>Asynchronous: a round returns at once and holds no thread while the receiver answers or Kafka acknowledges;
 * what follows runs on the {@link DeliveryThreads}. Rounds of the same notification in this instance never overlap
 * (they queue behind each other), so two copies of one task (say, a replay racing a retry) cannot both call the
 * receiver: the second finds the first's dedupe entry.
 */
@Component
class Deliverer {

    private final DedupeStore dedupe;
    private final OutcomeRecorder outcomes;
    private final ResilientDelivery resilient;
    private final Router router;
    private final MessageRenderer renderer;
    private final Map<NotificationChannel, DeliveryChannel> channels = new EnumMap<>(NotificationChannel.class);
    private final int attempts;
    private final Executor executor;
    private final KeyedSequencer<String> perNotification;

    Deliverer(
            DedupeStore dedupe,
            OutcomeRecorder outcomes,
            ResilientDelivery resilient,
            Router router,
            MessageRenderer renderer,
            List<DeliveryChannel> channels,
            NotificationProperties properties,
            DeliveryThreads threads) {
        this.dedupe = dedupe;
        this.outcomes = outcomes;
        this.resilient = resilient;
        this.router = router;
        this.renderer = renderer;
        channels.forEach(c -> this.channels.put(c.channel(), c));
        this.attempts = properties.retries().attempts();
        this.executor = threads.executor();
        this.perNotification = new KeyedSequencer<>(executor);
    }

    /**
     * Delivers.
     *
     * @param trace the observation of the task's record: the outcome and dedupe writes continue its trace, though
     *     they happen on other threads after the listener has returned; null for none
     * @return completes when the round is over and recorded: normally when delivered or suppressed, exceptionally
     *     with a {@link DeliveryFailure} (or the Kafka error that stopped the bookkeeping) to hand the task to the
     *     next retry topic or the dead-letter topic
     */
    CompletableFuture<Void> deliver(DeliveryTask task, int attempt, Observation trace) {
        return perNotification.submit(task.getNotificationId(), () -> round(task, attempt, trace));
    }

    private CompletableFuture<Void> round(DeliveryTask task, int attempt, Observation trace) {
        Notice notice = notice(task);
        Optional<Instant> deliveredAt = dedupe.deliveredAt(task.getNotificationId());
        if (deliveredAt.isPresent()) {
            return outcomes.record(
                            notice,
                            NotificationStatus.SUPPRESSED,
                            attempt,
                            "duplicate: already delivered at " + deliveredAt.get(),
                            trace)
                    .thenApply(o -> null);
        }
        NotificationChannel channel = notice.channel();
        Optional<String> address =
                router.address(task.getRecipient(), channel, addressSite(task), task.getPoliceDivision());
        if (address.isEmpty()) {
            return CompletableFuture.failedFuture(new PermanentDeliveryException("recipient '" + task.getRecipient()
                    + "' has no usable " + channel + " address in the routing configuration"));
        }
        DeliveryChannel sender = channels.get(channel);
        Message message = renderer.render(task);
        return resilient
                .deliver(channel, sender.endpoint(address.get()), () -> sender.send(task, address.get(), message))
                .thenComposeAsync(result -> settle(task, notice, attempt, result, trace), executor);
    }

    private CompletableFuture<Void> settle(
            DeliveryTask task, Notice notice, int attempt, ResilientDelivery.Result result, Observation trace) {
        if (result instanceof ResilientDelivery.Result.Delivered d) {
            return dedupe.markDelivered(task.getNotificationId(), trace)
                    .thenComposeAsync(
                            at -> outcomes.record(notice, NotificationStatus.DELIVERED, attempt, d.detail(), trace),
                            executor)
                    .thenApply(o -> null);
        }
        if (result instanceof ResilientDelivery.Result.CircuitOpen open) {
            return retryLater(
                    notice,
                    attempt,
                    open.earlierFailures().isEmpty()
                            ? "circuit open"
                            : "circuit open (after " + open.earlierFailures() + ")",
                    trace);
        }
        ResilientDelivery.Result.Failed f = (ResilientDelivery.Result.Failed) result;
        if (!f.retryable()) {
            return CompletableFuture.failedFuture(new PermanentDeliveryException(f.detail()));
        }
        return retryLater(notice, attempt, f.detail(), trace);
    }

    private CompletableFuture<Void> retryLater(Notice notice, int attempt, String detail, Observation trace) {
        if (attempt >= attempts) {
            return CompletableFuture.failedFuture(new RetryableDeliveryException(detail));
        }
        return outcomes.record(notice, NotificationStatus.RETRYING, attempt, detail, trace)
                .thenCompose(o -> CompletableFuture.failedFuture(new RetryableDeliveryException(detail)));
    }

    static Notice notice(DeliveryTask task) {
        return new Notice(
                task.getNotificationId(),
                task.getEventId(),
                task.getCaseId(),
                EventType.valueOf(task.getEventType()),
                task.getSiteCode(),
                task.getPoliceDivision(),
                task.getEscalationLevel(),
                task.getRecipient(),
                NotificationChannel.valueOf(task.getChannel()));
    }

    /** The site whose address the recipient gets: the destination's for a diversion's receiving site, else the case's. */
    static String addressSite(DeliveryTask task) {
        return task.getAddressSiteCode() != null ? task.getAddressSiteCode() : task.getSiteCode();
    }
}
