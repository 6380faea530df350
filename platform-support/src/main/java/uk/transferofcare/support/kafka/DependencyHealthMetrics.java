package uk.transferofcare.support.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether this service reaches what it depends on, for operators' alerts: every {@code interval} it asks the health
 * contributors named {@code kafka}, {@code schemaRegistry} and {@code db} (those this service has: the processor and
 * the notification service have no {@code db}) and publishes {@code platform.dependency.up{dependency=<name>}}, 1 while
 * the check answers UP and 0 otherwise. The registry and PostgreSQL export nothing Prometheus scrapes; this is how
 * their loss reaches an alert (SchemaRegistryUnreachable, ReadStoreUnreachable in deploy/prometheus/alerts.yml).
 *
 * <p>The checks run on their own thread, never on a scrape: a scrape reads the last answer, so a dependency that hangs
 * costs the check its timeout, not Prometheus' scrape.
 *
 * <p>A check that answers DOWN is asked again at once, and only a second DOWN counts. A check in flight while this
 * service's own process stood still (a long GC pause, a SIGSTOP, a frozen VM) times out when the process continues,
 * though the dependency answered all along: the fault suite saw one such false "registry down" after pausing
 * handover-api for 60 s. A dependency that is really down fails both asks, so the gauge falls one check timeout
 * later, well inside the alerts' {@code for:} of a minute or more.
 */
final class DependencyHealthMetrics implements SmartInitializingSingleton, DisposableBean {

    /** The health contributors watched, by the names Spring Boot gives them. */
    static final List<String> DEPENDENCIES = List.of("kafka", "schemaRegistry", "db");

    private static final Logger log = LoggerFactory.getLogger(DependencyHealthMetrics.class);

    private final Supplier<? extends HealthContributors> registry;
    private final Duration interval;
    private final MeterRegistry meters;
    private final Map<String, AtomicInteger> up = new LinkedHashMap<>();
    private HealthContributors contributors;
    private ScheduledExecutorService scheduler;

    /** {@code registry} is asked once every bean exists; null (no actuator health) watches nothing. */
    DependencyHealthMetrics(Supplier<? extends HealthContributors> registry, Duration interval, MeterRegistry meters) {
        this.registry = registry;
        this.interval = interval;
        this.meters = meters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        contributors = registry.get();
        if (contributors == null) {
            return;
        }
        for (String name : DEPENDENCIES) {
            if (contributors.getContributor(name) != null) {
                AtomicInteger value = new AtomicInteger();
                up.put(name, value);
                Gauge.builder("platform.dependency.up", value, AtomicInteger::get)
                        .description("1 while this service's health check of the dependency answers UP, else 0")
                        .tag("dependency", name)
                        .register(meters);
            }
        }
        scheduler = PeriodicCheck.start("dependency-check", interval, this::check);
    }

    /** Asks every watched contributor (a second time when it answers DOWN) and sets its gauge. */
    void check() {
        up.forEach((name, value) -> {
            HealthContributor contributor = contributors.getContributor(name);
            value.set(isUp(contributor) || isUp(contributor) ? 1 : 0);
        });
    }

    /** The last answer for a dependency: 1 up, 0 down, null when this service does not watch it. */
    Integer lastAnswer(String dependency) {
        AtomicInteger value = up.get(dependency);
        return value == null ? null : value.get();
    }

    /** UP when an indicator answers UP, or when every member of a composite does. */
    static boolean isUp(HealthContributor contributor) {
        try {
            if (contributor instanceof HealthIndicator indicator) {
                return Status.UP.equals(indicator.health(false).getStatus());
            }
            if (contributor instanceof CompositeHealthContributor composite) {
                return composite.stream().allMatch(entry -> isUp(entry.contributor()));
            }
        } catch (RuntimeException e) {
            log.debug("Dependency check failed: {}", e.toString());
        }
        return false;
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
