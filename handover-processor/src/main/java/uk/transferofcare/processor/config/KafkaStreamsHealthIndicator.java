package uk.transferofcare.processor.config;

import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Readiness of the Kafka Streams client ({@code kafkaStreams} in the readiness group): UP only while RUNNING, that is
 * every task this instance was given is restored and processing (an instance with no tasks, when there are more
 * instances than partitions, is RUNNING too). DOWN otherwise: CREATED before start, REBALANCING (after a start or a
 * restart it has no tasks yet, or is restoring them: nothing it owns is being judged), PENDING_SHUTDOWN, NOT_RUNNING,
 * PENDING_ERROR, ERROR. Details: the state and each stream thread's active and standby tasks.
 */
class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

    private final StreamsBuilderFactoryBean factoryBean;

    KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean) {
        super("Kafka Streams health check failed");
        this.factoryBean = factoryBean;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams streams = factoryBean.getKafkaStreams();
        if (streams == null) {
            builder.down().withDetail("state", "NOT_STARTED");
            return;
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            builder.up();
        } else {
            builder.down();
        }
        builder.withDetail("state", state.name());
        if (state.isRunningOrRebalancing()) {
            List<String> threads = streams.metadataForLocalThreads().stream()
                    .map(KafkaStreamsHealthIndicator::describe)
                    .toList();
            builder.withDetail("threads", threads);
        }
    }

    private static String describe(ThreadMetadata thread) {
        return thread.threadName() + " " + thread.threadState() + " active="
                + thread.activeTasks().size() + " standby="
                + thread.standbyTasks().size();
    }
}
