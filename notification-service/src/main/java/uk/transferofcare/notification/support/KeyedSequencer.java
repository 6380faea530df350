package uk.transferofcare.notification.support;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one piece at a time per key, in the order it was submitted; work of different keys runs
 * concurrently. A piece starts (on the executor) once the previous piece of its key has completed, successfully or
 * not, and counts as running until the stage it returned completes. No thread waits in between. Holds one entry per
 * key with work pending, none for idle keys.
 *
 * @param <K> the key, e.g. a case id
 */
public final class KeyedSequencer<K> {

    private final ConcurrentHashMap<K, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Executor executor;

    /**
     * @param executor where each piece of work is started
     */
    public KeyedSequencer(Executor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    /**
     * Queues work behind the work already submitted for this key.
     *
     * @return completes as the stage the work returns completes (exceptionally if the work throws)
     */
    public <T> CompletableFuture<T> submit(K key, Supplier<? extends CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tails.compute(key, (k, previous) -> {
            CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null) : previous;
            before.whenComplete((ignored, error) -> start(work, result));
            return result;
        });
        result.whenComplete((ignored, error) -> tails.remove(key, result));
        return result;
    }

    /** Keys with work queued or running. */
    public int activeKeys() {
        return tails.size();
    }

    private <T> void start(Supplier<? extends CompletionStage<T>> work, CompletableFuture<T> result) {
        try {
            executor.execute(() -> run(work, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
    }

    private static <T> void run(Supplier<? extends CompletionStage<T>> work, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = work.get();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return;
        }
        stage.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }
}
