package uk.transferofcare.api.handover;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.vocabulary.VerdictProtocol;

/**
 * The requests of this instance that wait for the processor's verdict, by the request id their submission record
 * carries in its {@value #REQUEST_ID_HEADER} header (the processor copies a submission's headers onto its outcome).
 * A request is registered before its record is produced, so its verdict cannot pass unseen; it is answered by the
 * first outcome that names it and is about its submission (the same case and eventId: an outcome of another
 * submission under the same request id is ignored and logged), or by nothing when the wait runs out. Bounded: when {@code
 * handover.submissions.max-pending-verdicts} requests wait already, a new submission is refused with 503 before
 * anything is produced.
 */
@Component
public class VerdictWaiters {

    /** The Kafka header that ties a submission record, and so its outcome, to the request that produced it. */
    public static final String REQUEST_ID_HEADER = VerdictProtocol.REQUEST_ID_HEADER;

    private static final Logger log = LoggerFactory.getLogger(VerdictWaiters.class);

    /** A waiting request: the submission it waits for, and the answer to come. */
    private record Waiter(String caseId, String eventId, CompletableFuture<SubmissionOutcome> future) {}

    private final ConcurrentHashMap<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int max;
    private final long retryAfterSeconds;
    private final io.micrometer.core.instrument.Counter received;
    private final io.micrometer.core.instrument.Counter timedOut;

    VerdictWaiters(SubmissionProperties properties, MeterRegistry meters) {
        this.max = properties.maxPendingVerdicts();
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
        Gauge.builder("handover.verdicts.waiting", count, AtomicInteger::get)
                .description("requests waiting for the processor's verdict on this instance")
                .register(meters);
        received = io.micrometer.core.instrument.Counter.builder("handover.verdicts")
                .tag("outcome", "received")
                .description("submissions acknowledged by Kafka whose verdict came within the wait")
                .register(meters);
        timedOut = io.micrometer.core.instrument.Counter.builder("handover.verdicts")
                .tag("outcome", "timed_out")
                .description("submissions acknowledged by Kafka answered 202 without a verdict (the wait ran out)")
                .register(meters);
    }

    /**
     * Registers a request before its record is produced. Throws the 503 problem when too many requests wait already.
     */
    void register(String requestId, String caseId, String eventId) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            throw ApiProblem.unavailable(
                    "this instance is waiting for " + max + " verdicts already; send the same submission again"
                            + " shortly (nothing was recorded)",
                    retryAfterSeconds);
        }
        waiting.put(requestId, new Waiter(caseId, eventId, new CompletableFuture<>()));
    }

    /**
     * Once Kafka acknowledged the record: the outcome that names this request, or null when it did not come within
     * {@code timeout}. The request no longer counts as waiting by the time the returned stage completes.
     */
    CompletableFuture<SubmissionOutcome> await(String requestId, Duration timeout) {
        Waiter waiter = waiting.get(requestId);
        if (waiter == null) {
            return CompletableFuture.completedFuture(null);
        }
        return waiter.future()
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> {
                    forget(requestId, waiter);
                    (outcome == null ? timedOut : received).increment();
                });
    }

    /** True when a request of this instance waits for this id (so only its outcomes are decoded). */
    boolean wants(String requestId) {
        return requestId != null && waiting.containsKey(requestId);
    }

    void complete(String requestId, SubmissionOutcome outcome) {
        Waiter waiter = waiting.get(requestId);
        if (waiter == null) {
            return;
        }
        if (!waiter.caseId().equals(outcome.getCaseId()) || !waiter.eventId().equals(outcome.getEventId())) {
            log.warn(
                    "Ignored an outcome of event {} of case {} that names the request waiting for event {} of case {}",
                    outcome.getEventId(),
                    outcome.getCaseId(),
                    waiter.eventId(),
                    waiter.caseId());
            return;
        }
        waiter.future().complete(outcome);
    }

    /** The record was not produced (or not acknowledged): nobody waits for this id any more. */
    void cancel(String requestId) {
        Waiter waiter = waiting.get(requestId);
        if (waiter != null) {
            forget(requestId, waiter);
            waiter.future().complete(null);
        }
    }

    private void forget(String requestId, Waiter waiter) {
        if (waiting.remove(requestId, waiter)) {
            count.decrementAndGet();
        }
    }

    int waiting() {
        return count.get();
    }
}
