package uk.transferofcare.api.handover;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.events.SubmissionOutcome;

/**
 * The requests of this instance that wait for the processor's verdict, by the request id their submission record
 * carries in its {@value #REQUEST_ID_HEADER} header (the processor copies a submission's headers onto its outcome).
 * A request is registered before its record is produced, so its verdict cannot pass unseen; it is answered by the
 * first outcome that names it, or by nothing when the wait runs out. Bounded: when {@code
 * handover.submissions.max-pending-verdicts} requests wait already, a new submission is refused with 503 before
 * anything is produced.
 */
@Component
public class VerdictWaiters {

    /** The Kafka header that ties a submission record, and so its outcome, to the request that produced it. */
    public static final String REQUEST_ID_HEADER = "toc-request-id";

    private final ConcurrentHashMap<String, CompletableFuture<SubmissionOutcome>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    private final long retryAfterSeconds;

    VerdictWaiters(SubmissionProperties properties, MeterRegistry meters) {
        this.max = properties.maxPendingVerdicts();
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        Gauge.builder("handover.verdicts.waiting", count, AtomicInteger::get)
                .description("requests waiting for the processor's verdict on this instance")
                .register(meters);
    }

    /**
     * Registers a request before its record is produced. Throws the 503 problem when too many requests wait already.
     */
    void register(String requestId) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw ApiProblem.unavailable(
                    "this instance is waiting for " + max + " verdicts already; send the same submission again"
                            + " shortly (nothing was recorded)",
                    retryAfterSeconds);
        }
        waiting.put(requestId, new CompletableFuture<>());
    }

    /**
     * Once Kafka acknowledged the record: the outcome that names this request, or null when it did not come within
     * {@code timeout}. The request no longer counts as waiting by the time the returned stage completes.
     */
    CompletableFuture<SubmissionOutcome> await(String requestId, Duration timeout) {
        CompletableFuture<SubmissionOutcome> future = waiting.get(requestId);
        if (future == null) {
            return CompletableFuture.completedFuture(null);
        }
        return future.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> forget(requestId, future));
    }

    /** True when a request of this instance waits for this id (so only its outcomes are decoded). */
    boolean wants(String requestId) {
        return requestId != null && waiting.containsKey(requestId);
    }

    void complete(String requestId, SubmissionOutcome outcome) {
        CompletableFuture<SubmissionOutcome> future = waiting.get(requestId);
        if (future != null) {
            future.complete(outcome);
        }
    }

    /** The record was not produced (or not acknowledged): nobody waits for this id any more. */
    void cancel(String requestId) {
        CompletableFuture<SubmissionOutcome> future = waiting.get(requestId);
        if (future != null) {
            forget(requestId, future);
            future.complete(null);
        }
    }

    private void forget(String requestId, CompletableFuture<SubmissionOutcome> future) {
        if (waiting.remove(requestId, future)) {
            count.decrementAndGet();
        }
    }

    int waiting() {
        return count.get();
    }
}
