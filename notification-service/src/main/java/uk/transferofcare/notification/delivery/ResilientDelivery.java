package uk.transferofcare.notification.delivery;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.config.NotificationProperties;

/**
 * One delivery round through Resilience4j, with one set of instances per endpoint, named
 * {@code <channel>:<host>:<port>} and configured from the channel's settings ({@code webhook} or {@code email}):
 *
 * <pre>Retry( CircuitBreaker( TimeLimiter( Bulkhead( call ) ) ) )</pre>
 *
 * <p>Everything is asynchronous: the call returns a stage (an HTTP exchange in flight, a message on a pooled SMTP
 * connection), the bulkhead queues calls beyond its limit without holding a thread ({@link QueueingBulkhead}), and
 * the retry's back-off and the time limiter run on a scheduler. The retry waits with exponential back-off and jitter
 * between tries; the breaker records failures and timeouts (not permanent rejections, not a full bulkhead); while it
 * is open no call is made at all and the round ends as {@link Result.CircuitOpen}, which the caller hands to the retry
 * topics.
 */
@Component
public class ResilientDelivery {

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final BulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;
    private final ScheduledExecutorService scheduler;
    private final NotificationProperties.Resilience settings;
    private final Map<String, QueueingBulkhead> queues = new ConcurrentHashMap<>();

    public ResilientDelivery(
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            BulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters,
            @Qualifier("resilienceScheduler") ScheduledExecutorService scheduler,
            NotificationProperties properties) {
        this.breakers = breakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
        this.scheduler = scheduler;
        this.settings = properties.resilience();
    }

    /** How a delivery round ended. */
    public sealed interface Result {
        /** The receiver accepted it. */
        record Delivered(String detail, int tries) implements Result {}

        /** The endpoint's breaker is open (or half-open and busy): no call was made, or no more calls were. */
        record CircuitOpen(String instance, int tries, String earlierFailures) implements Result {}

        /** Every try failed. */
        record Failed(String detail, boolean retryable, int tries) implements Result {}
    }

    /** The Resilience4j instance name for an endpoint of a channel. */
    public static String instanceName(NotificationChannel channel, String endpoint) {
        return channel.name().toLowerCase(Locale.ROOT) + ":" + endpoint;
    }

    /** The configuration name (the channel) of an endpoint's instances. */
    static String configName(NotificationChannel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    /**
     * One round: completes with how it ended, never exceptionally.
     *
     * @param call one try; returns at once with a stage that completes when the receiver answered
     */
    public CompletableFuture<Result> deliver(
            NotificationChannel channel, String endpoint, Supplier<? extends CompletionStage<String>> call) {
        String name = instanceName(channel, endpoint);
        String config = configName(channel);
        CircuitBreaker breaker = breakers.circuitBreaker(name, config);
        Retry retry = retries.retry(name, config);
        QueueingBulkhead bulkhead = queues.computeIfAbsent(
                name, n -> new QueueingBulkhead(bulkheads.bulkhead(n, config), queueCapacity(channel)));
        TimeLimiter timeLimiter = timeLimiters.timeLimiter(name, config);

        AtomicInteger tries = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Supplier<CompletionStage<String>> bulkheaded = () -> {
            tries.incrementAndGet();
            return bulkhead.submit(call);
        };
        Supplier<CompletionStage<String>> timed =
                TimeLimiter.decorateCompletionStage(timeLimiter, scheduler, bulkheaded);
        Supplier<CompletionStage<String>> observed = () -> timed.get().whenComplete((ok, error) -> {
            if (error != null) {
                failures.add(describe(unwrap(error)));
            }
        });
        Supplier<CompletionStage<String>> guarded = CircuitBreaker.decorateCompletionStage(breaker, observed);
        Supplier<CompletionStage<String>> retried = Retry.decorateCompletionStage(retry, scheduler, guarded);
        CompletionStage<String> round;
        try {
            round = retried.get();
        } catch (RuntimeException e) {
            round = CompletableFuture.failedFuture(e);
        }
        return round.toCompletableFuture()
                .handle((detail, error) -> error == null
                        ? new Result.Delivered(detail, tries.get())
                        : classify(unwrap(error), name, tries.get(), failures));
    }

    /** Calls waiting in the bulkheads of every endpoint. */
    public int waitingCalls() {
        return queues.values().stream().mapToInt(QueueingBulkhead::waiting).sum();
    }

    private int queueCapacity(NotificationChannel channel) {
        return (channel == NotificationChannel.EMAIL ? settings.email() : settings.webhook())
                .bulkhead()
                .queueCapacity();
    }

    private static Result classify(Throwable error, String name, int tries, List<String> failures) {
        String summary;
        synchronized (failures) {
            summary = String.join("; ", failures);
        }
        if (error instanceof CallNotPermittedException) {
            return new Result.CircuitOpen(name, tries, summary);
        }
        boolean retryable = !(error instanceof PermanentDeliveryException);
        String detail = summary.isEmpty() ? describe(error) : summary;
        return new Result.Failed(tries > 1 ? detail + " (" + tries + " tries)" : detail, retryable, tries);
    }

    /** A short, content-free description of a failed try. */
    static String describe(Throwable error) {
        if (error instanceof DeliveryFailure failure) {
            return failure.detail();
        }
        if (error instanceof TimeoutException) {
            return "no answer within the time limit";
        }
        if (error instanceof BulkheadFullException) {
            return "bulkhead full";
        }
        if (error instanceof CallNotPermittedException) {
            return "circuit open";
        }
        return error.getClass().getSimpleName();
    }

    /** The exception inside CompletionException and friends. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
