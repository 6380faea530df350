package uk.transferofcare.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** At most so many calls at once, the rest queued in order without a thread, a bounded queue. */
class QueueingBulkheadTest {

    private final Bulkhead semaphore = Bulkhead.of(
            "webhook:hooks.example:443",
            BulkheadConfig.custom()
                    .maxConcurrentCalls(2)
                    .maxWaitDuration(Duration.ZERO)
                    .build());
    private final QueueingBulkhead bulkhead = new QueueingBulkhead(semaphore, 3);
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<String>> answers = new ArrayList<>();

    /** A call that records its start and completes when the test completes its answer. */
    private CompletableFuture<String> call(String name) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        answers.add(answer);
        return bulkhead.submit(() -> {
            started.add(name);
            return answer;
        });
    }

    @Test
    void givenMoreCallsThanTheLimit_whenSubmitted_thenTwoRunThreeWaitAndTheSixthIsRejected() {
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            results.add(call("c" + i));
        }

        assertThat(started).containsExactly("c1", "c2");
        assertThat(bulkhead.waiting()).isEqualTo(3);
        assertThat(semaphore.getMetrics().getAvailableConcurrentCalls()).isZero();
        assertThatThrownBy(() -> results.get(5).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(BulkheadFullException.class);
    }

    @Test
    void givenWaitingCalls_whenRunningOnesComplete_thenTheWaitingStartInOrderAndGetTheirAnswers() {
        CompletableFuture<String> c1 = call("c1");
        call("c2");
        CompletableFuture<String> c3 = call("c3");
        call("c4");

        answers.get(0).complete("HTTP 200");
        assertThat(c1.join()).isEqualTo("HTTP 200");
        assertThat(started).containsExactly("c1", "c2", "c3");
        answers.get(1).completeExceptionally(new RetryableDeliveryException("HTTP 503"));
        assertThat(started).containsExactly("c1", "c2", "c3", "c4");
        answers.get(2).complete("HTTP 204");

        assertThat(c3.join()).isEqualTo("HTTP 204");
        assertThat(bulkhead.waiting()).isZero();
        assertThat(semaphore.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void givenAWaitingCallItsCallerGaveUpOn_whenAPermitFrees_thenItNeverStartsAndTheNextTakesTheTurn() {
        call("c1");
        call("c2");
        CompletableFuture<String> abandoned = call("c3");
        call("c4");
        // What the time limiter does when a call takes too long, here while it still waits for its turn.
        abandoned.completeExceptionally(new TimeoutException());

        answers.get(0).complete("HTTP 200");

        assertThat(started).containsExactly("c1", "c2", "c4");
        assertThat(bulkhead.waiting()).isZero();
    }

    @Test
    void givenAStartedCallItsCallerGaveUpOn_whenItIsStillRunning_thenItKeepsItsPermitUntilItEnds() {
        CompletableFuture<String> c1 = call("c1");
        call("c2");
        call("c3");
        c1.completeExceptionally(new TimeoutException());

        assertThat(started).containsExactly("c1", "c2");
        answers.get(0).complete("HTTP 200");

        assertThat(started).containsExactly("c1", "c2", "c3");
    }

    @Test
    void givenCallsThatAnswerAtOnce_whenThousandsQueue_thenEachRunsWithoutDeepRecursion() {
        QueueingBulkhead one = new QueueingBulkhead(
                Bulkhead.of(
                        "email:smtp:25",
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(1)
                                .maxWaitDuration(Duration.ZERO)
                                .build()),
                100_000);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        results.add(one.submit(() -> gate.thenApply(v -> 0)));
        for (int i = 1; i <= 50_000; i++) {
            int n = i;
            results.add(one.submit(() -> CompletableFuture.completedFuture(n)));
        }

        gate.complete(null);

        assertThat(results.get(50_000).join()).isEqualTo(50_000);
        assertThat(results).allMatch(CompletableFuture::isDone);
    }
}
