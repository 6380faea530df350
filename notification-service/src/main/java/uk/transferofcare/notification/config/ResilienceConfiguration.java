package uk.transferofcare.notification.config;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.transferofcare.notification.delivery.DeliveryFailure;
import uk.transferofcare.notification.delivery.ResilientDelivery;

/**
 * Resilience4j's core registries, used programmatically: one configuration per channel ({@code webhook},
 * {@code email}, from {@code notification.resilience.<channel>.*}) and, at run time, one instance of each pattern per
 * endpoint, named {@code <channel>:<host>:<port>}. Chosen over {@code resilience4j-spring-boot4} annotations because
 * the instance names are only known when a message is addressed. Their metrics are bound to Micrometer
 * ({@code resilience4j_circuitbreaker_*}, {@code resilience4j_retry_*}, {@code resilience4j_bulkhead_*},
 * {@code resilience4j_timelimiter_*}).
 */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    static final String WEBHOOK = "webhook";
    static final String EMAIL = "email";

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(NotificationProperties properties) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, breaker(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, breaker(properties.resilience().email()));
        return registry;
    }

    @Bean
    RetryRegistry retryRegistry(NotificationProperties properties) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, retry(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, retry(properties.resilience().email()));
        return registry;
    }

    /** Semaphore bulkheads; {@code ResilientDelivery} queues the calls beyond their limit without a thread. */
    @Bean
    BulkheadRegistry bulkheadRegistry(NotificationProperties properties) {
        BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, bulkhead(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, bulkhead(properties.resilience().email()));
        return registry;
    }

    @Bean
    TimeLimiterRegistry timeLimiterRegistry(NotificationProperties properties) {
        TimeLimiterRegistry registry = TimeLimiterRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, timeLimiter(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, timeLimiter(properties.resilience().email()));
        return registry;
    }

    /**
     * Schedules retry waits and time-limiter timeouts (one per call; a call that answers in time cancels its timeout,
     * which then leaves the queue at once).
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService resilienceScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "resilience-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    @Bean
    MeterBinder resilienceMetrics(
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            BulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters) {
        return meters -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
            TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
            TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        };
    }

    static CircuitBreakerConfig breaker(NotificationProperties.ChannelResilience settings) {
        NotificationProperties.CircuitBreakerSettings cb = settings.circuitBreaker();
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .waitDurationInOpenState(cb.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // A receiver rejecting one request, or our own full bulkhead, says nothing about the endpoint's health.
                .ignoreException(e -> ignoredByBreaker(ResilientDelivery.unwrap(e)))
                .build();
    }

    static RetryConfig retry(NotificationProperties.ChannelResilience settings) {
        NotificationProperties.RetrySettings r = settings.retry();
        return RetryConfig.custom()
                .maxAttempts(r.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        r.initialInterval(), r.multiplier(), r.randomizationFactor()))
                .retryOnException(e -> retryable(ResilientDelivery.unwrap(e)))
                .build();
    }

    /** The limit only: waiting is done by {@code QueueingBulkhead}'s queue ({@code queue-capacity}), not here. */
    static BulkheadConfig bulkhead(NotificationProperties.ChannelResilience settings) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(settings.bulkhead().maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    static TimeLimiterConfig timeLimiter(NotificationProperties.ChannelResilience settings) {
        // The call's own future is completed with a TimeoutException; a send already under way ends by its own
        // timeouts (webhook request timeout, SMTP timeouts) and keeps its bulkhead permit until then.
        return TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(false)
                .build();
    }

    private static boolean ignoredByBreaker(Throwable e) {
        return (e instanceof DeliveryFailure f && !f.retryable()) || e instanceof BulkheadFullException;
    }

    private static boolean retryable(Throwable e) {
        return !(e instanceof CallNotPermittedException) && !(e instanceof DeliveryFailure f && !f.retryable());
    }
}
