package uk.transferofcare.notification.delivery;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bulkhead for asynchronous calls: at most the Resilience4j {@link Bulkhead}'s {@code maxConcurrentCalls} run at
 * once (its semaphore, its metrics); the others wait in a bounded FIFO queue, holding no thread, and start as running
 * calls complete. A call that finds the queue full fails with {@link BulkheadFullException}. A caller that gives up on
 * a waiting call (the time limiter completes the returned future) removes it from the line: it never starts. A started
 * call keeps its permit until its own stage completes, whatever the caller does meanwhile, so the limit holds for
 * what the endpoint really sees.
 *
 * <p>Resilience4j's semaphore bulkhead alone would either reject at once or block the calling thread while it waits;
 * its thread-pool bulkhead would hold one thread per waiting or running call.
 */
final class QueueingBulkhead {

    private final Bulkhead bulkhead;
    private final int queueCapacity;
    private final Queue<Waiting<?>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();

    /**
     * @param bulkhead a semaphore bulkhead configured not to wait ({@code maxWaitDuration} 0)
     * @param queueCapacity calls that may wait for a permit
     */
    QueueingBulkhead(Bulkhead bulkhead, int queueCapacity) {
        this.bulkhead = bulkhead;
        this.queueCapacity = queueCapacity;
    }

    /** Runs the call now if a permit is free, later if the queue has room, else fails with bulkhead full. */
    <T> CompletableFuture<T> submit(Supplier<? extends CompletionStage<T>> call) {
        Waiting<T> entry = new Waiting<>(call, new CompletableFuture<>());
        if (queued.incrementAndGet() > queueCapacity) {
            queued.decrementAndGet();
            entry.result.completeExceptionally(BulkheadFullException.createBulkheadFullException(bulkhead));
            return entry.result;
        }
        waiting.add(entry);
        drain();
        return entry.result;
    }

    /** Calls waiting for a permit. */
    int waiting() {
        return Math.max(0, queued.get());
    }

    /**
     * Starts waiting calls while permits are free. One thread at a time drains; a call that completes while another
     * thread drains makes that thread go round once more (no recursion through synchronously completing calls).
     */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!waiting.isEmpty() && bulkhead.tryAcquirePermission()) {
                Waiting<?> next = waiting.poll();
                if (next == null) {
                    bulkhead.releasePermission();
                    break;
                }
                queued.decrementAndGet();
                if (next.result.isDone()) {
                    bulkhead.releasePermission();
                } else {
                    start(next);
                }
            }
        } while (draining.decrementAndGet() != 0);
    }

    private <T> void start(Waiting<T> entry) {
        CompletionStage<T> stage;
        try {
            stage = entry.call.get();
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> {
            bulkhead.onComplete();
            if (error != null) {
                entry.result.completeExceptionally(error);
            } else {
                entry.result.complete(value);
            }
            drain();
        });
    }

    private record Waiting<T>(Supplier<? extends CompletionStage<T>> call, CompletableFuture<T> result) {}
}
