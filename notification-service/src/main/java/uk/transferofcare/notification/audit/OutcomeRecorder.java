package uk.transferofcare.notification.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationOutcome;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * Writes one {@link NotificationOutcome} per attempt to {@code notification-outcomes} (the audit trail; key =
 * caseId; acks=all, waited for) and counts it: {@code notifications.delivered}, {@code notifications.retries},
 * {@code notifications.failed} and {@code notifications.suppressed}, tagged by {@code channel}.
 */
@Component
public class OutcomeRecorder {

    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final KafkaTemplate<Object, Object> template;
    private final String topic;
    private final Clock clock;
    private final MeterRegistry meters;

    OutcomeRecorder(
            KafkaTemplate<Object, Object> template,
            NotificationProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.template = template;
        this.topic = properties.topics().outcomes();
        this.clock = clock;
        this.meters = meters;
    }

    /** Records and counts one outcome; throws if Kafka does not acknowledge it. */
    public NotificationOutcome record(Notice notice, NotificationStatus status, int attempt, String detail) {
        NotificationOutcome outcome = NotificationOutcome.newBuilder()
                .setNotificationId(notice.notificationId())
                .setEventId(notice.eventId())
                .setCaseId(notice.caseId())
                .setEventType(notice.eventType())
                .setSiteCode(notice.siteCode())
                .setEscalationLevel(notice.escalationLevel())
                .setRecipient(notice.recipient())
                .setChannel(notice.channel())
                .setStatus(status)
                .setAttempt(attempt)
                .setDetail(detail)
                .setAt(clock.instant())
                .build();
        try {
            template.send(topic, notice.caseId(), outcome).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while recording an outcome", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot record outcome of " + notice.notificationId() + " in " + topic, e);
        }
        counter(status, notice).increment();
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
    }

    private Counter counter(NotificationStatus status, Notice notice) {
        String name = switch (status) {
            case DELIVERED -> "notifications.delivered";
            case RETRYING -> "notifications.retries";
            case FAILED -> "notifications.failed";
            case SUPPRESSED -> "notifications.suppressed";
        };
        return Counter.builder(name)
                .description("Notification outcomes with status " + status)
                .tag("channel", notice.channel().name().toLowerCase(Locale.ROOT))
                .register(meters);
    }
}
