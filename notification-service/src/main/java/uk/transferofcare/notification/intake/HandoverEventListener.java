package uk.transferofcare.notification.intake;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
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
 * Consumes {@code handover-events} a poll at a time and plans the notifications each event asks for: one {@link
 * DeliveryTask} per (recipient, channel) on {@code notification-deliveries} (key = caseId, so a case's tasks keep
 * their order), all of a poll written at once and acknowledged by the broker before the poll's offsets are
 * committed. Events recorded with {@code notifyRecipients=false} (backfilled history) and
 * notifications that cannot be addressed (e.g. a division mailbox for an event without a division) are recorded as
 * SUPPRESSED and not sent. Undecodable records go to {@code handover-events-dlt} (platform error handler) and the
 * consumer carries on. A redelivered event plans the same notification ids, which the dedupe store suppresses.
 */
@Component
class HandoverEventListener {

    static final String LISTENER_ID = "handover-events";
    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(HandoverEventListener.class));

    private final Router router;
    private final OutcomeRecorder outcomes;
    private final KafkaTemplate<Object, Object> template;
    private final String deliveriesTopic;
    private final Clock clock;
    private final ObservationRegistry observations;

    HandoverEventListener(
            Router router,
            OutcomeRecorder outcomes,
            KafkaTemplate<Object, Object> template,
            NotificationProperties properties,
            Clock clock,
            ObservationRegistry observations) {
        this.observations = observations;
        this.router = router;
        this.outcomes = outcomes;
        this.template = template;
        this.deliveriesTopic = properties.topics().deliveries();
        this.clock = clock;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${notification.topics.events}",
            groupId = "${spring.application.name}",
            batch = "true")
    void on(List<ConsumerRecord<String, HandoverEvent>> records) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, HandoverEvent> record = records.get(i);
            try {
                if (record.value() == null) {
                    DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(
                            record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
                    throw undecodable != null
                            ? undecodable
                            : new IllegalArgumentException("handover event without a value");
                }
                // Within an observation of this record, continuing its trace: the tasks and outcomes written for it
                // carry the event's trace id (the container observes a batch listener as a whole, not per record).
                observation(record).observe(() -> plan(record.value(), writes));
            } catch (RuntimeException e) {
                // The platform's error handler commits the records before this one (their tasks are written),
                // dead-letters this one (at once if undecodable, else after its retries) and goes on after it.
                await(
                        writes,
                        "handover events before " + record.topic() + "-" + record.partition() + "@" + record.offset());
                throw new BatchListenerFailedException("Cannot plan the notifications of this event", e, record);
            }
        }
        await(writes, records.size() + " handover events");
    }

    private Observation observation(ConsumerRecord<String, HandoverEvent> record) {
        String group = KafkaUtils.getConsumerGroupId();
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(
                null,
                DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, LISTENER_ID, null, group, () -> null),
                observations);
    }

    private void plan(HandoverEvent event, List<CompletableFuture<?>> writes) {
        List<PlannedDelivery> planned = router.route(new Router.RoutingKey(
                event.getEventId(),
                event.getType(),
                event.getEscalationLevel(),
                event.getSiteCode(),
                event.getPoliceDivision(),
                event.getDetails() == null ? null : event.getDetails().getDestinationSiteCode(),
                event.getWithdrawnPoint()));
        for (PlannedDelivery p : planned) {
            Notice notice = new Notice(
                    p.notificationId(),
                    event.getEventId(),
                    event.getCaseId(),
                    event.getType(),
                    event.getSiteCode(),
                    event.getPoliceDivision(),
                    event.getEscalationLevel(),
                    p.recipient(),
                    p.channel());
            if (!event.getNotifyRecipients()) {
                writes.add(outcomes.record(
                        notice, NotificationStatus.SUPPRESSED, 0, "backfilled event: notifyRecipients=false"));
            } else if (p.unaddressable().isPresent()) {
                writes.add(outcomes.record(
                        notice,
                        NotificationStatus.SUPPRESSED,
                        0,
                        "no address: " + p.unaddressable().get()));
            } else {
                writes.add(template.send(deliveriesTopic, event.getCaseId(), task(event, p)));
            }
        }
    }

    /** Waits until Kafka acknowledged every write, so that the offsets committed next stand for planned events. */
    private static void await(List<CompletableFuture<?>> writes, String what) {
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while planning notifications", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot plan the notifications of " + what, e);
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
                .setAddressSiteCode(p.addressSite())
                .setDestinationSiteCode(
                        event.getDetails() == null ? null : event.getDetails().getDestinationSiteCode())
                .setWithdrawnPoint(
                        event.getWithdrawnPoint() == null
                                ? null
                                : event.getWithdrawnPoint().name())
                .setWithdrawnAt(event.getWithdrawnPoint() == null ? null : event.getCorrectedFrom())
                .setPoliceDivision(event.getPoliceDivision())
                .setEscalationLevel(event.getEscalationLevel())
                .setThresholdMinutes(event.getThresholdMinutes())
                .setLegalClockDeadline(event.getLegalClockDeadline())
                // Never copied: the local reference stays out of external notifications (docs/security.md).
                .setLocalReference(null)
                .setOccurredAt(event.getOccurredAt())
                .setRecordedAt(event.getRecordedAt())
                .setRecipient(p.recipient())
                .setChannel(p.channel().name())
                .setPlannedAt(clock.instant())
                .build();
    }
}
