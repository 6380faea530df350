package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runner's queue and a chain's choice of what to send: a re-send that can get its verdict now goes before first
 * sends (its own chain's and other chains' that became due earlier), so a user's re-send waits neither for the
 * simulator's backlog nor for the case's next step; a held one waits for the submission that releases it.
 */
class ChainQueueTest {

    private static final Instant T0 = Instant.parse("2026-03-10T10:00:00Z");

    private final User officer = User.officer("G", 1);
    private final User nurse = User.edStaff("QEUH", 1);
    private int ids;

    @Test
    void givenOverdueFirstSendsAndAPendingReSendDueAfterThem_whenPolled_thenTheReSendRunsFirst() {
        ChainQueue queue = new ChainQueue();
        Chain early = firstSendDueAt(1_000);
        Chain late = firstSendDueAt(3_000);
        Chain resend = pendingReSendDueAt(2_000, null);
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
    void givenAPendingReSendAndTheCasesNextStepBothDue_whenPicked_thenTheReSendGoesFirst() {
        // A historic run: every first send is due at once (0), the simulation clock orders them.
        Chain chain = pendingReSendDueAt(2_000, firstSend(0));
        ChainQueue queue = new ChainQueue();
        queue.add(queued(chain));

        assertThat(chain.sendFirstAt()).isZero();
        assertThat(chain.sendAgainAt()).isEqualTo(2_000);
        assertThat(chain.pick(1_000)).as("before the re-send is due").isSameAs(chain.fresh());
        assertThat(chain.pick(2_000)).isSameAs(chain.awaiting.get(0));
        assertThat(queue.pollDue(5_000)).isSameAs(chain);
        assertThat(queue.isEmpty()).as("taken under both its keys").isTrue();
    }

    @Test
    void givenAReSendNotYetDue_whenPolled_thenDueFirstSendsRunAndItWaitsItsTurn() {
        ChainQueue queue = new ChainQueue();
        Chain first = firstSendDueAt(1_000);
        Chain resend = pendingReSendDueAt(5_000, null);
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
    void givenAHeldStepWhoseReleasingSubmissionIsTheNextStep_whenBothAreDue_thenTheNextStepGoesFirst() {
        ExpectedCase c = new ExpectedCase(new UUID(9, ++ids).toString(), "QEUH");
        Step acknowledged = step(c, "ACKNOWLEDGED", 5, nurse, Map.of(), 0);
        Step arrived = step(c, "ARRIVED", 0, nurse, Map.of("siteCode", "QEUH", "policeDivision", "G"), 0);
        assertThat(acknowledged.expected.releasedBy())
                .as("judged HELD until the arrival")
                .isNotNull();
        Chain chain = new Chain(ids, List.of(acknowledged, arrived), List.of(c));
        chain.next = 1;
        acknowledged.received = true;
        acknowledged.retryAtMillis = 1_000;
        chain.awaiting.add(acknowledged);

        chain.computeWakeAt();

        assertThat(chain.sendAgainAt()).as("nothing that can be judged now").isEqualTo(Long.MAX_VALUE);
        assertThat(chain.sendFirstAt()).isZero();
        assertThat(chain.pick(5_000)).isSameAs(arrived);
        chain.next = 2;
        chain.markReceived(arrived); // the arrival was answered: the held one is sent again at once
        chain.computeWakeAt();
        assertThat(chain.sendAgainAt()).isZero();
        assertThat(chain.pick(5_000)).isSameAs(acknowledged);
    }

    @Test
    void givenAFirstSendRetriedAfterATransientFailure_whenQueued_thenItCountsAsSendingAgainAndOnlyItIsSent() {
        Chain retried = pendingReSendDueAt(500, firstSend(1_000));
        Step step = retried.fresh();
        step.attempts = 1;
        step.retryAtMillis = 4_000;
        Chain other = firstSendDueAt(2_000);
        ChainQueue queue = new ChainQueue();
        queue.add(queued(other));
        queue.add(queued(retried));

        assertThat(retried.sendAgainAt()).isEqualTo(4_000);
        assertThat(retried.sendFirstAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(retried.pick(3_000))
                .as("the pending re-send waits while the first send is retried")
                .isNull();
        assertThat(queue.pollDue(9_000)).isSameAs(retried);
        assertThat(retried.pick(9_000)).isSameAs(step);
        assertThat(queue.pollDue(9_000)).isSameAs(other);
    }

    /** A chain whose only step is a first send due at {@code dueMillis}. */
    private Chain firstSendDueAt(long dueMillis) {
        return new Chain(++ids, List.of(firstSend(dueMillis)), List.of());
    }

    private Step firstSend(long dueMillis) {
        ExpectedCase c = new ExpectedCase(new UUID(9, ++ids).toString(), "QEUH");
        return step(c, "ARRIVED", 0, officer, Map.of("siteCode", "QEUH", "policeDivision", "G"), dueMillis);
    }

    /**
     * A chain whose first step was answered 202 PENDING and is sent again at {@code retryAtMillis}, then {@code next}
     * (a first send, or none).
     */
    private Chain pendingReSendDueAt(long retryAtMillis, Step next) {
        Step pending = firstSend(0);
        Chain chain = new Chain(++ids, next == null ? List.of(pending) : List.of(pending, next), List.of());
        chain.next = 1;
        pending.received = true;
        pending.retryAtMillis = retryAtMillis;
        chain.awaiting.add(pending);
        return chain;
    }

    private static Chain queued(Chain chain) {
        chain.computeWakeAt();
        return chain;
    }

    private Step step(ExpectedCase c, String type, int minutes, User user, Map<String, Object> details, long due) {
        Submission s = new Submission(
                new UUID(8, ++ids).toString(), type, T0.plusSeconds(60L * minutes), user, details, false);
        Step step = new Step(T0.plusSeconds(ids), due, s, c, false, null, null);
        step.expected = c.judge(s);
        return step;
    }
}
