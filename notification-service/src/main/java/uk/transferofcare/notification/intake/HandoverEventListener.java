package uk.transferofcare.notification.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.audit.Notice;
import uk.transferofcare.notification.audit.OutcomeRecorder;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.routing.PlannedDelivery;
import uk.transferofcare.notification.routing.Router;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * Consumes {@code handover-events} and plans the notifications each asks for: one {@link DeliveryTask} per
 * (recipient, channel) on {@code notification-deliveries} (key = caseId), acknowledged by the broker before the
 * event's offset is committed. Events recorded with {@code notifyRecipients=false} (backfilled history) and
 * notifications that cannot be addressed (e.g. a division mailbox for an event without a division) are recorded as
 * SUPPRESSED and not sent. Undecodable records go to {@code handover-events-dlt} (platform error handler) and the
 * consumer carries on. A redelivered event plans the same notification ids, which the dedupe store suppresses.
 */
@Component
class HandoverEventListener {

    private final Router router;
    private final OutcomeRecorder outcomes;
    private final KafkaTemplate<Object, Object> template;
    private final String deliveriesTopic;
    private final Clock clock;

    HandoverEventListener(
            Router router,
            OutcomeRecorder outcomes,
            KafkaTemplate<Object, Object> template,
            NotificationProperties properties,
            Clock clock) {
        this.router = router;
        this.outcomes = outcomes;
        this.template = template;
        this.deliveriesTopic = properties.topics().deliveries();
        this.clock = clock;
    }

    @KafkaListener(
            id = "handover-events",
            topics = "${notification.topics.events}",
            groupId = "${spring.application.name}")
    void on(HandoverEvent event) {
        List<PlannedDelivery> planned = router.route(new Router.RoutingKey(
                event.getEventId(),
                event.getType(),
                event.getEscalationLevel(),
                event.getSiteCode(),
                event.getPoliceDivision()));
        List<CompletableFuture<SendResult<Object, Object>>> sends = new ArrayList<>();
        for (PlannedDelivery p : planned) {
            Notice notice = new Notice(
                    p.notificationId(),
                    event.getEventId(),
                    event.getCaseId(),
                    event.getType(),
                    event.getSiteCode(),
                    event.getEscalationLevel(),
                    p.recipient(),
                    p.channel());
            if (!event.getNotifyRecipients()) {
                outcomes.record(notice, NotificationStatus.SUPPRESSED, 0, "backfilled event: notifyRecipients=false");
            } else if (p.unaddressable().isPresent()) {
                outcomes.record(
                        notice,
                        NotificationStatus.SUPPRESSED,
                        0,
                        "no address: " + p.unaddressable().get());
            } else {
                sends.add(template.send(deliveriesTopic, event.getCaseId(), task(event, p)));
            }
        }
        for (CompletableFuture<SendResult<Object, Object>> send : sends) {
            try {
                send.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while planning notifications", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Cannot plan notifications of event " + event.getEventId(), e);
            }
        }
    }

    private DeliveryTask task(HandoverEvent event, PlannedDelivery p) {
        return DeliveryTask.newBuilder()
                .setNotificationId(p.notificationId())
                .setEventId(event.getEventId())
                .setCaseId(event.getCaseId())
                .setSequence(event.getSequence())
                .setEventType(event.getType().name())
                .setSiteCode(event.getSiteCode())
                .setPoliceDivision(event.getPoliceDivision())
                .setEscalationLevel(event.getEscalationLevel())
                .setThresholdMinutes(event.getThresholdMinutes())
                .setLegalClockDeadline(event.getLegalClockDeadline())
                .setLocalReference(
                        event.getDetails() == null ? null : event.getDetails().getLocalReference())
                .setOccurredAt(event.getOccurredAt())
                .setRecordedAt(event.getRecordedAt())
                .setRecipient(p.recipient())
                .setChannel(p.channel().name())
                .setPlannedAt(clock.instant())
                .build();
    }
}
