package uk.transferofcare.processor.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an exception nothing handled (the registry unreachable while an output is
 * serialized, a broker error that outlived the retries): the open transaction is aborted, so nothing is half-done, and
 * the thread is replaced, which reads the same records again. A fault that keeps killing threads would loop forever,
 * so after {@code max} replacements within {@code window} the client shuts down instead: its state becomes ERROR,
 * readiness goes DOWN and the orchestrator restarts or alerts.
 */
final class ThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ThreadReplacement.class);

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    ThreadReplacement(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= max) {
            log.error(
                    "Stream thread died ({} replacements in the last {}); shutting the Kafka Streams client down",
                    recent.size(),
                    window,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        log.error(
                "Stream thread died; replacing it (the aborted transaction's records are processed again)", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
