package uk.transferofcare.notification.delivery;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code circuitBreakers}: the state of every endpoint's breaker, and status {@code DEGRADED}
 * while any is not closed. It is in the overall health ({@code /actuator/health}) only, deliberately not in the
 * liveness or readiness groups: a dead webhook is no reason to stop consuming or to restart; deliveries to it wait in
 * the retry topics.
 */
@Component("circuitBreakers")
class CircuitBreakersHealthIndicator extends AbstractHealthIndicator {

    static final Status DEGRADED =
            new Status("DEGRADED", "a circuit breaker is open: deliveries to it are retried later");

    private final CircuitBreakerRegistry registry;

    CircuitBreakersHealthIndicator(CircuitBreakerRegistry registry) {
        super("Circuit breaker health check failed");
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> breakers = new TreeMap<>();
        List<String> notClosed = new ArrayList<>();
        for (CircuitBreaker cb : registry.getAllCircuitBreakers()) {
            CircuitBreaker.Metrics m = cb.getMetrics();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", cb.getState().name());
            detail.put("failureRate", m.getFailureRate());
            detail.put("bufferedCalls", m.getNumberOfBufferedCalls());
            detail.put("failedCalls", m.getNumberOfFailedCalls());
            detail.put("notPermittedCalls", m.getNumberOfNotPermittedCalls());
            breakers.put(cb.getName(), detail);
            if (cb.getState() != CircuitBreaker.State.CLOSED && cb.getState() != CircuitBreaker.State.DISABLED) {
                notClosed.add(cb.getName());
            }
        }
        builder.status(notClosed.isEmpty() ? Status.UP : DEGRADED)
                .withDetail("notClosed", notClosed)
                .withDetail("breakers", breakers);
    }
}
