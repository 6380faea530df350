package uk.transferofcare.notification.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.support.DeliveryThreads;

/**
 * Writes one {@link NotificationOutcome} per attempt to {@code notification-outcomes} (the audit trail; key =
 * caseId; acks=all) and counts it: {@code notifications.delivered}, {@code notifications.retries},
 * {@code notifications.failed} and {@code notifications.suppressed}, tagged by {@code channel}.
 */
@Component
public class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final KafkaTemplate<Object, Object> template;
    private final String topic;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Executor executor;
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    OutcomeRecorder(
            KafkaTemplate<Object, Object> template,
            NotificationProperties properties,
            Clock clock,
            MeterRegistry meters,
            DeliveryThreads threads) {
        this.executor = threads.executor();
        this.template = template;
        this.topic = properties.topics().outcomes();
        this.clock = clock;
        this.meters = meters;
        // The series the alerts watch exist from the start at 0 (deploy/prometheus/alerts.yml).
        for (NotificationChannel channel : List.of(NotificationChannel.WEBHOOK, NotificationChannel.EMAIL)) {
            counter(new CounterKey(NotificationStatus.FAILED, channel));
            counter(new CounterKey(NotificationStatus.RETRYING, channel));
        }
    }

    /**
     * Records and counts one outcome, in the trace of the current observation (if any).
     *
     * @return completes once Kafka acknowledged it (acks=all), exceptionally if it did not
     */
    public CompletableFuture<NotificationOutcome> record(
            Notice notice, NotificationStatus status, int attempt, String detail) {
        return record(notice, status, attempt, detail, null);
    }

    /**
     * Records and counts one outcome from another thread than the listener's.
     *
     * @param trace the observation of the record this outcome is about (its trace continues in the outcome record),
     *     or null to use the current one
     * @return completes once Kafka acknowledged it (acks=all), exceptionally if it did not
     */
    public CompletableFuture<NotificationOutcome> record(
            Notice notice, NotificationStatus status, int attempt, String detail, Observation trace) {
        NotificationOutcome outcome = NotificationOutcome.newBuilder()
                .setNotificationId(notice.notificationId())
                .setEventId(notice.eventId())
                .setCaseId(notice.caseId())
                .setEventType(notice.eventType())
                .setSiteCode(notice.siteCode())
                .setPoliceDivision(notice.policeDivision())
                .setEscalationLevel(notice.escalationLevel())
                .setRecipient(notice.recipient())
                .setChannel(notice.channel())
                .setStatus(status)
                .setAttempt(attempt)
                .setDetail(detail)
                .setAt(clock.instant())
                .build();
        Supplier<CompletableFuture<SendResult<Object, Object>>> send =
                () -> template.send(topic, notice.caseId(), outcome);
        // Counting and logging after the acknowledgement, on a delivery thread, not on the producer's network thread.
        return (trace == null ? send.get() : trace.scoped(send))
                .handleAsync(
                        (result, error) -> {
                            if (error != null) {
                                throw new IllegalStateException(
                                        "Cannot record outcome of " + notice.notificationId() + " in " + topic, error);
                            }
                            counters.computeIfAbsent(new CounterKey(status, notice.channel()), this::counter)
                                    .increment();
                            log.info(
                                    "Notification {} {} {} to {} via {} (attempt {}){}",
                                    notice.notificationId(),
                                    status,
                                    notice.eventType(),
                                    notice.recipient(),
                                    notice.channel(),
                                    attempt,
                                    detail == null ? "" : ": " + detail);
                            return outcome;
                        },
                        executor);
    }

    private Counter counter(CounterKey key) {
        String name = switch (key.status()) {
            case DELIVERED -> "notifications.delivered";
            case RETRYING -> "notifications.retries";
            case FAILED -> "notifications.failed";
            case SUPPRESSED -> "notifications.suppressed";
            case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN is a reader's default, never an outcome");
        };
        return Counter.builder(name)
                .description("Notification outcomes with status " + key.status())
                .tag("channel", key.channel().name().toLowerCase(Locale.ROOT))
                .register(meters);
    }

    private record CounterKey(NotificationStatus status, NotificationChannel channel) {}
}
