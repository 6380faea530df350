package uk.transferofcare.api.readmodel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.kafka.TopicFollower;

/**
 * Whether the read models have caught up with their topics since start-up (readiness: {@code readModel}), and how far
 * each has read, so that a read can wait until this instance has seen what was committed before it began: a verdict
 * answered by one instance, or a case opened a moment ago, is then readable on any instance. This is about showing
 * what the processor decided, never about deciding anything.
 */
@Component("readModelHealthIndicator")
public class ReadModelStatus extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReadModelStatus.class);

    static final List<String> TOPICS = List.of(Topics.STATE.name(), Topics.OUTCOMES.name(), Topics.REJECTIONS.name());

    private final Map<String, TopicFollower> followers = new ConcurrentHashMap<>();
    private final ReadModelProperties properties;

    public ReadModelStatus(ReadModelProperties properties) {
        super("Read model check failed");
        this.properties = properties;
    }

    void follow(TopicFollower follower) {
        followers.put(follower.topic(), follower);
    }

    /** True once every read model has read its topic to the end at least once since start-up. */
    public boolean ready() {
        return TOPICS.stream().allMatch(topic -> {
            TopicFollower follower = followers.get(topic);
            return follower != null && follower.caughtUp();
        });
    }

    /**
     * Waits until this instance has read every record of {@code topic} that was committed when the call began, at most
     * {@code handover.read-model.read-barrier-timeout}. False when that could not be established in time (Kafka
     * unreachable, or this instance lagging): the caller then answers from what it has.
     */
    public boolean awaitCaughtUp(String topic) {
        TopicFollower follower = followers.get(topic);
        if (follower == null) {
            return false;
        }
        Duration timeout = properties.readBarrierTimeout();
        try {
            follower.catchUp().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Read model of {} did not catch up within {}: {}", topic, timeout, e.toString());
            return false;
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        TOPICS.forEach(t -> {
            TopicFollower follower = followers.get(t);
            builder.withDetail(t, follower != null && follower.caughtUp() ? "caught up" : "loading");
        });
        if (ready()) {
            builder.up();
        } else {
            builder.outOfService();
        }
    }
}
