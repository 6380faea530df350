package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;

/** What {@code platform.dependency.up} reports, for the contributors a service has, as its checks answer. */
class DependencyHealthMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<Health> registry =
            new AtomicReference<>(Health.up().build());
    private DependencyHealthMetrics metrics;

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.destroy();
        }
    }

    private DependencyHealthMetrics watching(DefaultHealthContributorRegistry contributors) {
        // An hour between scheduled checks: the test asks check() itself, so nothing races it.
        metrics = new DependencyHealthMetrics(() -> contributors, Duration.ofHours(1), meters);
        metrics.afterSingletonsInstantiated();
        metrics.check();
        return metrics;
    }

    private double gauge(String dependency) {
        return meters.get("platform.dependency.up")
                .tag("dependency", dependency)
                .gauge()
                .value();
    }

    @Test
    void givenTheRegistryGoesDownAndComesBack_thenItsGaugeFollowsAndTheOthersStayUp() {
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        contributors.registerContributor(
                "kafka", (HealthIndicator) () -> Health.up().build());
        contributors.registerContributor("schemaRegistry", (HealthIndicator) registry::get);
        watching(contributors);
        assertThat(gauge("schemaRegistry")).isEqualTo(1.0);
        assertThat(gauge("kafka")).isEqualTo(1.0);

        registry.set(Health.down().withDetail("status", 503).build());
        metrics.check();
        assertThat(gauge("schemaRegistry")).isEqualTo(0.0);
        assertThat(gauge("kafka")).isEqualTo(1.0);

        registry.set(Health.up().build());
        metrics.check();
        assertThat(gauge("schemaRegistry")).isEqualTo(1.0);
    }

    @Test
    void givenOneCheckTimesOutAndTheNextAnswersUp_thenTheDependencyStaysUp_andTwoDownsInARowCountAsDown() {
        // A check in flight while the service's own JVM stood still times out when it continues: one DOWN among UPs.
        Deque<Health> answers = new ArrayDeque<>();
        AtomicInteger asked = new AtomicInteger();
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        contributors.registerContributor("schemaRegistry", (HealthIndicator) () -> {
            asked.incrementAndGet();
            return answers.isEmpty() ? Health.up().build() : answers.poll();
        });
        watching(contributors);
        assertThat(gauge("schemaRegistry")).isEqualTo(1.0);

        answers.add(Health.down().withDetail("error", "read timed out").build());
        asked.set(0);
        metrics.check();
        assertThat(gauge("schemaRegistry")).isEqualTo(1.0);
        assertThat(asked).hasValue(2);

        answers.add(Health.down().build());
        answers.add(Health.down().build());
        asked.set(0);
        metrics.check();
        assertThat(gauge("schemaRegistry")).isEqualTo(0.0);
        assertThat(asked).hasValue(2);

        asked.set(0);
        metrics.check();
        assertThat(gauge("schemaRegistry")).isEqualTo(1.0);
        assertThat(asked).as("an UP answer is not asked again").hasValue(1);
    }

    @Test
    void givenACheckThatThrowsOrAnswersUnknown_thenTheDependencyCountsAsDown() {
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        contributors.registerContributor("db", (HealthIndicator) () -> {
            throw new IllegalStateException("connection refused");
        });
        contributors.registerContributor(
                "schemaRegistry", (HealthIndicator) () -> Health.unknown().build());
        watching(contributors);

        assertThat(gauge("db")).isEqualTo(0.0);
        assertThat(gauge("schemaRegistry")).isEqualTo(0.0);
    }

    @Test
    void givenSeveralDataSources_thenTheReadStoreIsUpOnlyWhileEveryOneIs() {
        AtomicReference<Health> second = new AtomicReference<>(Health.up().build());
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        contributors.registerContributor(
                "db",
                CompositeHealthContributor.fromMap(
                        Map.of("primary", (HealthIndicator) () -> Health.up().build(), "reports", (HealthIndicator)
                                second::get)));
        watching(contributors);
        assertThat(gauge("db")).isEqualTo(1.0);

        second.set(Health.down().build());
        metrics.check();
        assertThat(gauge("db")).isEqualTo(0.0);
    }

    @Test
    void givenAServiceWithoutAReadStore_thenNoDbGaugeIsPublishedRatherThanAFalseZero() {
        DefaultHealthContributorRegistry contributors = new DefaultHealthContributorRegistry();
        contributors.registerContributor(
                "kafka", (HealthIndicator) () -> Health.up().build());
        watching(contributors);

        assertThat(meters.find("platform.dependency.up").tag("dependency", "db").gauge())
                .isNull();
        assertThat(metrics.lastAnswer("db")).isNull();
        assertThat(metrics.lastAnswer("kafka")).isEqualTo(1);
    }

    @Test
    void givenNoHealthRegistry_thenNothingIsWatchedAndNothingFails() {
        metrics = new DependencyHealthMetrics(() -> null, Duration.ofHours(1), meters);
        metrics.afterSingletonsInstantiated();
        metrics.check();

        assertThat(meters.find("platform.dependency.up").gauges()).isEmpty();
    }
}
