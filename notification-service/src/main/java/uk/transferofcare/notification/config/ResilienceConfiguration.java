package uk.transferofcare.notification.config;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedThreadPoolBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    @Bean(destroyMethod = "")
    ThreadPoolBulkheadRegistry threadPoolBulkheadRegistry(NotificationProperties properties) {
        ThreadPoolBulkheadRegistry registry = ThreadPoolBulkheadRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, bulkhead(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, bulkhead(properties.resilience().email()));
        return registry;
    }

    /** Closes every endpoint's bulkhead thread pool when the context closes. */
    @Bean
    org.springframework.beans.factory.DisposableBean bulkheadPoolsCloser(ThreadPoolBulkheadRegistry registry) {
        return () -> registry.getAllBulkheads().forEach(ResilienceConfiguration::close);
    }

    @Bean
    TimeLimiterRegistry timeLimiterRegistry(NotificationProperties properties) {
        TimeLimiterRegistry registry = TimeLimiterRegistry.ofDefaults();
        registry.addConfiguration(WEBHOOK, timeLimiter(properties.resilience().webhook()));
        registry.addConfiguration(EMAIL, timeLimiter(properties.resilience().email()));
        return registry;
    }

    /** Schedules retry waits and time-limiter timeouts. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService resilienceScheduler() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "resilience-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    MeterBinder resilienceMetrics(
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            ThreadPoolBulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters) {
        return meters -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
            TaggedThreadPoolBulkheadMetrics.ofThreadPoolBulkheadRegistry(bulkheads)
                    .bindTo(meters);
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

    static ThreadPoolBulkheadConfig bulkhead(NotificationProperties.ChannelResilience settings) {
        int max = settings.bulkhead().maxConcurrentCalls();
        return ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(max)
                .maxThreadPoolSize(max)
                .queueCapacity(settings.bulkhead().queueCapacity())
                .build();
    }

    static TimeLimiterConfig timeLimiter(NotificationProperties.ChannelResilience settings) {
        return TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(true)
                .build();
    }

    private static boolean ignoredByBreaker(Throwable e) {
        return (e instanceof DeliveryFailure f && !f.retryable()) || e instanceof BulkheadFullException;
    }

    private static boolean retryable(Throwable e) {
        return !(e instanceof CallNotPermittedException) && !(e instanceof DeliveryFailure f && !f.retryable());
    }

    private static void close(ThreadPoolBulkhead bulkhead) {
        try {
            bulkhead.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
