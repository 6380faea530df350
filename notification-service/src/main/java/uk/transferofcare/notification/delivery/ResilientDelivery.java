package uk.transferofcare.notification.delivery;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import uk.transferofcare.events.NotificationChannel;

/**
 * One delivery round through Resilience4j, with one set of instances per endpoint, named
 * {@code <channel>:<host>:<port>} and configured from the channel's settings ({@code webhook} or {@code email}):
 *
 * <pre>Retry( CircuitBreaker( TimeLimiter( ThreadPoolBulkhead( call ) ) ) )</pre>
 *
 * <p>The retry waits with exponential back-off and jitter between tries; the breaker records failures and timeouts
 * (not permanent rejections, not a full bulkhead); while it is open no call is made at all and the round ends as
 * {@link Result.CircuitOpen}, which the caller hands to the retry topics.
 */
@Component
public class ResilientDelivery {

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final ThreadPoolBulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;
    private final ScheduledExecutorService scheduler;

    public ResilientDelivery(
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            ThreadPoolBulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters,
            @Qualifier("resilienceScheduler") ScheduledExecutorService scheduler) {
        this.breakers = breakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
        this.scheduler = scheduler;
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

    public Result deliver(NotificationChannel channel, String endpoint, Supplier<String> call) {
        String name = instanceName(channel, endpoint);
        String config = configName(channel);
        CircuitBreaker breaker = breakers.circuitBreaker(name, config);
        Retry retry = retries.retry(name, config);
        ThreadPoolBulkhead bulkhead = bulkheads.bulkhead(name, config);
        TimeLimiter timeLimiter = timeLimiters.timeLimiter(name, config);

        AtomicInteger tries = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Supplier<CompletionStage<String>> bulkheaded = () -> {
            tries.incrementAndGet();
            try {
                return bulkhead.executeSupplier(call);
            } catch (BulkheadFullException e) {
                return CompletableFuture.failedFuture(e);
            }
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
        try {
            String detail = retried.get().toCompletableFuture().join();
            return new Result.Delivered(detail, tries.get());
        } catch (RuntimeException e) {
            return classify(unwrap(e), name, tries.get(), failures);
        }
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
