package uk.transferofcare.api.handover;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.kafka.TopicFollower;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Brings each verdict back to the request that waits for it. Every API instance follows every partition of {@code
 * handover-outcomes}, outside any consumer group, {@code read_committed} (a verdict counts once the processor's
 * transaction committed), from the end as it was at start-up ({@link TopicFollower}): whichever instance holds a
 * request sees its verdict, and no instance replays history. Only outcomes whose request id header names a waiting
 * request of this instance are decoded; the rest are skipped as bytes.
 *
 * <p>Readiness ({@code verdicts}) is UP once every partition is positioned at its end: before that a verdict could
 * pass unseen, and submissions would wait their full verdict timeout for nothing.
 */
@Component("verdictsHealthIndicator")
class VerdictListener extends AbstractHealthIndicator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VerdictListener.class);

    private final KafkaProperties kafka;
    private final VerdictWaiters waiters;
    private volatile TopicFollower follower;

    VerdictListener(KafkaProperties kafka, VerdictWaiters waiters) {
        super("Verdict listener check failed");
        this.kafka = kafka;
        this.waiters = waiters;
    }

    @Override
    public synchronized void start() {
        if (follower != null) {
            return;
        }
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        AvroDeserializer<SubmissionOutcome> values = new AvroDeserializer<>(SubmissionOutcome.class);
        values.configure(config, false);
        follower = TopicFollower.start(
                "verdict-listener",
                Topics.OUTCOMES.name(),
                config,
                TopicFollower.From.END,
                record -> deliver(record, values),
                (record, error) -> log.warn(
                        // The waiting request gets 202 when its wait runs out; the status URL has the verdict.
                        "Outcome {}-{}@{} for a waiting request cannot be decoded: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        error.toString()));
    }

    private void deliver(ConsumerRecord<String, byte[]> record, AvroDeserializer<SubmissionOutcome> values) {
        Header header = record.headers().lastHeader(VerdictWaiters.REQUEST_ID_HEADER);
        String requestId = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (waiters.wants(requestId)) {
            waiters.complete(requestId, values.deserialize(record.topic(), record.headers(), record.value()));
        }
    }

    @Override
    public synchronized void stop() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TopicFollower current = follower;
        builder.withDetail("topic", Topics.OUTCOMES.name()).withDetail("waiting", waiters.waiting());
        if (current != null && current.caughtUp()) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }
}
