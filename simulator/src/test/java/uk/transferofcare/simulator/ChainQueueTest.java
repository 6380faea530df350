package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runner's queue when the simulator is behind: a chain due to send a step again goes before first sends that
 * became due earlier, so a user's re-send does not wait out the simulator's backlog.
 */
class ChainQueueTest {

    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    private int chains;

    @Test
    void givenOverdueFirstSendsAndAReSendDueAfterThem_whenPolled_thenTheReSendRunsFirst() {
        ChainQueue queue = new ChainQueue();
        Chain early = firstSendDueAt(1_000);
        Chain late = firstSendDueAt(3_000);
        Chain resend = reSendDueAt(2_000);
        queue.add(queued(late));
        queue.add(queued(resend));
        queue.add(queued(early));

        assertThat(queue.pollDue(10_000)).isSameAs(resend);
        assertThat(queue.pollDue(10_000)).isSameAs(early);
        assertThat(queue.pollDue(10_000)).isSameAs(late);
        assertThat(queue.pollDue(10_000)).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void givenAReSendNotYetDue_whenPolled_thenDueFirstSendsRunAndItWaitsItsTurn() {
        ChainQueue queue = new ChainQueue();
        Chain first = firstSendDueAt(1_000);
        Chain resend = reSendDueAt(5_000);
        queue.add(queued(first));
        queue.add(queued(resend));

        assertThat(queue.nextWakeAt()).isEqualTo(1_000);
        assertThat(queue.pollDue(500)).isNull();
        assertThat(queue.pollDue(2_000)).isSameAs(first);
        assertThat(queue.nextWakeAt()).isEqualTo(5_000);
        assertThat(queue.pollDue(4_999)).isNull();
        assertThat(queue.pollDue(5_000)).isSameAs(resend);
        assertThat(queue.nextWakeAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void givenAFirstSendRetriedAfterATransientFailure_whenQueued_thenItCountsAsSendingAgain() {
        Chain retried = firstSendDueAt(1_000);
        Step step = retried.fresh();
        step.attempts = 1;
        step.retryAtMillis = 4_000;
        Chain other = firstSendDueAt(2_000);
        ChainQueue queue = new ChainQueue();
        queue.add(queued(other));
        queue.add(queued(retried));

        assertThat(retried.wakeAt).isEqualTo(4_000);
        assertThat(retried.wakesToSendAgain()).isTrue();
        assertThat(other.wakesToSendAgain()).isFalse();
        assertThat(queue.pollDue(9_000)).isSameAs(retried);
        assertThat(queue.pollDue(9_000)).isSameAs(other);
    }

    @Test
    void givenAChainWithAFirstSendDueBeforeItsReSend_whenQueued_thenItWakesForTheFirstSend() {
        Chain chain = new Chain(chains++, List.of(step(500), step(9_000)), List.of());
        Step awaited = chain.fresh();
        chain.next = 1;
        awaited.retryAtMillis = 7_000;
        chain.awaiting.add(awaited);

        chain.wakeAt = chain.computeWakeAt();

        assertThat(chain.wakeAt).isEqualTo(7_000);
        assertThat(chain.wakesToSendAgain()).isTrue();
        awaited.retryAtMillis = 10_000;
        assertThat(chain.computeWakeAt()).isEqualTo(9_000);
        assertThat(chain.wakesToSendAgain()).isFalse();
    }

    /** A chain whose only step is a first send due at {@code dueMillis}. */
    private Chain firstSendDueAt(long dueMillis) {
        return new Chain(chains++, List.of(step(dueMillis)), List.of());
    }

    /** A chain whose every step was sent; one was answered 202 and is sent again at {@code retryAtMillis}. */
    private Chain reSendDueAt(long retryAtMillis) {
        Step step = step(0);
        Chain chain = new Chain(chains++, List.of(step), List.of());
        chain.next = 1;
        step.retryAtMillis = retryAtMillis;
        chain.awaiting.add(step);
        return chain;
    }

    private static Chain queued(Chain chain) {
        chain.wakeAt = chain.computeWakeAt();
        return chain;
    }

    private Step step(long dueMillis) {
        ExpectedCase target = new ExpectedCase(new UUID(9, chains).toString(), "QEUH");
        Submission submission =
                new Submission(new UUID(8, dueMillis).toString(), "ARRIVED", T0, User.officer("G", 1), Map.of(), false);
        return new Step(T0.plusMillis(dueMillis), dueMillis, submission, target, false, null, null);
    }
}
