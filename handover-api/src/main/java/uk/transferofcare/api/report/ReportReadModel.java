package uk.transferofcare.api.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.readmodel.CaseStore;
import uk.transferofcare.api.readmodel.ReadModelProperties;
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Topics;

/**
 * Feeds the {@link CaseReportStore}: closed cases from {@code handover-completed} (one listener container assigned
 * every partition from offset 0, as the API's other read models, so every instance holds every case and a restart
 * rebuilds it), and open cases from the snapshots the API already reads from {@code handover-state} (a {@link
 * CaseStore} listener, so that topic is not read twice). Undecodable records on {@code handover-completed} go to its
 * dead-letter topic (the platform's default error handler) and reading carries on.
 *
 * <p>Reports answer 503 until this instance has read {@code handover-completed} to its end and the API's own read
 * model is ready (health: {@code reports}).
 */
@Component("reportsHealthIndicator")
class ReportReadModel extends AbstractHealthIndicator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportReadModel.class);
    static final String CONTAINER = "reports-" + Topics.COMPLETED.name();

    private final ConcurrentKafkaListenerContainerFactory<Object, Object> factory;
    private final KafkaAdmin kafkaAdmin;
    private final CaseReportStore store;
    private final ReadModelStatus readModel;
    private final ReadModelProperties properties;
    private final ApplicationContext context;
    private final BlockingQueue<CaseSnapshot> snapshots = new LinkedBlockingQueue<>();
    private volatile ConcurrentMessageListenerContainer<Object, Object> container;
    private volatile boolean completedCaughtUp;
    private volatile boolean ready;
    private volatile boolean running;
    private Thread starter;
    private Thread snapshotApplier;

    ReportReadModel(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory,
            KafkaAdmin kafkaAdmin,
            CaseReportStore store,
            CaseStore cases,
            ReadModelStatus readModel,
            ReadModelProperties properties,
            ApplicationContext context) {
        super("Reports read model check failed");
        this.factory = factory;
        this.kafkaAdmin = kafkaAdmin;
        this.store = store;
        this.readModel = readModel;
        this.properties = properties;
        this.context = context;
        // Called under the case store's lock: only enqueue (applied by snapshotApplier).
        cases.subscribe((stored, position) -> snapshots.add(stored.snapshot()), () -> null);
    }

    /** True once the reports have every case Kafka had when this instance started (and stays true). */
    boolean ready() {
        if (!ready && completedCaughtUp && readModel.ready() && snapshots.isEmpty()) {
            ready = true;
            log.info("Reports read model ready: {}", store.counts());
        }
        return ready;
    }

    /**
     * Waits up to the read model's barrier timeout for {@link #ready()}: a report asked for just as the instance
     * starts waits a moment rather than failing.
     */
    boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + properties.readBarrierTimeout().toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        CaseReportStore.Counts counts = store.counts();
        (ready() ? builder.up() : builder.outOfService())
                .withDetail("openCases", counts.open())
                .withDetail("closedCases", counts.closed())
                .withDetail("enteredInError", counts.enteredInError());
    }

    @Override
    public synchronized void start() {
        running = true;
        snapshotApplier = new Thread(this::applySnapshots, "reports-open-cases");
        snapshotApplier.setDaemon(true);
        snapshotApplier.start();
        starter = new Thread(this::startWhenKafkaAnswers, "reports-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void applySnapshots() {
        List<CaseSnapshot> batch = new ArrayList<>();
        while (running) {
            try {
                CaseSnapshot first = snapshots.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                snapshots.drainTo(batch, 4999);
                List<Object> updates = new ArrayList<>(batch.size());
                for (CaseSnapshot snapshot : batch) {
                    ReportRecords.open(snapshot).ifPresent(updates::add);
                }
                store.apply(updates);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Cannot apply {} snapshots to the reports; skipped", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void startWhenKafkaAnswers() {
        String topic = Topics.COMPLETED.name();
        while (running) {
            try {
                kafkaAdmin.initialize();
                Map<String, TopicDescription> topics = kafkaAdmin.describeTopics(topic);
                TopicPartitionOffset[] partitions = topics.get(topic).partitions().stream()
                        .map(p -> new TopicPartitionOffset(topic, p.partition(), 0L))
                        .toArray(TopicPartitionOffset[]::new);
                synchronized (this) {
                    if (!running) {
                        return;
                    }
                    container = factory.createContainer(partitions);
                    container.setBeanName(CONTAINER);
                    // Every start reads from offset 0 and never commits: the group id only names the consumer.
                    container.getContainerProperties().setGroupId(properties.groupId() + "-reports");
                    container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
                    container
                            .getContainerProperties()
                            .setIdleEventInterval(properties.idleInterval().toMillis());
                    container.setApplicationContext(context);
                    container.setApplicationEventPublisher(context);
                    container.setAutoStartup(false);
                    container.setupMessageListener((MessageListener<String, Object>) this::apply);
                    container.start();
                }
                log.info("Reports read {} from offset 0 on {} partitions", topic, partitions.length);
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "Reports cannot start yet (Kafka unreachable or {} missing), retrying in {}: {}",
                        topic,
                        properties.startRetry(),
                        e.toString());
                try {
                    Thread.sleep(properties.startRetry().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, Object> record) {
        Object value = record.value();
        if (value == null) {
            store.forget(new CaseReportStore.Forget(record.key(), true));
        } else if (value instanceof CompletedCase completed) {
            store.closed(ReportRecords.closed(completed));
        } else {
            throw new IllegalArgumentException(
                    "Expected a CompletedCase at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " but found " + value.getClass().getName());
        }
    }

    /** Idle means nothing arrived for a while: check whether the whole topic has been read. */
    @EventListener
    void idle(ListenerContainerIdleEvent event) {
        if (completedCaughtUp
                || event.getListenerId() == null
                || !event.getListenerId().startsWith(CONTAINER)) {
            return;
        }
        try {
            Consumer<?, ?> consumer = event.getConsumer();
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(2));
            for (TopicPartition tp : assigned) {
                if (consumer.position(tp, Duration.ofSeconds(2)) < ends.getOrDefault(tp, 0L)) {
                    return;
                }
            }
            completedCaughtUp = true;
            log.info("Reports caught up with {}", Topics.COMPLETED.name());
        } catch (RuntimeException e) {
            log.debug("Cannot check the reports' position: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (starter != null) {
            starter.interrupt();
        }
        if (snapshotApplier != null) {
            snapshotApplier.interrupt();
        }
        if (container != null) {
            container.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
