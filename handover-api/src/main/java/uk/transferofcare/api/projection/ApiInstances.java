package uk.transferofcare.api.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How many API instances are running: the members of the projection's consumer group, which every instance joins
 * (whether or not it is given a partition). Read every {@code handover.projection.instances-check-interval} (default
 * 5 s) and at least 1: this instance counts itself before it has joined, and while Kafka cannot be asked the last
 * count stands. Limits meant for the whole API (an organisation's submission rate) are shared out by it.
 */
@Component
public class ApiInstances implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiInstances.class);

    private final KafkaAdmin kafkaAdmin;
    private final ProjectionProperties properties;
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile int count = 1;
    private volatile boolean failing;
    private ScheduledExecutorService checker;
    private Admin admin;

    ApiInstances(KafkaAdmin kafkaAdmin, ProjectionProperties properties, ObjectProvider<MeterRegistry> meters) {
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
        meters.ifAvailable(registry -> Gauge.builder("handover.api.instances", this, ApiInstances::count)
                .description("API instances in the projection's consumer group (at least 1)")
                .register(registry));
    }

    /** The number of running API instances, at least 1. */
    public int count() {
        return count;
    }

    /** Called with the new count whenever it changes (on the checker's thread). */
    public void onChange(IntConsumer listener) {
        listeners.add(listener);
    }

    void check() {
        try {
            if (admin == null) {
                admin = Admin.create(kafkaAdmin.getConfigurationProperties());
            }
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(properties.groupId()))
                    .describedGroups()
                    .get(properties.groupId())
                    .get(5, TimeUnit.SECONDS);
            update(group.members().size());
            failing = false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!failing) {
                log.warn(
                        "Cannot count the API instances (group {}); keeping {}: {}",
                        properties.groupId(),
                        count,
                        e.toString());
            }
            failing = true;
        }
    }

    /** Records a member count read from Kafka (0 while this instance has not joined yet counts as 1). */
    void update(int members) {
        int next = Math.max(1, members);
        if (next != count) {
            log.info("API instances in group {}: {} (was {})", properties.groupId(), next, count);
            count = next;
            listeners.forEach(l -> l.accept(next));
        }
    }

    @Override
    public synchronized void start() {
        if (checker != null) {
            return;
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-instances");
            t.setDaemon(true);
            return t;
        });
        long every = properties.instancesCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(this::check, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            checker = null;
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checker != null;
    }
}
