package uk.transferofcare.notification.delivery;

import io.micrometer.observation.ObservationRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationStatus;
import uk.transferofcare.notification.audit.OutcomeRecorder;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * Consumes {@code notification-deliveries} and, through the retry-topic configuration (see
 * {@code config.KafkaConfiguration}), its retry topics {@code notification-deliveries-retry-N}, each after its
 * back-off; after the last attempt the task lands in {@code notification-deliveries-dlt}, where {@link #onDeadLetter}
 * records FAILED.
 *
 * <p>On {@code notification-deliveries} (the first round of every notification, nearly all the traffic) the record is
 * handed to the {@link DeliveryPipeline}, which delivers many at once and acknowledges each when it is done. On the
 * retry topics (little traffic, each record after its back-off) a round runs on the listener thread and a failure is
 * thrown to the retry-topic framework, which forwards the task to the next topic.
 */
@Component(DeliveryListener.BEAN_NAME)
public class DeliveryListener {

    public static final String BEAN_NAME = "deliveryListener";
    public static final String DLT_METHOD = "onDeadLetter";
    public static final String LISTENER_ID = "notification-deliveries";

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    private final Deliverer deliverer;
    private final DeliveryPipeline pipeline;
    private final OutcomeRecorder outcomes;
    private final String mainTopic;
    private final ObservationRegistry observations;

    DeliveryListener(
            Deliverer deliverer,
            DeliveryPipeline pipeline,
            OutcomeRecorder outcomes,
            NotificationProperties properties,
            ObservationRegistry observations) {
        this.observations = observations;
        this.deliverer = deliverer;
        this.pipeline = pipeline;
        this.outcomes = outcomes;
        this.mainTopic = properties.topics().deliveries();
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${notification.topics.deliveries}",
            groupId = "${spring.application.name}-deliveries")
    void deliver(ConsumerRecord<String, DeliveryTask> record, Acknowledgment ack) {
        if (record.topic().equals(mainTopic)) {
            pipeline.accept(record, ack);
            return;
        }
        try {
            deliverer
                    .deliver(record.value(), attempt(record), observations.getCurrentObservation())
                    .join();
        } catch (CompletionException e) {
            Throwable cause = ResilientDelivery.unwrap(e);
            throw cause instanceof RuntimeException r ? r : e;
        }
        ack.acknowledge();
    }

    /** The retry-topic framework's dead-letter handler: the last attempt failed; the task stays in the DLT. */
    public void onDeadLetter(ConsumerRecord<String, DeliveryTask> record) {
        DeliveryTask task = record.value();
        if (task == null) {
            log.error(
                    "Undecodable delivery task in {}-{}@{}; left in the dead-letter topic",
                    record.topic(),
                    record.partition(),
                    record.offset());
            return;
        }
        record.headers()
                .forEach(h -> log.info("DLT header {} = {}", h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        int attempt = Math.max(1, attempt(record) - 1);
        outcomes.record(Deliverer.notice(task), NotificationStatus.FAILED, attempt, failureDetail(record))
                .join();
    }

    /** 1 on the main topic; the retry-topic framework counts up in a header as it forwards. */
    static int attempt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
        if (header == null || header.value() == null || header.value().length == 0) {
            return 1;
        }
        return new BigInteger(header.value()).intValue();
    }

    /** The reason from the dead-letter headers, without the framework's wrapping. */
    static String failureDetail(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(KafkaHeaders.EXCEPTION_MESSAGE);
        if (header == null) {
            header = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        }
        if (header == null || header.value() == null) {
            return "attempts exhausted";
        }
        String message = new String(header.value(), StandardCharsets.UTF_8);
        int at = message.lastIndexOf(DeliveryFailure.PREFIX);
        String detail = at >= 0 ? message.substring(at + DeliveryFailure.PREFIX.length()) : message;
        return detail.length() > 500 ? detail.substring(0, 500) : detail;
    }
}
