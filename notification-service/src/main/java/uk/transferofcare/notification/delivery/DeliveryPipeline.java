package uk.transferofcare.notification.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.DestinationTopicResolver;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.support.DeliveryThreads;
import uk.transferofcare.notification.support.KeyedSequencer;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * The first delivery round of every task on {@code notification-deliveries}, in parallel: the listener hands each
 * record here and returns; rounds of different cases run at once, those of one case on one channel one after the
 * other in offset order (so each receiver sees a case's notifications in order). The container acknowledges records
 * in any order but commits only up to the first one not yet finished, and takes the next poll when the whole poll is
 * finished ({@code asyncAcks}), so after a crash exactly the rounds that had not finished run again: delivered ones
 * are suppressed by the dedupe store, the ones in flight at the crash are sent again with the same idempotency key.
 *
 * <p>A round that failed is handed to the retry topics exactly as the retry-topic framework's error handler would do
 * it on the listener thread: the framework's own {@link DeadLetterPublishingRecoverer} for this listener (next retry
 * topic and its back-off, or the dead-letter topic for a permanent failure, with the same headers), then the record
 * is acknowledged. Spring Kafka's asynchronous listener return types are not used: in spring-kafka 4.0.6 a failed
 * asynchronous record goes through the container's error handler, which loses a record when two fail on one
 * partition (spring-kafka GH-4504, fixed in 4.0.7).
 *
 * <p>On a graceful stop the container is paused and the rounds in flight finish (up to {@code
 * notification.delivery.drain-timeout}), before the container commits and stops.
 */
@Component
class DeliveryPipeline implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration FORWARD_RETRY = Duration.ofSeconds(1);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final Deliverer deliverer;
    private final KeyedSequencer<String> inOrder;
    private final ObjectProvider<DestinationTopicResolver> destinations;
    private final ObjectProvider<KafkaListenerEndpointRegistry> registry;
    private final Duration drainTimeout;
    private final ObservationRegistry observations;
    private final ExecutorService forwarding;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile DeadLetterPublishingRecoverer forwarder;
    private volatile boolean running;
    private volatile boolean stopping;

    DeliveryPipeline(
            Deliverer deliverer,
            ObjectProvider<DestinationTopicResolver> destinations,
            ObjectProvider<KafkaListenerEndpointRegistry> registry,
            NotificationProperties properties,
            DeliveryThreads threads,
            ObservationRegistry observations,
            ResilientDelivery resilient,
            MeterRegistry meters) {
        this.observations = observations;
        Gauge.builder("notifications.in.flight", inFlight, AtomicInteger::get)
                .description("Delivery rounds of notification-deliveries started and not finished")
                .register(meters);
        Gauge.builder("notifications.waiting", resilient, ResilientDelivery::waitingCalls)
                .description("Sends waiting in the endpoints' bulkhead queues")
                .register(meters);
        this.deliverer = deliverer;
        this.inOrder = new KeyedSequencer<>(threads.executor());
        this.destinations = destinations;
        this.registry = registry;
        this.drainTimeout = properties.delivery().drainTimeout();
        // Forwarding waits for the broker's acknowledgement (as the framework's recoverer does): its own threads.
        AtomicInteger n = new AtomicInteger();
        this.forwarding = new ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "delivery-retry-forward-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the first round of this task; the record is acknowledged when it is delivered, suppressed or handed on. */
    void accept(ConsumerRecord<String, DeliveryTask> record, Acknowledgment ack) {
        DeliveryTask task = record.value();
        if (task == null) {
            // Thrown on the listener thread: the retry-topic framework's error handler dead-letters it.
            throw new PermanentDeliveryException("delivery task without a value");
        }
        int attempt = DeliveryListener.attempt(record);
        inFlight.incrementAndGet();
        String group = KafkaUtils.getConsumerGroupId();
        Observation trace = observations.getCurrentObservation();
        inOrder.submit(task.getCaseId() + "|" + task.getChannel(), () -> deliverer.deliver(task, attempt, trace))
                .whenComplete((ok, error) -> {
                    if (error == null) {
                        finish(record, ack);
                    } else {
                        try {
                            forwarding.execute(() -> forward(record, ack, group, ResilientDelivery.unwrap(error)));
                        } catch (RejectedExecutionException stopped) {
                            // Stopped: not acknowledged, so the task is read again after the restart.
                            done();
                        }
                    }
                });
    }

    private void forward(ConsumerRecord<String, DeliveryTask> record, Acknowledgment ack, String group, Throwable e) {
        Exception failure = e instanceof Exception ex ? ex : new CompletionException(e);
        ListenerExecutionFailedException wrapped =
                new ListenerExecutionFailedException("Delivery round failed", group, failure);
        while (true) {
            try {
                forwarder().accept(record, null, wrapped);
                finish(record, ack);
                return;
            } catch (RuntimeException sendFailed) {
                if (stopping) {
                    // Not acknowledged: the task is read again after the restart.
                    log.warn(
                            "Stopping: delivery task {}-{}@{} not handed to the retry topics ({})",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            sendFailed.toString());
                    done();
                    return;
                }
                log.warn(
                        "Cannot hand delivery task {}-{}@{} to the retry topics, trying again in {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        FORWARD_RETRY,
                        sendFailed.toString());
                try {
                    Thread.sleep(FORWARD_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    done();
                    return;
                }
            }
        }
    }

    private void finish(ConsumerRecord<String, DeliveryTask> record, Acknowledgment ack) {
        try {
            ack.acknowledge();
        } catch (RuntimeException e) {
            // The partition was revoked meanwhile: its new owner reads the task again (and finds it delivered).
            log.debug("Acknowledging {}-{}@{} failed: {}", record.topic(), record.partition(), record.offset(), e);
        } finally {
            done();
        }
    }

    private void done() {
        inFlight.decrementAndGet();
    }

    private DeadLetterPublishingRecoverer forwarder() {
        DeadLetterPublishingRecoverer f = forwarder;
        if (f == null) {
            // The retry-topic framework registers its resolver while it sets up the listeners: looked up when needed.
            f = new DeadLetterPublishingRecovererFactory(destinations.getObject()).create(DeliveryListener.LISTENER_ID);
            forwarder = f;
        }
        return f;
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    /**
     * Pauses the delivery container and waits until it has dispatched its last poll and the rounds in flight have
     * finished, so that the container, stopping next, commits them all.
     */
    @Override
    public void stop() {
        stopping = true;
        MessageListenerContainer container = registry.getObject().getListenerContainer(DeliveryListener.LISTENER_ID);
        if (container != null) {
            container.pause();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!(idle(container) && inFlight.get() == 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            log.warn(
                    "Stopping with {} deliveries still in flight after {}; they are sent again after the restart"
                            + " (same idempotency keys)",
                    inFlight.get(),
                    drainTimeout);
        }
        running = false;
        forwarding.shutdown();
    }

    /** Paused (so its last poll is dispatched) or not running at all. */
    private static boolean idle(MessageListenerContainer container) {
        return container == null || !container.isRunning() || container.isContainerPaused();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the listener containers (which stop in phase {@code Integer.MAX_VALUE - 100}). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50;
    }
}
