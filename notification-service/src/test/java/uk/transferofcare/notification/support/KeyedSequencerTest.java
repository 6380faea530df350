package uk.transferofcare.notification.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work of one key runs one piece at a time in submission order; work of different keys runs side by side. */
class KeyedSequencerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final KeyedSequencer<String> sequencer = new KeyedSequencer<>(executor);
    private final List<String> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Work that records its start and completes when the test completes the returned future. */
    private CompletableFuture<String> piece(String name, CompletableFuture<String> answer) {
        return sequencer.submit(name.substring(0, 1), () -> {
            started.add(name);
            return answer;
        });
    }

    @Test
    void givenTwoPiecesOfOneKey_whenTheFirstIsStillRunning_thenTheSecondWaitsAndStartsWhenItCompletes() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();

        CompletableFuture<String> a1 = piece("a1", first);
        CompletableFuture<String> a2 = piece("a2", second);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("a1"));

        assertThat(started).containsExactly("a1");
        first.complete("one");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("a2"));
        second.complete("two");

        assertThat(a1.join()).isEqualTo("one");
        assertThat(a2.join()).isEqualTo("two");
        assertThat(started).containsExactly("a1", "a2");
    }

    @Test
    void givenPiecesOfDifferentKeys_whenOneIsStillRunning_thenTheOtherRunsMeanwhile() {
        CompletableFuture<String> slow = new CompletableFuture<>();

        CompletableFuture<String> a1 = piece("a1", slow);
        await().atMost(Duration.ofSeconds(5)).until(() -> started.contains("a1"));
        CompletableFuture<String> b1 = piece("b1", CompletableFuture.completedFuture("b"));

        assertThat(b1.join()).isEqualTo("b");
        assertThat(a1).isNotDone();
        assertThat(started).containsExactly("a1", "b1");
        slow.complete("a");
        assertThat(a1.join()).isEqualTo("a");
    }

    @Test
    void givenAPieceThatFails_whenTheNextOfItsKeyIsQueued_thenTheNextStillRunsAndOnlyTheFailedOneFails() {
        CompletableFuture<String> a1 = piece("a1", CompletableFuture.failedFuture(new IllegalStateException("no")));
        CompletableFuture<String> a2 = sequencer.submit("a", () -> {
            throw new IllegalArgumentException("thrown, not returned");
        });
        CompletableFuture<String> a3 = piece("a3", CompletableFuture.completedFuture("three"));

        assertThat(a3.join()).isEqualTo("three");
        assertThat(a1).isCompletedExceptionally();
        assertThat(a2).isCompletedExceptionally();
        org.assertj.core.api.Assertions.assertThatThrownBy(a2::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenManyPiecesOfOneKey_whenTheyComplete_thenTheyRanInSubmissionOrderAndNoKeyIsLeft() {
        List<CompletableFuture<String>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "k" + i;
            all.add(sequencer.submit("k", () -> {
                started.add(name);
                return CompletableFuture.supplyAsync(() -> name, executor);
            }));
        }

        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

        assertThat(started)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200)
                        .mapToObj(i -> "k" + i)
                        .toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> sequencer.activeKeys() == 0);
    }
}
