package uk.transferofcare.notification.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.delivery.PermanentDeliveryException;
import uk.transferofcare.notification.delivery.ResilientDelivery;
import uk.transferofcare.notification.delivery.ResilientDelivery.Result;
import uk.transferofcare.notification.delivery.RetryableDeliveryException;

/**
 * The fallback paths of the per-endpoint Resilience4j stack, with the service's own configuration code and real
 * Resilience4j, around a call that counts how often it runs.
 */
class CircuitBreakerFallbackTest {

    private static final String ENDPOINT = "hooks.example:443";
    private static final String INSTANCE = "webhook:hooks.example:443";

    private final NotificationProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "notification.resilience.webhook.retry.max-attempts", "3",
                    "notification.resilience.webhook.retry.initial-interval", "10ms",
                    "notification.resilience.webhook.circuit-breaker.sliding-window-size", "4",
                    "notification.resilience.webhook.circuit-breaker.minimum-number-of-calls", "4",
                    "notification.resilience.webhook.circuit-breaker.wait-duration-in-open-state", "300ms",
                    "notification.resilience.webhook.circuit-breaker.permitted-calls-in-half-open-state", "1",
                    "notification.resilience.webhook.timeout", "200ms")))
            .bindOrCreate("notification", NotificationProperties.class);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService receiver = Executors.newCachedThreadPool();
    private final ResilienceConfiguration configuration = new ResilienceConfiguration();
    private final CircuitBreakerRegistry breakers = configuration.circuitBreakerRegistry(properties);
    private final BulkheadRegistry bulkheads = configuration.bulkheadRegistry(properties);
    private final ResilientDelivery delivery = new ResilientDelivery(
            breakers,
            configuration.retryRegistry(properties),
            bulkheads,
            configuration.timeLimiterRegistry(properties),
            scheduler,
            properties);
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        receiver.shutdownNow();
    }

    /** An asynchronous call: the answer is computed on another thread, as a receiver's answer arrives. */
    private Supplier<CompletableFuture<String>> answering(Supplier<String> answer) {
        return () -> {
            calls.incrementAndGet();
            return CompletableFuture.supplyAsync(answer, receiver);
        };
    }

    private Result deliver(Supplier<String> answer) {
        return delivery.deliver(NotificationChannel.WEBHOOK, ENDPOINT, answering(answer))
                .join();
    }

    @Test
    void givenAnOpenBreaker_whenDelivering_thenNoCallIsMadeAndTheRoundEndsAsCircuitOpen() {
        breakers.circuitBreaker(INSTANCE, "webhook").transitionToOpenState();

        Result result = deliver(() -> "HTTP 200");

        assertThat(result).isEqualTo(new Result.CircuitOpen(INSTANCE, 0, ""));
        assertThat(calls).hasValue(0);
    }

    @Test
    void givenAnEndpointThatKeepsFailing_whenDelivering_thenTheBreakerOpensAndLaterRoundsMakeNoCall() {
        Result first = deliver(() -> {
            throw new RetryableDeliveryException("HTTP 503");
        });
        Result second = deliver(() -> {
            throw new RetryableDeliveryException("HTTP 503");
        });
        int callsWhileClosed = calls.get();
        Result third = deliver(() -> "HTTP 200");

        assertThat(first).isEqualTo(new Result.Failed("HTTP 503; HTTP 503; HTTP 503 (3 tries)", true, 3));
        assertThat(second).isEqualTo(new Result.CircuitOpen(INSTANCE, 1, "HTTP 503"));
        assertThat(third).isEqualTo(new Result.CircuitOpen(INSTANCE, 0, ""));
        assertThat(callsWhileClosed).isEqualTo(4);
        assertThat(calls).hasValue(4);
        assertThat(breakers.circuitBreaker(INSTANCE).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void givenAnOpenBreakerAfterItsWait_whenTheEndpointHasRecovered_thenOneTrialCallDeliversAndClosesIt() {
        CircuitBreaker breaker = breakers.circuitBreaker(INSTANCE, "webhook");
        breaker.transitionToOpenState();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);

        Result result = deliver(() -> "HTTP 204");

        assertThat(result).isEqualTo(new Result.Delivered("HTTP 204", 1));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void givenAPermanentRejection_whenDelivering_thenItIsNotRetriedAndTheBreakerDoesNotCountIt() {
        for (int i = 0; i < 5; i++) {
            deliver(() -> {
                throw new PermanentDeliveryException("HTTP 410");
            });
        }

        Result result = deliver(() -> {
            throw new PermanentDeliveryException("HTTP 410");
        });

        assertThat(result).isEqualTo(new Result.Failed("HTTP 410", false, 1));
        assertThat(calls).hasValue(6);
        assertThat(breakers.circuitBreaker(INSTANCE).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenASlowEndpoint_whenDelivering_thenTheTimeLimiterEndsEachTryAndTheBreakerCountsIt() {
        Result result = deliver(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "HTTP 200";
        });

        assertThat(result)
                .isEqualTo(new Result.Failed(
                        "no answer within the time limit; no answer within the time limit;"
                                + " no answer within the time limit (3 tries)",
                        true,
                        3));
        assertThat(breakers.circuitBreaker(INSTANCE).getMetrics().getNumberOfFailedCalls())
                .isEqualTo(3);
    }

    @Test
    void givenAnEndpointThatRecoversWithinTheRound_whenDelivering_thenTheRetryDeliversIt() {
        AtomicInteger n = new AtomicInteger();

        Result result = deliver(() -> {
            if (n.incrementAndGet() < 3) {
                throw new RetryableDeliveryException("connection refused");
            }
            return "HTTP 202";
        });

        assertThat(result).isEqualTo(new Result.Delivered("HTTP 202", 3));
    }
}
