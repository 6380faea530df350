package uk.transferofcare.notification.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that prepare deliveries and record them: routing, rendering, signing, and everything that follows a
 * Kafka write or a receiver's answer (which would otherwise run on the Kafka producer's network thread or the HTTP
 * client's). Sends themselves wait on none of them. Deliberately not an {@code Executor} bean, so that Spring Boot's
 * own task executor is unaffected.
 */
public final class DeliveryThreads implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public DeliveryThreads(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "delivery-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public ExecutorService executor() {
        return executor;
    }

    /** Lets queued work finish (a few seconds at most), then stops the threads. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
